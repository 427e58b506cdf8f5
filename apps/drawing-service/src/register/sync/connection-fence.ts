import {
  ConnectionCancelledV1,
  ConnectionChangedPayload,
  ConnectionDisconnectedV1,
  ConnectionEstablishedV1,
  ConnectionRejectedV1,
  ConnectionStatus,
  ConnectionUndoneV1,
  DomainError,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { ChangeLog, applyIfNewer } from '@connect/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONNECTED_COPY_WRITER_MODEL, CONNECTION_FENCE_MODEL, ConnectedCopyWriterDocument, ConnectionFenceDocument } from './connection-fence.schema';
import { Shared } from '../store/shared-runs';
import { UnpublishedCopyRemoval } from './unpublished-copy-removal';

/** Not seen yet: the connection event is still on its way. Transient (a plain error), so the message is retried. */
export class ConnectionNotYetKnownError extends Error {}

/**
 * The statuses no copy resumes from, whose handling discards the connection's unfinished file copies: disconnected,
 * undone by the downstream, and rejected or cancelled (a connection pending again after its approval was undone kept
 * them for a new approval, which can no longer come).
 */
const FINAL_STOPS = new Set<ConnectionStatus>(['disconnected', 'undone', 'rejected', 'cancelled']);

/** How long a writer's entry outlives its last renewal: the longest a dead writer holds a stop up. */
const WRITER_TTL_MS = 15_000;

/**
 * S6: follows the connection lifecycle itself and lets connected-copy writes
 * in only while the connection is active. A stop is not done when the status
 * is written: every write let in before it is waited for, so once a stop has
 * been handled, nothing of that connection changes downstream any more (and
 * C14's removal of the unpublished copies cannot miss one landing late).
 */
@Injectable()
export class ConnectionFence {
  private readonly logger = new Logger(ConnectionFence.name);
  /**
   * The change log checks the fence after every fenced change's record is in (a request's copies make many at once):
   * concurrent checks of a connection share one read, never one begun before the check was asked for (its record in).
   */
  private readonly fenceReads = new Shared<ConnectionFenceDocument | null>((connectionId) => this.fences.findById(connectionId).lean<ConnectionFenceDocument>().exec());

  constructor(
    @InjectModel(CONNECTION_FENCE_MODEL) private readonly fences: Model<ConnectionFenceDocument>,
    @InjectModel(CONNECTED_COPY_WRITER_MODEL) private readonly writers: Model<ConnectedCopyWriterDocument>,
    private readonly removal: UnpublishedCopyRemoval,
    private readonly changeLog: ChangeLog,
  ) {
    // The fence's token (review, finding 1): every change a connected-copy write commits is held to its connection, so
    // a writer whose entry expired (stalled, or dead with a statement on its way) cannot land a change after a stop.
    changeLog.fenceWith((connectionId) => this.shutReason(connectionId));
  }

  @HandleMessage(ConnectionEstablishedV1)
  async onEstablished(e: ConnectionChangedPayload): Promise<void> {
    await this.follow(e);
  }

  @HandleMessage(ConnectionDisconnectedV1)
  async onDisconnected(e: ConnectionChangedPayload): Promise<void> {
    await this.stoppedForGoodBy(e);
  }

  /** A pending connection rejected or cancelled: one that was active before (its approval undone) may have left copies unfinished. */
  @HandleMessage(ConnectionRejectedV1)
  async onRejected(e: ConnectionChangedPayload): Promise<void> {
    await this.stoppedForGoodBy(e);
  }

  @HandleMessage(ConnectionCancelledV1)
  async onCancelled(e: ConnectionChangedPayload): Promise<void> {
    await this.stoppedForGoodBy(e);
  }

  @HandleMessage(ConnectionUndoneV1)
  async onUndone(e: ConnectionChangedPayload): Promise<void> {
    await this.follow(e);
    await this.drained(e.connection.id);
    // An upstream undo (pending again) is no final stop: an approval may follow and resume the copies where they stopped.
    if (e.connection.status !== 'undone') return;
    await this.removal.removeAll(e.connection.downstream.projectId, e.connection.id);
    await this.removal.discardUnfinishedFiles(e.connection.downstream.projectId, e.connection.id);
  }

  /**
   * Runs a connected-copy write of `connectionId` if the connection is active:
   * the writer is registered before the status is read, so a stop written
   * meanwhile either refuses it here or sees it and waits for it (`drained`).
   * A writer that outlives its entry is still held by the change log (`fenced`):
   * its changes after the stop are refused. CONNECTION_NOT_ACTIVE once the connection stopped.
   */
  async writing<T>(connectionId: string, write: () => Promise<T>): Promise<T> {
    const _id = randomUUID();
    await this.writers.create({ _id, connectionId, expiresAt: new Date(Date.now() + WRITER_TTL_MS) });
    const renewal = setInterval(() => {
      this.writers.updateOne({ _id }, { $set: { expiresAt: new Date(Date.now() + WRITER_TTL_MS) } }).catch((err: Error) => this.logger.warn(`writer ${_id} not renewed: ${err.message}`));
    }, WRITER_TTL_MS / 3);
    try {
      await this.requireActive(connectionId);
      return await this.changeLog.fenced(connectionId, write);
    } finally {
      clearInterval(renewal);
      // Left behind if this fails: it expires.
      await this.writers.deleteOne({ _id }).catch((err: Error) => this.logger.warn(`writer ${_id} left to expire: ${err.message}`));
    }
  }

  /** Throws CONNECTION_NOT_ACTIVE once the connection stopped; a transient error while it is not known yet. */
  async requireActive(connectionId: string): Promise<void> {
    const fence = await this.fences.findById(connectionId).lean<ConnectionFenceDocument>();
    if (!fence) throw new ConnectionNotYetKnownError(`connection ${connectionId} not seen yet`);
    const shut = await this.shutReason(connectionId, fence);
    if (shut) throw shut;
  }

  /**
   * CONNECTION_NOT_ACTIVE once the connection stopped for good (FINAL_STOPS: the stops that discard its unfinished
   * file copies), else null (also while pending again: its copies may resume). For a write
   * let in that is not a change of the change log (a file copy's documents), asked once that write has landed, as the
   * change log does after its record (S6).
   */
  async stoppedForGood(connectionId: string): Promise<DomainError | null> {
    const fence = await this.fenceReads.run(connectionId);
    return fence && FINAL_STOPS.has(fence.status) ? this.shutReason(connectionId, fence) : null;
  }

  /** CONNECTION_NOT_ACTIVE once the connection is known and not active; null otherwise. */
  private async shutReason(connectionId: string, known?: ConnectionFenceDocument): Promise<DomainError | null> {
    const fence = known ?? (await this.fenceReads.run(connectionId));
    if (!fence || fence.status === 'active') return null;
    return new DomainError('CONNECTION_NOT_ACTIVE', `connection ${connectionId} is ${fence.status}: its copies are no longer written`);
  }

  /** A final stop other than the downstream's undo: the copies stay (published or not), the unfinished file copies go. */
  private async stoppedForGoodBy(e: ConnectionChangedPayload): Promise<void> {
    await this.follow(e);
    await this.drained(e.connection.id);
    await this.removal.discardUnfinishedFiles(e.connection.downstream.projectId, e.connection.id);
  }

  /** Resolves once no write of the connection let in by the fence is under way (a dead writer's entry expires). */
  async drained(connectionId: string): Promise<void> {
    while (await this.hasWriters(connectionId)) await sleep(100);
  }

  /** Whether a write of the connection let in by the fence is under way (its entry not expired). */
  async hasWriters(connectionId: string): Promise<boolean> {
    return (await this.writers.exists({ connectionId, expiresAt: { $gt: new Date() } })) !== null;
  }

  private async follow(e: ConnectionChangedPayload): Promise<void> {
    const c = e.connection;
    await applyIfNewer(this.fences, { _id: c.id, version: c.version, status: c.status, downstreamProjectId: c.downstream.projectId });
  }
}
