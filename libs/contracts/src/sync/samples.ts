import { ACTIVE_CONNECTION, CONNECTION_ID } from '../testing-samples';
import { CopyFinishedPayload, CopyFinishedV1 } from './copy-finished.v1';
import { CopiesRequestedPayload, CopiesRequestedV1 } from './copies-requested.v1';
import { ResyncConnectionPayload, ResyncConnectionV1 } from './resync-requested.v1';
import { RevisionsReadyPayload, RevisionsReadyV1 } from './revisions-ready.v1';
import { SyncProgressReportedPayload, SyncProgressReportedV1 } from './sync-progress-reported.v1';

/** One payload per sync event, as sync-service builds them. Checked by contracts.spec.ts. */
export const SAMPLES: Record<string, object> = {
  // S6/S8: the connection was disconnected; sync-service stopped following it.
  [SyncProgressReportedV1.routingKey]: {
    connectionId: CONNECTION_ID,
    connectionVersion: ACTIVE_CONNECTION.version + 1,
    progress: { state: 'stopped', revisionsTotal: 0, revisionsCopied: 0, revisionsPending: 0, revisionsFailed: 0, lastSyncedAt: '2026-11-23T08:15:02.511Z' },
    reportedAt: '2026-11-23T08:15:02.511Z',
  } satisfies SyncProgressReportedPayload,
  // N2: an upstream publish of three revisions is ready for review downstream.
  [RevisionsReadyV1.routingKey]: {
    connectionId: CONNECTION_ID,
    batchId: `${CONNECTION_ID}:9f0c5a1e-2b7d-4c1e-8d0a-3f6b2c9e7a41`,
    kind: 'publish',
    upstream: ACTIVE_CONNECTION.upstream,
    downstream: ACTIVE_CONNECTION.downstream,
    count: 3,
    drawingNumbers: ['M-101', 'M-102', 'M-201'],
    at: '2026-11-23T08:16:40.102Z',
  } satisfies RevisionsReadyPayload,
  // N2: the first full copy of the connection finished.
  [CopyFinishedV1.routingKey]: {
    connectionId: CONNECTION_ID,
    batchId: `${CONNECTION_ID}:initial`,
    kind: 'initial',
    upstream: ACTIVE_CONNECTION.upstream,
    downstream: ACTIVE_CONNECTION.downstream,
    count: 412,
    drawingNumbers: ['A-001', 'A-101', 'A-102'],
    at: '2026-11-23T08:19:03.870Z',
  } satisfies CopyFinishedPayload,
  // S1: a chunk of the initial copy's walk, to be copied inside drawing-service.
  [CopiesRequestedV1.routingKey]: {
    projectId: ACTIVE_CONNECTION.downstream.projectId,
    source: {
      connectionId: CONNECTION_ID,
      projectId: ACTIVE_CONNECTION.upstream.projectId,
      projectName: ACTIVE_CONNECTION.upstream.projectName,
      companyName: ACTIVE_CONNECTION.upstream.companyName,
    },
    upstreamRevisionIds: ['c0f7b0e4-3d5a-4f8e-9a61-2b8d7c4e1f09', '5b2e8f61-0c9d-4a7e-b3f2-8d1c6e4a9b07'],
    batchId: `${CONNECTION_ID}:initial`,
  } satisfies CopiesRequestedPayload,
  // Repair asked for by a Connection Manager admin.
  [ResyncConnectionV1.routingKey]: { connection: ACTIVE_CONNECTION } satisfies ResyncConnectionPayload,
};
