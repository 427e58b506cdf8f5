import { CONNECTION_ID } from '../testing-samples';
import { SyncProgressReportedPayload, SyncProgressReportedV1 } from './sync-progress-reported.v1';

/** One payload per sync event, as sync-service builds them. Checked by contracts.spec.ts. */
export const SAMPLES: Record<string, object> = {
  // S6/S8: the connection was disconnected; sync-service stopped following it.
  [SyncProgressReportedV1.routingKey]: {
    connectionId: CONNECTION_ID,
    progress: { state: 'stopped', revisionsTotal: 0, revisionsCopied: 0, revisionsPending: 0, revisionsFailed: 0, lastSyncedAt: '2026-11-23T08:15:02.511Z' },
    reportedAt: '2026-11-23T08:15:02.511Z',
  } satisfies SyncProgressReportedPayload,
};
