import { defineEvent } from '../core/message-definition';
import { SyncBatchPayload } from './sync-batch';

/** N2: a copy finished — the first full copy of a connection (`kind: 'initial'`) or one publish batch. */
export class CopyFinishedPayload extends SyncBatchPayload {}

export const CopyFinishedV1 = defineEvent('sync.copy.finished', 1, CopyFinishedPayload);
