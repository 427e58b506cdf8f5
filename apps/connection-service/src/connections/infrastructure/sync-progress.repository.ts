import { ConnectionStatus, ConnectionSyncProgress } from '@connect/contracts';
import { applyIfNewer } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { SYNC_PROGRESS_MODEL, SyncProgressDocument } from './sync-progress.schema';

/** What a connection shows until sync-service reports progress. */
export const NO_SYNC_YET: ConnectionSyncProgress = {
  state: 'idle',
  revisionsTotal: 0,
  revisionsCopied: 0,
  revisionsPending: 0,
  revisionsFailed: 0,
  lastSyncedAt: null,
};

/**
 * S8 as shown with the connection: reports are ordered by when sync-service made them, so a report made just
 * after a stop by an instance that still saw the connection active may be the latest; a connection that is no
 * longer active (or was, and went back to pending) shows its sync stopped whatever that report said.
 */
export function shownProgress(status: ConnectionStatus, progress: ConnectionSyncProgress): ConnectionSyncProgress {
  const stopped = status === 'disconnected' || status === 'undone' || (status === 'pending' && progress.lastSyncedAt !== null);
  return stopped && progress.state !== 'stopped' ? { ...progress, state: 'stopped' } : progress;
}

@Injectable()
export class SyncProgressRepository {
  constructor(@InjectModel(SYNC_PROGRESS_MODEL) private readonly model: Model<SyncProgressDocument>) {}

  /** Progress of each connection, in the order of the ids; connections without a report get NO_SYNC_YET. */
  async of(connectionIds: string[]): Promise<ConnectionSyncProgress[]> {
    const found = connectionIds.length ? await this.model.find({ _id: { $in: connectionIds } }).lean<SyncProgressDocument[]>() : [];
    const byId = new Map(found.map(({ _id, reportedAt, version, ...progress }) => [_id, progress]));
    return connectionIds.map((id) => byId.get(id) ?? NO_SYNC_YET);
  }

  /** Keeps the report if it is newer than the one held (reports may arrive twice or out of order). */
  async record(connectionId: string, progress: ConnectionSyncProgress, reportedAt: Date): Promise<void> {
    await applyIfNewer(this.model, { _id: connectionId, ...progress, reportedAt, version: reportedAt.getTime() });
  }
}
