/**
 * Paging by equality (issue 17.6): FerretDB pushes neither ranges nor sorts
 * down (INFRA.md), so `find({projectId, _id: {$gt}}).sort({_id}).limit(n)`
 * reads and sorts the whole project for every page. Instead every drawing
 * (and every revision, by its drawing's id) carries bucket keys derived from
 * its UUID: `bucket<k>` = `<projectId>:<first k hex digits of the id>`, for
 * k = 1, 2, 3 (16, 256 and 4,096 buckets per project), each an indexed field
 * with its GIN twin. A page reads whole buckets by equality, in prefix order,
 * and sorts the few documents of each in memory: the walk is in `_id` order,
 * exactly as before, and the cursor is the same (the last id given).
 *
 * Which level a page reads is only a matter of cost (the finest whose buckets
 * still hold about a third of a page, from the sizes seen so far): every level
 * partitions the same id order, so the position "after id x" or "after every
 * id starting with P" means the same at every level, and a walk may change
 * level between pages or within one.
 *
 * What a walk sees while the register changes: it is a walk over `_id` order
 * whose position is the last id given. A drawing that existed before the walk
 * began and still exists when the walk passes its place is given exactly once;
 * one added or published (or moved into the filtered area) during the walk is
 * given if its id sorts after the position, else not; one deleted, unpublished
 * or moved out before the walk reaches it is not given. Nothing is given twice.
 * Drawing ids are UUIDs made by drawing-service (lower-case hex first), which
 * the prefix enumeration relies on.
 */

export const BUCKET_LEVELS = [1, 2, 3] as const;
export type BucketLevel = 0 | (typeof BUCKET_LEVELS)[number];
const HEX = '0123456789abcdef';
/** Sorts after every character a key can hold: "every key starting with P" is `P + END`. */
const END = '\uffff';

export function bucketField(level: (typeof BUCKET_LEVELS)[number]): `bucket${1 | 2 | 3}` {
  return `bucket${level}`;
}

/** The bucket keys of a document whose walk key (a drawing's id) is `id`. */
export function bucketKeys(projectId: string, id: string): { bucket1: string; bucket2: string; bucket3: string } {
  return { bucket1: `${projectId}:${id.slice(0, 1)}`, bucket2: `${projectId}:${id.slice(0, 2)}`, bucket3: `${projectId}:${id.slice(0, 3)}` };
}

/** The finest level whose buckets are expected to hold at least a third of a page. */
export function levelFor(estimatedSize: number, limit: number): BucketLevel {
  for (let level = BUCKET_LEVELS.length; level >= 1; level--) {
    if (estimatedSize / 16 ** level >= limit / 3) return level as BucketLevel;
  }
  return 0;
}

/** The hex prefix after `prefix` of the same length or shorter (`0f` → `1`), null after `f…f`. */
function nextPrefix(prefix: string): string | null {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const digit = HEX.indexOf(prefix[i]);
    if (digit < 15) return prefix.slice(0, i) + HEX[digit + 1];
  }
  return null;
}

export interface BucketWalk<T> {
  items: T[];
  /** True when more items follow the last one given. */
  more: boolean;
  /** The buckets read, in order (level 0: the whole project, prefix ''). */
  buckets: { level: BucketLevel; prefix: string }[];
  /** The size of the walked set as the buckets read suggest, for the next page's level. */
  estimate: number;
  /** The level of the last bucket read, for the next page (the walk grows coarser one level per read). */
  level: BucketLevel;
}

/**
 * Up to `limit` items after `after` (an id, or null from the start) in id
 * order, reading one bucket at a time through `read` (an equality query).
 *
 * Documents read: the page plus the rest of the last bucket read. A small
 * bucket gives a noisy estimate (one document in a level-2 bucket says 256),
 * so the walk becomes coarser by one level per read at most (`level`: the
 * last level the previous page read): the whole set (level 0) is read only
 * after a level-1 bucket held less than a third of a page, i.e. when the set
 * is expected to be under 16 × limit / 3. Finer is always allowed (cheap).
 */
export async function walkBuckets<T extends { _id: string }>(
  request: { after: string | null; limit: number; estimate?: number; level?: BucketLevel },
  read: (level: BucketLevel, prefix: string) => Promise<T[]>,
  /** The walk key, which must start with the id the buckets are cut from (a revision: `drawingId/_id`). */
  keyOf: (doc: T) => string = (doc) => doc._id,
): Promise<BucketWalk<T>> {
  const { limit } = request;
  let estimate = request.estimate;
  // Wanted: ids > floor. A floor ending in END means "after every id starting with the rest".
  let floor: string | null = request.after;
  const found: T[] = [];
  const buckets: BucketWalk<T>['buckets'] = [];
  let last = request.level;
  while (found.length <= limit) {
    let start: string | null = floor ?? '';
    if (floor?.endsWith(END)) start = nextPrefix(floor.slice(0, -1));
    if (start === null) break;
    const wanted = estimate === undefined ? 2 : levelFor(estimate, limit);
    const level = (last === undefined ? wanted : Math.max(wanted, last - 1)) as BucketLevel;
    last = level;
    const prefix = start.padEnd(level, '0').slice(0, level);
    const docs = await read(level, prefix);
    buckets.push({ level, prefix });
    const seen = docs.length * 16 ** level;
    estimate = estimate === undefined || level === 0 ? seen : (estimate + seen) / 2;
    const after = floor;
    found.push(
      ...docs
        .map((doc) => ({ doc, key: keyOf(doc) }))
        .filter((d) => after === null || d.key > after)
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((d) => d.doc),
    );
    if (level === 0) break;
    floor = prefix + END;
  }
  return { items: found.slice(0, limit), more: found.length > limit, buckets, estimate: estimate ?? 0, level: last ?? 0 };
}
