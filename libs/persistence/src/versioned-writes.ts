import { Model } from 'mongoose';
import { isDuplicateKeyError } from './database-name';

/**
 * A document that carries `version`: every in-place change must raise it.
 * On FerretDB the version guard of infra/postgres refuses any update that does
 * not (which makes version-conditioned writes atomic there); MongoDB is atomic
 * per document natively. Nothing here branches on the server kind.
 */
export interface VersionedDocument {
  _id: string;
  version: number;
}

export type ApplyResult = 'applied' | 'stale';

/**
 * The version guard's refusal: FerretDB answers error code 1 whose message ends
 * in `(SQLSTATE 40001)` when a concurrent writer raised the version first.
 */
export function isVersionConflictError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && /\(SQLSTATE 40001\)/.test(String((err as { message?: unknown }).message ?? ''));
}

/**
 * Writes `doc` (a whole state with its version) unless the stored document is
 * as new or newer: the one "apply if newer" write of every replica and
 * projection. Redelivered or reordered states converge to the newest.
 */
export async function applyIfNewer<T extends VersionedDocument>(model: Model<T>, doc: T, attempts = 10): Promise<ApplyResult> {
  for (let i = 0; i < attempts; i++) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const res = await model.replaceOne({ _id: doc._id, version: { $lt: doc.version } } as any, doc, { upsert: true });
      if (res.matchedCount + res.upsertedCount > 0) return 'applied';
    } catch (err) {
      if (!isDuplicateKeyError(err) && !isVersionConflictError(err)) throw err;
    }
    // No match, a lost upsert race or a refused stale write: is a newer state there already?
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    if (await model.exists({ _id: doc._id, version: { $gte: doc.version } } as any)) return 'stale';
  }
  throw new Error(`applyIfNewer: ${model.modelName} ${doc._id} v${doc.version} kept conflicting`);
}
