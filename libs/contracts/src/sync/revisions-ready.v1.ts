import { defineEvent } from '../core/message-definition';
import { SyncBatchPayload } from './sync-batch';

/** N2: a batch of upstream revisions is ready for review downstream (one event per batch, never per revision). */
export class RevisionsReadyPayload extends SyncBatchPayload {}

export const RevisionsReadyV1 = defineEvent('sync.revisions.ready', 1, RevisionsReadyPayload);
