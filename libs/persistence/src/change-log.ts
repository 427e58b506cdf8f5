import { DomainError, EventDefinition, MessageEnvelope } from '@connect/contracts';
import { MessageBus, validatePayload } from '@connect/messaging';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection, Model, Schema } from 'mongoose';
import { AsyncLocalStorage } from 'node:async_hooks';
import { isDuplicateKeyError } from './database-name';
import { applyIfNewer, isVersionConflictError } from './versioned-writes';

/** The kind a change refused by its fence is recorded with (`ChangeLog.fenced`). */
const REFUSED = 'refused-by-fence';

/** Errors mongoose raises before anything is sent to the server. */
const NEVER_SENT = new Set(['CastError', 'ValidationError', 'StrictModeError', 'ObjectParameterError']);
/** Record ids a change log remembers as published by its own process (a few MB at most). */
const PUBLISHED_HERE_MAX = 10_000;

/** An entity document as the change log writes it. */
export interface Versioned {
  _id: string;
  version: number;
}

export interface ChangeEvent<P extends object = object> {
  definition: EventDefinition<P>;
  payload: P;
}

export interface Change<S extends object> {
  /** Kind of entity, e.g. `connection`; names the model registered for it. */
  aggregate: string;
  id: string;
  /** Tenant key the change belongs to (a project id). */
  scope: string;
  /** Version the caller read; 0 to create. */
  expectedVersion: number;
  /** The entity's whole new state, or null to delete it. */
  state: S | null;
  /** What happened, as the audit trail names it, e.g. `approved`. */
  kind: string;
  actorId?: string | null;
  /** Extra facts for the audit trail (a reason, a previous status). */
  data?: Record<string, unknown>;
  events: ChangeEvent[];
}

export interface ChangeRecord {
  _id: string;
  aggregate: string;
  aggregateId: string;
  scope: string;
  /**
   * The entity's version this change makes. Not named `version`: a record is
   * updated in place (`published`) without a new version, which the version
   * guard reserves `version` against (infra/postgres/version-guard.sql).
   */
  entityVersion: number;
  kind: string;
  actorId: string | null;
  data: Record<string, unknown>;
  at: Date;
  state: Record<string, unknown> | null;
  events: MessageEnvelope[];
  published: boolean;
  /** The fence its writer was let in by (`ChangeLog.fenced`), or null: once the fence shuts, the change is refused unless it landed. */
  fence?: string | null;
}

/** Why writes let in by `fence` are shut out now (the error their writer gets), or null while it is open. */
export type FenceCheck = (fence: string) => Promise<Error | null>;

const ChangeRecordSchema = new Schema<ChangeRecord>(
  {
    _id: { type: String, required: true },
    aggregate: { type: String, required: true },
    aggregateId: { type: String, required: true },
    scope: { type: String, required: true },
    entityVersion: { type: Number, required: true },
    kind: { type: String, required: true },
    actorId: { type: String, default: null },
    data: { type: Schema.Types.Mixed, default: {} },
    at: { type: Date, required: true },
    state: { type: Schema.Types.Mixed, default: null },
    events: { type: Schema.Types.Mixed, default: [] },
    published: { type: Boolean, required: true },
    fence: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);
ChangeRecordSchema.index({ aggregateId: 1 });
ChangeRecordSchema.index({ published: 1 });

/** A deleted entity's tombstone, to be removed once no older change of it can still be on its way. */
interface TombstoneRecord {
  /** `<aggregate>:<id>`. */
  _id: string;
  aggregate: string;
  aggregateId: string;
  /** The version the tombstone holds (the newest deletion's): guarded, so a deletion applied again late cannot lower it. */
  version: number;
  /** The same, in tombstone records written before they carried `version`. */
  entityVersion?: number;
  at: Date;
}

const TombstoneRecordSchema = new Schema<TombstoneRecord>(
  {
    _id: { type: String, required: true },
    aggregate: { type: String, required: true },
    aggregateId: { type: String, required: true },
    version: { type: Number, required: true },
    entityVersion: { type: Number },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * The one way services change an entity and announce it.
 *
 * FerretDB (our MongoDB server on machines without Docker) has neither
 * multi-document transactions nor atomic read-modify-write: an update reads
 * the document and writes it back whole, so two concurrent conditional
 * updates can both "win". A unique-key insert is the one write that is
 * atomic everywhere. So every change is first an insert of a change record
 * with `_id = <aggregate>:<id>:<version>`:
 *   - two writers of the same version collide on that key: one wins, the
 *     other gets CONCURRENT_MODIFICATION (optimistic concurrency);
 *   - the record holds the new state and the outgoing events, so a crash
 *     after the insert loses nothing: the relay rolls the state forward and
 *     publishes the events (transactional outbox);
 *   - event ids derive from the record id, so a re-publish is deduplicated
 *     by consumers;
 *   - the records, read in version order, are the entity's audit trail.
 */
@Injectable()
export class ChangeLog implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChangeLog.name);
  readonly records: Model<ChangeRecord>;
  readonly tombstones: Model<TombstoneRecord>;
  private readonly targets = new Map<string, Model<Versioned>>();
  private readonly appliedHooks = new Map<string, (scope: string) => Promise<void>>();
  private readonly fencing = new AsyncLocalStorage<string>();
  private fenceCheck?: FenceCheck;
  private timer?: NodeJS.Timeout;
  private relaying?: Promise<void>;
  private stopped = false;
  /** Records younger than this are left to the writer that made them. */
  graceMs = 3000;
  intervalMs = 1000;
  /** How long a deleted entity's tombstone stays: longer than an older change of it can still be on its way. */
  tombstoneMs = 10 * 60_000;
  private sweptAt = 0;
  /**
   * Ids of the records this process marked published, newest last (at most PUBLISHED_HERE_MAX): a record never
   * becomes unpublished again, so the next change of the same entity need not read it back (a copy writes a
   * drawing, then its derivation, one after the other).
   */
  private readonly publishedHere = new Set<string>();

  constructor(
    @InjectConnection() connection: Connection,
    private readonly bus: MessageBus,
  ) {
    this.records = connection.model<ChangeRecord>('ChangeRecord', ChangeRecordSchema, 'changes');
    this.tombstones = connection.model<TombstoneRecord>('ChangeTombstone', TombstoneRecordSchema, 'change_tombstones');
  }

  /**
   * Declares the model that holds the current state of an aggregate. `applied`: told the change's
   * scope after each state written to that model, by its writer (before commit returns) or by the
   * relay; when it fails the change is left unfinished, so the relay applies it and calls it again.
   * What a read model of the scope (e.g. drawing-service's register page cache) is moved on by.
   */
  register(aggregate: string, model: Model<never>, applied?: (scope: string) => Promise<void>): void {
    this.targets.set(aggregate, model as unknown as Model<Versioned>);
    if (applied) this.appliedHooks.set(aggregate, applied);
  }

  /** Declares how the fences of `fenced` are checked (by the service that owns them). */
  fenceWith(check: FenceCheck): void {
    this.fenceCheck = check;
  }

  /**
   * Runs `work` with every change it commits held to `fence` (e.g. a connection, S6): a change is applied only if the
   * fence is still open after its record is in, and the relay refuses a record of a shut fence that has not landed.
   * A writer let in before the fence shut and stalled past whatever lease it held (or dead, a statement still on its
   * way) can thus not change anything after the fence shut and its unfinished changes were finished (`finishPending`):
   * either the fence is shut when it looks after its insert, or it looked before that and its record is there to be
   * refused — and the refusal takes the record's version, so its late write is refused by the version guard.
   */
  fenced<T>(fence: string, work: () => Promise<T>): Promise<T> {
    return this.fencing.run(fence, work);
  }

  async commit<S extends object>(change: Change<S>): Promise<ChangeRecord> {
    const model = this.targets.get(change.aggregate);
    if (!model) throw new Error(`no model registered for aggregate ${change.aggregate}`);
    const fence = this.fencing.getStore() ?? null;
    const version = change.expectedVersion + 1;
    const _id = `${change.aggregate}:${change.id}:${version}`;
    const at = new Date();
    const events: MessageEnvelope[] = [];
    for (const [i, e] of change.events.entries()) {
      await validatePayload(e.definition.payload, e.payload);
      events.push(this.bus.envelope(e.definition, e.payload, { id: `${_id}:${i}`, occurredAt: at }));
    }
    const record: ChangeRecord = {
      _id,
      aggregate: change.aggregate,
      aggregateId: change.id,
      scope: change.scope,
      entityVersion: version,
      kind: change.kind,
      actorId: change.actorId ?? null,
      data: change.data ?? {},
      at,
      state: change.state as Record<string, unknown> | null,
      events,
      published: false,
      fence,
    };
    try {
      await this.records.create(record);
    } catch (err) {
      if (isDuplicateKeyError(err)) {
        throw new DomainError('CONCURRENT_MODIFICATION', `${change.aggregate} ${change.id} was changed by someone else; reload and retry`);
      }
      throw err;
    }
    const shut = fence === null ? null : await this.shutOut(fence);
    if (shut) {
      const refused = await this.refuse(model, record);
      if (refused.kind === REFUSED) {
        await this.publish(refused);
        throw shut;
      }
    }
    try {
      // Its version taken by a refusal (the fence shut while this was on its way): the change did not happen.
      if (!(await this.applyState(model, record)) && fence !== null && (await this.records.findById(_id).lean<ChangeRecord>())?.kind === REFUSED)
        throw (await this.shutOut(fence)) ?? new Error(`change log: ${_id} was refused by its fence`);
    } catch (err) {
      // Refused for sure (it breaks a unique index, or never left mongoose): the change never
      // happened. Any other failure (a timeout, the database gone) may have landed: the record
      // stays and the relay finishes the change.
      if (isDuplicateKeyError(err) || NEVER_SENT.has((err as Error)?.name)) await this.records.deleteOne({ _id });
      if (isDuplicateKeyError(err)) throw new DomainError('ALREADY_EXISTS', `${change.aggregate} conflicts with an existing one`);
      throw err;
    }
    // After the classification above: the state has landed, so whatever the hook fails with, the change stays
    // (unpublished) and the relay applies it again and calls the hook again.
    await this.tellApplied(record);
    // Events of one entity go out in version order: after the previous change's, else by the relay.
    if (await this.previousPublished(record)) {
      await this.publish(record).catch((err: Error) => this.logger.warn(`events of ${_id} left to the relay: ${err.message}`));
    }
    return record;
  }

  /** The audit trail of one entity, oldest first. */
  async history(aggregate: string, id: string): Promise<ChangeRecord[]> {
    const rows = await this.records.find({ aggregateId: id }).lean<ChangeRecord[]>();
    return rows.filter((r) => r.aggregate === aggregate).sort((a, b) => a.entityVersion - b.entityVersion);
  }

  private async shutOut(fence: string): Promise<Error | null> {
    return this.fenceCheck ? this.fenceCheck(fence) : null;
  }

  /**
   * A change of a shut fence that has not landed never happens: the entity's version it would make is taken by the
   * entity's state as it is (a tombstone when there is none), so a write of it still on its way loses to that by the
   * version guard. The record says so first (that state, no events), so a writer whose own write then loses finds it
   * refused (commit). Whose write won is read back; the record as it now stands is returned: refused, or as it was
   * when the change landed after all (a change like any other). A dead writer whose late write wins in the instant
   * between the record's refusal and its restoration loses its events to a concurrent relay round (not seen).
   */
  private async refuse(model: Model<Versioned>, record: ChangeRecord): Promise<ChangeRecord> {
    const fieldsOf = (doc: (Versioned & Record<string, unknown>) | null) => {
      if (!doc) return null;
      const { _id, version, ...rest } = doc;
      void _id;
      void version;
      return isTombstone(rest) ? null : rest;
    };
    const read = () => model.findById(record.aggregateId).lean<Versioned & Record<string, unknown>>();
    const current = await read();
    // Landed, or refused by another relay already: the record says which.
    if (current && current.version >= record.entityVersion) return (await this.records.findById(record._id).lean<ChangeRecord>()) ?? record;
    const state = fieldsOf(current);
    const refusal: ChangeRecord = { ...record, kind: REFUSED, data: { ...record.data, refusedKind: record.kind }, state, events: [] };
    await this.records.updateOne({ _id: record._id }, { $set: { kind: refusal.kind, data: refusal.data, state, events: [] } });
    await this.apply(model, refusal);
    if (sameFields(fieldsOf(await read()), state)) return refusal;
    await this.records.updateOne({ _id: record._id }, { $set: { kind: record.kind, data: record.data, state: record.state, events: record.events } });
    return record;
  }

  /** Writes the record's state (false: a newer version holds the entity), then tells the aggregate's `applied` hook. */
  private async apply(model: Model<Versioned>, record: ChangeRecord): Promise<boolean> {
    const applied = await this.applyState(model, record);
    await this.tellApplied(record);
    return applied;
  }

  private async applyState(model: Model<Versioned>, record: ChangeRecord): Promise<boolean> {
    try {
      if (record.state === null) return await this.bury(model, record);
      return (await applyIfNewer(model, { ...record.state, _id: record.aggregateId, version: record.entityVersion })) === 'applied';
    } catch (err) {
      // The state may have landed: tell the hook, but the failure is what the caller handles (and
      // a change that may have landed stays for the relay, which calls the hook again).
      await this.tellApplied(record).catch(() => undefined);
      throw err;
    }
  }

  /** The aggregate's `applied` hook. Its failure is wrapped: no caller may take it for the state's (a duplicate key of its own write is no conflict of the change). */
  private async tellApplied(record: ChangeRecord): Promise<void> {
    const applied = this.appliedHooks.get(record.aggregate);
    if (!applied) return;
    try {
      await applied(record.scope);
    } catch (err) {
      throw new Error(`${record._id} applied, its applied hook failed (left to the relay): ${(err as Error)?.message ?? err}`, { cause: err });
    }
  }

  /**
   * A deletion is a guarded change like any other (conditional deletes are not atomic on FerretDB: the filter runs
   * in Go): the document becomes a tombstone `{_id, version, deletedAt}` at the deletion's version, which the version
   * guard lets win over an older state only — an older change still on its way (a relay re-applying it, a dead
   * writer's statement landing late) then finds a newer version and is stale instead of bringing the entity back.
   * A tombstone carries no other field, so no scoped read (by its tenant key) finds it; it is removed after
   * `tombstoneMs` (sweepTombstones).
   */
  private async bury(model: Model<Versioned>, record: ChangeRecord): Promise<boolean> {
    const _id = record.aggregateId;
    const version = record.entityVersion;
    const tombstone: TombstoneRecord = { _id: `${record.aggregate}:${_id}`, aggregate: record.aggregate, aggregateId: _id, version, at: new Date() };
    await applyIfNewer(this.tombstones, tombstone).catch(async (err) => {
      // A tombstone record written before it carried `version` (the guard cannot compare it): replaced.
      if (!isDuplicateKeyError(err)) throw err;
      await this.tombstones.replaceOne({ _id: tombstone._id, version: { $exists: false } }, tombstone);
    });
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        const res = await model.collection.replaceOne({ _id, version: { $lt: version } } as never, { _id, version, deletedAt: new Date() } as never, { upsert: true });
        if (res.matchedCount + res.upsertedCount > 0) return true;
      } catch (err) {
        if (!isVersionConflictError(err) && !isDuplicateKeyError(err)) throw err;
      }
      if (await model.collection.findOne({ _id, version: { $gte: version } } as never)) return false; // a newer (or this) change holds it
    }
    throw new Error(`change log: ${record._id} kept conflicting`);
  }

  /**
   * Removes the tombstones older than `tombstoneMs`. Still a delete filtered in Go on FerretDB: an entity made again
   * at a newer version in the instant between the filter and the delete would go with it (only a resync's repair
   * makes a deleted id again, and not within `tombstoneMs` of its deletion in practice).
   */
  async sweepTombstones(): Promise<number> {
    const before = new Date(Date.now() - this.tombstoneMs);
    const due = (await this.tombstones.find().lean<TombstoneRecord[]>()).filter((t) => t.at <= before);
    for (const t of due) {
      const model = this.targets.get(t.aggregate);
      if (model) await model.collection.deleteOne({ _id: t.aggregateId, version: versionOf(t), deletedAt: { $exists: true } } as never);
      await this.tombstones.deleteOne(t.version === undefined ? { _id: t._id, entityVersion: t.entityVersion } : { _id: t._id, version: t.version });
    }
    return due.length;
  }

  private async publish(record: ChangeRecord): Promise<void> {
    for (const envelope of record.events) await this.bus.publishEnvelope(envelope);
    await this.records.updateOne({ _id: record._id }, { $set: { published: true } });
    this.publishedHere.add(record._id);
    for (const oldest of this.publishedHere) {
      if (this.publishedHere.size <= PUBLISHED_HERE_MAX) break;
      this.publishedHere.delete(oldest);
    }
  }

  private recordId(record: ChangeRecord, version: number): string {
    return `${record.aggregate}:${record.aggregateId}:${version}`;
  }

  private async previousPublished(record: ChangeRecord): Promise<boolean> {
    if (record.entityVersion <= 1) return true;
    const previousId = this.recordId(record, record.entityVersion - 1);
    if (this.publishedHere.has(previousId)) return true;
    const previous = await this.records.findById(previousId).lean<ChangeRecord>();
    return !previous || previous.published;
  }

  /**
   * Finishes changes whose writer stopped half-way: apply the state, publish the events.
   * Each entity's records go oldest first, and an entity whose record fails waits for the next
   * round (its later events must not overtake); the other entities go on. Only the entity's
   * newest record is applied: an older one's state would undo a newer change (a delete included).
   * A record of a shut fence (`fenced`) that has not landed is refused instead.
   */
  async relayOnce(only: { scope?: string; graceMs?: number } = {}): Promise<number> {
    return (await this.relay(only)).relayed;
  }

  /** One round of the relay; `unfinished`: the records of the scope it left unpublished (held, failed, or not due yet). */
  private async relay(only: { scope?: string; graceMs?: number }): Promise<{ relayed: number; unfinished: string[] }> {
    const before = new Date(Date.now() - (only.graceMs ?? this.graceMs));
    const pending = (await this.records.find({ published: false }).lean<ChangeRecord[]>()).filter(
      (r) => this.targets.has(r.aggregate) && (only.scope === undefined || r.scope === only.scope),
    );
    const due = pending.filter((r) => r.at <= before).sort((a, b) => a.aggregateId.localeCompare(b.aggregateId) || a.entityVersion - b.entityVersion);
    const held = new Set<string>();
    const done = new Set<string>();
    // Each fence is read once a round.
    const shut = new Map<string, Promise<Error | null>>();
    const shutOut = (fence: string) => {
      const known = shut.get(fence) ?? this.shutOut(fence);
      shut.set(fence, known);
      return known;
    };
    for (const record of due) {
      const entity = `${record.aggregate}:${record.aggregateId}`;
      const model = this.targets.get(record.aggregate);
      if (!model || held.has(entity)) continue;
      try {
        if (!(await this.previousPublished(record))) {
          held.add(entity);
          continue;
        }
        // A record left unpublished may have landed without its hook told (the writer died after its state, or the hook
        // failed): the hook is told before any of its events go out, as a writer does (a register stamp moves first).
        if (await this.records.exists({ _id: this.recordId(record, record.entityVersion + 1) })) {
          await this.tellApplied(record);
          await this.publish(record);
        } else if (record.fence && (await shutOut(record.fence))) {
          const settled = await this.refuse(model, record);
          if (settled.kind !== REFUSED) await this.tellApplied(settled); // it had landed before the fence shut
          await this.publish(settled);
        } else {
          await this.apply(model, record);
          await this.publish(record);
        }
        done.add(record._id);
      } catch (err) {
        held.add(entity);
        this.logger.warn(`relay of ${record._id} failed, retried next round: ${(err as Error).message}`);
      }
    }
    return { relayed: done.size, unfinished: pending.filter((r) => !done.has(r._id)).map((r) => r._id) };
  }

  /**
   * Finishes now every unfinished change of `scope`, without the grace left to live writers: for a caller that knows
   * no writer of the changes it cares about is still under way (they finished, or died), so whatever they left
   * half-done is in place before it reads. Idempotent beside the writers and the relay. Throws (a plain error, so a
   * message handler retries) while any change of the scope is left unfinished: a caller never goes on without it.
   */
  async finishPending(scope: string): Promise<void> {
    const { unfinished } = await this.relay({ scope, graceMs: 0 });
    if (unfinished.length) throw new Error(`change log: ${unfinished.length} change(s) of ${scope} still unfinished (${unfinished.slice(0, 3).join(', ')}): retried`);
  }

  onApplicationBootstrap(): void {
    const tick = () => {
      this.relaying = this.relayOnce()
        .then((n) => {
          if (n) this.logger.log(`relayed ${n} unfinished change(s)`);
        })
        .then(async () => {
          if (Date.now() - this.sweptAt < Math.min(60_000, this.tombstoneMs)) return;
          this.sweptAt = Date.now();
          await this.sweepTombstones();
        })
        .catch((err: Error) => this.logger.warn(`relay failed: ${err.message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops the relay before the database connection closes (that happens on application shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.relaying;
  }
}

/** A deleted entity's document (`bury`): no field but its deletion time. */
function isTombstone(fields: Record<string, unknown>): boolean {
  const keys = Object.keys(fields);
  return keys.length === 1 && keys[0] === 'deletedAt';
}

/** Whether two states hold the same fields with the same values (field order aside). */
function sameFields(a: Record<string, unknown> | null, b: Record<string, unknown> | null): boolean {
  const norm = (x: Record<string, unknown> | null) => (x === null ? 'null' : JSON.stringify(Object.entries(x).sort(([k], [l]) => k.localeCompare(l))));
  return norm(a) === norm(b);
}

/** The version a tombstone record holds, also one written before it carried `version`. */
function versionOf(t: TombstoneRecord): number | undefined {
  return t.version ?? t.entityVersion;
}
