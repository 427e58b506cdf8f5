import { BrokerRpc, Scenario, SeedTarget, System, directory, seedPublishedRevisions, startSystem } from '@connect/testing';

/**
 * The register page cache (issue 17.6) on the real broker and database, with two drawing-service
 * instances consuming one queue (requests alternate between them): a page both instances hold is
 * never served after a change of the register — a write handled by either instance, then a read on
 * each of them at once. D3 edits (drawing, area, discipline, set, revision), D1 publish, D4 deletion.
 * A cached page never reaches another project or a reader whose permission was just taken away.
 */
describe('register pages served from the cache, never stale (issue 17.6, D1, D3, D4)', () => {
  let system: System;
  let rpc: BrokerRpc;

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway', 'drawing-service'], instances: { 'drawing-service': 2 } });
    rpc = await BrokerRpc.open(system.env['AMQP_URL'], []);
  });

  afterAll(async () => {
    await rpc?.close();
    await system?.stop();
  });

  /** Register page reads of each drawing-service instance so far, by result (its /metrics). */
  async function reads(): Promise<Array<{ hit: number; miss: number }>> {
    return Promise.all(
      [0, 1].map(async (i) => {
        const text = await (await fetch(`${system.url('drawing-service', i)}/metrics`)).text();
        const count = (result: string) => Number(new RegExp(`^drawing_register_page_cache_reads_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
        return { hit: count('hit'), miss: count('miss') };
      }),
    );
  }

  interface Listed {
    id: string;
    number: string;
    title: string;
    area: { id: string; name: string };
    discipline: { name: string };
    currentRevision: { id: string; revisionNumber: string; revisionStatus: string | null; set: { name: string } | null } | null;
  }

  async function seeded(): Promise<{ s: Scenario; target: SeedTarget }> {
    const s = await directory(system).scenario();
    const api = system.api(s.upstreamAdmin.token);
    const p = `/projects/${s.upstream.projectId}`;
    const target: SeedTarget = {
      projectId: s.upstream.projectId,
      companyId: s.upstream.companyId,
      areaId: (await api.post(`${p}/drawing-areas`, { name: 'Tower' })).body.id,
      disciplineId: (await api.post(`${p}/drawing-disciplines`, { name: 'Architectural' })).body.id,
      setId: (await api.post(`${p}/drawing-sets`, { name: 'Issued for construction', date: '2026-11-01' })).body.id,
      admin: s.upstreamAdmin,
    };
    await seedPublishedRevisions(rpc, target, 6, { prefix: 'C' });
    return { s, target };
  }

  it('a change handled by either instance is seen at once by a read on each instance, though both held the page', async () => {
    const { s, target } = await seeded();
    const p = `/projects/${s.upstream.projectId}`;
    const admin = system.api(s.upstreamAdmin.token);
    const viewer = system.api(s.viewer.token);
    const page = async (): Promise<Listed[]> => {
      const res = await viewer.get(`${p}/drawings?limit=4`);
      expect(res.status).toBe(200);
      return res.body.items as Listed[];
    };

    /** Reads the page until each instance served it from its cache at least twice; then `change`; then reads on both. */
    async function afterChange(change: () => Promise<void>, times = 6): Promise<Listed[][]> {
      const start = await reads();
      for (let i = 0; i < 20; i++) {
        await page();
        const now = await reads();
        if (now.every((r, n) => r.hit - start[n].hit >= 2)) break;
      }
      const warm = await reads();
      expect(warm.map((r, n) => r.hit - start[n].hit >= 2)).toEqual([true, true]);
      await change();
      const pages: Listed[][] = [];
      for (let i = 0; i < times; i++) pages.push(await page());
      // Both instances answered the reads after the change (each had the page from before it).
      const after = await reads();
      expect(after.map((r, n) => r.hit + r.miss - warm[n].hit - warm[n].miss > 0)).toEqual([true, true]);
      return pages;
    }

    const first = (await page())[0];
    const current = first?.currentRevision;
    if (!current) throw new Error('no drawing listed');

    // D3: a drawing's title.
    for (const listed of await afterChange(async () => expect((await admin.patch(`${p}/drawings/${first.id}`, { title: 'Renamed level 1' })).status).toBe(200))) {
      expect(listed.find((d) => d.id === first.id)?.title).toBe('Renamed level 1');
    }
    // D3: the area's name, on every drawing of the page.
    for (const listed of await afterChange(async () => expect((await admin.patch(`${p}/drawing-areas/${target.areaId}`, { name: 'North tower' })).status).toBe(200))) {
      expect(listed.map((d) => d.area.name)).toEqual(listed.map(() => 'North tower'));
    }
    // D3: the discipline's name.
    for (const listed of await afterChange(async () => expect((await admin.patch(`${p}/drawing-disciplines/${target.disciplineId}`, { name: 'Structural' })).status).toBe(200))) {
      expect(listed.map((d) => d.discipline.name)).toEqual(listed.map(() => 'Structural'));
    }
    // D3: the set's name (a current revision names its set).
    for (const listed of await afterChange(async () => expect((await admin.patch(`${p}/drawing-sets/${target.setId}`, { name: 'Revised for construction' })).status).toBe(200))) {
      expect(listed.map((d) => d.currentRevision?.set?.name)).toEqual(listed.map(() => 'Revised for construction'));
    }
    // D3: the current revision's status.
    const revisionPatch = async () => expect((await admin.patch(`${p}/drawing-revisions/${current.id}`, { revisionStatus: 'Superseded' })).status).toBe(200);
    for (const listed of await afterChange(revisionPatch)) {
      expect(listed.find((d) => d.id === first.id)?.currentRevision?.revisionStatus).toBe('Superseded');
    }
    // D1: newly published drawings enter the register (the first page of 4 of 6 + 6 shows some of them, or its cursor moves on).
    const before = (await page()).map((d) => d.id);
    let added: string[] = [];
    const withNew = await afterChange(async () => {
      await seedPublishedRevisions(rpc, target, 6, { prefix: 'N' });
      const all: Listed[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: Listed[]; nextCursor: string | null } } = await admin.get(`${p}/drawings?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        all.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      added = all.filter((d) => d.number.startsWith('N')).map((d) => d.id);
    });
    expect(added).toHaveLength(6);
    const expected = [...before, ...added].sort().slice(0, 4);
    for (const listed of withNew) expect(listed.map((d) => d.id)).toEqual(expected);
    // D4: a deleted drawing leaves the page at once.
    const gone = expected[0];
    for (const listed of await afterChange(async () => expect((await admin.del(`${p}/drawings/${gone}`)).status).toBe(204))) {
      expect(listed.map((d) => d.id)).not.toContain(gone);
    }
  });

  it('a cached page reaches neither another project nor a reader whose permission was just taken away', async () => {
    const { s } = await seeded();
    const { s: other } = await seeded();
    const mine = `/projects/${s.upstream.projectId}/drawings?limit=4`;
    const theirs = `/projects/${other.upstream.projectId}/drawings?limit=4`;
    // Both pages cached on both instances.
    for (let i = 0; i < 4; i++) {
      expect((await system.api(s.viewer.token).get(mine)).status).toBe(200);
      expect((await system.api(other.viewer.token).get(theirs)).status).toBe(200);
    }
    const myIds = (await system.api(s.viewer.token).get(mine)).body.items.map((d: Listed) => d.id);
    const theirIds = (await system.api(other.viewer.token).get(theirs)).body.items.map((d: Listed) => d.id);
    expect(myIds.filter((id: string) => theirIds.includes(id))).toEqual([]);
    // The same query of a project the caller is not in: 404, cached or not.
    for (let i = 0; i < 4; i++) expect((await system.api(s.viewer.token).get(theirs)).status).toBe(404);
    // Drawings access taken away: refused on the very next request, on both instances.
    await directory(system).member(s.upstream.projectId, s.viewer.id, { connectionManager: 'read_only', drawings: 'none' });
    for (let i = 0; i < 4; i++) expect((await system.api(s.viewer.token).get(mine)).status).toBe(403);
  });
});
