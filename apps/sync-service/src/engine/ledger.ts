import { CopyFinishedV1, RevisionsReadyV1, SYNC_BATCH_MAX_LISTED, SyncBatchKind, uuidFromKey } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { insertAllOnce, insertOnce } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { compareAndSet, updateVersioned } from './compare-and-set';
import { FollowedConnection, ItemState, MODELS, SyncBatch, SyncBatchItem, SyncItem } from './engine.schemas';

const DELETED_UPSTREAM = 'DELETED_UPSTREAM';

function deletedUpstream(item: SyncItem): boolean {
  return item.state === 'skipped' && item.code === DELETED_UPSTREAM;
}

/** What became of one item of a copy request. */
export interface SettledItem {
  itemId: string;
  state: Exclude<ItemState, 'pending'>;
  label: string | null;
  code: string | null;
}

export interface ItemCounts {
  pending: number;
  copied: number;
  failed: number;
  skipped: number;
}

/**
 * The engine's record of what was asked for and what became of it (S7, S8),
 * and the N2 batch events. Every write is an insert with a deterministic id or
 * a settle that only moves an item forward, so redeliveries, restarts and
 * several instances converge on the same counts.
 */
@Injectable()
export class Ledger {
  constructor(
    @InjectModel(MODELS.item) private readonly items: Model<SyncItem>,
    @InjectModel(MODELS.batch) private readonly batches: Model<SyncBatch>,
    @InjectModel(MODELS.batchItem) private readonly batchItems: Model<SyncBatchItem>,
    private readonly bus: MessageBus,
  ) {}

  static itemKey(connectionId: string, tool: string, itemId: string): string {
    return `${connectionId}:${tool}:${itemId}`;
  }

  async openBatch(connectionId: string, tool: string, batchId: string, kind: SyncBatchKind, expected: number | null): Promise<void> {
    await insertAllOnce(this.batches, [{ _id: batchId, version: 0, connectionId, tool, kind, expected, announced: false, createdAt: new Date() }]);
  }

  async setExpected(batchId: string, expected: number): Promise<void> {
    await updateVersioned(this.batches, batchId, (b) => (b.expected === expected ? null : { expected }));
  }

  /** Items about to be requested: pending unless already known. Publish batches also record their members. */
  async addPending(connectionId: string, tool: string, batchId: string, itemIds: string[], listMembers: boolean): Promise<void> {
    await insertAllOnce(
      this.items,
      itemIds.map((itemId) => ({
        _id: Ledger.itemKey(connectionId, tool, itemId),
        version: 0,
        connectionId,
        tool,
        itemId,
        state: 'pending',
        label: null,
        code: null,
        pendingOf: connectionId,
        batchId,
        requestedAt: new Date(),
        attempt: 0,
      })),
    );
    if (listMembers) {
      await insertAllOnce(
        this.batchItems,
        itemIds.map((itemId) => ({ _id: `${batchId}:${itemId}`, version: 0, batchId, itemId, settled: false, state: 'pending', label: null })),
      );
    }
  }

  /**
   * The outcomes of one copy request, items of one batch, settled side by side; the batch is checked for
   * completion once, after all of them. Each item only moves forward (compare-and-set, so concurrent settles are
   * never lost): a copied item stays copied whatever a later, repeated request reports, and an item deleted
   * upstream stays out of the counts.
   */
  async settle(connection: FollowedConnection, tool: string, batchId: string, outcomes: SettledItem[]): Promise<void> {
    const settledNow = await Promise.all(outcomes.map((o) => this.settleItem(connection, tool, batchId, o)));
    if (settledNow.some(Boolean)) await this.completeIfDone(connection, batchId);
  }

  /** One item's outcome; true when it settled its batch member now (the first outcome of that member). */
  private async settleItem(connection: FollowedConnection, tool: string, batchId: string, { itemId, state, label, code }: SettledItem): Promise<boolean> {
    const key = Ledger.itemKey(connection._id, tool, itemId);
    const forward = () =>
      updateVersioned(this.items, key, (current) => {
        if (deletedUpstream(current) || current.state === state || (current.state === 'copied' && state !== 'copied'))
          return current.pendingOf === null ? null : { pendingOf: null };
        return { state, label: label ?? current.label, code, pendingOf: null };
      });
    // Nearly always the item is there (pending): moved forward at once. Absent (never asked for, as far as this
    // ledger knows): inserted settled; if another writer inserted it meanwhile, moved forward from what it wrote.
    if (!(await forward())) {
      const inserted = await insertOnce(this.items, {
        _id: key,
        version: 0,
        connectionId: connection._id,
        tool,
        itemId,
        state,
        label,
        code,
        pendingOf: null,
        batchId,
        requestedAt: null,
        attempt: 0,
      });
      if (!inserted) await forward();
    }
    // The first outcome settles the member, once (compare-and-set: two outcomes at once never both write).
    let settledNow = false;
    await updateVersioned(this.batchItems, `${batchId}:${itemId}`, (member) => {
      settledNow = !member.settled;
      return settledNow ? { settled: true, state, label } : null;
    });
    return settledNow;
  }

  /** S4: items deleted upstream leave the counts, for good (a late outcome of their copy does not bring them back). */
  async drop(connectionId: string, tool: string, itemIds: string[]): Promise<void> {
    for (const itemId of itemIds) {
      const key = Ledger.itemKey(connectionId, tool, itemId);
      await insertAllOnce(this.items, [
        {
          _id: key,
          version: 0,
          connectionId,
          tool,
          itemId,
          state: 'skipped',
          label: null,
          code: DELETED_UPSTREAM,
          pendingOf: null,
          batchId: null,
          requestedAt: null,
          attempt: 0,
        },
      ]);
      await updateVersioned(this.items, key, (current) =>
        deletedUpstream(current) ? null : { state: 'skipped' as const, code: DELETED_UPSTREAM, pendingOf: null },
      );
    }
  }

  /** Copies asked for and not settled yet (flow control of the walk). */
  async inFlight(connectionId: string): Promise<number> {
    return this.items.countDocuments({ pendingOf: connectionId });
  }

  /**
   * Items pending for longer than `olderThanMs`: their request or its outcome
   * was lost (a consumer killed mid-way). Marked as requested again, with
   * their attempt number raised: the caller asks for them once more.
   */
  async overdue(connectionId: string, olderThanMs: number): Promise<SyncItem[]> {
    const cutoff = Date.now() - olderThanMs;
    const pending = await this.items.find({ pendingOf: connectionId }).lean<SyncItem[]>();
    const late = pending.filter((i) => i.requestedAt !== null && new Date(i.requestedAt).getTime() < cutoff);
    const asked: SyncItem[] = [];
    for (const item of late) {
      // Only if still pending and not re-requested meanwhile (another owner's tick): compare-and-set on the version read.
      if (item.state === 'pending' && (await compareAndSet(this.items, item, { requestedAt: new Date(), attempt: item.attempt + 1 })))
        asked.push({ ...item, attempt: item.attempt + 1 });
    }
    return asked;
  }

  /** One pass over the connection's ledger (equality on an indexed field, grouped in one query). */
  async counts(connectionId: string): Promise<ItemCounts> {
    const rows = await this.items.aggregate<{ _id: ItemState; n: number }>([{ $match: { connectionId } }, { $group: { _id: '$state', n: { $sum: 1 } } }]);
    const counts: ItemCounts = { pending: 0, copied: 0, failed: 0, skipped: 0 };
    for (const row of rows) counts[row._id] = row.n;
    return counts;
  }

  /** A publish batch whose members all settled: announced once (N2). */
  private async completeIfDone(connection: FollowedConnection, batchId: string): Promise<void> {
    const batch = await this.batches.findById(batchId).lean<SyncBatch>();
    if (!batch || batch.announced || batch.expected === null) return;
    const members = await this.batchItems.find({ batchId }).lean<SyncBatchItem[]>();
    if (members.length < batch.expected || members.some((m) => !m.settled)) return;
    const copied = members.filter((m) => m.state === 'copied');
    await this.announce(
      connection,
      batch,
      copied.length,
      copied.map((m) => m.label ?? m.itemId),
    );
  }

  /** The initial copy is finished once its walk ended and nothing the connection asked for is pending. */
  async completeInitialIfDone(connection: FollowedConnection, batchId: string, countNow: () => Promise<ItemCounts>): Promise<void> {
    const batch = await this.batches.findById(batchId).lean<SyncBatch>();
    if (!batch || batch.announced || batch.expected === null) return;
    const counts = await countNow();
    if (counts.pending > 0) return;
    const labels = (await this.items.find({ connectionId: connection._id, state: 'copied' }, { label: 1, itemId: 1 }).lean<SyncItem[]>()).map(
      (i) => i.label ?? i.itemId,
    );
    await this.announce(connection, batch, counts.copied, labels);
  }

  /**
   * N2: one RevisionsReady and one CopyFinished per batch, with ids derived
   * from the batch id, so two instances that both see it complete publish
   * the same two messages and notification-service counts them once.
   */
  private async announce(connection: FollowedConnection, batch: SyncBatch, count: number, labels: string[]): Promise<void> {
    const payload = {
      connectionId: connection._id,
      batchId: batch._id,
      kind: batch.kind,
      upstream: connection.upstream,
      downstream: connection.downstream,
      count,
      drawingNumbers: [...new Set(labels)].sort().slice(0, SYNC_BATCH_MAX_LISTED),
      at: new Date().toISOString(),
    };
    if (count > 0) await this.bus.publish(RevisionsReadyV1, payload, { id: uuidFromKey(`sync-ready\u0000${batch._id}`) });
    await this.bus.publish(CopyFinishedV1, payload, { id: uuidFromKey(`sync-finished\u0000${batch._id}`) });
    await updateVersioned(this.batches, batch._id, (b) => (b.announced ? null : { announced: true }));
  }
}
