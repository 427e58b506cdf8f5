import { isDuplicateKeyError } from '@connect/persistence';
import { Model } from 'mongoose';

/**
 * Inserts a document with a deterministic `_id`; if it is already there, an
 * earlier attempt of the same write stored it (redelivery, retry) and the
 * write is done. Raw driver insert: no schema casting (or copying) of chunk bytes.
 */
export async function insertOnce<T>(model: Model<T>, doc: object): Promise<void> {
  try {
    await model.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}
