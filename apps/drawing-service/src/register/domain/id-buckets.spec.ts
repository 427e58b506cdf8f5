import { uuidFromKey } from '@connect/contracts';
import { randomUUID } from 'node:crypto';
import { BucketLevel, BucketWalk, levelFor, walkBuckets } from './id-buckets';

/** The register's documents in memory; `read` is the equality query a bucket is (prefix of the id). */
function bucketsOf(ids: Set<string>) {
  const reads: { level: BucketLevel; prefix: string }[] = [];
  const read = async (level: BucketLevel, prefix: string) => {
    reads.push({ level, prefix });
    return [...ids].filter((id) => id.startsWith(prefix)).map((_id) => ({ _id }));
  };
  return { read, reads };
}

async function walk(ids: Set<string>, limit: number, between: (page: number) => void = () => undefined): Promise<string[]> {
  const { read } = bucketsOf(ids);
  const seen: string[] = [];
  let after: string | null = null;
  let estimate: number | undefined;
  for (let page = 0; ; page++) {
    const result: BucketWalk<{ _id: string }> = await walkBuckets({ after, limit, estimate }, read);
    expect(result.items.length).toBeLessThanOrEqual(limit);
    seen.push(...result.items.map((d) => d._id));
    estimate = result.estimate;
    if (!result.more) return seen;
    expect(result.items.length).toBe(limit);
    after = result.items[result.items.length - 1]._id;
    between(page);
  }
}

const uuids = (n: number) => new Set(Array.from({ length: n }, () => randomUUID()));

describe('register pages by id buckets (issue 17.6)', () => {
  it.each([
    [0, 50],
    [1, 50],
    [5, 2],
    [49, 50],
    [50, 50],
    [51, 50],
    [300, 7],
    [3000, 50],
    [3000, 200],
  ])('a walk of %i drawings, %i per page, gives each once in _id order', async (n, limit) => {
    const ids = uuids(n);
    const seen = await walk(ids, limit);
    expect(seen).toEqual([...ids].sort());
  });

  it('a walk under adds and removes between pages gives once every drawing that existed before and still exists, nothing twice', async () => {
    const ids = uuids(2000);
    const before = new Set(ids);
    const removed = new Set<string>();
    const seen = await walk(ids, 50, () => {
      for (const id of uuids(20)) ids.add(id);
      for (const id of [...ids].slice(0, 15)) {
        ids.delete(id);
        removed.add(id);
      }
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    for (const id of before) if (!removed.has(id)) expect(seen).toContain(id);
  });

  it('reads few, small buckets: a page of a 10,000-drawing register is 2–4 bucket reads of level 2', async () => {
    // Fixed ids (random ones fill a bucket with 51 or more about 4 % of the time, and the page is then one read).
    const ids = new Set(Array.from({ length: 10_000 }, (_, i) => uuidFromKey(`drawing ${i}`)));
    const { read, reads } = bucketsOf(ids);
    await walkBuckets({ after: null, limit: 50, estimate: 10_000 }, read);
    expect(reads.every((r) => r.level === 2)).toBe(true);
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.length).toBeLessThanOrEqual(4);
  });

  it('picks the level from the size: the whole project when small, finer as it grows', () => {
    expect(levelFor(0, 50)).toBe(0);
    expect(levelFor(200, 50)).toBe(0);
    expect(levelFor(2_000, 50)).toBe(1);
    expect(levelFor(10_000, 50)).toBe(2);
    expect(levelFor(100_000, 50)).toBe(3);
  });
});
