import { Model } from 'mongoose';
import { isDuplicateKeyError } from './database-name';

/**
 * Inserts a document with a deterministic `_id`; if it is already there, an
 * earlier attempt of the same write stored it (redelivery, retry) and the
 * write is done (false). Raw driver insert: no schema casting (or copying) of chunk bytes.
 */
export async function insertOnce<T>(model: Model<T>, doc: object): Promise<boolean> {
  try {
    await model.collection.insertOne(doc as never);
    return true;
  } catch (err) {
    if (!onlyDuplicates(err)) throw err;
    return false;
  }
}

/**
 * insertOnce for many documents in one round trip: unordered, so every document is tried; those already there
 * (an earlier attempt) are kept as they are, any other failure throws.
 */
export async function insertAllOnce<T>(model: Model<T>, docs: object[]): Promise<void> {
  if (!docs.length) return;
  try {
    await model.collection.insertMany(docs as never[], { ordered: false });
  } catch (err) {
    if (!onlyDuplicates(err)) throw err;
  }
}

interface WriteFailure {
  code?: unknown;
  writeErrors?: unknown;
  writeConcernError?: unknown;
  result?: { getWriteConcernError?: () => unknown };
}

/**
 * True when the write failed only because documents were there already. A bulk write error carries the code of
 * its first write error, so its list decides: every one a duplicate, and no write concern error beside them.
 */
function onlyDuplicates(err: unknown): boolean {
  const failure = (err ?? {}) as WriteFailure;
  if (failure.writeErrors === undefined || failure.writeErrors === null) return isDuplicateKeyError(err);
  const listed: unknown[] = Array.isArray(failure.writeErrors) ? failure.writeErrors : [failure.writeErrors];
  const concern = failure.writeConcernError ?? failure.result?.getWriteConcernError?.();
  return listed.length > 0 && listed.every((e) => (e as { code?: unknown })?.code === 11000) && !concern;
}
