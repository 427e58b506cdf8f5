import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { Model } from 'mongoose';
import { insertAllOnce, insertOnce } from './insert-once';

// The driver's own classes (not exported from its index): the error insertMany really throws.
const { BulkWriteResult, WriteConcernError, WriteError } = jest.requireActual<{
  BulkWriteResult: new (bulkResult: object, isOrdered: boolean) => unknown;
  WriteConcernError: new (error: object) => unknown;
  WriteError: new (err: object) => unknown;
}>('mongodb/lib/bulk/common');

function bulkResult(writeErrors: unknown[], writeConcernErrors: unknown[] = []): unknown {
  const result = { ok: 1, writeErrors, writeConcernErrors, insertedIds: [], nInserted: 0, nUpserted: 0, nMatched: 0, nModified: 0, nRemoved: 0, upserted: [] };
  return new BulkWriteResult(result, false);
}

/** What an unordered insertMany throws when documents failed: the code is the first write error's. */
function bulkError(codes: number[], writeConcernErrors: unknown[] = []): MongoBulkWriteError {
  const writeErrors = codes.map((code, index) => new WriteError({ code, index, errmsg: `failed with ${code}` }));
  return new MongoBulkWriteError(
    { message: `failed with ${codes[0]}`, code: codes[0], writeErrors } as never,
    bulkResult(writeErrors, writeConcernErrors) as never,
  );
}

function modelFailingWith(err: unknown): Model<object> {
  const fail = () => Promise.reject(err);
  return { collection: { insertMany: fail, insertOne: fail } } as unknown as Model<object>;
}

describe('insertAllOnce', () => {
  it('is done when every failed document was there already (11000 each)', async () => {
    await expect(insertAllOnce(modelFailingWith(bulkError([11000, 11000])), [{}, {}])).resolves.toBeUndefined();
  });

  it('throws when a document failed for another reason after a duplicate (the error carries the first code, 11000)', async () => {
    const err = bulkError([11000, 121]);
    expect(err.code).toBe(11000);
    await expect(insertAllOnce(modelFailingWith(err), [{}, {}])).rejects.toBe(err);
  });

  it('throws when the write errors come as one object, not a list', async () => {
    const err = bulkError([11000]);
    (err as { writeErrors: unknown }).writeErrors = new WriteError({ code: 121, index: 0, errmsg: 'invalid' });
    await expect(insertAllOnce(modelFailingWith(err), [{}])).rejects.toBe(err);
  });

  it('throws when the duplicates came with a write concern error', async () => {
    const err = bulkError([11000], [new WriteConcernError({ code: 64, errmsg: 'waiting for replication timed out' })]);
    await expect(insertAllOnce(modelFailingWith(err), [{}])).rejects.toBe(err);
  });

  it('throws a write concern error alone (no write errors listed)', async () => {
    const err = new MongoBulkWriteError(new WriteConcernError({ code: 64, errmsg: 'timed out' }) as never, bulkResult([]) as never);
    await expect(insertAllOnce(modelFailingWith(err), [{}])).rejects.toBe(err);
  });

  it('falls back to the error code without write errors', async () => {
    await expect(insertAllOnce(modelFailingWith(new MongoServerError({ code: 11000, errmsg: 'dup' })), [{}])).resolves.toBeUndefined();
    const other = new MongoServerError({ code: 2, errmsg: 'bad' });
    await expect(insertAllOnce(modelFailingWith(other), [{}])).rejects.toBe(other);
  });
});

describe('insertOnce', () => {
  it('is false when the document was there, and throws any other failure', async () => {
    await expect(insertOnce(modelFailingWith(new MongoServerError({ code: 11000, errmsg: 'dup' })), {})).resolves.toBe(false);
    const other = new MongoServerError({ code: 2, errmsg: 'bad' });
    await expect(insertOnce(modelFailingWith(other), {})).rejects.toBe(other);
  });
});
