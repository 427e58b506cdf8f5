import { isDuplicateKeyError } from '@connect/persistence';
import { Model } from 'mongoose';

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
    if (!isDuplicateKeyError(err)) throw err;
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
    const errors = (err as { writeErrors?: { code?: number }[] }).writeErrors;
    if (!(errors?.length && errors.every((e) => e.code === 11000)) && !isDuplicateKeyError(err)) throw err;
  }
}
