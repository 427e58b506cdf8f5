import { FileStore } from './file-store';
import { chunkId } from './file-chunk.schema';

/**
 * The server-side copy (S1, issue 13 item 6): once it has failed, none of its parallel workers writes another
 * chunk, so a stop handled after the failure (S6 fence released, unfinished copies discarded) leaves no orphan.
 */
describe('FileStore.copy, bounded parallelism', () => {
  const SOURCE = 'source-file';
  const CHUNKS = 24;
  const MISSING = 1;

  function storeWithMissingChunk() {
    const inserted: string[] = [];
    const lean = (doc: unknown) => ({ lean: async () => doc });
    const source = { _id: SOURCE, length: CHUNKS * 10, chunkSize: 10, filename: 'a.pdf', uploadDate: new Date(), metadata: { projectId: 'up', sha256: 'x', contentType: 'application/pdf' } };
    const files = { findById: (id: string) => lean(id === SOURCE ? source : null), collection: { insertOne: async () => undefined } };
    const chunks = {
      collection: {
        // Each read takes a few turns of the event loop, as a database round trip would.
        findOne: async (q: { _id: string }) => {
          for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
          return q._id === chunkId(SOURCE, MISSING) ? null : { data: Buffer.from('x') };
        },
        insertOne: async (doc: { _id: string }) => {
          inserted.push(doc._id);
        },
      },
    };
    const copies = { collection: { insertOne: async () => undefined }, deleteOne: async () => undefined };
    const store = new FileStore(files as never, chunks as never, copies as never, {} as never);
    return { store, inserted };
  }

  it('writes no chunk after it has failed (a missing source chunk)', async () => {
    const { store, inserted } = storeWithMissingChunk();
    await expect(store.copy(SOURCE, 'down', 'target-file')).rejects.toThrow(`missing chunk ${MISSING}`);
    const atFailure = inserted.length;
    for (let i = 0; i < 200; i++) await new Promise((r) => setImmediate(r));
    expect(inserted.length).toBe(atFailure);
    expect(atFailure).toBeLessThan(CHUNKS);
  });
});
