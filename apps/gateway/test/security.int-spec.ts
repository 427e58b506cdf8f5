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
});
