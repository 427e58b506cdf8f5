import { SyncProgressReportedV1 } from '@connect/contracts';
import { ApiClient, BrokerRpc, PERMISSIONS, Scenario, ScenarioOptions, System, TestUser, directory, eventually, startSystem, waitFor } from '@connect/testing';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { EventTap } from './event-tap';

/**
 * Connection Manager rules C1–C14 through the gateway over HTTP, with the
 * real broker and database, and two instances of connection-service sharing
 * the work (competing consumers), so every race below is also decided across
 * processes. Each test builds its own companies and projects.
 */
const UNDO_WINDOW_SECONDS = 4;
/** C5's 100,000 scaled down, so that the refusal is reached with a few real uploads. */
const MAX_REVISIONS = 2;

describe('Connections (C1–C14) through the gateway', () => {
  let system: System;
  let dir: ReturnType<typeof directory>;
  let tap: EventTap;
  let mongo: MongoClient;

  beforeAll(async () => {
    system = await startSystem({
      services: ['gateway', 'connection-service', 'drawing-service'],
      instances: { 'connection-service': 2 },
      env: { CONNECTION_UNDO_WINDOW_SECONDS: String(UNDO_WINDOW_SECONDS), CONNECTION_MAX_REVISIONS: String(MAX_REVISIONS) },
    });
    dir = directory(system);
    tap = await EventTap.open(system.env['AMQP_URL']);
    mongo = await MongoClient.connect(system.env['MONGO_URL']);
  });

  afterAll(async () => {
    await mongo?.close();
    await tap?.close();
    await system?.stop();
  });

  const as = (user: TestUser): ApiClient => system.api(user.token);
  /** connection-service's inbox: a message id claimed by a handler and held by '@done' was handled. */
  const inbox = () => mongo.db(`connect_connection_service${system.env['MONGO_DB_SUFFIX']}`).collection<{ _id: string; holder: string | null }>('inbox_claims');
  const scenario = (options?: ScenarioOptions): Promise<Scenario> => dir.scenario(options);
  const manual = (): Promise<Scenario> => scenario({ upstream: { connectionApproval: 'manual' } });

  function connect(s: Scenario, user: TestUser = s.connector, body: object = { upstreamProjectId: s.upstream.projectId, features: ['drawings'] }) {
    return as(user).post(`/projects/${s.downstream.projectId}/connections`, body);
  }

  async function connected(s: Scenario): Promise<{ id: string; status: string }> {
    const res = await connect(s);
    expect(res.status).toBe(201);
    return res.body;
  }

  /** A project of the company on that side, the connector a member of it with C1's levels. */
  async function anotherProject(s: Scenario, side: 'upstream' | 'downstream'): Promise<string> {
    const project = await dir.project(s[side].companyId);
    await dir.member(project.id, s.connector.id, PERMISSIONS.connector);
    return project.id;
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** Uploads `count` (unpublished) revisions into the project as its Drawings admin: C5 counts them all. */
  async function uploadRevisions(admin: TestUser, projectId: string, count: number): Promise<void> {
    const area = await as(admin).post(`/projects/${projectId}/drawing-areas`, { name: 'Level 1' });
    const discipline = await as(admin).post(`/projects/${projectId}/drawing-disciplines`, { name: 'Architectural' });
    expect([area.status, discipline.status]).toEqual([201, 201]);
    for (let i = 0; i < count; i++) {
      const form = new FormData();
      const fields = { areaId: area.body.id, disciplineId: discipline.body.id, drawingNumber: `A-${i}`, title: 'Floor plan', revisionNumber: '1' };
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      const pdf = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${randomUUID()}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
      form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'plan.pdf');
      const res = await as(admin).send('POST', `/projects/${projectId}/drawing-revisions`, { body: form });
      expect(res.status).toBe(201);
    }
  }

  describe('authentication and visibility', () => {
    const endpoints: Array<[string, string]> = [
      ['post', '/projects/p/connections'],
      ['get', '/projects/p/connections'],
      ['get', '/connections/c'],
      ['post', '/connections/c/approve'],
      ['post', '/connections/c/reject'],
      ['post', '/connections/c/cancel'],
      ['post', '/connections/c/disconnect'],
      ['post', '/connections/c/undo'],
      ['get', '/connections/c/events'],
    ];

    it.each(endpoints)('%s %s answers 401 UNAUTHENTICATED without a token or with a bad one', async (method, path) => {
      for (const client of [system.api(), system.api('pc_not-a-token')]) {
        const res = await (client as unknown as Record<string, (p: string, b?: unknown) => Promise<{ status: number; body: { code: string } }>>)[method](path, {});
        expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      }
    });

    it.each(endpoints)('%s %s answers 403 FORBIDDEN to the operator token, which acts for no user', async (method, path) => {
      const res = await (system.api(system.adminToken) as unknown as Record<string, (p: string, b?: unknown) => Promise<{ status: number; body: { code: string } }>>)[method](path, {});
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    });

    it('hides a project from non-members (404 PROJECT_NOT_FOUND) and shows its connections to any member', async () => {
      const s = await scenario();
      const c = await connected(s);
      for (const user of [s.outsider, s.upstreamAdmin]) {
        const res = await as(user).get(`/projects/${s.downstream.projectId}/connections`);
        expect([res.status, res.body.code]).toEqual([404, 'PROJECT_NOT_FOUND']);
      }
      const res = await as(s.downstreamMember).get(`/projects/${s.downstream.projectId}/connections`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    });

    it('hides a connection from members of neither project (404 CONNECTION_NOT_FOUND), as an unknown id', async () => {
      const s = await scenario();
      const c = await connected(s);
      for (const path of [`/connections/${c.id}`, `/connections/${c.id}/events`]) {
        const res = await as(s.outsider).get(path);
        expect([res.status, res.body.code]).toEqual([404, 'CONNECTION_NOT_FOUND']);
      }
      expect((await as(s.outsider).post(`/connections/${c.id}/disconnect`, { acceptTerms: true, reason: 'x' })).body.code).toBe('CONNECTION_NOT_FOUND');
      expect((await as(s.viewer).get('/connections/no-such-connection')).body.code).toBe('CONNECTION_NOT_FOUND');
      for (const user of [s.downstreamMember, s.upstreamAdmin, s.viewer]) expect((await as(user).get(`/connections/${c.id}`)).status).toBe(200);
    });

    it('refuses an unknown upstream project with 404 PROJECT_NOT_FOUND', async () => {
      const s = await scenario();
      const res = await connect(s, s.connector, { upstreamProjectId: 'no-such-project', features: ['drawings'] });
      expect([res.status, res.body.code]).toEqual([404, 'PROJECT_NOT_FOUND']);
    });

    it('refuses a malformed body with 400 VALIDATION_FAILED', async () => {
      const s = await scenario();
      for (const body of [{ features: ['drawings'] }, { upstreamProjectId: s.upstream.projectId }, { upstreamProjectId: s.upstream.projectId, features: 'drawings' }]) {
        const res = await connect(s, s.connector, body);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
    });
  });

  describe('C1 who may request', () => {
    it('lets a user at both companies, CM admin downstream and Drawings read_only on both, connect (201)', async () => {
      const s = await scenario();
      const res = await connect(s);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'active', features: ['drawings'], requestedBy: s.connector.id });
    });

    it.each([
      ['Connection Manager read_only downstream', { down: PERMISSIONS.viewer, up: PERMISSIONS.connector }, 'Connection Manager admin on the downstream project'],
      ['no Drawings access downstream', { down: { connectionManager: 'admin', drawings: 'none' }, up: PERMISSIONS.connector }, 'Drawings read_only on the downstream project'],
      ['no Drawings access upstream', { down: PERMISSIONS.connector, up: { connectionManager: 'admin', drawings: 'none' } }, 'Drawings read_only on the upstream project'],
      ['no membership of the upstream project', { down: PERMISSIONS.connector, up: null }, 'member of the upstream project'],
    ] as const)('refuses a user with %s: 403 PERMISSION_REQUIRED naming it', async (_case, grants, missing) => {
      const s = await scenario();
      const user = await dir.userWithToken(undefined, [[s.downstream.projectId, grants.down], ...(grants.up ? [[s.upstream.projectId, grants.up] as [string, typeof grants.up]] : [])]);
      const res = await connect(s, user);
      expect([res.status, res.body.code]).toEqual([403, 'PERMISSION_REQUIRED']);
      expect(res.body.message).toContain(missing);
    });

    it('names the missing company user when the requester is no user at the upstream company', async () => {
      const s = await scenario();
      const res = await connect(s, s.downstreamAdmin);
      expect([res.status, res.body.code]).toEqual([403, 'PERMISSION_REQUIRED']);
      expect(res.body.message).toContain('user at the upstream company');
    });
  });

  describe('C2 which projects', () => {
    it('connects two projects of one company, whatever their names (201)', async () => {
      const s = await scenario();
      const sibling = await anotherProject(s, 'downstream');
      const res = await connect(s, s.connector, { upstreamProjectId: sibling, features: ['drawings'] });
      expect(res.status).toBe(201);
      expect(res.body.upstream.companyId).toBe(res.body.downstream.companyId);
    });

    it('refuses a project connecting to itself: 422 CONNECTION_SELF', async () => {
      const s = await scenario();
      const res = await connect(s, s.connector, { upstreamProjectId: s.downstream.projectId, features: ['drawings'] });
      expect([res.status, res.body.code]).toEqual([422, 'CONNECTION_SELF']);
    });
  });

  describe('C3 one upstream per downstream', () => {
    it('refuses a second upstream while one is pending or active: 409 CONNECTION_ALREADY_EXISTS', async () => {
      for (const s of [await scenario(), await manual()]) {
        await connected(s);
        const other = await anotherProject(s, 'upstream');
        const res = await connect(s, s.connector, { upstreamProjectId: other, features: ['drawings'] });
        expect([res.status, res.body.code]).toEqual([409, 'CONNECTION_ALREADY_EXISTS']);
      }
    });

    it('lets an upstream project serve many downstream projects', async () => {
      const s = await scenario();
      await connected(s);
      const secondDownstream = await anotherProject(s, 'downstream');
      const res = await as(s.connector).post(`/projects/${secondDownstream}/connections`, { upstreamProjectId: s.upstream.projectId, features: ['drawings'] });
      expect(res.status).toBe(201);
    });

    it('race: of 20 concurrent requests for one downstream project (two service instances) exactly one is created, 19 get 409', async () => {
      const s = await scenario();
      const upstreams = [s.upstream.projectId, ...(await Promise.all(Array.from({ length: 4 }, () => anotherProject(s, 'upstream'))))];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => connect(s, s.connector, { upstreamProjectId: upstreams[i % upstreams.length], features: ['drawings'] })),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((x) => x === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409 && r.body.code === 'CONNECTION_ALREADY_EXISTS')).toHaveLength(19);
      const list = await as(s.connector).get(`/projects/${s.downstream.projectId}/connections`);
      expect(list.body.items).toHaveLength(1);
    });
  });

  describe('C4 GovCloud', () => {
    it.each(['upstream', 'downstream'] as const)('refuses a GovCloud company on the %s side: 422 CONNECTION_GOVCLOUD', async (side) => {
      const s = await scenario({ [side]: { govCloud: true } });
      const res = await connect(s);
      expect([res.status, res.body.code]).toEqual([422, 'CONNECTION_GOVCLOUD']);
    });

    it('connects companies outside GovCloud (201)', async () => {
      expect((await connect(await scenario({ upstream: { govCloud: false }, downstream: { govCloud: false } }))).status).toBe(201);
    });
  });

  describe(`C5 revision limit (${MAX_REVISIONS} here, 100,000 by default)`, () => {
    it('connects projects holding exactly the limit (201)', async () => {
      const s = await scenario();
      await uploadRevisions(s.upstreamAdmin, s.upstream.projectId, MAX_REVISIONS);
      await uploadRevisions(s.downstreamAdmin, s.downstream.projectId, MAX_REVISIONS);
      expect((await connect(s)).status).toBe(201);
    });

    it.each(['upstream', 'downstream'] as const)('refuses when the %s project holds more: 422 CONNECTION_TOO_MANY_REVISIONS', async (side) => {
      const s = await scenario();
      await uploadRevisions(side === 'upstream' ? s.upstreamAdmin : s.downstreamAdmin, s[side].projectId, MAX_REVISIONS + 1);
      const res = await connect(s);
      expect([res.status, res.body.code]).toEqual([422, 'CONNECTION_TOO_MANY_REVISIONS']);
      expect(res.body.message).toContain(`the ${side} project`);
    });

    it('checks again on approval: a register grown past the limit since the request is refused, the request stays pending', async () => {
      const s = await manual();
      await uploadRevisions(s.upstreamAdmin, s.upstream.projectId, MAX_REVISIONS);
      const c = await connected(s);
      await uploadRevisions(s.upstreamAdmin, s.upstream.projectId, 1);
      const res = await as(s.upstreamAdmin).post(`/connections/${c.id}/approve`);
      expect([res.status, res.body.code]).toEqual([422, 'CONNECTION_TOO_MANY_REVISIONS']);
      expect((await as(s.upstreamAdmin).get(`/connections/${c.id}`)).body.status).toBe('pending');
    });
  });

  describe('C6 beta opt-in', () => {
    it('refuses a downstream company that has not opted in: 422 CONNECTION_BETA_REQUIRED', async () => {
      const res = await connect(await scenario({ downstream: { connectBeta: false } }));
      expect([res.status, res.body.code]).toEqual([422, 'CONNECTION_BETA_REQUIRED']);
    });

    it('does not require the upstream company to opt in (201)', async () => {
      expect((await connect(await scenario({ upstream: { connectBeta: false } }))).status).toBe(201);
    });
  });

  describe('C7 features', () => {
    it.each([[[]], [['markups']], [['drawings', 'rfis']]])('refuses features %j: 422 CONNECTION_FEATURES_INVALID', async (features) => {
      const s = await scenario();
      const res = await connect(s, s.connector, { upstreamProjectId: s.upstream.projectId, features });
      expect([res.status, res.body.code]).toEqual([422, 'CONNECTION_FEATURES_INVALID']);
    });

    it('accepts drawings (201)', async () => {
      const s = await scenario();
      expect((await connect(s, s.connector, { upstreamProjectId: s.upstream.projectId, features: ['drawings'] })).body.features).toEqual(['drawings']);
    });
  });

  describe('C8 approval, rejection, cancellation; C9 the upstream is always told', () => {
    it('is active at once under automatic approval and announces requested then established', async () => {
      const s = await scenario();
      const c = await connected(s);
      expect(c.status).toBe('active');
      const events = await tap.await(c.id, 2);
      expect(events.map((e) => e.type)).toEqual(['connection.requested', 'connection.established']);
      expect(events[0].payload).toMatchObject({
        connection: { id: c.id, version: 1, status: 'active', approval: 'automatic', upstream: { projectId: s.upstream.projectId, companyName: s.upstream.company.name } },
        actor: { userId: s.connector.id },
      });
    });

    it('stays pending under manual approval, announced to the upstream side all the same', async () => {
      const s = await manual();
      const c = await connected(s);
      expect(c.status).toBe('pending');
      const [requested] = await tap.await(c.id, 1);
      expect(requested).toMatchObject({ type: 'connection.requested', payload: { connection: { status: 'pending', approval: 'manual', version: 1 } } });
    });

    it('is approved by an upstream CM admin only (403 otherwise), once (409 after)', async () => {
      const s = await manual();
      const c = await connected(s);
      for (const user of [s.downstreamAdmin, s.viewer]) {
        const refused = await as(user).post(`/connections/${c.id}/approve`);
        expect([refused.status, refused.body.code]).toEqual([403, 'PERMISSION_REQUIRED']);
      }
      const res = await as(s.upstreamAdmin).post(`/connections/${c.id}/approve`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'active', decidedBy: s.upstreamAdmin.id, version: 2 });
      const again = await as(s.upstreamAdmin).post(`/connections/${c.id}/approve`);
      expect([again.status, again.body.code]).toEqual([409, 'CONNECTION_INVALID_STATE']);
      expect((await tap.await(c.id, 2))[1]).toMatchObject({ type: 'connection.established', payload: { connection: { version: 2, status: 'active' }, actor: { userId: s.upstreamAdmin.id } } });
    });

    it('is rejected by an upstream CM admin with a reason (403 for others), and may then be requested again', async () => {
      const s = await manual();
      const c = await connected(s);
      const refused = await as(s.downstreamAdmin).post(`/connections/${c.id}/reject`, { reason: 'no' });
      expect([refused.status, refused.body.code]).toEqual([403, 'PERMISSION_REQUIRED']);
      const res = await as(s.upstreamAdmin).post(`/connections/${c.id}/reject`, { reason: 'Wrong project' });
      expect(res.body).toMatchObject({ status: 'rejected', decidedBy: s.upstreamAdmin.id, rejectReason: 'Wrong project' });
      expect((await tap.await(c.id, 2))[1]).toMatchObject({ type: 'connection.rejected', payload: { reason: 'Wrong project' } });
      expect((await connect(s)).status).toBe(201);
    });

    it('is cancelled by the downstream CM admin while pending (403 for the upstream, 409 once active)', async () => {
      const s = await manual();
      const c = await connected(s);
      const refused = await as(s.upstreamAdmin).post(`/connections/${c.id}/cancel`);
      expect([refused.status, refused.body.code]).toEqual([403, 'PERMISSION_REQUIRED']);
      const res = await as(s.downstreamAdmin).post(`/connections/${c.id}/cancel`);
      expect(res.body).toMatchObject({ status: 'cancelled', cancelledBy: s.downstreamAdmin.id });
      expect((await tap.await(c.id, 2))[1].type).toBe('connection.cancelled');

      const active = await scenario();
      const late = await as(active.downstreamAdmin).post(`/connections/${(await connected(active)).id}/cancel`);
      expect([late.status, late.body.code]).toEqual([409, 'CONNECTION_INVALID_STATE']);
    });

    it('decides concurrent approve and reject once: one 200, one 409', async () => {
      const s = await manual();
      const c = await connected(s);
      const [a, r] = await Promise.all([as(s.upstreamAdmin).post(`/connections/${c.id}/approve`), as(s.upstreamAdmin).post(`/connections/${c.id}/reject`, {})]);
      expect([a.status, r.status].sort()).toEqual([200, 409]);
      expect(['CONCURRENT_MODIFICATION', 'CONNECTION_INVALID_STATE']).toContain((a.status === 409 ? a : r).body.code);
    });
  });

  describe('C10 disconnect and C11 never again', () => {
    it.each(['downstreamAdmin', 'upstreamAdmin'] as const)('lets the %s disconnect with accepted terms and a reason', async (who) => {
      const s = await scenario();
      const c = await connected(s);
      const res = await as(s[who]).post(`/connections/${c.id}/disconnect`, { acceptTerms: true, reason: 'Project handed over' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'disconnected', disconnectedBy: s[who].id, disconnectReason: 'Project handed over' });
      expect(res.body.disconnectedAt).toEqual(expect.any(String));
      expect((await tap.await(c.id, 3))[2]).toMatchObject({ type: 'connection.disconnected', payload: { reason: 'Project handed over', connection: { status: 'disconnected' } } });
    });

    it('refuses members without CM admin (403), terms not accepted and no reason (422 with their codes), and a second disconnect (409)', async () => {
      const s = await scenario();
      const c = await connected(s);
      const path = `/connections/${c.id}/disconnect`;
      const viewer = await as(s.viewer).post(path, { acceptTerms: true, reason: 'x' });
      expect([viewer.status, viewer.body.code]).toEqual([403, 'PERMISSION_REQUIRED']);
      for (const body of [{ reason: 'x' }, { acceptTerms: false, reason: 'x' }]) {
        const res = await as(s.downstreamAdmin).post(path, body);
        expect([res.status, res.body.code]).toEqual([422, 'CONNECTION_TERMS_NOT_ACCEPTED']);
      }
      for (const body of [{ acceptTerms: true }, { acceptTerms: true, reason: '   ' }]) {
        const res = await as(s.downstreamAdmin).post(path, body);
        expect([res.status, res.body.code]).toEqual([422, 'CONNECTION_REASON_REQUIRED']);
      }
      expect((await as(s.downstreamAdmin).post(path, { acceptTerms: true, reason: 'done' })).status).toBe(200);
      const again = await as(s.upstreamAdmin).post(path, { acceptTerms: true, reason: 'done' });
      expect([again.status, again.body.code]).toEqual([409, 'CONNECTION_INVALID_STATE']);
    });

    it('refuses disconnecting a pending request (409: it is cancelled or rejected instead)', async () => {
      const s = await manual();
      const c = await connected(s);
      const res = await as(s.upstreamAdmin).post(`/connections/${c.id}/disconnect`, { acceptTerms: true, reason: 'x' });
      expect([res.status, res.body.code]).toEqual([409, 'CONNECTION_INVALID_STATE']);
    });

    it('C11: a disconnected downstream project can never connect again, to the same or any other upstream (422)', async () => {
      const s = await scenario();
      const c = await connected(s);
      await as(s.downstreamAdmin).post(`/connections/${c.id}/disconnect`, { acceptTerms: true, reason: 'done' });
      const other = await anotherProject(s, 'upstream');
      for (const upstreamProjectId of [s.upstream.projectId, other]) {
        const res = await connect(s, s.connector, { upstreamProjectId, features: ['drawings'] });
        expect([res.status, res.body.code]).toEqual([422, 'CONNECTION_DOWNSTREAM_DISCONNECTED']);
      }
      // The upstream project was not disconnected as a downstream: it may still serve others.
      const secondDownstream = await anotherProject(s, 'downstream');
      expect((await as(s.connector).post(`/projects/${secondDownstream}/connections`, { upstreamProjectId: s.upstream.projectId, features: ['drawings'] })).status).toBe(201);
    });
  });

  describe('C12 listing from both sides', () => {
    it('lists each side’s connections with its role, the other side’s names, status and sync progress, page by page', async () => {
      const s = await manual();
      const first = await connected(s);
      const secondDownstream = await anotherProject(s, 'downstream');
      const second = (await as(s.connector).post(`/projects/${secondDownstream}/connections`, { upstreamProjectId: s.upstream.projectId, features: ['drawings'] })).body;

      const down = await as(s.downstreamMember).get(`/projects/${s.downstream.projectId}/connections`);
      expect(down.status).toBe(200);
      expect(down.body).toEqual({
        items: [
          expect.objectContaining({
            id: first.id,
            role: 'downstream',
            status: 'pending',
            upstream: { companyId: s.upstream.companyId, companyName: s.upstream.company.name, projectId: s.upstream.projectId, projectName: s.upstream.project.name },
            sync: { state: 'idle', revisionsTotal: 0, revisionsCopied: 0, revisionsPending: 0, revisionsFailed: 0, lastSyncedAt: null },
          }),
        ],
        nextCursor: null,
      });

      const page1 = await as(s.upstreamAdmin).get(`/projects/${s.upstream.projectId}/connections?limit=1`);
      expect(page1.body.items.map((i: { id: string; role: string }) => [i.id, i.role])).toEqual([[second.id, 'upstream']]);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await as(s.upstreamAdmin).get(`/projects/${s.upstream.projectId}/connections?limit=1&cursor=${page1.body.nextCursor}`);
      expect(page2.body).toEqual({ items: [expect.objectContaining({ id: first.id, role: 'upstream', downstream: expect.objectContaining({ projectId: s.downstream.projectId, companyName: s.downstream.company.name }) })], nextCursor: null });

      const tooMany = await as(s.upstreamAdmin).get(`/projects/${s.upstream.projectId}/connections?limit=201`);
      expect([tooMany.status, tooMany.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });
  });

  describe('S8 sync progress as connection-service shows it', () => {
    it('S8 (issue 13, review 10): a disconnected connection shows its sync stopped, even when a report made later than the stop arrives after it', async () => {
      const s = await scenario();
      const c = await connected(s);
      expect((await as(s.downstreamAdmin).post(`/connections/${c.id}/disconnect`, { acceptTerms: true, reason: 'done' })).status).toBe(200);
      const rpc = await BrokerRpc.open(system.env['AMQP_URL']);
      try {
        const at = Date.now();
        const report = (state: 'stopped' | 'idle', ms: number) => {
          const when = new Date(at + ms).toISOString();
          return { connectionId: c.id, progress: { state, revisionsTotal: 3, revisionsCopied: 3, revisionsPending: 0, revisionsFailed: 0, lastSyncedAt: when }, reportedAt: when };
        };
        // sync-service reports the stop; its owner had read the connection as active just before and reports "idle" a moment later.
        rpc.publish(SyncProgressReportedV1, report('stopped', 0));
        const late = report('idle', 50);
        rpc.publish(SyncProgressReportedV1, late);
        const shown = await eventually(
          async () => (await as(s.downstreamAdmin).get(`/connections/${c.id}`)).body,
          (b) => b.sync?.lastSyncedAt === late.progress.lastSyncedAt,
        );
        expect(shown).toMatchObject({ status: 'disconnected', sync: { state: 'stopped', revisionsCopied: 3 } });
        const listed = (await as(s.downstreamAdmin).get(`/projects/${s.downstream.projectId}/connections`)).body.items;
        expect(listed).toEqual([expect.objectContaining({ id: c.id, sync: expect.objectContaining({ state: 'stopped' }) })]);
      } finally {
        await rpc.close();
      }
    });

    it('S8 (issue 13, review 10): reports are ordered by the connection version first — a report made later by an owner that still saw the approval before an upstream undo and re-approval never replaces the newer activation’s', async () => {
      const s = await manual();
      const c = await connected(s);
      expect((await as(s.upstreamAdmin).post(`/connections/${c.id}/approve`)).status).toBe(200);
      const before = (await as(s.upstreamAdmin).get(`/connections/${c.id}`)).body;
      expect((await as(s.upstreamAdmin).post(`/connections/${c.id}/undo`)).status).toBe(200);
      const again = await as(s.upstreamAdmin).post(`/connections/${c.id}/approve`);
      expect(again.body).toMatchObject({ status: 'active' });
      expect(again.body.version).toBeGreaterThan(before.version);
      const rpc = await BrokerRpc.open(system.env['AMQP_URL']);
      try {
        const at = Date.now();
        const report = (connectionVersion: number, state: 'copying' | 'idle', copied: number, ms: number) => {
          const when = new Date(at + ms).toISOString();
          const progress = { state, revisionsTotal: 10, revisionsCopied: copied, revisionsPending: 10 - copied, revisionsFailed: 0, lastSyncedAt: when };
          return { connectionId: c.id, connectionVersion, progress, reportedAt: when };
        };
        const newer = report(again.body.version, 'copying', 4, 0);
        rpc.publish(SyncProgressReportedV1, newer);
        await eventually(
          async () => (await as(s.downstreamAdmin).get(`/connections/${c.id}`)).body,
          (b) => b.sync?.lastSyncedAt === newer.progress.lastSyncedAt,
        );
        // Made 50 ms later by an instance that had read the first approval, it arrives last.
        const stale = randomUUID();
        rpc.publish(SyncProgressReportedV1, report(before.version, 'idle', 10, 50), stale);
        await waitFor(async () => (await inbox().find({ holder: '@done' }).toArray()).some((claim) => claim._id.endsWith(`:${stale}`)));
        expect((await as(s.downstreamAdmin).get(`/connections/${c.id}`)).body).toMatchObject({ status: 'active', sync: newer.progress });
      } finally {
        await rpc.close();
      }
    });
  });

  describe('C13 no chains', () => {
    it('refuses a downstream project as upstream of another, and an upstream project as downstream of another (422 CONNECTION_CHAIN)', async () => {
      const s = await scenario({ upstream: { connectBeta: true } }); // so that only C13 can refuse the upstream project as a downstream
      await connected(s);
      const third = await anotherProject(s, 'downstream');
      const downstreamAsUpstream = await as(s.connector).post(`/projects/${third}/connections`, { upstreamProjectId: s.downstream.projectId, features: ['drawings'] });
      expect([downstreamAsUpstream.status, downstreamAsUpstream.body.code]).toEqual([422, 'CONNECTION_CHAIN']);
      const fourth = await anotherProject(s, 'upstream');
      const upstreamAsDownstream = await as(s.connector).post(`/projects/${s.upstream.projectId}/connections`, { upstreamProjectId: fourth, features: ['drawings'] });
      expect([upstreamAsDownstream.status, upstreamAsDownstream.body.code]).toEqual([422, 'CONNECTION_CHAIN']);
      // The refused requests left no claim behind: the third project can still connect to the upstream one.
      expect((await as(s.connector).post(`/projects/${third}/connections`, { upstreamProjectId: s.upstream.projectId, features: ['drawings'] })).status).toBe(201);
    });

    it('race: two requests that would form a chain never both succeed', async () => {
      const s = await scenario();
      const middle = await anotherProject(s, 'downstream');
      const [a, b] = await Promise.all([
        as(s.connector).post(`/projects/${middle}/connections`, { upstreamProjectId: s.upstream.projectId, features: ['drawings'] }),
        connect(s, s.connector, { upstreamProjectId: middle, features: ['drawings'] }),
      ]);
      expect([a.status, b.status]).not.toEqual([201, 201]);
      expect([a, b].filter((r) => r.status !== 201).every((r) => r.body.code === 'CONNECTION_CHAIN')).toBe(true);
    });
  });

  describe('C14 quick undo', () => {
    it('lets the downstream side undo its request within the window: undone, unlisted, and the project free again (no C11)', async () => {
      const s = await scenario();
      const c = await connected(s);
      const res = await as(s.downstreamAdmin).post(`/connections/${c.id}/undo`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'undone', undoneBy: s.downstreamAdmin.id, undoableUntil: null });
      expect((await tap.await(c.id, 3))[2]).toMatchObject({ type: 'connection.undone', payload: { connection: { status: 'undone' } } });
      expect((await as(s.connector).get(`/projects/${s.downstream.projectId}/connections`)).body.items).toEqual([]);
      expect((await as(s.connector).get(`/connections/${c.id}`)).body.status).toBe('undone');
      expect((await connect(s)).status).toBe(201);
    });

    it('lets the upstream side undo its manual approval within the window: pending again', async () => {
      const s = await manual();
      const c = await connected(s);
      const approved = await as(s.upstreamAdmin).post(`/connections/${c.id}/approve`);
      expect(approved.body.approvalUndoableUntil).toEqual(expect.any(String));
      const res = await as(s.upstreamAdmin).post(`/connections/${c.id}/undo`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'pending', decidedBy: null, approvalUndoableUntil: null });
    });

    it('refuses the upstream side under automatic approval: 422 CONNECTION_UNDO_NOT_ALLOWED; and members without CM admin: 403', async () => {
      const s = await scenario();
      const c = await connected(s);
      const up = await as(s.upstreamAdmin).post(`/connections/${c.id}/undo`);
      expect([up.status, up.body.code]).toEqual([422, 'CONNECTION_UNDO_NOT_ALLOWED']);
      const viewer = await as(s.viewer).post(`/connections/${c.id}/undo`);
      expect([viewer.status, viewer.body.code]).toEqual([403, 'PERMISSION_REQUIRED']);
    });

    it('refuses an undo once the window has passed: 422 CONNECTION_UNDO_EXPIRED', async () => {
      const s = await manual();
      const c = await connected(s);
      expect((await as(s.upstreamAdmin).post(`/connections/${c.id}/approve`)).status).toBe(200);
      await sleep(UNDO_WINDOW_SECONDS * 1000 + 500);
      for (const user of [s.downstreamAdmin, s.upstreamAdmin]) {
        const res = await as(user).post(`/connections/${c.id}/undo`);
        expect([res.status, res.body.code]).toEqual([422, 'CONNECTION_UNDO_EXPIRED']);
      }
    });
  });

  describe('OpenAPI', () => {
    it('/api/docs-json documents every connection endpoint with its request and response schemas', async () => {
      const doc = (await (await fetch(`${system.url()}/api/docs-json`)).json()) as {
        paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> }; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
        components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      };
      const endpoints: Array<[string, string, string, string, string | null]> = [
        ['post', '/api/v1/projects/{projectId}/connections', '201', 'ConnectionDto', 'RequestConnectionDto'],
        ['get', '/api/v1/projects/{projectId}/connections', '200', 'ConnectionPageDto', null],
        ['get', '/api/v1/connections/{connectionId}', '200', 'ConnectionDto', null],
        ['post', '/api/v1/connections/{connectionId}/approve', '200', 'ConnectionDto', null],
        ['post', '/api/v1/connections/{connectionId}/reject', '200', 'ConnectionDto', 'RejectConnectionDto'],
        ['post', '/api/v1/connections/{connectionId}/cancel', '200', 'ConnectionDto', null],
        ['post', '/api/v1/connections/{connectionId}/disconnect', '200', 'ConnectionDto', 'DisconnectConnectionDto'],
        ['post', '/api/v1/connections/{connectionId}/undo', '200', 'ConnectionDto', null],
        ['get', '/api/v1/connections/{connectionId}/events', '200', 'ConnectionAuditPageDto', null],
      ];
      for (const [method, path, status, response, request] of endpoints) {
        const op = doc.paths[path]?.[method];
        expect({ path, method, documented: !!op }).toEqual({ path, method, documented: true });
        expect({ path, response: op.responses[status]?.content?.['application/json']?.schema?.$ref }).toEqual({ path, response: `#/components/schemas/${response}` });
        if (request) expect(op.requestBody?.content['application/json'].schema.$ref).toBe(`#/components/schemas/${request}`);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403', '404']));
      }
      expect(Object.keys(doc.components.schemas['ConnectionDto'].properties ?? {})).toEqual(
        expect.arrayContaining(['id', 'status', 'features', 'upstream', 'downstream', 'requestedBy', 'requestedAt', 'decidedBy', 'decidedAt', 'disconnectedBy', 'disconnectedAt', 'disconnectReason', 'undoableUntil', 'sync']),
      );
      expect(Object.keys(doc.components.schemas['ConnectionListItemDto'].properties ?? {})).toContain('role');
    });
  });

  describe('audit trail', () => {
    it('lists every decision with who, what, when and why, oldest first (403 for the operator, 404 for outsiders above)', async () => {
      const s = await manual();
      const c = await connected(s);
      await as(s.upstreamAdmin).post(`/connections/${c.id}/approve`);
      await as(s.upstreamAdmin).post(`/connections/${c.id}/disconnect`, { acceptTerms: true, reason: 'Contract ended' });
      const res = await as(s.downstreamMember).get(`/connections/${c.id}/events`);
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items).toEqual([
        { version: 1, kind: 'requested', actorId: s.connector.id, at: expect.any(String), data: expect.objectContaining({ from: null, to: 'pending' }) },
        { version: 2, kind: 'approved', actorId: s.upstreamAdmin.id, at: expect.any(String), data: expect.objectContaining({ from: 'pending', to: 'active' }) },
        { version: 3, kind: 'disconnected', actorId: s.upstreamAdmin.id, at: expect.any(String), data: expect.objectContaining({ to: 'disconnected', reason: 'Contract ended' }) },
      ]);
    });
  });
});
