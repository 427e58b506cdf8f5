import { queueNames } from '@connect/messaging';
import { BrokerRpc, Scenario, System, directory, eventually, startSystem } from '@connect/testing';
import { MessageEnvelope } from '@connect/contracts';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { anotherDownstream, connect, connectionWhen, downstreamState, ok, publish, published, upload, upstreamRegister } from './sync-helpers';

// S1–S8 end to end through the gateway, with every app a real process on the real broker and database.
describe('the sync engine end to end (S1–S8)', () => {
  let system: System;
  let s: Scenario;

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway', 'connection-service', 'drawing-service', 'sync-service'] });
    s = await directory(system).scenario();
  }, 120_000);
  afterAll(() => system?.stop());

  it('S1–S8: copy, review, follow metadata and deletions, keep markups, stop on disconnect', async () => {
    const up = await upstreamRegister(system, s);
    const down = s.downstream.projectId;
    const downAdmin = system.api(s.downstreamAdmin.token);
    const a1 = await published(up, 'A-1');
    const a2 = await published(up, 'A-2');
    await upload(up, 'A-3'); // never published: never copied (S1)

    // A second downstream of the same upstream stays connected: it shows when upstream changes were processed.
    const witness = await anotherDownstream(system, s);
    const witnessConnection = await connect(system, s, witness);

    // S1: every published upstream revision arrives unpublished, awaiting review, with its drawing, area, discipline and set.
    const connection = await connect(system, s);
    expect(connection.status).toBe('active');
    const copied = await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.revisionsCopied === 2 && c.sync.state === 'idle');
    expect(copied.sync).toMatchObject({
      state: 'idle',
      revisionsTotal: 2,
      revisionsCopied: 2,
      revisionsPending: 0,
      revisionsFailed: 0,
      lastSyncedAt: expect.any(String),
    });
    let state = await downstreamState(system, s.downstreamAdmin, down);
    expect(state.unpublished.map((r) => r.drawingNumber).sort()).toEqual(['A-1', 'A-2']);
    expect(state.unpublished.every((r) => r.connected && !r.published)).toBe(true);
    expect(state.published).toEqual([]);
    const copyOf = (number: string) => state.unpublished.find((r) => r.drawingNumber === number);
    expect(copyOf('A-1')).toMatchObject({ title: 'Plan A-1', sha256: a1.sha256, set: { name: 'Issued for construction' } });
    expect(copyOf('A-1').id).not.toBe(a1.id);
    expect(state.areas).toEqual([expect.objectContaining({ name: 'Level 1', description: 'Ground floor', connected: true })]);
    // Files are the downstream project's own (S1): downloadable byte for byte from the downstream project.
    const file = await downAdmin.get(`/projects/${down}/drawing-revisions/${copyOf('A-2').id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('etag')).toContain(a2.sha256);

    // Review: the downstream publishes A-1's copy; D6 names the source.
    const a1Copy = copyOf('A-1');
    const a2Copy = copyOf('A-2');
    ok(await downAdmin.post(`/projects/${down}/drawing-revisions/publish`, { revisionIds: [a1Copy.id] }), 200);
    const drawing = ok(await downAdmin.get(`/projects/${down}/drawings/${a1Copy.drawingId}`), 200);
    expect(drawing).toMatchObject({
      connected: true,
      source: { companyName: s.upstream.company.name, projectName: s.upstream.project.name },
      currentRevision: { id: a1Copy.id },
    });

    // S3: D3 metadata changes upstream reach published and unpublished copies.
    ok(await up.api.patch(`/projects/${up.projectId}/drawings/${a1.drawingId}`, { title: 'Ground floor plan', obsolete: true }), 200);
    ok(await up.api.patch(`/projects/${up.projectId}/drawing-revisions/${a2.id}`, { revisionStatus: 'For construction', drawingDate: '2024-06-01' }), 200);
    ok(await up.api.patch(`/projects/${up.projectId}/drawing-areas/${up.areaId}`, { name: 'Level 1 (east)' }), 200);
    ok(await up.api.patch(`/projects/${up.projectId}/drawing-sets/${up.setId}`, { name: 'IFC rev B' }), 200);
    ok(await up.api.patch(`/projects/${up.projectId}/drawing-disciplines/${up.disciplineId}`, { name: 'Architecture', position: 3 }), 200);
    const seen = await eventually(
      async () => ({
        d1: ok(await downAdmin.get(`/projects/${down}/drawings/${a1Copy.drawingId}`), 200),
        r2: ok(await downAdmin.get(`/projects/${down}/drawing-revisions/${a2Copy.id}`), 200),
      }),
      ({ d1, r2 }) =>
        d1.title === 'Ground floor plan' &&
        r2.revisionStatus === 'For construction' &&
        d1.area.name === 'Level 1 (east)' &&
        d1.discipline.position === 3 &&
        r2.set?.name === 'IFC rev B',
    );
    expect(seen.d1).toMatchObject({
      title: 'Ground floor plan',
      obsolete: true,
      area: { name: 'Level 1 (east)' },
      discipline: { name: 'Architecture', position: 3 },
      currentRevision: { set: { name: 'IFC rev B' } },
    });
    expect(seen.r2).toMatchObject({ revisionStatus: 'For construction', drawingDate: '2024-06-01', set: { name: 'IFC rev B' } });
    // D6: synced metadata is read-only downstream.
    expect((await downAdmin.patch(`/projects/${down}/drawings/${a1Copy.drawingId}`, { title: 'mine' })).status).toBe(422);

    // S5: a downstream markup survives a new upstream revision; upstream markups are never copied.
    ok(await downAdmin.post(`/projects/${down}/drawing-revisions/${a1Copy.id}/markups`, { kind: 'cloud', data: { note: 'check duct' } }), 201);
    ok(await up.api.post(`/projects/${up.projectId}/drawing-revisions/${a1.id}/markups`, { kind: 'cloud', data: { note: 'upstream only' } }), 201);
    const a1r2 = await published(up, 'A-1', { revisionNumber: '2' });
    const updated = await eventually(
      () => downAdmin.get(`/projects/${down}/drawings/${a1Copy.drawingId}`),
      (r) => r.body.connectedUpdateAvailable === true,
    );
    expect(updated.body).toMatchObject({ connectedUpdateAvailable: true, currentRevision: { id: a1Copy.id } });
    expect(updated.body.revisions.map((r: any) => r.revisionNumber).sort()).toEqual(['1', '2']);
    const markups = ok(await downAdmin.get(`/projects/${down}/drawing-revisions/${a1Copy.id}/markups`), 200);
    expect(markups.items.map((m: any) => m.data)).toEqual([{ note: 'check duct' }]);
    const newCopy = updated.body.revisions.find((r: any) => r.revisionNumber === '2');
    expect(ok(await downAdmin.get(`/projects/${down}/drawing-revisions/${newCopy.id}/markups`), 200).items).toEqual([]);
    expect(a1r2.drawingId).toBe(a1.drawingId);

    // S4: an upstream deletion removes the downstream drawing, reported "deleted upstream"; the area stays.
    ok(await up.api.del(`/projects/${up.projectId}/drawings/${a2.drawingId}`), 204);
    const report = await eventually(
      () => downAdmin.get(`/projects/${down}/reports/deleted-drawing-revisions`),
      (r) => r.body.items?.length === 1,
    );
    expect(report.body.items).toEqual([expect.objectContaining({ revisionId: a2Copy.id, drawingNumber: 'A-2', reason: 'deleted upstream', deletedBy: null })]);
    expect((await eventually(() => downAdmin.get(`/projects/${down}/drawings/${a2Copy.drawingId}`), (r) => r.status === 404)).status).toBe(404);
    state = await downstreamState(system, s.downstreamAdmin, down);
    expect(state.areas.map((a) => a.name)).toEqual(['Level 1 (east)']);
    const progress = await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.revisionsCopied === 2 && c.sync.revisionsTotal === 2);
    expect(progress.sync).toMatchObject({ revisionsTotal: 2, revisionsCopied: 2, revisionsPending: 0, state: 'idle' });

    // S6: after a disconnect nothing changes downstream; the published copy stays.
    ok(await system.api(s.connector.token).post(`/connections/${connection.id}/disconnect`, { acceptTerms: true, reason: 'job done' }), 200);
    await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.state === 'stopped');
    const before = await downstreamState(system, s.downstreamAdmin, down);
    ok(await up.api.patch(`/projects/${up.projectId}/drawings/${a1.drawingId}`, { title: 'After disconnect' }), 200);
    const a4 = await published(up, 'A-4');
    // The witness connection copies A-4 and sees the new title: the changes were processed.
    await eventually(
      () => downstreamState(system, s.downstreamAdmin, witness),
      (w) => w.unpublished.some((r) => r.drawingNumber === 'A-4') && w.unpublished.some((r) => r.title === 'After disconnect'),
    );
    expect(witnessConnection.status).toBe('active');
    const after = await downstreamState(system, s.downstreamAdmin, down);
    expect(after).toEqual(before);
    expect(after.published.map((r) => r.id)).toEqual([a1Copy.id]);
    expect(a4.id).toBeDefined();
  }, 180_000);

  it('C14: a downstream undo removes the unpublished copies the connection made', async () => {
    const s2 = await directory(system).scenario();
    const up = await upstreamRegister(system, s2);
    await published(up, 'U-1');
    await published(up, 'U-2');
    const connection = await connect(system, s2);
    await connectionWhen(system, s2.connector.token, connection.id, (c) => c.sync.revisionsCopied === 2);
    expect((await downstreamState(system, s2.downstreamAdmin, s2.downstream.projectId)).unpublished).toHaveLength(2);

    ok(await system.api(s2.connector.token).post(`/connections/${connection.id}/undo`), 200);
    const gone = await eventually(
      () => downstreamState(system, s2.downstreamAdmin, s2.downstream.projectId),
      (d) => d.unpublished.length === 0,
    );
    expect(gone.unpublished).toEqual([]);
    expect(gone.drawings).toEqual([]);
    // A publish after the undo copies nothing.
    await publish(up, [(await upload(up, 'U-3')).id]);
    expect((await downstreamState(system, s2.downstreamAdmin, s2.downstream.projectId)).unpublished).toEqual([]);
  }, 120_000);

  it('resync: a downstream copy damaged behind the engine\'s back (one deleted, one edited) is repaired; 401/403/404/409 as API.md', async () => {
    const s3 = await directory(system).scenario();
    const up = await upstreamRegister(system, s3);
    await published(up, 'R-1');
    await published(up, 'R-2');
    await published(up, 'R-3');
    const connection = await connect(system, s3);
    await connectionWhen(system, s3.connector.token, connection.id, (c) => c.sync.revisionsCopied === 3 && c.sync.state === 'idle');
    const down = s3.downstream.projectId;
    const clean = await downstreamState(system, s3.downstreamAdmin, down);

    const mongo = await MongoClient.connect(system.env['MONGO_URL']);
    try {
      const db = mongo.db(`connect_drawing_service${system.env['MONGO_DB_SUFFIX']}`);
      const [gone, edited] = clean.unpublished.filter((r) => r.drawingNumber !== 'R-3');
      await db.collection('drawing_revisions').deleteOne({ _id: gone.id } as never);
      // In place, raising the version as every in-place change must (the version guard).
      await db.collection('drawings').updateOne({ _id: edited.drawingId } as never, { $set: { title: 'Tampered' }, $inc: { version: 1 } });
      const damaged = await downstreamState(system, s3.downstreamAdmin, down);
      expect(damaged.unpublished).toHaveLength(2);
      expect(damaged.unpublished.find((r) => r.id === edited.id).title).toBe('Tampered');
    } finally {
      await mongo.close();
    }

    const api = (token?: string) => system.api(token);
    expect((await api().post(`/connections/${connection.id}/resync`)).status).toBe(401);
    expect((await api(s3.viewer.token).post(`/connections/${connection.id}/resync`)).status).toBe(403);
    expect((await api(s3.outsider.token).post(`/connections/${connection.id}/resync`)).status).toBe(404);
    const started = await api(s3.upstreamAdmin.token).post(`/connections/${connection.id}/resync`);
    expect([started.status, started.body]).toEqual([202, { connectionId: connection.id, started: true }]);

    const repaired = await eventually(
      () => downstreamState(system, s3.downstreamAdmin, down),
      (d) => d.unpublished.length === 3 && d.unpublished.every((r) => r.title.startsWith('Plan ')),
    );
    const ids = (d: typeof clean) => d.unpublished.map((r) => [r.id, r.drawingNumber, r.title, r.sha256]).sort();
    expect(ids(repaired)).toEqual(ids(clean));

    ok(await api(s3.connector.token).post(`/connections/${connection.id}/disconnect`, { acceptTerms: true, reason: 'done' }), 200);
    expect((await api(s3.connector.token).post(`/connections/${connection.id}/resync`)).status).toBe(409);
  }, 120_000);

  it('S7: every sync message delivered twice more, in shuffled order: the downstream ends identical to the clean run', async () => {
    const tap = await BrokerRpc.open(system.env['AMQP_URL'], ['drawing.#', 'sync.copies.requested.v1']);
    try {
      const s4 = await directory(system).scenario();
      const up = await upstreamRegister(system, s4);
      const down = s4.downstream.projectId;
      const p1 = await published(up, 'P-1');
      const p2 = await published(up, 'P-2');
      await published(up, 'P-3');
      const connection = await connect(system, s4);
      await connectionWhen(system, s4.connector.token, connection.id, (c) => c.sync.revisionsCopied === 3);
      ok(await up.api.patch(`/projects/${up.projectId}/drawings/${p1.drawingId}`, { title: 'First title' }), 200);
      ok(await up.api.patch(`/projects/${up.projectId}/drawings/${p1.drawingId}`, { title: 'Final title' }), 200);
      ok(await up.api.patch(`/projects/${up.projectId}/drawing-revisions/${p1.id}`, { revisionStatus: 'Approved' }), 200);
      await published(up, 'P-1', { revisionNumber: '2' });
      ok(await up.api.del(`/projects/${up.projectId}/drawings/${p2.drawingId}`), 204);
      const snapshot = async () => ({
        ...(await downstreamState(system, s4.downstreamAdmin, down)),
        report: ok(await system.api(s4.downstreamAdmin.token).get(`/projects/${down}/reports/deleted-drawing-revisions`), 200).items,
      });
      const clean = await eventually(snapshot, (d) => d.unpublished.length === 3 && d.report.length === 1 && d.unpublished.some((r) => r.title === 'Final title' && r.revisionStatus === 'Approved'));
      expect(clean.unpublished.map((r) => [r.drawingNumber, r.revisionNumber, r.title]).sort()).toEqual([
        ['P-1', '1', 'Final title'],
        ['P-1', '2', 'Final title'],
        ['P-3', '1', 'Plan P-3'],
      ]);

      const ours = new Set([up.projectId, down]);
      // The sync messages: what sync-service consumes and what it sends (users' commands are not replayed).
      const SYNC_TYPES = new Set([
        'drawing.revisions.published',
        'drawing.updated',
        'drawing.revision.updated',
        'drawing.area.updated',
        'drawing.discipline.updated',
        'drawing.set.updated',
        'drawing.deleted',
        'drawing.area.deleted',
        'drawing.connected-copies.settled',
        'drawing.connected-copy.upsert',
        'drawing.connected-copy.delete',
        'sync.copies.requested',
      ]);
      const mine = tap.events.filter((e) => {
        const p = e.payload as { projectId?: string };
        return SYNC_TYPES.has(e.type) && p.projectId !== undefined && ours.has(p.projectId);
      });
      expect(mine.length).toBeGreaterThan(10);
      // Twice more each, as new messages (so no inbox hides them), in random order.
      const replay: MessageEnvelope[] = [...mine, ...mine].map((e) => ({ ...e, id: randomUUID() }));
      for (let i = replay.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [replay[i], replay[j]] = [replay[j], replay[i]];
      }
      for (const e of replay) tap.publishEnvelope(e);
      const drained = async () => {
        const [a, b] = await Promise.all([system.broker.queue(system.vhost, queueNames('sync-service', 3).main), system.broker.queue(system.vhost, queueNames('drawing-service', 3).main)]);
        return (a?.messages ?? 0) + (b?.messages ?? 0);
      };
      await new Promise((r) => setTimeout(r, 500));
      await eventually(drained, (n) => n === 0, 60_000);
      await new Promise((r) => setTimeout(r, 1500));
      await eventually(drained, (n) => n === 0, 60_000);
      expect(await snapshot()).toEqual(clean);
    } finally {
      await tap.close();
    }
  }, 180_000);
});
