import { ApiClient, ApiResponse, DirectoryFixtures, System, TestUser, directory, startSystem } from '@connect/testing';

/**
 * Issue 15, the outside review's findings on the gateway, each proven
 * through the real gateway on the real broker and database.
 */

function expectError(res: ApiResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('gateway security (issue 15)', () => {
  let system: System;
  let dir: DirectoryFixtures;
  let operator: ApiClient;
  // Company A: an admin and a plain user. Company B: an admin and a plain user. A user at both.
  let companyA: string;
  let companyB: string;
  let adminA: TestUser;
  let userA: TestUser;
  let adminB: TestUser;
  let userB: TestUser;
  let atBoth: TestUser;

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway'] });
    dir = directory(system);
    operator = system.api(system.adminToken);
    companyA = (await dir.company({ name: 'Alpha Builders' })).id;
    companyB = (await dir.company({ name: 'Beta Electric' })).id;
    [adminA, userA, adminB, userB, atBoth] = await Promise.all(['Alpha Admin', 'Alpha User', 'Beta Admin', 'Beta User', 'At Both'].map((n) => dir.userWithToken(n)));
    await dir.companyUser(companyA, adminA.id, true);
    await dir.companyUser(companyA, userA.id, false);
    await dir.companyUser(companyB, adminB.id, true);
    await dir.companyUser(companyB, userB.id, false);
    await dir.companyUser(companyA, atBoth.id, false);
    await dir.companyUser(companyB, atBoth.id, false);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const as = (user: TestUser) => system.api(user.token);

  describe('finding 3: tokens are minted by the operator and company admins only; they expire; all of a user can be revoked', () => {
    it('a user token may not mint a token for its own user (a stolen token cannot outlive its revocation): 403', async () => {
      expectError(await as(userA).post(`/users/${userA.id}/tokens`), 403, 'FORBIDDEN');
      expectError(await as(adminA).post(`/users/${adminA.id}/tokens`), 403, 'FORBIDDEN');
    });

    it('a company admin mints a token for a user of their company, which authenticates', async () => {
      const res = await as(adminA).post(`/users/${userA.id}/tokens`);
      expect(res.status).toBe(201);
      expect((await system.api(res.body.token).get('/me')).body.id).toBe(userA.id);
    });

    it('a company admin may not mint for a user who is also at a company they do not administer: 403', async () => {
      expectError(await as(adminA).post(`/users/${atBoth.id}/tokens`), 403, 'FORBIDDEN');
      expect((await operator.post(`/users/${atBoth.id}/tokens`)).status).toBe(201);
    });

    it('a token with an expiry works until then and is 401 after', async () => {
      const res = await operator.post(`/users/${userA.id}/tokens`, { expiresInSeconds: 2 });
      expect(res.status).toBe(201);
      expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(0);
      expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(2000);
      const api = system.api(res.body.token);
      expect((await api.get('/me')).status).toBe(200);
      await sleep(2200);
      expectError(await api.get('/me'), 401, 'UNAUTHENTICATED');
    });

    it('without an expiry the token does not expire; an expiry out of range is 400', async () => {
      expect((await operator.post(`/users/${userA.id}/tokens`)).body.expiresAt).toBeNull();
      for (const expiresInSeconds of [0, -5, 1.5, 'soon', 400 * 24 * 3600]) {
        expectError(await operator.post(`/users/${userA.id}/tokens`, { expiresInSeconds }), 400, 'VALIDATION_FAILED');
      }
    });

    it('DELETE /users/:id/tokens revokes every token of the user at once', async () => {
      const user = await dir.userWithToken('Many Tokens');
      await dir.companyUser(companyA, user.id, false);
      const second = await dir.token(user.id);
      const third = await dir.token(user.id);
      expect((await as(adminA).del(`/users/${user.id}/tokens`)).status).toBe(204);
      for (const token of [user.token, second, third]) expectError(await system.api(token).get('/me'), 401, 'UNAUTHENTICATED');
      const list = await operator.get(`/users/${user.id}/tokens`);
      expect(list.body.items).toHaveLength(3);
      for (const t of list.body.items) expect(t.revokedAt).toEqual(expect.any(String));
      expect((await operator.del(`/users/${user.id}/tokens`)).status).toBe(204);
    });

    it('a user revokes all their own tokens (after a theft); another company admin may not: 404', async () => {
      const user = await dir.userWithToken('Robbed');
      await dir.companyUser(companyA, user.id, false);
      expectError(await as(adminB).del(`/users/${user.id}/tokens`), 404, 'USER_NOT_FOUND');
      expect((await as(user).get('/me')).status).toBe(200);
      expect((await as(user).del(`/users/${user.id}/tokens`)).status).toBe(204);
      expectError(await as(user).get('/me'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('finding 4: no endpoint reveals or enrols a user outside the caller’s companies', () => {
    it('a company admin cannot learn or enrol a user of another company: 404 USER_NOT_FOUND, no email, no name', async () => {
      const res = await as(adminA).put(`/companies/${companyA}/users/${userB.id}`, { admin: true });
      expectError(res, 404, 'USER_NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain(userB.email);
      const project = await dir.project(companyA);
      expectError(await as(adminA).put(`/projects/${project.id}/members/${userB.id}`, { permissions: { connectionManager: 'admin', drawings: 'admin' } }), 404, 'USER_NOT_FOUND');
      expect((await as(userB).get('/me')).body.companies).toEqual([expect.objectContaining({ id: companyB })]);
    });

    it('a user the admin sees through another company of theirs is still not theirs to enrol: 403; the operator enrols them', async () => {
      const companyC = (await dir.company()).id;
      const admin = await dir.userWithToken('Admin of A, user at C');
      await dir.companyUser(companyA, admin.id, true);
      await dir.companyUser(companyC, admin.id, false);
      const colleague = await dir.user('User at C');
      await dir.companyUser(companyC, colleague.id, false);
      expectError(await as(admin).put(`/companies/${companyA}/users/${colleague.id}`, {}), 403, 'FORBIDDEN');
      expect((await operator.put(`/companies/${companyA}/users/${colleague.id}`, {})).status).toBe(200);
      expect((await as(admin).put(`/companies/${companyA}/users/${colleague.id}`, { admin: true })).status).toBe(200);
    });

    it('a company admin enrols the new user they created; another company admin does not see that user', async () => {
      const created = await as(adminA).post('/users', { email: `new-hire-${Date.now()}@connect.test`, name: 'New Hire' });
      expect(created.status).toBe(201);
      expectError(await as(adminB).put(`/companies/${companyB}/users/${created.body.id}`, {}), 404, 'USER_NOT_FOUND');
      const project = await dir.project(companyA);
      expect((await as(adminA).put(`/projects/${project.id}/members/${created.body.id}`, { permissions: { connectionManager: 'read_only', drawings: 'read_only' } })).status).toBe(200);
    });

    it('POST /users with a registered email tells a company admin nothing: the same 201 as for a new address, nothing changed', async () => {
      const fresh = `fresh-${Date.now()}@connect.test`;
      const forNew = await as(adminA).post('/users', { email: fresh, name: 'Fresh' });
      const forTaken = await as(adminA).post('/users', { email: userB.email, name: 'Guess' });
      expect(forNew.status).toBe(201);
      expect(forTaken.status).toBe(201);
      expect(forTaken.body).toEqual({ id: expect.any(String), email: userB.email, name: 'Guess' });
      expect(Object.keys(forTaken.body).sort()).toEqual(Object.keys(forNew.body).sort());
      expect((await as(adminA).post('/users', { email: fresh, name: 'Fresh' })).status).toBe(201);
      expect((await as(userB).get('/me')).body).toMatchObject({ name: 'Beta User', companies: [expect.objectContaining({ id: companyB })] });
      expectError(await as(adminA).put(`/companies/${companyA}/users/${forTaken.body.id}`, {}), 404, 'USER_NOT_FOUND');
      expectError(await operator.post('/users', { email: userB.email, name: 'Guess' }), 409, 'USER_EMAIL_TAKEN');
    });
  });

  describe('finding 2: bodies nested deeper than 32 levels are 400 BODY_TOO_DEEP before validation, never 500', () => {
    const deepArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

    it.each([
      ['100,000 nested arrays', deepArrays(100_000)],
      ['a field holding 33 nested arrays', `{"connectBeta": ${deepArrays(33)}}`],
      ['33 nested objects', `${'{"a":'.repeat(32)}{}${'}'.repeat(32)}`],
    ])('PATCH /companies/:id/settings with %s → 400 BODY_TOO_DEEP', async (_name, body) => {
      const res = await operator.send('PATCH', `/companies/${companyA}/settings`, { body, headers: { 'content-type': 'application/json' } });
      expect({ status: res.status, code: res.body?.code }).toEqual({ status: 400, code: 'BODY_TOO_DEEP' });
    });

    it('a body at the limit reaches validation: 400 VALIDATION_FAILED', async () => {
      const res = await operator.send('PATCH', `/companies/${companyA}/settings`, { body: `{"connectBeta": ${deepArrays(31)}}`, headers: { 'content-type': 'application/json' } });
      expectError(res, 400, 'VALIDATION_FAILED');
    });

    it('U+0000 in a JSON string, a key or the URL is 400 VALIDATION_FAILED, not 500 (found by make fuzz)', async () => {
      for (const body of ['{"name": "a\\u0000b"}', '{"name": "x", "a\\u0000": 1}']) {
        const res = await operator.send('POST', '/companies', { body, headers: { 'content-type': 'application/json' } });
        expectError(res, 400, 'VALIDATION_FAILED');
      }
      expectError(await operator.patch('/companies/a%00b/settings', { connectBeta: true }), 400, 'VALIDATION_FAILED');
      expectError(await operator.post('/users', { email: 'nul@connect.test', name: 'Nu\u0000l' }), 400, 'VALIDATION_FAILED');
    });

    it('the gateway still answers after them', async () => {
      expect((await operator.patch(`/companies/${companyA}/settings`, { connectBeta: false })).status).toBe(200);
    });
  });

  describe('finding 5: unknown or not visible → 404, so ids cannot be probed', () => {
    it.each([
      ['PATCH /companies/:id/settings', (api: ApiClient, id: string) => api.patch(`/companies/${id}/settings`, { connectBeta: true })],
      ['POST /companies/:id/projects', (api: ApiClient, id: string) => api.post(`/companies/${id}/projects`, { name: 'Probe' })],
      ['PUT /companies/:id/users/:userId', (api: ApiClient, id: string) => api.put(`/companies/${id}/users/${adminB.id}`, {})],
    ])("%s: another company's admin gets the same 404 as for an unknown company; a non-admin there gets 403", async (_name, call) => {
      expectError(await call(as(adminB), companyA), 404, 'COMPANY_NOT_FOUND');
      expectError(await call(as(adminB), 'no-such-company'), 404, 'COMPANY_NOT_FOUND');
      expectError(await call(as(userB), companyA), 404, 'COMPANY_NOT_FOUND');
      expectError(await call(as(userA), companyA), 403, 'FORBIDDEN');
    });

    it("a project of another company and members of other companies are 404, as unknown ones", async () => {
      const project = await dir.project(companyA);
      const permissions = { connectionManager: 'none', drawings: 'read_only' };
      expectError(await as(adminB).put(`/projects/${project.id}/members/${adminB.id}`, { permissions }), 404, 'PROJECT_NOT_FOUND');
      expectError(await as(adminB).put(`/projects/no-such-project/members/${adminB.id}`, { permissions }), 404, 'PROJECT_NOT_FOUND');
      expectError(await as(adminA).put(`/projects/${project.id}/members/${userB.id}`, { permissions }), 404, 'USER_NOT_FOUND');
      expectError(await as(adminA).put(`/projects/${project.id}/members/no-such-user`, { permissions }), 404, 'USER_NOT_FOUND');
      for (const call of [(api: ApiClient, id: string) => api.get(`/users/${id}/tokens`), (api: ApiClient, id: string) => api.post(`/users/${id}/tokens`), (api: ApiClient, id: string) => api.del(`/users/${id}/tokens`)]) {
        expectError(await call(as(adminA), userB.id), 404, 'USER_NOT_FOUND');
        expectError(await call(as(adminA), 'no-such-user'), 404, 'USER_NOT_FOUND');
      }
    });
  });
});
