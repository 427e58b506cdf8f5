import { FileStore } from './file-store';
import { chunkId } from './file-chunk.schema';

/**
 * The server-side copy (S1, issue 13): one cursor over the source's chunks, a batched insert per few chunks, one
 * write in flight at a time. Once it has failed no write is still under way or started, so a stop handled after the
 * failure (S6 fence released, unfinished copies discarded) leaves no orphan; a retried copy skips what is there.
 */
describe('FileStore.copy, batched', () => {
  const SOURCE = 'source-file';
  const TARGET = 'target-file';
  const CHUNKS = 24;
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };

  function store(opts: { missing?: number; failWriteOf?: number; existing?: number[] } = {}) {
    const stored = new Map<string, unknown>((opts.existing ?? []).map((n) => [chunkId(TARGET, n), { n }]));
    const calls = { finds: 0, writes: 0, inFlight: 0, maxInFlight: 0, fileWritten: false };
    const lean = (doc: unknown) => ({ lean: async () => doc });
    const source = { _id: SOURCE, length: CHUNKS * 10 - 3, chunkSize: 10, filename: 'a.pdf', uploadDate: new Date(), metadata: { projectId: 'up', sha256: 'x', contentType: 'application/pdf' } };
    const files = {
      findById: (id: string) => lean(id === SOURCE ? source : null),
      collection: {
        insertOne: async () => {
          calls.fileWritten = true;
        },
      },
    };
    const chunks = {
      collection: {
        find: (q: { files_id: string }) => {
          calls.finds++;
          // Out of order, as FerretDB may return them; each batch takes a few turns, as a round trip would.
          const ns = Array.from({ length: CHUNKS }, (_, n) => (n * 7) % CHUNKS).filter((n) => q.files_id === SOURCE && n !== opts.missing);
          return {
            async *[Symbol.asyncIterator]() {
              for (const n of ns) {
                await turns(2);
                yield { _id: chunkId(SOURCE, n), files_id: SOURCE, n, data: Buffer.from(`chunk ${n}`), projectId: 'up' };
              }
            },
            close: async () => undefined,
          };
        },
        insertMany: async (docs: { _id: string; n: number }[]) => {
          calls.writes++;
          calls.inFlight++;
          calls.maxInFlight = Math.max(calls.maxInFlight, calls.inFlight);
          await turns(5);
          calls.inFlight--;
          if (docs.some((d) => d.n === opts.failWriteOf)) throw new Error('database went away');
          const dups = docs.filter((d) => stored.has(d._id));
          for (const d of docs) if (!stored.has(d._id)) stored.set(d._id, d);
          if (dups.length) throw Object.assign(new Error('E11000'), { writeErrors: dups.map(() => ({ code: 11000 })) });
        },
      },
    };
    const copies = { collection: { insertOne: async () => undefined }, deleteOne: async () => undefined };
    return { store: new FileStore(files as never, chunks as never, copies as never, {} as never, {} as never), stored, calls };
  }

  it('copies every chunk in a few batched writes, one in flight at a time, the file document last', async () => {
    const { store: s, stored, calls } = store();
    const file = await s.copy(SOURCE, 'down', TARGET);
    expect(file).toMatchObject({ fileId: TARGET, projectId: 'down', size: CHUNKS * 10 - 3 });
    expect([...stored.keys()].sort()).toEqual(Array.from({ length: CHUNKS }, (_, n) => chunkId(TARGET, n)).sort());
    expect(calls).toMatchObject({ finds: 1, writes: 3, maxInFlight: 1, fileWritten: true });
  });

  it('a retried copy keeps the chunks already copied (idempotent) and ends as a file', async () => {
    const { store: s, stored, calls } = store({ existing: [0, 5, 23] });
    await s.copy(SOURCE, 'down', TARGET);
    expect(stored.size).toBe(CHUNKS);
    expect(calls.fileWritten).toBe(true);
  });

  it('fails on a missing source chunk without writing the file document, and writes nothing after', async () => {
    const { store: s, stored, calls } = store({ missing: 1 });
    await expect(s.copy(SOURCE, 'down', TARGET)).rejects.toThrow('missing chunk 1');
    const atFailure = stored.size;
    await turns(200);
    expect(stored.size).toBe(atFailure);
    expect(calls.fileWritten).toBe(false);
  });

  it('fails on a failed write only once no write is under way, and starts none after it', async () => {
    const { store: s, calls } = store({ failWriteOf: 7 });
    await expect(s.copy(SOURCE, 'down', TARGET)).rejects.toThrow('database went away');
    const writes = calls.writes;
    expect(calls.inFlight).toBe(0);
    await turns(200);
    expect(calls.writes).toBe(writes);
    expect(calls.fileWritten).toBe(false);
  });
});
