import { BrokerRpc, Scenario, SeedTarget, System, directory, seedPublishedRevisions, startSystem } from '@connect/testing';
import { MongoClient } from 'mongodb';

/**
 * The register's pages (issue 17.6) on the real broker and database: a walk
 * of `GET /drawings` page by page gives every drawing once, in `_id` order,
 * with and without `?areaId=`; under adds and removes between pages it skips
 * nothing that existed before the walk began and still exists, and gives
 * nothing twice; drawings written before the bucket keys existed are keyed at
 * startup. (That a page is equality queries only is register-queries.spec.ts.)
 */
describe('the register walked page by page (issue 17.6, D1)', () => {
  let system: System;
  let rpc: BrokerRpc;

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway', 'drawing-service'] });
    rpc = await BrokerRpc.open(system.env['AMQP_URL'], []);
  });

  afterAll(async () => {
    await rpc?.close();
    await system?.stop();
  });

  interface Seeded {
    s: Scenario;
    tower: SeedTarget;
    annex: SeedTarget;
  }

  async function seeded(tower: number, annex: number): Promise<Seeded> {
    const s = await directory(system).scenario();
    const api = system.api(s.upstreamAdmin.token);
    const p = `/projects/${s.upstream.projectId}`;
    const discipline = (await api.post(`${p}/drawing-disciplines`, { name: 'Architectural' })).body;
    const target = async (name: string): Promise<SeedTarget> => ({
      projectId: s.upstream.projectId,
      companyId: s.upstream.companyId,
      areaId: (await api.post(`${p}/drawing-areas`, { name })).body.id,
      disciplineId: discipline.id,
      admin: s.upstreamAdmin,
    });
    const r = { s, tower: await target('Tower'), annex: await target('Annex') };
    await seedPublishedRevisions(rpc, r.tower, tower, { prefix: 'T' });
    await seedPublishedRevisions(rpc, r.annex, annex, { prefix: 'X' });
    await seedPublishedRevisions(rpc, r.tower, 3, { prefix: 'U', publishEach: 0 }); // unpublished: not in the register
    return r;
  }

  interface Listed {
    id: string;
    number: string;
    area: { id: string };
    currentRevision: { revisionNumber: string } | null;
  }

  /**
   * The whole walk; `between(page, cursorId)` runs after each page but the last.
   * Small pages make drawing-service read buckets (not the whole project) on these small projects.
   */
  async function walk(r: Seeded, query: string, between: (page: number, lastId: string) => Promise<void> = async () => undefined, limit = 4): Promise<Listed[]> {
    const api = system.api(r.s.upstreamAdmin.token);
    const seen: Listed[] = [];
    let cursor: string | null = null;
    for (let page = 0; ; page++) {
      const res = await api.get(`/projects/${r.s.upstream.projectId}/drawings?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
      if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
      const body = res.body as { items: Listed[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) return seen;
      await between(page, body.items[body.items.length - 1].id);
    }
  }

  const ids = (xs: Listed[]) => xs.map((d) => d.id);
  const sorted = (xs: string[]) => [...xs].sort();

  it('issue 17.6: every published drawing once, in _id order, over several pages; with ?areaId= only that area, the same way', async () => {
    const r = await seeded(50, 25);
    const all = await walk(r, '');
    expect(all).toHaveLength(75);
    expect(new Set(ids(all)).size).toBe(75);
    expect(ids(all)).toEqual(sorted(ids(all)));
    expect(all.every((d) => d.currentRevision?.revisionNumber === '1')).toBe(true);
    expect(ids(await walk(r, '', undefined, 15))).toEqual(ids(all));
    expect(sorted(all.map((d) => d.number))).toEqual(sorted([...Array.from({ length: 50 }, (_, i) => `T-${String(i).padStart(6, '0')}`), ...Array.from({ length: 25 }, (_, i) => `X-${String(i).padStart(6, '0')}`)]));

    const annex = await walk(r, `&areaId=${r.annex.areaId}`);
    expect(annex).toHaveLength(25);
    expect(annex.every((d) => d.area.id === r.annex.areaId)).toBe(true);
    expect(ids(annex)).toEqual(ids(all.filter((d) => d.area.id === r.annex.areaId)));
  });

  it('issue 17.6: drawings added and deleted between pages — nothing twice, nothing skipped that existed before and still exists', async () => {
    const r = await seeded(60, 0);
    const before = await walk(r, '');
    const api = system.api(r.s.upstreamAdmin.token);
    const deleted = new Set<string>();
    const deletedAhead: string[] = [];
    const deletedGiven: string[] = [];
    let added = 0;
    const during = await walk(r, '', async (page, lastId) => {
      if (page > 2) return;
      // One drawing the walk has given and one it has not reached yet are deleted; two are published.
      const given = before.find((d) => d.id <= lastId && !deleted.has(d.id))!;
      const ahead = before.find((d) => d.id > lastId && !deleted.has(d.id))!;
      for (const d of [given, ahead]) {
        expect((await api.del(`/projects/${r.s.upstream.projectId}/drawings/${d.id}`)).status).toBe(204);
        deleted.add(d.id);
      }
      deletedGiven.push(given.id);
      deletedAhead.push(ahead.id);
      await seedPublishedRevisions(rpc, r.tower, 2, { prefix: `N${page}` });
      added += 2;
    });
    expect(new Set(ids(during)).size).toBe(during.length);
    expect(ids(during)).toEqual(sorted(ids(during)));
    const kept = ids(before).filter((id) => !deleted.has(id));
    for (const id of kept) expect(ids(during)).toContain(id);
    // Deleted after the walk gave it: it was given; deleted before the walk reached it: not given.
    expect(deletedGiven.filter((id) => ids(during).includes(id))).toEqual(deletedGiven);
    expect(deletedAhead.filter((id) => ids(during).includes(id))).toEqual([]);
    // Every added drawing the walk gave sorts after the place the walk had reached when it was added, and the register now has them all.
    expect((await walk(r, '')).length).toBe(60 - deleted.size + added);
  });

  it('issue 17.6: drawings stored before the bucket keys existed are keyed when drawing-service starts (once: later starts skip it), and listed again', async () => {
    const r = await seeded(20, 0);
    const before = await walk(r, '');
    const dbName = `connect_drawing_service${system.env['MONGO_DB_SUFFIX']}`;
    const mongo = await MongoClient.connect(system.env['MONGO_URL']);
    try {
      const drawings = mongo.db(dbName).collection<{ _id: string; version: number }>('drawings');
      const old = before.slice(0, 7).map((d) => d.id);
      // As an older drawing-service stored them: no bucket keys (a raw write must raise the version guard's `version`).
      for (const _id of old) await drawings.updateOne({ _id }, { $unset: { bucket1: '', bucket2: '', bucket3: '' }, $inc: { version: 1 } });
      expect(await drawings.countDocuments({ _id: { $in: old }, bucket3: { $exists: true } })).toBe(0);
      // This database's first start already ran the backfill; one of an older release has no marker.
      const migrations = mongo.db(dbName).collection<{ _id: string }>('drawing_register_migrations');
      expect(await migrations.countDocuments({ _id: 'drawing-bucket-keys' })).toBe(1);
      await migrations.deleteOne({ _id: 'drawing-bucket-keys' });
      await system.stopInstance('drawing-service');
      await system.startInstance('drawing-service');
      expect(ids(await walk(r, '', undefined, 2))).toEqual(ids(before));
      expect(await drawings.countDocuments({ _id: { $in: old }, bucket3: { $exists: true } })).toBe(7);
      expect(await migrations.countDocuments({ _id: 'drawing-bucket-keys' })).toBe(1);

      // Done once: a later start does not search again (every drawing read: $exists is not pushed down).
      await drawings.updateOne({ _id: old[0] }, { $unset: { bucket1: '', bucket2: '', bucket3: '' }, $inc: { version: 1 } });
      await system.stopInstance('drawing-service');
      await system.startInstance('drawing-service');
      expect(await drawings.countDocuments({ _id: old[0], bucket3: { $exists: true } })).toBe(0);
    } finally {
      await mongo.close();
    }
  });
});
