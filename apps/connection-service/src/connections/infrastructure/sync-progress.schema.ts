import { ConnectionSyncProgress, SYNC_STATES } from '@connect/contracts';
import { Schema } from 'mongoose';

export const SYNC_PROGRESS_MODEL = 'SyncProgress';

/**
 * S8 progress of one connection as sync-service reports it, kept apart from
 * the connection so that progress reports never race with its versioned state.
 */
export interface SyncProgressDocument extends ConnectionSyncProgress {
  /** The connection id. */
  _id: string;
  /** When sync-service made the report: a later report replaces an earlier one, never the reverse. */
  reportedAt: Date;
  /** `reportedAt` in epoch milliseconds: the version applyIfNewer orders reports by. */
  version: number;
}

export const SyncProgressSchema = new Schema<SyncProgressDocument>(
  {
    _id: { type: String, required: true },
    state: { type: String, enum: SYNC_STATES, required: true },
    revisionsTotal: { type: Number, required: true },
    revisionsCopied: { type: Number, required: true },
    revisionsPending: { type: Number, required: true },
    revisionsFailed: { type: Number, required: true },
    lastSyncedAt: { type: String, default: null },
    reportedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false, collection: 'sync_progress' },
);
