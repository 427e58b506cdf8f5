import { DomainError, uuidFromKey } from '@connect/contracts';
import { bucketKeys } from '../domain/id-buckets';
import { BUCKET_KEYS_MIGRATION, BucketBackfill } from './bucket-backfill';
import { RegisterStore } from './register.store';

/**
 * The startup backfill of drawings' bucket keys (issue 17.6 review 2, 3), over
 * an in-memory store: it runs until a pass has keyed every drawing, then never
 * again (on FerretDB its `$exists` search reads every drawing); it walks one
 * cursor; a drawing whose next change is in the change log but not applied is
 * retried a few times, then left for the next start (no marker) instead of
 * being retried without end. Against the real database: register-pages.int-spec.ts.
 */
type Doc = Record<string, unknown> & { _id: string; version: number; projectId: string };

function fakeStore(docs: Doc[], opts: { unfinished?: Set<string> } = {}) {
  const migrations = new Map<string, unknown>();
  const calls = { find: 0, arrays: 0, updates: 0 };
  const byId = new Map(docs.map((d) => [d._id, d]));
  const model = {
    find: () => {
      calls.find++;
      const unkeyed = () => [...byId.values()].filter((d) => !('bucket3' in d) && !('deletedAt' in d));
      const lean = {
        exec: async () => {
          calls.arrays++;
          return unkeyed();
        },
        cursor: () => ({
          async *[Symbol.asyncIterator]() {
            for (const d of unkeyed()) yield { ...d };
          },
        }),
      };
      return { lean: () => lean };
    },
    db: {
      collection: () => ({
        findOne: async (f: { _id: string }) => migrations.get(f._id) ?? null,
        insertOne: async (d: { _id: string }) => {
          if (migrations.has(d._id)) throw Object.assign(new Error('duplicate'), { code: 11000 });
          migrations.set(d._id, d);
        },
      }),
    },
  };
  const drawings = {
    model,
    find: async (_projectId: string, id: string) => ({ ...byId.get(id)! }),
    update: async (current: Doc, state: Record<string, unknown>) => {
      calls.updates++;
      if (opts.unfinished?.has(current._id)) throw new DomainError('CONCURRENT_MODIFICATION', 'taken');
      if (byId.get(current._id)!.version !== current.version) throw new DomainError('CONCURRENT_MODIFICATION', 'taken');
      byId.set(current._id, { ...state, _id: current._id, version: current.version + 1, ...bucketKeys(current.projectId, current._id) } as unknown as Doc);
    },
  };
  // Revisions are walked the same way; none here.
  const revisions = { aggregate: 'drawing-revision', model: { find: () => ({ lean: () => ({ cursor: () => ({ [Symbol.asyncIterator]: async function* () { yield* []; } }) }) }) } };
  return { store: { drawings, revisions } as unknown as RegisterStore, migrations, calls, byId };
}

const projectId = uuidFromKey('project');
const drawing = (i: number, keyed = false): Doc => {
  const _id = uuidFromKey(`drawing ${i}`);
  return { _id, version: 1, projectId, number: `A-${i}`, ...(keyed && bucketKeys(projectId, _id)) };
};

describe('the bucket-key backfill at startup (issue 17.6 review 2, 3)', () => {
  it('keys every unkeyed drawing through one cursor (no array of them all), writes its marker, and later starts skip it', async () => {
    const { store, migrations, calls, byId } = fakeStore([...Array.from({ length: 30 }, (_, i) => drawing(i)), drawing(99, true), { _id: uuidFromKey('gone'), version: 3, projectId, deletedAt: new Date() }]);
    await new BucketBackfill(store).onModuleInit();
    expect([...byId.values()].filter((d) => !('deletedAt' in d) && !('bucket3' in d))).toEqual([]);
    expect(calls.arrays).toBe(0);
    expect(migrations.has(BUCKET_KEYS_MIGRATION)).toBe(true);

    // Later starts read nothing (a903da7 read every drawing at every start).
    byId.set(drawing(200)._id, drawing(200));
    const finds = calls.find;
    await new BucketBackfill(store).onModuleInit();
    expect(calls.find).toBe(finds);
  });

  it('two instances at once: both finish, the marker is written once, every drawing keyed once', async () => {
    const { store, migrations, byId, calls } = fakeStore(Array.from({ length: 40 }, (_, i) => drawing(i)));
    await Promise.all([new BucketBackfill(store).onModuleInit(), new BucketBackfill(store).onModuleInit()]);
    expect([...byId.values()].every((d) => 'bucket3' in d && d.version === 2)).toBe(true);
    expect(migrations.size).toBe(1);
    expect(calls.updates).toBeGreaterThanOrEqual(40);
  });

  it("a drawing whose next change is unfinished (another instance crashed mid-change) is left after a few tries, and no marker is written", async () => {
    const stuck = drawing(7);
    const { store, migrations, byId, calls } = fakeStore([drawing(1), stuck, drawing(2)], { unfinished: new Set([stuck._id]) });
    await new BucketBackfill(store).onModuleInit();
    expect(calls.updates).toBeLessThan(10);
    expect('bucket3' in byId.get(stuck._id)!).toBe(false);
    expect([drawing(1), drawing(2)].every((d) => 'bucket3' in byId.get(d._id)!)).toBe(true);
    expect(migrations.has(BUCKET_KEYS_MIGRATION)).toBe(false);
  }, 10_000);
});
