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
  /** The connection version the report describes (absent on reports older than the field): a newer one wins first. */
  connectionVersion?: number;
  /** When sync-service made the report: among reports of one connection version, a later one wins. */
  reportedAt: Date;
  /** Raised by every change of this document (the version guard), so a report replaces the one it was compared with only. */
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
    connectionVersion: { type: Number },
    reportedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false, collection: 'sync_progress' },
);
