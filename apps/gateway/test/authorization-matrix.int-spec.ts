import { ApiClient, ApiResponse, DirectoryFixtures, Permissions, System, TestUser, directory, eventually, startSystem } from '@connect/testing';
import { randomUUID } from 'node:crypto';

/**
 * Issue 15: the authorization model, endpoint by endpoint. Every operation of
 * the gateway's OpenAPI document × every kind of caller, with the status it
 * must answer, through the real system (all five apps, real broker and
 * database).
 *
 * The spec fails when the document has an operation without a row (and when
 * a row names an operation the document no longer has). To add an endpoint:
 * add one entry to ROWS, keyed `METHOD /api/v1/path` exactly as the document
 * writes it, with `request` (built fresh for every caller) and `expect`,
 * usually from one of the helpers: `drawings('read', 200)`,
 * `connectionManager('admin', 200)`, `anyMember(200)`, `anyUser(200)`, or a
 * whole `{ operator: …, cm_none: …, … }` table. No token, a bad token and a
 * revoked token are 401 everywhere; they are added to every row.
 *
 * The callers: the operator; six members of the project under test (and, for
 * connection rows, of the downstream project), one per level of each tool —
 * Connection Manager none / read_only / admin with Drawings none, and
 * Drawings read_only / standard / admin with Connection Manager none; an
 * admin of the project's company who is no member of it; an admin of an
 * unrelated company; a plain user of an unrelated company.
 */

const CALLERS = [
  'operator',
  'cm_none',
  'cm_read_only',
  'cm_admin',
  'dr_read_only',
  'dr_standard',
  'dr_admin',
  'company_admin',
  'other_company_admin',
  'outsider',
] as const;
type Caller = (typeof CALLERS)[number] | 'no_token' | 'bad_token' | 'revoked_token';
type Expectation = Record<(typeof CALLERS)[number], number>;

const LEVELS: Record<Exclude<(typeof CALLERS)[number], 'operator' | 'company_admin' | 'other_company_admin' | 'outsider'>, Permissions> = {
  cm_none: { connectionManager: 'none', drawings: 'none' },
  cm_read_only: { connectionManager: 'read_only', drawings: 'none' },
  cm_admin: { connectionManager: 'admin', drawings: 'none' },
  dr_read_only: { connectionManager: 'none', drawings: 'read_only' },
  dr_standard: { connectionManager: 'none', drawings: 'standard' },
  dr_admin: { connectionManager: 'none', drawings: 'admin' },
};
const MEMBERS = Object.keys(LEVELS) as Array<keyof typeof LEVELS>;

const DRAWINGS_RANK = { none: 0, read_only: 1, standard: 2, admin: 3 } as const;
const CM_RANK = { none: 0, read_only: 1, admin: 2 } as const;

/** A project endpoint of the Drawings tool: `ok` from `level` up, 403 below; not a member → 404; the operator acts for no user → 403. */
function drawings(level: keyof typeof DRAWINGS_RANK, ok: number): Expectation {
  return projectEndpoint((m) => DRAWINGS_RANK[LEVELS[m].drawings] >= DRAWINGS_RANK[level], ok);
}

/** A project endpoint of the Connection Manager tool. */
function connectionManager(level: keyof typeof CM_RANK, ok: number): Expectation {
  return projectEndpoint((m) => CM_RANK[LEVELS[m].connectionManager] >= CM_RANK[level], ok);
}

/** Any member of the project (any level), 404 for everyone else. */
function anyMember(ok: number): Expectation {
  return projectEndpoint(() => true, ok);
}

function projectEndpoint(allowed: (member: keyof typeof LEVELS) => boolean, ok: number): Expectation {
  const members = Object.fromEntries(MEMBERS.map((m) => [m, allowed(m) ? ok : 403])) as Record<keyof typeof LEVELS, number>;
  return { operator: 403, ...members, company_admin: 404, other_company_admin: 404, outsider: 404 };
}

/** Every user token gets `ok`; the operator (who is no user) 403. */
function anyUser(ok: number): Expectation {
  return { operator: 403, ...(Object.fromEntries(MEMBERS.map((m) => [m, ok])) as Record<keyof typeof LEVELS, number>), company_admin: ok, other_company_admin: ok, outsider: ok };
}

/** The directory of company A: the operator and A's admin `ok`; users at A 403; others do not see it: 404. */
function companyDirectory(ok: number): Expectation {
  return { operator: ok, ...(Object.fromEntries(MEMBERS.map((m) => [m, 403])) as Record<keyof typeof LEVELS, number>), company_admin: ok, other_company_admin: 404, outsider: 404 };
}

interface Request {
  method: string;
  path: string;
  body?: unknown;
  form?: FormData;
}

interface Row {
  /** Built anew for every caller, so a caller who may act acts on a target of their own. */
  request: (caller: Caller) => Promise<Request> | Request;
  expect: Expectation;
}

describe('authorization matrix: every endpoint × every kind of caller (issue 15)', () => {
  let system: System;
  let dir: DirectoryFixtures;
  let operator: ApiClient;
  const tokens = {} as Record<Caller, string | undefined>;
  // Company A (manual approval) owns the project under test P; company B (in the beta) the downstream projects.
  let companyA: string;
  let companyB: string;
  let projectP: string;
  let projectQ: string;
  let connector: TestUser;
  let approver: TestUser;
  let drawingsAdmin: TestUser;
  let staff: TestUser;
  let staffTokenId: string;
  let areaId: string;
  let disciplineId: string;
  let setId: string;
  let published: { id: string; drawingId: string };
  let standingConnection: string;

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway', 'connection-service', 'drawing-service', 'sync-service', 'notification-service'] });
    dir = directory(system);
    operator = system.api(system.adminToken);
    companyA = (await dir.company({ connectionApproval: 'manual' })).id;
    companyB = (await dir.company({ connectBeta: true })).id;
    const companyD = (await dir.company()).id;
    projectP = (await dir.project(companyA)).id;
    projectQ = (await dir.project(companyB)).id;
    for (const member of MEMBERS) {
      const user = await dir.userWithToken(member, [
        [projectP, LEVELS[member]],
        [projectQ, LEVELS[member]],
      ]);
      tokens[member] = user.token;
    }
    const companyAdmin = await dir.userWithToken('Company A admin');
    await dir.companyUser(companyA, companyAdmin.id, true);
    const otherAdmin = await dir.userWithToken('Company D admin');
    await dir.companyUser(companyD, otherAdmin.id, true);
    const outsider = await dir.userWithToken('Company D user');
    await dir.companyUser(companyD, outsider.id, false);
    const revoked = await dir.userWithToken('Revoked', [[projectP, { connectionManager: 'admin', drawings: 'admin' }]]);
    expect((await operator.del(`/users/${revoked.id}/tokens`)).status).toBe(204);
    Object.assign(tokens, {
      operator: system.adminToken,
      company_admin: companyAdmin.token,
      other_company_admin: otherAdmin.token,
      outsider: outsider.token,
      no_token: undefined,
      bad_token: `pc_${'A'.repeat(43)}`,
      revoked_token: revoked.token,
    });
    connector = await dir.userWithToken('Connector', [[projectP, { connectionManager: 'none', drawings: 'read_only' }]]);
    approver = await dir.userWithToken('Approver', [[projectP, { connectionManager: 'admin', drawings: 'none' }]]);
    drawingsAdmin = await dir.userWithToken('Drawings admin', [[projectP, { connectionManager: 'none', drawings: 'admin' }]]);
    staff = await dir.userWithToken('Staff');
    await dir.companyUser(companyA, staff.id, false);
    staffTokenId = (await operator.get(`/users/${staff.id}/tokens`)).body.items[0].id;
    const admin = system.api(drawingsAdmin.token);
    areaId = ok(await admin.post(`/projects/${projectP}/drawing-areas`, { name: 'Level 1' }), 201).id;
    disciplineId = ok(await admin.post(`/projects/${projectP}/drawing-disciplines`, { name: 'Architectural' }), 201).id;
    setId = ok(await admin.post(`/projects/${projectP}/drawing-sets`, { name: 'IFC', date: '2024-05-01' }), 201).id;
    published = await upload(drawingsAdmin, true);
    standingConnection = await connection('pending', false);
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
  });

  function ok<T = any>(res: ApiResponse<T>, status: number): T {
    if (res.status !== status) throw new Error(`fixture: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  function uploadForm(): FormData {
    const form = new FormData();
    for (const [name, value] of Object.entries({ areaId, disciplineId, drawingNumber: `M-${randomUUID().slice(0, 8)}`, title: 'Plan', revisionNumber: '1' })) form.append(name, value);
    const pdf = Buffer.from(`%PDF-1.4\n% ${randomUUID()}\ntrailer << >>\n%%EOF\n`);
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'plan.pdf');
    return form;
  }

  async function upload(by: TestUser, publish: boolean): Promise<{ id: string; drawingId: string }> {
    const rev = ok(await system.api(by.token).send('POST', `/projects/${projectP}/drawing-revisions`, { body: uploadForm() }), 201);
    if (publish) ok(await system.api(by.token).post(`/projects/${projectP}/drawing-revisions/publish`, { revisionIds: [rev.id] }), 200);
    return rev;
  }

  /** A connection from a new downstream project of company B to P, requested by the connector; the six members also on the downstream side if `withMembers`. */
  async function connection(state: 'pending' | 'active', withMembers: boolean): Promise<string> {
    const downstream = (await dir.project(companyB)).id;
    await dir.member(downstream, connector.id, { connectionManager: 'admin', drawings: 'read_only' });
    if (withMembers) {
      for (const member of MEMBERS) {
        const me = ok(await system.api(tokens[member] as string).get('/me'), 200);
        await dir.member(downstream, me.id, LEVELS[member]);
      }
    }
    const c = ok(await system.api(connector.token).post(`/projects/${downstream}/connections`, { upstreamProjectId: projectP, features: ['drawings'] }), 201);
    if (state === 'active') ok(await system.api(approver.token).post(`/connections/${c.id}/approve`), 200);
    return c.id;
  }

  const P = () => `/projects/${projectP}`;

  const ROWS: Record<string, Row> = {
    // ---- directory
    'POST /api/v1/companies': {
      request: () => ({ method: 'POST', path: '/companies', body: { name: `Co ${randomUUID()}` } }),
      expect: { ...anyUser(403), operator: 201 },
    },
    'PATCH /api/v1/companies/{companyId}/settings': {
      request: () => ({ method: 'PATCH', path: `/companies/${companyA}/settings`, body: { connectionApproval: 'manual' } }),
      expect: companyDirectory(200),
    },
    'POST /api/v1/companies/{companyId}/projects': {
      request: () => ({ method: 'POST', path: `/companies/${companyA}/projects`, body: { name: `Project ${randomUUID()}` } }),
      expect: companyDirectory(201),
    },
    'POST /api/v1/users': {
      request: () => ({ method: 'POST', path: '/users', body: { email: `u-${randomUUID()}@connect.test`, name: 'New' } }),
      expect: { ...anyUser(403), operator: 201, company_admin: 201, other_company_admin: 201 },
    },
    'PUT /api/v1/companies/{companyId}/users/{userId}': {
      request: () => ({ method: 'PUT', path: `/companies/${companyA}/users/${staff.id}`, body: {} }),
      expect: companyDirectory(200),
    },
    'PUT /api/v1/projects/{projectId}/members/{userId}': {
      request: () => ({ method: 'PUT', path: `${P()}/members/${staff.id}`, body: { permissions: { connectionManager: 'none', drawings: 'none' } } }),
      expect: { ...companyDirectory(200), company_admin: 200 },
    },
    'GET /api/v1/me': { request: () => ({ method: 'GET', path: '/me' }), expect: anyUser(200) },
    'POST /api/v1/users/{userId}/tokens': {
      request: () => ({ method: 'POST', path: `/users/${staff.id}/tokens` }),
      expect: companyDirectory(201),
    },
    'GET /api/v1/users/{userId}/tokens': { request: () => ({ method: 'GET', path: `/users/${staff.id}/tokens` }), expect: companyDirectory(200) },
    'DELETE /api/v1/users/{userId}/tokens': { request: () => ({ method: 'DELETE', path: `/users/${staff.id}/tokens` }), expect: companyDirectory(204) },
    'DELETE /api/v1/users/{userId}/tokens/{tokenId}': {
      request: () => ({ method: 'DELETE', path: `/users/${staff.id}/tokens/${staffTokenId}` }),
      expect: companyDirectory(204),
    },
    // ---- drawings (D1, D5)
    'GET /api/v1/projects/{projectId}/drawing-revisions/{revisionId}/file': {
      request: () => ({ method: 'GET', path: `${P()}/drawing-revisions/${published.id}/file` }),
      expect: drawings('read_only', 200),
    },
    'POST /api/v1/projects/{projectId}/drawing-areas': {
      request: () => ({ method: 'POST', path: `${P()}/drawing-areas`, body: { name: `Area ${randomUUID()}` } }),
      expect: drawings('admin', 201),
    },
    'GET /api/v1/projects/{projectId}/drawing-areas': { request: () => ({ method: 'GET', path: `${P()}/drawing-areas` }), expect: drawings('read_only', 200) },
    'PATCH /api/v1/projects/{projectId}/drawing-areas/{areaId}': {
      request: () => ({ method: 'PATCH', path: `${P()}/drawing-areas/${areaId}`, body: { description: 'Ground floor' } }),
      expect: drawings('admin', 200),
    },
    'DELETE /api/v1/projects/{projectId}/drawing-areas/{areaId}': {
      request: async () => {
        const area = ok(await system.api(drawingsAdmin.token).post(`${P()}/drawing-areas`, { name: `Doomed ${randomUUID()}` }), 201);
        return { method: 'DELETE', path: `${P()}/drawing-areas/${area.id}` };
      },
      expect: drawings('admin', 204),
    },
    'POST /api/v1/projects/{projectId}/drawing-disciplines': {
      request: () => ({ method: 'POST', path: `${P()}/drawing-disciplines`, body: { name: `Discipline ${randomUUID()}` } }),
      expect: drawings('admin', 201),
    },
    'GET /api/v1/projects/{projectId}/drawing-disciplines': { request: () => ({ method: 'GET', path: `${P()}/drawing-disciplines` }), expect: drawings('read_only', 200) },
    'PATCH /api/v1/projects/{projectId}/drawing-disciplines/{disciplineId}': {
      request: () => ({ method: 'PATCH', path: `${P()}/drawing-disciplines/${disciplineId}`, body: { position: 2 } }),
      expect: drawings('admin', 200),
    },
    'POST /api/v1/projects/{projectId}/drawing-sets': {
      request: () => ({ method: 'POST', path: `${P()}/drawing-sets`, body: { name: `Set ${randomUUID()}`, date: '2024-06-01' } }),
      expect: drawings('admin', 201),
    },
    'GET /api/v1/projects/{projectId}/drawing-sets': { request: () => ({ method: 'GET', path: `${P()}/drawing-sets` }), expect: drawings('read_only', 200) },
    'PATCH /api/v1/projects/{projectId}/drawing-sets/{setId}': {
      request: () => ({ method: 'PATCH', path: `${P()}/drawing-sets/${setId}`, body: { date: '2024-05-02' } }),
      expect: drawings('admin', 200),
    },
    'POST /api/v1/projects/{projectId}/drawing-revisions': {
      request: () => ({ method: 'POST', path: `${P()}/drawing-revisions`, form: uploadForm() }),
      expect: drawings('standard', 201),
    },
    'GET /api/v1/projects/{projectId}/drawing-revisions': { request: () => ({ method: 'GET', path: `${P()}/drawing-revisions` }), expect: drawings('read_only', 200) },
    'POST /api/v1/projects/{projectId}/drawing-revisions/publish': {
      request: async () => ({ method: 'POST', path: `${P()}/drawing-revisions/publish`, body: { revisionIds: [(await upload(drawingsAdmin, false)).id] } }),
      expect: drawings('admin', 200),
    },
    'GET /api/v1/projects/{projectId}/drawing-revisions/{revisionId}': {
      request: () => ({ method: 'GET', path: `${P()}/drawing-revisions/${published.id}` }),
      expect: drawings('read_only', 200),
    },
    'PATCH /api/v1/projects/{projectId}/drawing-revisions/{revisionId}': {
      request: () => ({ method: 'PATCH', path: `${P()}/drawing-revisions/${published.id}`, body: { revisionStatus: 'For review' } }),
      expect: drawings('admin', 200),
    },
    'GET /api/v1/projects/{projectId}/drawings': { request: () => ({ method: 'GET', path: `${P()}/drawings` }), expect: drawings('read_only', 200) },
    'GET /api/v1/projects/{projectId}/drawings/{drawingId}': {
      request: () => ({ method: 'GET', path: `${P()}/drawings/${published.drawingId}` }),
      expect: drawings('read_only', 200),
    },
    'PATCH /api/v1/projects/{projectId}/drawings/{drawingId}': {
      request: () => ({ method: 'PATCH', path: `${P()}/drawings/${published.drawingId}`, body: { title: 'Ground floor plan' } }),
      expect: drawings('admin', 200),
    },
    'DELETE /api/v1/projects/{projectId}/drawings/{drawingId}': {
      request: async () => ({ method: 'DELETE', path: `${P()}/drawings/${(await upload(drawingsAdmin, true)).drawingId}?reason=matrix` }),
      expect: drawings('admin', 204),
    },
    'POST /api/v1/projects/{projectId}/drawing-revisions/{revisionId}/markups': {
      request: () => ({ method: 'POST', path: `${P()}/drawing-revisions/${published.id}/markups`, body: { kind: 'cloud', data: { points: [[1, 2]] } } }),
      expect: drawings('read_only', 201),
    },
    'GET /api/v1/projects/{projectId}/drawing-revisions/{revisionId}/markups': {
      request: () => ({ method: 'GET', path: `${P()}/drawing-revisions/${published.id}/markups` }),
      expect: drawings('read_only', 200),
    },
    'GET /api/v1/projects/{projectId}/reports/deleted-drawing-revisions': {
      request: () => ({ method: 'GET', path: `${P()}/reports/deleted-drawing-revisions` }),
      expect: drawings('admin', 200),
    },
    // ---- connections (C1, C8, C10, C12, C14), seen from the upstream project P (and the downstream side where it acts)
    'POST /api/v1/projects/{projectId}/connections': {
      // C1 needs CM admin downstream and Drawings read_only on both: no single-tool level is enough.
      request: () => ({ method: 'POST', path: `/projects/${projectQ}/connections`, body: { upstreamProjectId: projectP, features: ['drawings'] } }),
      expect: connectionManager('admin', 403),
    },
    'GET /api/v1/projects/{projectId}/connections': { request: () => ({ method: 'GET', path: `${P()}/connections` }), expect: anyMember(200) },
    'GET /api/v1/connections/{connectionId}': { request: () => ({ method: 'GET', path: `/connections/${standingConnection}` }), expect: anyMember(200) },
    'GET /api/v1/connections/{connectionId}/events': { request: () => ({ method: 'GET', path: `/connections/${standingConnection}/events` }), expect: anyMember(200) },
    'POST /api/v1/connections/{connectionId}/approve': {
      request: async () => ({ method: 'POST', path: `/connections/${await connection('pending', false)}/approve` }),
      expect: connectionManager('admin', 200),
    },
    'POST /api/v1/connections/{connectionId}/reject': {
      request: async () => ({ method: 'POST', path: `/connections/${await connection('pending', false)}/reject`, body: { reason: 'not now' } }),
      expect: connectionManager('admin', 200),
    },
    'POST /api/v1/connections/{connectionId}/cancel': {
      request: async () => ({ method: 'POST', path: `/connections/${await connection('pending', true)}/cancel` }),
      expect: connectionManager('admin', 200),
    },
    'POST /api/v1/connections/{connectionId}/disconnect': {
      request: async () => ({ method: 'POST', path: `/connections/${await connection('active', false)}/disconnect`, body: { acceptTerms: true, reason: 'done' } }),
      expect: connectionManager('admin', 200),
    },
    'POST /api/v1/connections/{connectionId}/undo': {
      request: async () => ({ method: 'POST', path: `/connections/${await connection('active', false)}/undo` }),
      expect: connectionManager('admin', 200),
    },
    'POST /api/v1/connections/{connectionId}/resync': {
      request: async () => ({ method: 'POST', path: `/connections/${await connection('active', false)}/resync` }),
      expect: connectionManager('admin', 202),
    },
    'GET /api/v1/projects/{projectId}/connection-settings': {
      request: () => ({ method: 'GET', path: `${P()}/connection-settings` }),
      expect: connectionManager('read_only', 200),
    },
    'PUT /api/v1/projects/{projectId}/connection-settings': {
      request: () => ({ method: 'PUT', path: `${P()}/connection-settings`, body: { distributionList: ['cm@connect.test'] } }),
      expect: connectionManager('admin', 200),
    },
    'GET /api/v1/projects/{projectId}/connection-settings/changes': {
      request: () => ({ method: 'GET', path: `${P()}/connection-settings/changes` }),
      expect: connectionManager('read_only', 200),
    },
    // ---- the caller's own notifications (N2)
    'GET /api/v1/me/notifications': { request: () => ({ method: 'GET', path: '/me/notifications' }), expect: anyUser(200) },
    'POST /api/v1/me/notifications/read-all': { request: () => ({ method: 'POST', path: '/me/notifications/read-all' }), expect: anyUser(200) },
    'POST /api/v1/me/notifications/{notificationId}/read': {
      // One of the approver's (C9 told them of a request): nobody else's, so 404 for every other user.
      request: async () => ({ method: 'POST', path: `/me/notifications/${await approversNotification()}/read` }),
      expect: anyUser(404),
    },
  };

  async function approversNotification(): Promise<string> {
    const items = await eventually(
      async () => (await system.api(approver.token).get('/me/notifications')).body?.items ?? [],
      (found: Array<{ id: string }>) => found.length > 0,
      15_000,
    );
    if (!items.length) throw new Error('fixture: the approver has no notification');
    return items[0].id;
  }

  let documented: string[] = [];

  beforeAll(async () => {
    const doc = (await (await fetch(`${system.url()}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
  });

  it('has a row for every operation of the OpenAPI document, and none for an operation it does not have', () => {
    expect(documented.length).toBeGreaterThan(40);
    expect({ withoutRows: documented.filter((op) => !ROWS[op]) }).toEqual({ withoutRows: [] });
    expect({ notDocumented: Object.keys(ROWS).filter((op) => !documented.includes(op)) }).toEqual({ notDocumented: [] });
  });

  const callers: Caller[] = ['no_token', 'bad_token', 'revoked_token', ...CALLERS];

  it.each(Object.keys(ROWS))('%s', async (operation) => {
    const row = ROWS[operation];
    const answered: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const caller of callers) {
      const req = await row.request(caller);
      const api = system.api(tokens[caller]);
      const res = req.form
        ? await api.send(req.method, req.path, { body: req.form })
        : await api.send(req.method, req.path, req.body === undefined ? {} : { body: JSON.stringify(req.body), headers: { 'content-type': 'application/json' } });
      answered[caller] = res.status;
      expected[caller] = caller === 'no_token' || caller === 'bad_token' || caller === 'revoked_token' ? 401 : row.expect[caller];
    }
    expect(answered).toEqual(expected);
  });
});
