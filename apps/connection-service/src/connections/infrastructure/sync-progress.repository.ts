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

/** Statuses of a connection that may have synced before: active once, its approval undone (pending again), then perhaps rejected or cancelled. */
const AFTER_PENDING = new Set<ConnectionStatus>(['pending', 'rejected', 'cancelled']);

/**
 * S8 as shown with the connection: a connection that is no longer active (or was, and went back to pending) shows
 * its sync stopped whatever the report held says — also before sync-service's report of the stop arrived, and
 * when a report without a connection version (an older producer) was made after it.
 */
export function shownProgress(status: ConnectionStatus, progress: ConnectionSyncProgress): ConnectionSyncProgress {
  const stopped = status === 'disconnected' || status === 'undone' || (AFTER_PENDING.has(status) && progress.lastSyncedAt !== null);
  return stopped && progress.state !== 'stopped' ? { ...progress, state: 'stopped' } : progress;
}

@Injectable()
export class SyncProgressRepository {
  constructor(@InjectModel(SYNC_PROGRESS_MODEL) private readonly model: Model<SyncProgressDocument>) {}

  /** Progress of each connection, in the order of the ids; connections without a report get NO_SYNC_YET. */
  async of(connectionIds: string[]): Promise<ConnectionSyncProgress[]> {
    const found = connectionIds.length ? await this.model.find({ _id: { $in: connectionIds } }).lean<SyncProgressDocument[]>() : [];
    const byId = new Map(found.map(({ _id, reportedAt, version, connectionVersion, ...progress }) => [_id, progress]));
    return connectionIds.map((id) => byId.get(id) ?? NO_SYNC_YET);
  }

  /**
   * Keeps the report if it is newer than the one held (reports arrive twice, out of order, and from instances that
   * saw different states of the connection): compared with the one held, then written by a compare-and-set on the
   * document's version, again from a fresh read while another report wins the write.
   */
  async record(connectionId: string, report: Report): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const held = await this.model.findById(connectionId).lean<SyncProgressDocument>();
      if (held && !isNewer(report, held)) return;
      const doc = { _id: connectionId, ...report.progress, reportedAt: report.reportedAt, version: (held?.version ?? 0) + 1 };
      const connectionVersion = report.connectionVersion ?? held?.connectionVersion;
      if ((await applyIfNewer(this.model, connectionVersion === undefined ? doc : { ...doc, connectionVersion })) === 'applied') return;
    }
    throw new Error(`sync progress of ${connectionId}: kept conflicting`);
  }
}

export interface Report {
  progress: ConnectionSyncProgress;
  connectionVersion?: number;
  reportedAt: Date;
}

/** S8's order: by connection version, then by when the report was made; a report without a version is as new as the held one's. */
export function isNewer(report: Report, held: Pick<SyncProgressDocument, 'connectionVersion' | 'reportedAt'>): boolean {
  const heldVersion = held.connectionVersion ?? 0;
  const version = report.connectionVersion ?? heldVersion;
  return version !== heldVersion ? version > heldVersion : report.reportedAt.getTime() > new Date(held.reportedAt).getTime();
}
