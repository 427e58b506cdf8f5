import { isVersionConflictError } from '@connect/persistence';
import { Model } from 'mongoose';

interface Versioned {
  _id: string;
  version: number;
}

/**
 * One compare-and-set of a document that carries `version`: applied only if
 * nobody changed it since `current` was read, raising the version (atomic on
 * FerretDB through the version guard, natively on MongoDB). False when it lost.
 */
export async function compareAndSet<T extends Versioned>(model: Model<T>, current: T, set: Partial<T>): Promise<boolean> {
  try {
    // A document written before it carried a version: its first change gives it one.
    const filter = current.version === undefined ? { _id: current._id, version: { $exists: false } } : { _id: current._id, version: current.version };
    const res = await model.updateOne(filter as never, { $set: { ...set, version: (current.version ?? 0) + 1 } } as never);
    return res.matchedCount > 0;
  } catch (err) {
    if (isVersionConflictError(err)) return false;
    throw err;
  }
}

/**
 * Reads the document, asks `change` what to set (null: nothing to do) and
 * compare-and-sets it, again from a fresh read while another writer wins.
 * The document as written, or as found when nothing was to be done; null when absent.
 */
export async function updateVersioned<T extends Versioned>(model: Model<T>, id: string, change: (current: T) => Partial<T> | null, attempts = 20): Promise<T | null> {
  for (let i = 0; i < attempts; i++) {
    const current = await model.findById(id).lean<T>();
    if (!current) return null;
    const set = change(current);
    if (!set) return current;
    if (await compareAndSet(model, current, set)) return { ...current, ...set, version: (current.version ?? 0) + 1 };
    await new Promise((r) => setTimeout(r, 2 * i + Math.random() * 10));
  }
  throw new Error(`${model.modelName} ${id}: kept conflicting`);
}
