import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKeyError } from './database-name';
import { isVersionConflictError } from './versioned-writes';

/** One lease: who holds `_id` until when. `version` rises on every change (the version guard makes takeover atomic). */
export interface LeaseDocument {
  _id: string;
  holder: string | null;
  expiresAt: Date;
  /** When the lease last changed (taken, renewed, released, handed over). */
  changedAt: Date;
  version: number;
}

const LeaseSchema = new Schema<LeaseDocument>(
  {
    _id: { type: String, required: true },
    holder: { type: String, default: null },
    expiresAt: { type: Date, required: true },
    changedAt: { type: Date },
    version: { type: Number, required: true },
  },
  { versionKey: false },
);

/** `ttlMs` of a lease held until it is released or handed over. */
export const FOREVER = Number.POSITIVE_INFINITY;
const END_OF_TIME = new Date('9999-12-31T23:59:59.999Z');

/**
 * The one claim/lease primitive: who holds a named piece of work (a message
 * being handled, a drawing number, a job one instance must own) until when.
 * Taking a free key is an insert on the unique `_id`; every other change
 * (takeover of an expired or released lease, renewal, release, hand-over) is
 * a compare-and-set on `version`: atomic on MongoDB and, with the version
 * guard, on FerretDB. A lease document is never deleted (FerretDB's
 * conditional deletes are not atomic): a released lease is one without holder.
 */
export class Leases {
  readonly model: Model<LeaseDocument>;

  constructor(connection: Connection, collection = 'leases') {
    const name = collection === 'leases' ? 'Lease' : `Lease:${collection}`;
    this.model = connection.models[name] ?? connection.model<LeaseDocument>(name, LeaseSchema, collection);
  }

  /** True when `holder` holds `key` for `ttlMs` from now (newly taken, taken over once expired or released, or renewed). */
  async acquire(key: string, holder: string, ttlMs: number): Promise<boolean> {
    try {
      await this.model.create({ _id: key, holder, expiresAt: until(ttlMs), changedAt: new Date(), version: 1 });
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const held = await this.get(key);
    if (!held) return false;
    const free = held.holder === null || held.holder === holder || held.expiresAt.getTime() <= Date.now();
    return free && this.swap(held, holder, ttlMs);
  }

  /** Extends a lease `holder` still holds; false when it was lost (expired and taken over). */
  renew(key: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.whileHeld(key, holder, holder, ttlMs);
  }

  /** Gives a lease back so another instance can take it at once. */
  async release(key: string, holder: string): Promise<void> {
    await this.whileHeld(key, holder, null, 0);
  }

  /** Passes a lease `holder` holds to `to` (e.g. a final mark) for `ttlMs` (FOREVER: until released); false when it was lost. */
  handOver(key: string, holder: string, to: string, ttlMs: number): Promise<boolean> {
    return this.whileHeld(key, holder, to, ttlMs);
  }

  /**
   * Takes over exactly the lease as it was read (`seen`), whoever holds it: for
   * callers that decide for themselves that a holder is gone (e.g. a claim
   * whose entity was never written). False when it changed meanwhile.
   */
  takeOver(seen: LeaseDocument, holder: string, ttlMs: number): Promise<boolean> {
    return this.swap(seen, holder, ttlMs);
  }

  /**
   * Changes a lease `holder` holds to (`to`, `ttlMs`). A compare-and-set lost to the holder's own
   * concurrent change (a renewal still in flight when the work completes) is tried again on the
   * newer version; false once the lease is someone else's (or gone).
   */
  private async whileHeld(key: string, holder: string, to: string | null, ttlMs: number): Promise<boolean> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const held = await this.get(key);
      if (!held || held.holder !== holder) return false;
      if (await this.swap(held, to, ttlMs)) return true;
    }
    return false;
  }

  get(key: string): Promise<LeaseDocument | null> {
    return this.model.findById(key).lean<LeaseDocument>().exec();
  }

  private async swap(seen: LeaseDocument, holder: string | null, ttlMs: number): Promise<boolean> {
    try {
      const res = await this.model.updateOne({ _id: seen._id, version: seen.version }, { $set: { holder, expiresAt: until(ttlMs), changedAt: new Date(), version: seen.version + 1 } });
      return res.modifiedCount === 1;
    } catch (err) {
      if (isVersionConflictError(err)) return false;
      throw err;
    }
  }
}

function until(ttlMs: number): Date {
  return ttlMs === FOREVER ? END_OF_TIME : new Date(Date.now() + ttlMs);
}
