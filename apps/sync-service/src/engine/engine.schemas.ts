import { ConnectionSide } from '@connect/contracts';
import { Schema } from 'mongoose';

/*
 * The generic part of the sync engine: what it keeps per connection, whatever
 * the tool (drawings today; RFIs or submittals would add a tool module).
 */

const SideSchema = new Schema<ConnectionSide>({ companyId: String, companyName: String, projectId: String, projectName: String }, { _id: false });

/** A connection the engine follows (S6): applied only when its `version` is newer (events arrive reordered or twice). */
export interface FollowedConnection {
  /** The connection id. */
  _id: string;
  /** The connection's version (the version guard: raised by every change). */
  version: number;
  upstreamProjectId: string;
  downstreamProjectId: string;
  upstream: ConnectionSide;
  downstream: ConnectionSide;
  status: 'active' | 'stopped';
}

export const FollowedConnectionSchema = new Schema<FollowedConnection>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    upstreamProjectId: { type: String, required: true, index: true },
    downstreamProjectId: { type: String, required: true, index: true },
    upstream: { type: SideSchema, required: true },
    downstream: { type: SideSchema, required: true },
    status: { type: String, enum: ['active', 'stopped'], required: true, index: true },
  },
  { versionKey: false, collection: 'followed_connections' },
);

export const ITEM_STATES = ['pending', 'copied', 'failed', 'skipped'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/**
 * The ledger: one line per upstream item per connection (`<connectionId>:<tool>:<itemId>`),
 * inserted once when the item is first asked for, settled by the copy's outcome.
 * Progress (S8) is counted from it, so no instance ever overwrites another's counts.
 */
export interface SyncItem {
  _id: string;
  /** Raised by every change (the version guard): changes are compare-and-set, so concurrent settles are never lost. */
  version: number;
  connectionId: string;
  tool: string;
  itemId: string;
  state: ItemState;
  /** What people call the item (a drawing number), for the N2 batch events. */
  label: string | null;
  code: string | null;
  /** The connection id while the item is pending, else null: counts the copies in flight with an index-served equality. */
  pendingOf: string | null;
  /** The batch it was last requested in, when, and how many times it was requested again. */
  batchId: string | null;
  requestedAt: Date | null;
  attempt: number;
}

export const SyncItemSchema = new Schema<SyncItem>(
  {
    _id: { type: String, required: true },
    version: { type: Number, default: 0 },
    connectionId: { type: String, required: true },
    tool: { type: String, required: true },
    itemId: { type: String, required: true },
    state: { type: String, enum: ITEM_STATES, required: true },
    label: { type: String, default: null },
    code: { type: String, default: null },
    pendingOf: { type: String, default: null },
    batchId: { type: String, default: null },
    requestedAt: { type: Date, default: null },
    attempt: { type: Number, default: 0 },
  },
  { versionKey: false, collection: 'sync_items' },
);
SyncItemSchema.index({ connectionId: 1 });
SyncItemSchema.index({ pendingOf: 1 });

/**
 * One batch (N2): the initial copy of a connection, or one upstream publish.
 * Publish batches list their members (`<batchId>:<itemId>` in sync_batch_items),
 * so the batch completes when every member settled, whichever instance settles last.
 */
export interface SyncBatch {
  /** `<connectionId>:initial` or `<connectionId>:<publishId>`. */
  _id: string;
  /** Raised by every change (the version guard): changes are compare-and-set, so a size and the announcement never overwrite each other. */
  version: number;
  connectionId: string;
  tool: string;
  kind: 'initial' | 'publish';
  /** How many items the batch has; null until known (the initial walk ends). */
  expected: number | null;
  announced: boolean;
  createdAt: Date;
}

export const SyncBatchSchema = new Schema<SyncBatch>(
  {
    _id: { type: String, required: true },
    version: { type: Number },
    connectionId: { type: String, required: true },
    tool: { type: String, required: true },
    kind: { type: String, required: true },
    expected: { type: Number, default: null },
    announced: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'sync_batches' },
);
SyncBatchSchema.index({ connectionId: 1 });

export interface SyncBatchItem {
  /** `<batchId>:<itemId>`. */
  _id: string;
  /** Raised by every change (the version guard): settled by compare-and-set. */
  version: number;
  batchId: string;
  itemId: string;
  settled: boolean;
  state: ItemState;
  label: string | null;
}

export const SyncBatchItemSchema = new Schema<SyncBatchItem>(
  {
    _id: { type: String, required: true },
    version: { type: Number },
    batchId: { type: String, required: true },
    itemId: { type: String, required: true },
    settled: { type: Boolean, required: true },
    state: { type: String, required: true },
    label: { type: String, default: null },
  },
  { versionKey: false, collection: 'sync_batch_items' },
);
SyncBatchItemSchema.index({ batchId: 1 });

/**
 * The walk of an upstream register (S1 initial copy, and resync): owned by one
 * instance at a time (lease `walk:<connectionId>:<tool>`), it resumes after a
 * crash from `lastItemId` (items are walked in id order).
 */
export interface SyncWalk {
  /** `<connectionId>:<tool>`. */
  _id: string;
  /** Raised by every change (the version guard): a resync and a checkpoint never overwrite each other. */
  version: number;
  /** This walk is (or carries on) the connection's initial copy: when it ends, the initial batch's size is known (N2). */
  initial: boolean;
  /** The connection version whose activation this walk covers: a later approval (after an upstream undo) walks again. */
  forVersion: number;
  connectionId: string;
  tool: string;
  /** Raised by each resync: a new walk over the whole register. */
  generation: number;
  batchId: string;
  /** Upstream items when the walk started. */
  total: number | null;
  lastItemId: string | null;
  walked: boolean;
  finishedAt: Date | null;
}

export const SyncWalkSchema = new Schema<SyncWalk>(
  {
    _id: { type: String, required: true },
    version: { type: Number, default: 0 },
    initial: { type: Boolean, default: false },
    forVersion: { type: Number, default: 0 },
    connectionId: { type: String, required: true },
    tool: { type: String, required: true },
    generation: { type: Number, required: true },
    batchId: { type: String, required: true },
    total: { type: Number, default: null },
    lastItemId: { type: String, default: null },
    walked: { type: Boolean, required: true },
    finishedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'sync_walks' },
);
SyncWalkSchema.index({ connectionId: 1 });

export const MODELS = {
  connection: 'FollowedConnection',
  item: 'SyncItem',
  batch: 'SyncBatch',
  batchItem: 'SyncBatchItem',
  walk: 'SyncWalk',
} as const;
