import { Actor, uuidFromKey } from '@connect/contracts';
import { ChangeLog } from '@connect/persistence';
import { randomUUID } from 'node:crypto';
import { bucketKeys } from '../domain/id-buckets';
import { RegisterStore } from '../store/register.store';
import { RegisterPageCache } from '../views/register-page-cache';
import { RegisterViews } from '../views/register-views';
import { RevisionsHandler } from '../revisions/revisions.handler';
import { DrawingsHandler } from './drawings.handler';

/**
 * The query shape of the register (issue 17.6): FerretDB serves only equality
 * from an index and runs ranges, sorts and limits over every matching document
 * in its memory (INFRA.md), so every query a register page issues must be
 * equality only — no operator, no sort, no skip, no limit — and the page's
 * views must not cost one query per drawing. The collections are recorded in
 * memory (the walk itself is proven against the real database in
 * drawings.int-spec.ts); this spec fails on a page query like
 * `find({_id: {$gt}}).sort({_id}).limit(n)`, and on a page that reads
 * documents in proportion to the project rather than to the page (review of
 * a903da7: every published revision of the page's buckets).
 */
interface Recorded {
  collection: string;
  op: string;
  filter: Record<string, unknown>;
  modifiers: string[];
  /** Documents the query returned (what FerretDB reads and sends for an equality query). */
  rows: number;
}

function recordingModel(collection: string, docs: Record<string, unknown>[], log: Recorded[]) {
  const matches = (doc: Record<string, unknown>, filter: Record<string, unknown>) =>
    Object.entries(filter).every(([k, v]) => {
      if (v && typeof v === 'object' && '$gt' in v) return String(doc[k]) > String((v as { $gt: unknown }).$gt);
      if (v && typeof v === 'object' && '$exists' in v) return (k in doc) === (v as { $exists: boolean }).$exists;
      return doc[k] === v;
    });
  const query = (op: string, filter: Record<string, unknown>) => {
    const entry: Recorded = { collection, op, filter, modifiers: [], rows: 0 };
    log.push(entry);
    let rows = docs.filter((d) => matches(d, filter));
    const q = {
      sort(spec: Record<string, 1 | -1>) {
        entry.modifiers.push('sort');
        const [[k, dir]] = Object.entries(spec);
        rows = [...rows].sort((a, b) => (String(a[k]) < String(b[k]) ? -dir : String(a[k]) > String(b[k]) ? dir : 0));
        return q;
      },
      limit(n: number) {
        entry.modifiers.push('limit');
        rows = rows.slice(0, n);
        return q;
      },
      skip(n: number) {
        entry.modifiers.push('skip');
        rows = rows.slice(n);
        return q;
      },
      lean: () => q,
      exec: async () => {
        entry.rows = op === 'findOne' ? Math.min(rows.length, 1) : rows.length;
        return op === 'findOne' ? (rows[0] ?? null) : rows;
      },
    };
    return q;
  };
  return { find: (f: Record<string, unknown>) => query('find', f), findOne: (f: Record<string, unknown>) => query('findOne', f), collection };
}

describe('the register issues equality queries only (issue 17.6)', () => {
  const projectId = randomUUID();
  const areaId = randomUUID();
  const otherArea = randomUUID();
  const disciplineId = randomUUID();
  const log: Recorded[] = [];
  const drawings: Record<string, unknown>[] = [];
  const revisions: Record<string, unknown>[] = [];
  // 600 drawings of three published revisions each; one in six is in `areaId` (a small area of a larger project).
  for (let i = 0; i < 600; i++) {
    // Fixed ids: the documents a page reads depend on how the ids fall into buckets.
    const _id = uuidFromKey(`drawing ${i}`);
    const revisionIds = [1, 2, 3].map((n) => uuidFromKey(`revision ${i} ${n}`));
    const state = { projectId, number: `A-${i}`, title: 't', areaId: i % 6 ? otherArea : areaId, disciplineId, obsolete: false, connected: false, source: null, origin: null };
    drawings.push({ _id, version: 1, ...state, currentRevisionId: revisionIds[2], hasPublishedRevision: true, connectedUpdateAvailable: false, createdAt: new Date(), ...bucketKeys(projectId, _id) });
    revisionIds.forEach((revisionId, n) =>
      revisions.push({ _id: revisionId, version: 1, projectId, drawingId: _id, revisionNumber: String(n + 1), published: true, setId: null, file: { sha256: 'x' }, createdAt: new Date(), ...bucketKeys(projectId, _id) }),
    );
    if (i % 4 === 0) revisions.push({ _id: uuidFromKey(`unpublished ${i}`), version: 1, projectId, drawingId: _id, revisionNumber: '4', published: false, setId: null, file: { sha256: 'y' }, createdAt: new Date(), ...bucketKeys(projectId, _id) });
  }
  const areas = [areaId, otherArea].map((_id) => ({ _id, version: 1, projectId, name: 'Area', description: null }));
  const disciplines = [{ _id: disciplineId, version: 1, projectId, name: 'Arch', position: 0 }];
  const model = (name: string, docs: Record<string, unknown>[]) => recordingModel(name, docs, log) as never;
  const changeLog = { register: () => undefined } as unknown as ChangeLog;
  const store = new RegisterStore(changeLog, model('areas', areas), model('disciplines', disciplines), model('sets', []), model('drawings', drawings), model('revisions', revisions), model('markups', []), model('deleted', []), null as never);
  // The pages as built, every time (the cache off): what this spec counts is a page's queries.
  const handler = new DrawingsHandler(store, new RegisterViews(store), null as never, null as never, new RegisterPageCache(null as never, { REGISTER_PAGE_CACHE_MAX_BYTES: 0 } as never));
  const revisionsHandler = new RevisionsHandler(store, new RegisterViews(store), null as never, null as never);
  const actor: Actor = { userId: 'u', email: 'u@example.com', name: 'U', companies: [], memberships: [{ projectId, companyId: 'c', connectionManager: 'none', drawings: 'admin' }] };
  const ranged = () => log.filter((q) => q.modifiers.length > 0 || Object.values(q.filter).some((v) => v !== null && typeof v === 'object'));

  it.each([
    ['the whole register', undefined, 50],
    ['one area', areaId, 50],
    ['one area, small pages', areaId, 10],
  ])('%s, walked page by page: every query is an equality, each drawing once in _id order, documents read in proportion to the page (%#)', async (_label, area, limit) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    log.length = 0;
    do {
      const before = log.length;
      const page = await handler.list({ actor, projectId, limit, cursor, ...(area && { areaId: area }) });
      seen.push(...page.items.map((d) => d.id));
      expect(page.items.every((d) => d.currentRevision?.revisionNumber === '3')).toBe(true);
      const read = (collection: string) => log.slice(before).filter((q) => q.collection === collection).reduce((n, q) => n + q.rows, 0);
      // Revisions: the page's current ones, one each (a903da7 read every published revision of the page's buckets: 150-330 per page here, growing with the project).
      expect(read('revisions')).toBeLessThanOrEqual(page.items.length);
      // Drawings: the walked set's documents in the buckets read — the page and at most what one bucket holds beyond it (levelFor).
      expect(read('drawings')).toBeLessThanOrEqual(7 * limit);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    const expected = drawings.filter((d) => !area || d.areaId === area).map((d) => d._id as string).sort();
    expect(seen).toEqual(expected);
    expect(ranged()).toEqual([]);
    // A few bucket queries for the drawings; one index-served lookup by id per current revision; areas and disciplines per distinct id.
    expect(log.filter((q) => q.collection === 'drawings').length / pages).toBeLessThan(8);
    expect(log.filter((q) => q.collection === 'revisions').length).toBe(seen.length);
  });

  it.each([true, false])('the revisions list (published: %s, the review queue), walked page by page: equality queries only, each revision once', async (published) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    log.length = 0;
    do {
      const page = await revisionsHandler.list({ actor, projectId, published, limit: 50, cursor });
      seen.push(...page.items.map((r) => r.id));
      expect(page.items.every((r) => r.drawingNumber.startsWith('A-'))).toBe(true);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    const expected = revisions.filter((r) => r.published === published).map((r) => r._id as string);
    expect([...seen].sort()).toEqual([...expected].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(ranged()).toEqual([]);
    // The page query itself is a bucket read or two; its drawings are one lookup each (O(page), never O(project)).
    expect(log.length / pages).toBeLessThan(50 + 10);
  });
});
