import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKeyError } from './database-name';
import { isVersionConflictError } from './versioned-writes';

/** One lease: who holds `_id` until when. `version` rises on every change (the version guard makes takeover atomic). */
export interface LeaseDocument {
  _id: string;
  holder: string | null;
  expiresAt: Date;
  version: number;
}

const LeaseSchema = new Schema<LeaseDocument>(
  {
    _id: { type: String, required: true },
    holder: { type: String, default: null },
    expiresAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false },
);

/**
 * Leases on named work (a job one instance must own at a time). Taking a
 * free key is an insert on the unique `_id`; taking over an expired or
 * released lease, renewing and releasing are compare-and-set updates on
 * `version`, atomic on MongoDB and, with the version guard, on FerretDB.
 */
export class Leases {
  readonly model: Model<LeaseDocument>;

  constructor(connection: Connection, collection = 'leases') {
    this.model = connection.models['Lease'] ?? connection.model<LeaseDocument>('Lease', LeaseSchema, collection);
  }

  /** True when `holder` holds `key` for `ttlMs` from now (newly taken, or renewed). */
  async acquire(key: string, holder: string, ttlMs: number): Promise<boolean> {
    const expiresAt = new Date(Date.now() + ttlMs);
    try {
      await this.model.create({ _id: key, holder, expiresAt, version: 1 });
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const held = await this.model.findById(key).lean<LeaseDocument>();
    if (!held) return false;
    const free = held.holder === null || held.holder === holder || held.expiresAt.getTime() <= Date.now();
    return free && this.swap(held, { holder, expiresAt });
  }

  /** Extends a lease `holder` still holds; false when it was lost (expired and taken over). */
  async renew(key: string, holder: string, ttlMs: number): Promise<boolean> {
    const held = await this.model.findById(key).lean<LeaseDocument>();
    if (!held || held.holder !== holder) return false;
    return this.swap(held, { holder, expiresAt: new Date(Date.now() + ttlMs) });
  }

  /** Gives a lease back so another instance can take it at once. */
  async release(key: string, holder: string): Promise<void> {
    const held = await this.model.findById(key).lean<LeaseDocument>();
    if (held?.holder === holder) await this.swap(held, { holder: null, expiresAt: new Date(0) });
  }

  private async swap(held: LeaseDocument, next: Pick<LeaseDocument, 'holder' | 'expiresAt'>): Promise<boolean> {
    try {
      const res = await this.model.updateOne({ _id: held._id, version: held.version }, { $set: { ...next, version: held.version + 1 } });
      return res.modifiedCount === 1;
    } catch (err) {
      if (isVersionConflictError(err)) return false;
      throw err;
    }
  }
}
