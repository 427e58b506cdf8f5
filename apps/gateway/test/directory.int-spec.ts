import { ApiClient, ApiResponse, DirectoryFixtures, System, TestUser, directory, eventually, startSystem } from '@connect/testing';
import * as amqp from 'amqplib';

/**
 * The directory over HTTP, through the real gateway on the real broker and
 * database: every endpoint's success, 401, 403, 404, 409 and 400, the error
 * shape, health, and the OpenAPI document.
 */

function expectError(res: ApiResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.body).toEqual({ statusCode: status, code, message: expect.any(String), correlationId: expect.any(String) });
}

describe('gateway directory (system)', () => {
  let system: System;
  let dir: DirectoryFixtures;
  let operator: ApiClient;
  let anonymous: ApiClient;
  // Company A: an admin, and a plain user who is a member of project A.
  let companyA: string;
  let projectA: string;
  let adminA: TestUser;
  let memberA: TestUser;
  // Company B: an admin who is nothing at company A.
  let companyB: string;
  let adminB: TestUser;

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway'] });
    dir = directory(system);
    operator = system.api(system.adminToken);
    anonymous = system.api();
    companyA = (await dir.company({ name: 'Alpha Builders' })).id;
    companyB = (await dir.company({ name: 'Beta Electric' })).id;
    projectA = (await dir.project(companyA, 'Alpha Tower')).id;
    adminA = await dir.userWithToken('Alpha Admin');
    await dir.companyUser(companyA, adminA.id, true);
    memberA = await dir.userWithToken('Alpha Member', [[projectA, { connectionManager: 'read_only', drawings: 'read_only' }]]);
    adminB = await dir.userWithToken('Beta Admin');
    await dir.companyUser(companyB, adminB.id, true);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const as = (user: TestUser) => system.api(user.token);

  describe('health and docs (public)', () => {
    it.each(['live', 'ready'])('/health/%s answers 200 without a token, outside /api/v1', async (probe) => {
      const res = await fetch(`${system.url()}/health/${probe}`);
      expect(res.status).toBe(200);
      expect((await fetch(`${system.url()}/api/v1/health/${probe}`)).status).toBe(404);
    });

    it('/api/docs serves the UI without a token', async () => {
      const res = await fetch(`${system.url()}/api/docs`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
    });

    it('/api/docs-json lists every directory endpoint with its request and response schemas and bearer auth', async () => {
      const res = await fetch(`${system.url()}/api/docs-json`);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as {
        paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> }; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
        components: { schemas: Record<string, { properties?: Record<string, unknown> }>; securitySchemes: Record<string, { scheme?: string }> };
        security: unknown[];
      };
      const endpoints: Array<[string, string, string, string | null]> = [
        ['post', '/api/v1/companies', '201', 'CreateCompanyDto'],
        ['patch', '/api/v1/companies/{companyId}/settings', '200', 'UpdateCompanySettingsDto'],
        ['post', '/api/v1/companies/{companyId}/projects', '201', 'CreateProjectDto'],
        ['post', '/api/v1/users', '201', 'CreateUserDto'],
        ['put', '/api/v1/companies/{companyId}/users/{userId}', '200', 'PutCompanyUserDto'],
        ['put', '/api/v1/projects/{projectId}/members/{userId}', '200', 'PutProjectMemberDto'],
        ['post', '/api/v1/users/{userId}/tokens', '201', null],
        ['get', '/api/v1/users/{userId}/tokens', '200', null],
        ['get', '/api/v1/me', '200', null],
      ];
      for (const [method, path, status, requestSchema] of endpoints) {
        const op = doc.paths[path]?.[method];
        expect({ path, method, documented: !!op }).toEqual({ path, method, documented: true });
        const responseRef = op.responses[status]?.content?.['application/json']?.schema?.$ref;
        expect({ path, responseRef }).toEqual({ path, responseRef: expect.stringMatching(/^#\/components\/schemas\/\w+Dto$/) });
        expect(doc.components.schemas[String(responseRef).replace('#/components/schemas/', '')].properties).toBeDefined();
        if (requestSchema) expect(op.requestBody?.content['application/json'].schema.$ref).toBe(`#/components/schemas/${requestSchema}`);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401']));
      }
      expect(doc.paths['/api/v1/companies/{companyId}/settings'].patch.responses['404']).toBeDefined();
      expect(doc.components.schemas['CompanyDto'].properties).toEqual(expect.objectContaining({ id: expect.anything(), name: expect.anything(), govCloud: expect.anything(), settings: expect.anything() }));
      expect(doc.components.schemas['MeDto'].properties).toEqual(expect.objectContaining({ companies: expect.anything(), projects: expect.anything() }));
      expect(doc.components.schemas['ErrorResponseDto'].properties).toEqual(expect.objectContaining({ statusCode: expect.anything(), code: expect.anything(), message: expect.anything() }));
      expect(doc.components.securitySchemes['bearer']).toMatchObject({ scheme: 'bearer' });
      expect(doc.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(doc.paths).some((p) => p.startsWith('/health'))).toBe(false);
    });
  });

  describe('authentication (401 UNAUTHENTICATED)', () => {
    const endpoints: Array<[string, (api: ApiClient) => Promise<ApiResponse>]> = [
      ['POST /companies', (api) => api.post('/companies', { name: 'X' })],
      ['PATCH /companies/:id/settings', (api) => api.patch(`/companies/${companyA}/settings`, { connectBeta: true })],
      ['POST /companies/:id/projects', (api) => api.post(`/companies/${companyA}/projects`, { name: 'X' })],
      ['POST /users', (api) => api.post('/users', { email: 'x@connect.test', name: 'X' })],
      ['PUT /companies/:id/users/:userId', (api) => api.put(`/companies/${companyA}/users/${memberA.id}`, {})],
      ['PUT /projects/:id/members/:userId', (api) => api.put(`/projects/${projectA}/members/${memberA.id}`, { permissions: { connectionManager: 'none', drawings: 'none' } })],
      ['POST /users/:id/tokens', (api) => api.post(`/users/${memberA.id}/tokens`)],
      ['GET /users/:id/tokens', (api) => api.get(`/users/${memberA.id}/tokens`)],
      ['DELETE /users/:id/tokens/:tokenId', (api) => api.del(`/users/${memberA.id}/tokens/some-token`)],
      ['DELETE /users/:id/tokens', (api) => api.del(`/users/${memberA.id}/tokens`)],
      ['GET /me', (api) => api.get('/me')],
    ];

    it.each(endpoints)('%s without a token → 401', async (_name, call) => {
      const res = await call(anonymous);
      expectError(res, 401, 'UNAUTHENTICATED');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    });

    it.each(endpoints)('%s with a bad token → 401', async (_name, call) => {
      expectError(await call(system.api('pc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')), 401, 'UNAUTHENTICATED');
      expectError(await call(system.api(`${system.adminToken}x`)), 401, 'UNAUTHENTICATED');
    });

    it('a malformed Authorization header → 401', async () => {
      const res = await anonymous.send('GET', '/me', { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
      expectError(res, 401, 'UNAUTHENTICATED');
    });

    it('a revoked token stops working at once, on every endpoint', async () => {
      const user = await dir.userWithToken('Soon Revoked');
      const api = system.api(user.token);
      expect((await api.get('/me')).status).toBe(200);
      const { body: list } = await api.get(`/users/${user.id}/tokens`);
      expect((await api.del(`/users/${user.id}/tokens/${list.items[0].id}`)).status).toBe(204);
      for (const [, call] of endpoints) expectError(await call(api), 401, 'UNAUTHENTICATED');
    });

    it('an unknown route is 404 NOT_FOUND with the error shape', async () => {
      expectError(await operator.get('/no-such-thing'), 404, 'NOT_FOUND');
    });
  });

  describe('error shape', () => {
    it('every error carries the correlation id of the request, in the body and the header', async () => {
      const res = await anonymous.send('GET', '/me', { headers: { 'x-correlation-id': 'corr-directory-1' } });
      expect(res.status).toBe(401);
      expect(res.body.correlationId).toBe('corr-directory-1');
      expect(res.headers.get('x-correlation-id')).toBe('corr-directory-1');
    });

    it('a malformed JSON body is 400 MALFORMED_JSON, never 500', async () => {
      const res = await operator.send('POST', '/companies', { body: '{"name": "x"', headers: { 'content-type': 'application/json' } });
      expectError(res, 400, 'MALFORMED_JSON');
    });

    it('a body above the limit is 413', async () => {
      const res = await operator.post('/companies', { name: 'x'.repeat(2 * 1024 * 1024) });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ statusCode: 413, code: 'FILE_TOO_LARGE' });
    });
  });

  describe('POST /companies', () => {
    it('creates a company with default settings (operator)', async () => {
      const res = await operator.post('/companies', { name: 'Gamma GC' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), name: 'Gamma GC', govCloud: false, settings: { connectionApproval: 'automatic', connectBeta: false } });
    });

    it('takes govCloud and initial settings', async () => {
      const res = await operator.post('/companies', { name: 'Gov Co', govCloud: true, settings: { connectionApproval: 'manual', connectBeta: true } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ govCloud: true, settings: { connectionApproval: 'manual', connectBeta: true } });
    });

    it('is for the operator only: a company admin gets 403', async () => {
      expectError(await as(adminA).post('/companies', { name: 'Mine' }), 403, 'FORBIDDEN');
      expectError(await as(memberA).post('/companies', { name: 'Mine' }), 403, 'FORBIDDEN');
    });

    it.each([
      ['no name', {}],
      ['a blank name', { name: '  ' }],
      ['an unknown field', { name: 'X', owner: 'me' }],
      ['a non-boolean govCloud', { name: 'X', govCloud: 'yes' }],
      ['an unknown approval mode', { name: 'X', settings: { connectionApproval: 'sometimes' } }],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_case, body) => {
      expectError(await operator.post('/companies', body), 400, 'VALIDATION_FAILED');
    });
  });

  describe('PATCH /companies/:companyId/settings', () => {
    it('the operator changes settings; omitted ones stay', async () => {
      const company = await dir.company();
      const res = await operator.patch(`/companies/${company.id}/settings`, { connectionApproval: 'manual' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...company, settings: { connectionApproval: 'manual', connectBeta: false } });
      const res2 = await operator.patch(`/companies/${company.id}/settings`, { connectBeta: true });
      expect(res2.body.settings).toEqual({ connectionApproval: 'manual', connectBeta: true });
    });

    it("a company admin changes their own company's settings", async () => {
      const res = await as(adminA).patch(`/companies/${companyA}/settings`, { connectBeta: true });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: companyA, settings: { connectBeta: true } });
    });

    it("a non-admin user at the company gets 403; for another company's admin it does not exist: 404 (issue 15, finding 5)", async () => {
      expectError(await as(memberA).patch(`/companies/${companyA}/settings`, { connectBeta: false }), 403, 'FORBIDDEN');
      expectError(await as(adminB).patch(`/companies/${companyA}/settings`, { connectBeta: false }), 404, 'COMPANY_NOT_FOUND');
    });

    it('an unknown company is 404 COMPANY_NOT_FOUND', async () => {
      expectError(await operator.patch('/companies/no-such-company/settings', { connectBeta: true }), 404, 'COMPANY_NOT_FOUND');
    });

    it('refuses unknown values with 400', async () => {
      expectError(await operator.patch(`/companies/${companyA}/settings`, { connectionApproval: 'never' }), 400, 'VALIDATION_FAILED');
      expectError(await operator.patch(`/companies/${companyA}/settings`, { govCloud: true }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /companies/:companyId/projects', () => {
    it('the operator and a company admin create projects of the company', async () => {
      const byOperator = await operator.post(`/companies/${companyA}/projects`, { name: 'Alpha Annex' });
      expect(byOperator.status).toBe(201);
      expect(byOperator.body).toEqual({ id: expect.any(String), companyId: companyA, name: 'Alpha Annex' });
      const byAdmin = await as(adminA).post(`/companies/${companyA}/projects`, { name: 'Alpha Garage' });
      expect(byAdmin.status).toBe(201);
      expect(byAdmin.body).toMatchObject({ companyId: companyA, name: 'Alpha Garage' });
    });

    it("a non-admin gets 403; another company's admin 404 (issue 15, finding 5)", async () => {
      expectError(await as(memberA).post(`/companies/${companyA}/projects`, { name: 'Nope' }), 403, 'FORBIDDEN');
      expectError(await as(adminB).post(`/companies/${companyA}/projects`, { name: 'Nope' }), 404, 'COMPANY_NOT_FOUND');
    });

    it('an unknown company is 404, a blank name 400', async () => {
      expectError(await operator.post('/companies/no-such-company/projects', { name: 'X' }), 404, 'COMPANY_NOT_FOUND');
      expectError(await operator.post(`/companies/${companyA}/projects`, { name: '' }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /users', () => {
    it('the operator creates a user; the email is stored lower-cased', async () => {
      const res = await operator.post('/users', { email: 'Dana.Doe@Connect.TEST', name: 'Dana Doe' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), email: 'dana.doe@connect.test', name: 'Dana Doe' });
    });

    it('any company admin may create users; a plain user gets 403', async () => {
      expect((await as(adminB).post('/users', { email: 'by-admin-b@connect.test', name: 'By B' })).status).toBe(201);
      expectError(await as(memberA).post('/users', { email: 'by-member@connect.test', name: 'Nope' }), 403, 'FORBIDDEN');
    });

    it('an email already taken (whatever its case) is 409 USER_EMAIL_TAKEN', async () => {
      expect((await operator.post('/users', { email: 'taken@connect.test', name: 'First' })).status).toBe(201);
      expectError(await operator.post('/users', { email: 'TAKEN@connect.test', name: 'Second' }), 409, 'USER_EMAIL_TAKEN');
    });

    it('of 10 concurrent sign-ups of one email exactly one succeeds, the others are 409', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => operator.post('/users', { email: 'race@connect.test', name: `Racer ${i}` })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      for (const r of results.filter((r) => r.status !== 201)) expectError(r, 409, 'USER_EMAIL_TAKEN');
    });

    it.each([
      ['an invalid email', { email: 'not-an-email', name: 'X' }],
      ['no name', { email: 'noname@connect.test' }],
      ['an unknown field', { email: 'extra@connect.test', name: 'X', admin: true }],
    ])('refuses %s with 400', async (_case, body) => {
      expectError(await operator.post('/users', body), 400, 'VALIDATION_FAILED');
    });
  });

  describe('PUT /companies/:companyId/users/:userId', () => {
    it('the operator makes a user a user at a company, then an admin; omitting admin keeps the flag', async () => {
      const user = await dir.userWithToken('Company Joiner');
      const added = await operator.put(`/companies/${companyB}/users/${user.id}`, {});
      expect(added.status).toBe(200);
      expect(added.body).toEqual({ companyId: companyB, userId: user.id, email: user.email, name: user.name, admin: false });
      expect((await operator.put(`/companies/${companyB}/users/${user.id}`, { admin: true })).body.admin).toBe(true);
      expect((await operator.put(`/companies/${companyB}/users/${user.id}`, {})).body.admin).toBe(true);
      const me = await as(user).get('/me');
      expect(me.body.companies).toEqual([{ id: companyB, name: 'Beta Electric', admin: true }]);
    });

    it('a company admin manages users at their own company (a new user they created)', async () => {
      const { body: user } = await as(adminA).post('/users', { email: `hired-by-alpha-${Date.now()}@connect.test`, name: 'Hired By Alpha' });
      const res = await as(adminA).put(`/companies/${companyA}/users/${user.id}`, { admin: false });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ companyId: companyA, userId: user.id, admin: false });
    });

    it("a non-admin gets 403; for another company's admin the company does not exist: 404 (issue 15, finding 5)", async () => {
      const user = await dir.user();
      expectError(await as(memberA).put(`/companies/${companyA}/users/${user.id}`, { admin: true }), 403, 'FORBIDDEN');
      expectError(await as(adminB).put(`/companies/${companyA}/users/${user.id}`, { admin: true }), 404, 'COMPANY_NOT_FOUND');
      expectError(await as(adminB).put(`/companies/${companyA}/users/${adminB.id}`, { admin: true }), 404, 'COMPANY_NOT_FOUND');
    });

    it('an unknown company or user is 404; a non-boolean admin is 400', async () => {
      expectError(await operator.put(`/companies/no-such-company/users/${memberA.id}`, {}), 404, 'COMPANY_NOT_FOUND');
      expectError(await operator.put(`/companies/${companyA}/users/no-such-user`, {}), 404, 'USER_NOT_FOUND');
      expectError(await operator.put(`/companies/${companyA}/users/${memberA.id}`, { admin: 'yes' }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('PUT /projects/:projectId/members/:userId', () => {
    const permissions = { connectionManager: 'admin', drawings: 'standard' };

    it("the operator sets permissions; the user becomes a user at the project's company", async () => {
      const user = await dir.userWithToken('New Member');
      const res = await operator.put(`/projects/${projectA}/members/${user.id}`, { permissions });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ projectId: projectA, companyId: companyA, userId: user.id, email: user.email, name: user.name, permissions });
      const me = await as(user).get('/me');
      expect(me.body).toEqual({
        id: user.id,
        email: user.email,
        name: user.name,
        companies: [{ id: companyA, name: 'Alpha Builders', admin: false }],
        projects: [{ id: projectA, companyId: companyA, name: 'Alpha Tower', permissions }],
      });
    });

    it('changing permissions takes effect on the next request; being a member keeps an admin flag', async () => {
      const user = await dir.userWithToken('Promoted');
      await dir.companyUser(companyA, user.id, true);
      await dir.member(projectA, user.id, { connectionManager: 'none', drawings: 'read_only' });
      const res = await as(adminA).put(`/projects/${projectA}/members/${user.id}`, { permissions: { connectionManager: 'read_only', drawings: 'admin' } });
      expect(res.status).toBe(200);
      const me = await as(user).get('/me');
      expect(me.body.projects).toEqual([{ id: projectA, companyId: companyA, name: 'Alpha Tower', permissions: { connectionManager: 'read_only', drawings: 'admin' } }]);
      expect(me.body.companies).toEqual([{ id: companyA, name: 'Alpha Builders', admin: true }]);
    });

    it("a member of the project who is not a company admin gets 403", async () => {
      const user = await dir.user();
      expectError(await as(memberA).put(`/projects/${projectA}/members/${user.id}`, { permissions }), 403, 'FORBIDDEN');
    });

    it("for another company's admin the project does not exist: 404 PROJECT_NOT_FOUND (tenant safety)", async () => {
      expectError(await as(adminB).put(`/projects/${projectA}/members/${adminB.id}`, { permissions }), 404, 'PROJECT_NOT_FOUND');
      expectError(await as(adminB).put(`/projects/no-such-project/members/${adminB.id}`, { permissions }), 404, 'PROJECT_NOT_FOUND');
    });

    it('an unknown project or user is 404', async () => {
      expectError(await operator.put(`/projects/no-such-project/members/${memberA.id}`, { permissions }), 404, 'PROJECT_NOT_FOUND');
      expectError(await operator.put(`/projects/${projectA}/members/no-such-user`, { permissions }), 404, 'USER_NOT_FOUND');
    });

    it.each([
      ['no permissions', {}],
      ['an unknown Connection Manager level', { permissions: { connectionManager: 'standard', drawings: 'admin' } }],
      ['an unknown Drawings level', { permissions: { connectionManager: 'admin', drawings: 'owner' } }],
      ['a missing tool', { permissions: { connectionManager: 'admin' } }],
    ])('refuses %s with 400', async (_case, body) => {
      expectError(await operator.put(`/projects/${projectA}/members/${memberA.id}`, body), 400, 'VALIDATION_FAILED');
    });
  });

  describe('tokens', () => {
    it('the operator creates a token for a user: 201 {id, token}, and it authenticates', async () => {
      const user = await dir.user('Token Holder');
      const res = await operator.post(`/users/${user.id}/tokens`);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), userId: user.id, token: expect.stringMatching(/^pc_[A-Za-z0-9_-]{43}$/), createdAt: expect.any(String), revokedAt: null, expiresAt: null });
      expect((await system.api(res.body.token).get('/me')).body.id).toBe(user.id);
    });

    it('a user lists their tokens without secrets and revokes one; minting their own is 403 (issue 15, finding 3)', async () => {
      const user = await dir.userWithToken('Self Service');
      expectError(await as(user).post(`/users/${user.id}/tokens`), 403, 'FORBIDDEN');
      const created = await operator.post(`/users/${user.id}/tokens`);
      expect(created.status).toBe(201);
      const list = await as(user).get(`/users/${user.id}/tokens`);
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(2);
      expect(list.body.nextCursor).toBeNull();
      expect(JSON.stringify(list.body)).not.toContain('pc_');
      expect((await as(user).del(`/users/${user.id}/tokens/${created.body.id}`)).status).toBe(204);
      expectError(await system.api(created.body.token).get('/me'), 401, 'UNAUTHENTICATED');
      expect((await as(user).get('/me')).status).toBe(200);
      const after = await operator.get(`/users/${user.id}/tokens`);
      expect(after.body.items.find((t: { id: string }) => t.id === created.body.id).revokedAt).toEqual(expect.any(String));
      expect((await as(user).del(`/users/${user.id}/tokens/${created.body.id}`)).status).toBe(204);
    });

    it("a company admin manages the tokens of their company's users; a plain user may not touch another's: 403", async () => {
      expect((await as(adminA).post(`/users/${memberA.id}/tokens`)).status).toBe(201);
      expect((await as(adminA).get(`/users/${memberA.id}/tokens`)).status).toBe(200);
      const peer = await dir.userWithToken('Alpha Peer', [[projectA, { connectionManager: 'read_only', drawings: 'read_only' }]]);
      expectError(await as(peer).post(`/users/${memberA.id}/tokens`), 403, 'FORBIDDEN');
      expectError(await as(peer).get(`/users/${memberA.id}/tokens`), 403, 'FORBIDDEN');
      const { body } = await operator.get(`/users/${memberA.id}/tokens`);
      expectError(await as(peer).del(`/users/${memberA.id}/tokens/${body.items[0].id}`), 403, 'FORBIDDEN');
    });

    it("another company's admin does not see the user at all: 404 USER_NOT_FOUND (issue 15, finding 5)", async () => {
      expectError(await as(adminB).post(`/users/${memberA.id}/tokens`), 404, 'USER_NOT_FOUND');
      expectError(await as(adminB).get(`/users/${memberA.id}/tokens`), 404, 'USER_NOT_FOUND');
    });

    it('an unknown user or token is 404', async () => {
      expectError(await operator.post('/users/no-such-user/tokens'), 404, 'USER_NOT_FOUND');
      expectError(await operator.get('/users/no-such-user/tokens'), 404, 'USER_NOT_FOUND');
      expectError(await operator.del(`/users/${memberA.id}/tokens/no-such-token`), 404, 'TOKEN_NOT_FOUND');
    });
  });

  describe('GET /me', () => {
    it('answers the user with their companies and projects', async () => {
      const res = await as(memberA).get('/me');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: memberA.id,
        email: memberA.email,
        name: 'Alpha Member',
        companies: [{ id: companyA, name: 'Alpha Builders', admin: false }],
        projects: [{ id: projectA, companyId: companyA, name: 'Alpha Tower', permissions: { connectionManager: 'read_only', drawings: 'read_only' } }],
      });
    });

    it('the operator acts for no user: 403', async () => {
      expectError(await operator.get('/me'), 403, 'FORBIDDEN');
    });
  });

  describe('fixtures', () => {
    it('scenario(): two companies (downstream in the beta), a connector with CM admin + Drawings read_only on both, lesser users', async () => {
      const s = await dir.scenario({ upstream: { connectionApproval: 'manual' } });
      expect(s.upstream.company.settings).toEqual({ connectionApproval: 'manual', connectBeta: false });
      expect(s.downstream.company.settings).toEqual({ connectionApproval: 'automatic', connectBeta: true });
      const connector = (await as(s.connector).get('/me')).body;
      expect(connector.projects).toHaveLength(2);
      for (const p of connector.projects) expect(p.permissions).toEqual({ connectionManager: 'admin', drawings: 'read_only' });
      expect(connector.companies.map((c: { id: string }) => c.id).sort()).toEqual([s.upstream.companyId, s.downstream.companyId].sort());
      expect((await as(s.uploader).get('/me')).body.projects).toEqual([expect.objectContaining({ id: s.upstream.projectId, permissions: { connectionManager: 'none', drawings: 'standard' } })]);
      expect((await as(s.outsider).get('/me')).body).toMatchObject({ companies: [], projects: [] });
    });
  });

  describe('directory events', () => {
    let connection: amqp.ChannelModel;
    let channel: amqp.Channel;
    const received: Array<{ type: string; correlationId: string; payload: Record<string, unknown> }> = [];

    beforeAll(async () => {
      connection = await amqp.connect(system.env['AMQP_URL']);
      channel = await connection.createChannel();
      await channel.assertExchange(system.env['BROKER_EXCHANGE'] ?? 'connect', 'topic', { durable: true });
      const { queue } = await channel.assertQueue('', { exclusive: true });
      await channel.bindQueue(queue, system.env['BROKER_EXCHANGE'] ?? 'connect', 'directory.#');
      await channel.consume(queue, (msg) => msg && received.push(JSON.parse(msg.content.toString())), { noAck: true });
    });

    afterAll(async () => {
      await connection?.close();
    });

    async function eventOf(type: string, match: (p: Record<string, unknown>) => boolean) {
      const found = await eventually(() => received.find((e) => e.type === type && match(e.payload)), Boolean, 10_000);
      if (!found) throw new Error(`no ${type} event`);
      return found;
    }

    it('publishes company, project, user and project-member changes with their whole state, version and the request correlation id', async () => {
      const company = await dir.company({ name: 'Evented Co' });
      const settings = await operator.send('PATCH', `/companies/${company.id}/settings`, {
        body: JSON.stringify({ connectBeta: true }),
        headers: { 'content-type': 'application/json', 'x-correlation-id': 'corr-evented-settings' },
      });
      expect(settings.status).toBe(200);
      const project = await dir.project(company.id, 'Evented Project');
      const user = await dir.user('Evented User');
      await dir.member(project.id, user.id, { connectionManager: 'admin', drawings: 'read_only' });

      const changed = await eventOf('directory.company.changed', (p) => p['companyId'] === company.id && p['version'] === 2);
      expect(changed.payload).toEqual({ companyId: company.id, name: 'Evented Co', govCloud: false, connectionApproval: 'automatic', connectBeta: true, version: 2 });
      expect(changed.correlationId).toBe('corr-evented-settings');
      expect((await eventOf('directory.project.changed', (p) => p['projectId'] === project.id)).payload).toEqual({ projectId: project.id, companyId: company.id, name: 'Evented Project', version: 1 });
      expect((await eventOf('directory.user.changed', (p) => p['userId'] === user.id)).payload).toEqual({ userId: user.id, email: user.email, name: 'Evented User', version: 1 });
      expect((await eventOf('directory.project-member.changed', (p) => p['userId'] === user.id)).payload).toEqual({
        projectId: project.id,
        companyId: company.id,
        userId: user.id,
        email: user.email,
        name: 'Evented User',
        permissions: { connectionManager: 'admin', drawings: 'read_only' },
        version: 1,
      });
    });
  });
});
