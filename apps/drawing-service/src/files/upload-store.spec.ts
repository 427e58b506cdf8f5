import { mongo } from 'mongoose';
import { chunkId } from './file-chunk.schema';
import { UploadStore } from './upload-store';

/**
 * A chunk put (D2, issue 17.5) looks its upload up while it writes the chunk: it answers only once both are done, so
 * no write of a failed put is still under way (an abort's removal of the upload's bytes could run before it lands);
 * and a chunk already stored under its id gets a receipt only if it is this project's and of this size.
 */
describe('UploadStore.putChunk', () => {
  const UPLOAD = 'upload-1';
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };
  const duplicate = () => Object.assign(new Error('E11000 duplicate key'), { code: 11000 });

  function store(opts: { lookup: () => Promise<unknown>; insert: () => Promise<unknown>; existing?: object }) {
    const calls = { deleted: [] as string[], receipts: [] as string[] };
    const uploads = { collection: { findOne: opts.lookup } };
    const chunks = {
      collection: {
        insertOne: opts.insert,
        findOne: async () => opts.existing ?? null,
        deleteOne: async (q: { _id: string }) => {
          calls.deleted.push(q._id);
        },
      },
    };
    const parts = {
      collection: {
        insertMany: async (docs: { _id: string }[]) => {
          calls.receipts.push(...docs.map((d) => d._id));
        },
      },
    };
    const config = { DRAWING_MAX_FILE_BYTES: 1 << 30 };
    return { store: new UploadStore(uploads as never, parts as never, chunks as never, {} as never, config as never), calls };
  }
  const open = async () => ({ _id: UPLOAD, projectId: 'p1', state: 'open' });

  it('a failed lookup answers only once the chunk write settled, and takes the chunk it stored away again', async () => {
    let land!: () => void;
    const insert = () => new Promise<void>((resolve) => (land = resolve));
    const { store: uploads, calls } = store({ lookup: () => Promise.reject(new Error('lookup timed out')), insert });
    let settled = false;
    const put = uploads.putChunk('p1', UPLOAD, 1, Buffer.from('bytes')).finally(() => (settled = true));
    put.catch(() => undefined);
    await turns(10);
    expect(settled).toBe(false); // the chunk write is still under way
    land();
    await expect(put).rejects.toThrow('lookup timed out');
    expect(calls.deleted).toEqual([chunkId(UPLOAD, 1)]);
    expect(calls.receipts).toEqual([]);
  });

  it('D2: a chunk of an upload aborted because a chunk crossed the limit is refused FILE_TOO_LARGE, not UPLOAD_NOT_FOUND', async () => {
    const aborted = async (tooLarge: boolean) => ({ _id: UPLOAD, projectId: 'p1', state: 'aborted', ...(tooLarge && { tooLarge: true }) });
    const refused = async (tooLarge: boolean) => {
      const { store: uploads } = store({ lookup: () => aborted(tooLarge), insert: async () => undefined });
      return uploads.putChunk('p1', UPLOAD, 1, Buffer.from('bytes')).catch((err: { code?: string }) => err.code);
    };
    expect(await refused(true)).toBe('FILE_TOO_LARGE');
    expect(await refused(false)).toBe('UPLOAD_NOT_FOUND');
  });

  it('a failed chunk write answers only once the lookup settled', async () => {
    let answer!: (u: unknown) => void;
    const { store: uploads } = store({ lookup: () => new Promise((resolve) => (answer = resolve)), insert: () => Promise.reject(new Error('write failed')) });
    let settled = false;
    const put = uploads.putChunk('p1', UPLOAD, 1, Buffer.from('bytes')).finally(() => (settled = true));
    put.catch(() => undefined);
    await turns(10);
    expect(settled).toBe(false);
    answer(await open());
    await expect(put).rejects.toThrow('write failed');
  });

  it('a chunk already stored (a redelivery) gets its receipt when it is of this project and size', async () => {
    const existing = { _id: chunkId(UPLOAD, 1), projectId: 'p1', data: new mongo.Binary(Buffer.from('bytes')) };
    const { store: uploads, calls } = store({ lookup: open, insert: () => Promise.reject(duplicate()), existing });
    await expect(uploads.putChunk('p1', UPLOAD, 1, Buffer.from('bytes'))).resolves.toEqual({ index: 1, size: 5 });
    expect(calls.receipts).toEqual([chunkId(UPLOAD, 1)]);
  });

  it('a chunk already stored of another project, or of another size, gets no receipt', async () => {
    for (const [existing, code] of [
      [{ _id: chunkId(UPLOAD, 1), projectId: 'p2', data: new mongo.Binary(Buffer.from('bytes')) }, 'UPLOAD_NOT_FOUND'],
      [{ _id: chunkId(UPLOAD, 1), projectId: 'p1', data: new mongo.Binary(Buffer.from('other bytes')) }, 'CONFLICT'],
    ] as const) {
      const { store: uploads, calls } = store({ lookup: open, insert: () => Promise.reject(duplicate()), existing });
      await expect(uploads.putChunk('p1', UPLOAD, 1, Buffer.from('bytes'))).rejects.toMatchObject({ code });
      expect(calls.receipts).toEqual([]);
      expect(calls.deleted).toEqual([]);
    }
  });
});
