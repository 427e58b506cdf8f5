import { ConnectionSyncProgress, SyncProgressReportedV1 } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Leases } from '@connect/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { SyncServiceConfig } from '../config';
import { updateVersioned } from './compare-and-set';
import { FollowedConnection, MODELS, SyncWalk } from './engine.schemas';
import { ItemCounts, Ledger } from './ledger';
import { SYNC_TOOLS, SyncTool } from './sync-tool';

/** Items requested per checkpoint of a walk: one copy request (COPY_REQUEST_MAX_ITEMS). */
const WALK_CHUNK = 32;
/**
 * Items in flight per connection at most (a few requests): the walk waits
 * below it, so the drawing-service queue (which users' commands share) never
 * holds more than a few requests in front of them, and a stopped connection
 * leaves little in flight.
 */
const WALK_WINDOW = 64;

export const ENGINE_LEASES = Symbol('ENGINE_LEASES');

/**
 * Each active connection has one owner at a time among the running
 * sync-service instances: the holder of the lease `owner:<connectionId>`.
 * Only the owner walks the upstream register (S1 initial copy, resync),
 * checkpointing as it goes so a new owner resumes after a crash (S7), and
 * only the owner computes and reports progress (S8) — from the ledger, so
 * counts never depend on which instance settled what. Connections are served
 * in parallel; several instances share them out by the leases.
 */
@Injectable()
export class ConnectionOwner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConnectionOwner.name);
  private readonly holder = `sync-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly owned = new Set<string>();
  /** Stopped connections whose owner lease this instance holds while copies in flight at the stop still settle (S8). */
  private readonly stoppedHeld = new Set<string>();
  private readonly walking = new Set<string>();
  private readonly reported = new Map<string, { key: string; lastSyncedAt: string }>();
  private readonly counted = new Map<string, { at: number; tookMs: number; counts: ItemCounts }>();
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private stopped = false;

  constructor(
    @InjectModel(MODELS.connection) private readonly connections: Model<FollowedConnection>,
    @InjectModel(MODELS.walk) private readonly walks: Model<SyncWalk>,
    @Inject(ENGINE_LEASES) private readonly leases: Leases,
    @Inject(SYNC_TOOLS) private readonly tools: SyncTool[],
    private readonly ledger: Ledger,
    private readonly bus: MessageBus,
    private readonly config: SyncServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.ticking = this.tick()
        .catch((err: Error) => this.logger.warn(`owner tick failed: ${err.message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.config.SYNC_TICK_MS);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    // Hand the connections over at once rather than after the lease expires.
    await Promise.all([...this.owned].map((id) => this.leases.release(`owner:${id}`, this.holder).catch(() => undefined)));
  }

  /** A connection just became active: take it now if nobody owns it, rather than at the next tick (S9). */
  async kick(connectionId: string): Promise<void> {
    const connection = await this.connections.findById(connectionId).lean<FollowedConnection>();
    if (connection?.status === 'active') await this.serve(connection);
  }

  /** Resync: a new walk over the whole upstream register that also repairs copies that exist but differ. */
  async resync(connectionId: string): Promise<void> {
    for (const tool of this.tools) await this.newWalk(connectionId, tool, null);
    await this.kick(connectionId);
  }

  /**
   * The connection became active at `version` (approved, or approved again after an upstream undo of the
   * approval, S2): what was published while it was not active was never asked for, so the register is walked
   * again, unless a walk already covers that activation (a repeated or older event).
   */
  async activated(connectionId: string, version: number): Promise<void> {
    for (const tool of this.tools) await this.newWalk(connectionId, tool, version);
    await this.kick(connectionId);
  }

  /**
   * Starts a new generation of the walk (compare-and-set: a checkpoint written meanwhile makes it read again,
   * never overwrite). A walk started before the initial copy was fully walked carries it on (its batch is still
   * announced, N2). `forVersion` (an activation) starts one only if the walk covers an older activation.
   */
  private async newWalk(connectionId: string, tool: SyncTool, forVersion: number | null): Promise<void> {
    const walk = await this.walkOf(connectionId, tool, forVersion ?? 0);
    await updateVersioned(this.walks, walk._id, (w) => {
      if (forVersion !== null && (w.forVersion ?? 0) >= forVersion) return null;
      const generation = w.generation + 1;
      const initial = isInitial(w) && !w.walked;
      return {
        generation,
        initial,
        forVersion: Math.max(w.forVersion ?? 0, forVersion ?? 0),
        batchId: initial ? `${connectionId}:initial` : `${connectionId}:resync-${generation}`,
        total: initial ? w.total : null,
        lastItemId: null,
        walked: false,
      };
    });
  }

  private async tick(): Promise<void> {
    const active = await this.connections.find({ status: 'active' }).lean<FollowedConnection[]>();
    const activeIds = new Set(active.map((c) => c._id));
    for (const id of [...this.owned]) {
      if (activeIds.has(id)) continue;
      this.owned.delete(id);
      this.stoppedHeld.add(id);
    }
    await Promise.all(active.map((c) => this.serve(c).catch((err: Error) => this.logger.warn(`connection ${c._id}: ${err.message}`))));
    await Promise.all([...this.stoppedHeld].map((id) => this.reportStopped(id).catch((err: Error) => this.logger.warn(`connection ${id}: ${err.message}`))));
  }

  /**
   * S8 after a stop (review, finding 3): copies in flight at the stop settle afterwards (refused by drawing-service's
   * fence, or landed just before it), and nothing else reports a stopped connection. Called on such a settle and on
   * each tick while this instance holds the connection's owner lease: the counts are reported again at the stopped
   * version, by the lease holder only (one owner computes progress). Once nothing is pending and the counts held
   * still for a round the lease goes, so a later settle, on whichever instance, takes it and reports again.
   */
  async reportStopped(connectionId: string): Promise<void> {
    const lease = `owner:${connectionId}`;
    const connection = await this.connections.findById(connectionId).lean<FollowedConnection>();
    if (connection?.status !== 'stopped' || !(await this.leases.acquire(lease, this.holder, this.config.SYNC_LEASE_MS))) {
      this.stoppedHeld.delete(connectionId);
      return;
    }
    this.stoppedHeld.add(connectionId);
    const counts = await this.ledger.counts(connectionId);
    const progress = progressOf(counts, 0, false, 'stopped');
    const changed = await this.publishProgress(connectionId, connection.version, progress);
    // Settled for good: reported once more, so the last word is this count (the follower's stop report may be later).
    const done = !changed && counts.pending === 0;
    if (done) {
      await this.publishProgress(connectionId, connection.version, progress, true);
      this.stoppedHeld.delete(connectionId);
      await this.leases.release(lease, this.holder);
    }
  }

  private async serve(connection: FollowedConnection): Promise<void> {
    const id = connection._id;
    if (!(await this.leases.acquire(`owner:${id}`, this.holder, this.config.SYNC_LEASE_MS))) {
      this.owned.delete(id);
      return;
    }
    this.owned.add(id);
    for (const tool of this.tools) {
      let walk = await this.walkOf(id, tool, connection.version);
      if (walk.walked && this.config.SYNC_RESYNC_EVERY_MS > 0 && Date.now() - (walk.finishedAt?.getTime() ?? 0) > this.config.SYNC_RESYNC_EVERY_MS) {
        await this.resync(id); // on a schedule too: a dead-lettered and later fixed message cannot leave the downstream wrong for good
        walk = await this.walkOf(id, tool);
      }
      const key = `${id}:${tool.name}`;
      if (!walk.walked && !this.walking.has(key)) {
        this.walking.add(key);
        void this.walk(connection, tool, walk)
          .catch((err: Error) => this.logger.warn(`walk of ${key} stopped: ${err.message}`))
          .finally(() => this.walking.delete(key));
      }
    }
    await this.reRequestOverdue(connection);
    await this.report(connection);
  }

  /** S7: a copy request lost with a killed consumer (or its outcome) is asked for again; copies are idempotent. */
  private async reRequestOverdue(connection: FollowedConnection): Promise<void> {
    const late = await this.ledger.overdue(connection._id, this.config.SYNC_REREQUEST_AFTER_MS);
    if (late.length) this.logger.warn(`connection ${connection._id}: asking again for ${late.length} overdue copies`);
    // Asked again together by batch (the batch's outcomes count for it), under the highest attempt among them (a new request).
    const groups = new Map<string, { tool: string; batchId: string; itemIds: string[]; attempt: number }>();
    for (const item of late) {
      const batchId = item.batchId ?? `${connection._id}:initial`;
      const key = `${item.tool}\u0000${batchId}`;
      const group = groups.get(key) ?? { tool: item.tool, batchId, itemIds: [], attempt: 0 };
      group.itemIds.push(item.itemId);
      group.attempt = Math.max(group.attempt, item.attempt);
      groups.set(key, group);
    }
    const byTool = new Map(this.tools.map((t) => [t.name, t]));
    await Promise.all([...groups.values()].map((g) => byTool.get(g.tool)?.requestCopies(connection, g.itemIds.sort(), g.batchId, false, g.attempt)));
  }

  private async walkOf(connectionId: string, tool: SyncTool, forVersion = 0): Promise<SyncWalk> {
    const _id = `${connectionId}:${tool.name}`;
    const found = await this.walks.findById(_id).lean<SyncWalk>();
    if (found) return found;
    const first: SyncWalk = {
      _id,
      version: 0,
      initial: true,
      forVersion,
      connectionId,
      tool: tool.name,
      generation: 0,
      batchId: `${connectionId}:initial`,
      total: null,
      lastItemId: null,
      walked: false,
      finishedAt: null,
    };
    await this.walks.create(first).catch((err: { code?: number }) => {
      if (err.code !== 11000) throw err;
    });
    return (await this.walks.findById(_id).lean<SyncWalk>())!;
  }

  /** Walks the upstream register in id order from the checkpoint; stops when the lease is lost, the connection stops or a new walk begins. */
  private async walk(connection: FollowedConnection, tool: SyncTool, walk: SyncWalk): Promise<void> {
    const id = connection._id;
    const initial = isInitial(walk);
    const repair = walk.generation > 0;
    const ids = (await tool.listUpstream(connection)).sort();
    // Every checkpoint is a compare-and-set on this generation: a resync written meanwhile ends this walk.
    let current: SyncWalk | null = walk;
    const checkpoint = async (set: Partial<SyncWalk>) => {
      current = await updateVersioned(this.walks, walk._id, (w) => (w.generation === walk.generation ? set : null));
      return current?.generation === walk.generation;
    };
    if (walk.total === null && !(await checkpoint({ total: ids.length }))) return;
    if (initial) await this.ledger.openBatch(id, tool.name, walk.batchId, 'initial', null);
    let start = 0;
    if (walk.lastItemId !== null) while (start < ids.length && ids[start] <= walk.lastItemId) start++;
    for (let i = start; i < ids.length; i += WALK_CHUNK) {
      if (!(await this.stillMine(id, walk))) return;
      while ((await this.ledger.inFlight(id)) >= WALK_WINDOW) {
        await new Promise((r) => setTimeout(r, 50));
        if (!this.owned.has(id) || this.stopped) return;
      }
      const chunk = ids.slice(i, i + WALK_CHUNK);
      await this.ledger.addPending(id, tool.name, walk.batchId, chunk, false);
      await tool.requestCopies(connection, chunk, walk.batchId, repair);
      if (!(await checkpoint({ lastItemId: chunk[chunk.length - 1] }))) return;
    }
    if (!(await this.stillMine(id, walk))) return;
    if (repair && tool.removeExtra) await tool.removeExtra(connection, ids);
    if (!(await checkpoint({ walked: true, finishedAt: new Date() }))) return;
    if (initial) await this.ledger.setExpected(walk.batchId, ids.length);
    this.logger.log(`walk ${walk._id} (generation ${walk.generation}) requested ${ids.length} item(s)`);
  }

  private async stillMine(connectionId: string, walk: SyncWalk): Promise<boolean> {
    if (this.stopped || !this.owned.has(connectionId)) return false;
    const [connection, current] = await Promise.all([
      this.connections.findById(connectionId).lean<FollowedConnection>(),
      this.walks.findById(walk._id).lean<SyncWalk>(),
    ]);
    return connection?.status === 'active' && current?.generation === walk.generation;
  }

  /** S8: the owner's view, reported when it changed. */
  private async report(connection: FollowedConnection): Promise<void> {
    const id = connection._id;
    const counts = await this.countsOf(id);
    const walks = await Promise.all(this.tools.map((t) => this.walkOf(id, t)));
    const initialWalk = walks.find((w) => isInitial(w) && !w.walked);
    // The initial batch is announced once its walk (of whichever generation carried it) ended and nothing is pending.
    if (!initialWalk && counts.pending === 0) await this.ledger.completeInitialIfDone(connection, `${id}:initial`, () => this.countsOf(id, true));
    const latest = await this.connections.findById(id).lean<FollowedConnection>();
    if (latest?.status !== 'active') return; // the stop was reported by the follower
    await this.publishProgress(id, latest.version, progressOf(counts, initialWalk ? (initialWalk.total ?? 0) : 0, !!initialWalk, 'active'));
  }

  /**
   * Reports `progress` at the connection's `version` unless it is what was reported last (`again`: even then); false
   * when nothing was reported. The version is part of what was reported: active again after a stop, the same counts
   * are reported anew.
   */
  private async publishProgress(connectionId: string, version: number, progress: Omit<ConnectionSyncProgress, 'lastSyncedAt'>, again = false): Promise<boolean> {
    const key = JSON.stringify({ ...progress, connectionVersion: version });
    if (!again && this.reported.get(connectionId)?.key === key) return false;
    const lastSyncedAt = new Date().toISOString();
    this.reported.set(connectionId, { key, lastSyncedAt });
    await this.bus.publish(SyncProgressReportedV1, { connectionId, connectionVersion: version, progress: { ...progress, lastSyncedAt }, reportedAt: lastSyncedAt });
    return true;
  }

  /**
   * The ledger's counts, counted again (one pass over the connection's ledger) at most every few times as long as
   * the last count took, so a large ledger (C5: 100,000 items) is not read whole every tick; at once when copies
   * started or stopped being in flight since (one index-served count of the pending items), so the state shown
   * follows without delay, and always (`fresh`) before a batch is announced (N2 counts exactly).
   */
  private async countsOf(connectionId: string, fresh = false): Promise<ItemCounts> {
    const last = this.counted.get(connectionId);
    const now = Date.now();
    const recent = !fresh && last && now - last.at < Math.max(this.config.SYNC_TICK_MS, 4 * last.tookMs);
    if (recent && last.counts.pending > 0 === (await this.ledger.inFlight(connectionId)) > 0) return last.counts;
    const counts = await this.ledger.counts(connectionId);
    this.counted.set(connectionId, { at: Date.now(), tookMs: Date.now() - now, counts });
    return counts;
  }
}

/** Walks written before they said so: generation 0 is the initial copy. */
function isInitial(walk: SyncWalk): boolean {
  return walk.initial ?? walk.generation === 0;
}

/** S8 from the ledger's counts: while the initial walk runs, the total is the upstream register's size when it started. */
export function progressOf(
  counts: ItemCounts,
  walkTotal: number,
  walking: boolean,
  status: 'active' | 'stopped',
): Omit<ConnectionSyncProgress, 'lastSyncedAt'> {
  const known = counts.copied + counts.failed + counts.pending;
  const total = walking ? Math.max(walkTotal, known) : known;
  const pending = status === 'active' ? total - counts.copied - counts.failed : counts.pending;
  return {
    state: status === 'stopped' ? 'stopped' : pending > 0 || walking ? 'copying' : 'idle',
    revisionsTotal: total,
    revisionsCopied: counts.copied,
    revisionsPending: pending,
    revisionsFailed: counts.failed,
  };
}
