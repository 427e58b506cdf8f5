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
 * projection. Redelivered or reordered states converge to the newest, also
 * when written at once (atomic on MongoDB; on FerretDB thanks to the version
 * guard, which refuses the write of whoever lost the race).
 * 'stale' when the stored document is as new or newer. A duplicate key on
 * another unique index (the state breaks a uniqueness rule) is thrown as it is.
 */
export async function applyIfNewer<T extends VersionedDocument>(model: Model<T>, doc: T, attempts = 10): Promise<ApplyResult> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const newer = () => model.exists({ _id: doc._id, version: { $gte: doc.version } } as any);
  let duplicates = 0;
  for (let i = 0; i < attempts; i++) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const res = await model.replaceOne({ _id: doc._id, version: { $lt: doc.version } } as any, doc, { upsert: true });
      if (res.matchedCount + res.upsertedCount > 0) return 'applied';
    } catch (err) {
      if (isVersionConflictError(err)) {
        if (await newer()) return 'stale';
        continue;
      }
      if (!isDuplicateKeyError(err)) throw err;
      // The upsert lost an insert race on `_id` (then the document exists now), or the
      // state collides on another unique index (then it does not, or a retry collides again).
      if (await newer()) return 'stale';
      if (++duplicates > 1 || !(await model.exists({ _id: doc._id } as never))) throw err;
      continue;
    }
    if (await newer()) return 'stale';
  }
  throw new Error(`applyIfNewer: ${model.modelName} ${doc._id} v${doc.version} kept conflicting`);
}
