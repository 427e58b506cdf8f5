import { ApiClient, DirectoryFixtures, System, TestUser, directory, eventually, startSystem } from '@connect/testing';
import { MongoClient } from 'mongodb';

/**
 * Issue 17, point 6: each gateway caches authentication and permission answers (tokens, actors
 * with their permission levels, company and project names), invalidated by the directory's events
 * — never by a timer. Two gateways on the real broker and database, through HTTP:
 *   - a change made through one gateway is refused / reflected by that gateway on the very next
 *     request, and by the other as soon as the event reached it;
 *   - while a gateway's event feed is down, its cache is bypassed (a change it never hears of is
 *     still seen), and it starts from empty when the feed is back.
 */
describe('gateway directory cache (issue 17, system)', () => {
  let system: System;
  let dir: DirectoryFixtures;
  let operator: ApiClient;
  let companyId: string;
  let projectId: string;

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway', 'drawing-service'], instances: { gateway: 2 } });
    dir = directory(system);
    operator = system.api(system.adminToken);
    companyId = (await dir.company({ name: 'Cache Builders' })).id;
    projectId = (await dir.project(companyId, 'Cache Tower')).id;
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** The same user through gateway 0 and gateway 1. */
  const both = (user: TestUser): [ApiClient, ApiClient] => [system.api(user.token, 0), system.api(user.token, 1)];

  async function metric(gateway: number, name: string): Promise<number> {
    const text = await (await fetch(`${system.url('gateway', gateway)}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(name))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }
  const hits = (gateway: number) => metric(gateway, 'gateway_directory_cache_reads_total{kind="token",result="hit"}');
  const live = (gateway: number) => metric(gateway, 'gateway_directory_cache_live');

  /** Two requests on each gateway: the second is answered from its cache (checked by the hit counter). */
  async function warm(user: TestUser): Promise<void> {
    for (const [i, api] of both(user).entries()) {
      expect((await api.get('/me')).status).toBe(200);
      const before = await hits(i);
      expect((await api.get('/me')).status).toBe(200);
      expect(await hits(i)).toBeGreaterThan(before);
    }
  }

  const statusOn = (api: ApiClient, path: string) => async () => (await api.get(path)).status;

  it('both gateways serve from their caches once their event feeds are consumed', async () => {
    expect([await live(0), await live(1)]).toEqual([1, 1]);
  });

  it('a revoked token is refused (401) on the next request through the revoking gateway, and through the other once the event arrived', async () => {
    const user = await dir.userWithToken('Revoked Rita', [[projectId, { connectionManager: 'read_only', drawings: 'read_only' }]]);
    await warm(user);
    const [gw0, gw1] = both(user);
    const { body } = await operator.get<{ items: Array<{ id: string }> }>(`/users/${user.id}/tokens`);
    expect((await operator.del(`/users/${user.id}/tokens/${body.items[0].id}`)).status).toBe(204);
    const next = await gw0.get('/me');
    expect({ status: next.status, code: next.body?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await eventually(statusOn(gw1, '/me'), (s) => s === 401, 5_000, 10)).toBe(401);
  });

  it('removing a user’s access (every token revoked at once) is refused on both gateways', async () => {
    const user = await dir.userWithToken('Leaving Lea', [[projectId, { connectionManager: 'read_only', drawings: 'read_only' }]]);
    const second = { ...user, token: await dir.token(user.id) };
    await warm(user);
    await warm(second);
    expect((await operator.del(`/users/${user.id}/tokens`)).status).toBe(204);
    for (const u of [user, second]) {
      expect((await both(u)[0].get('/me')).status).toBe(401);
      expect(await eventually(statusOn(both(u)[1], '/me'), (s) => s === 401, 5_000, 10)).toBe(401);
    }
  });

  it('a changed project permission (D1) is effective on the next request, both ways, on both gateways', async () => {
    const user = await dir.userWithToken('Promoted Pia', [[projectId, { connectionManager: 'read_only', drawings: 'none' }]]);
    await warm(user);
    const [gw0, gw1] = both(user);
    const register = `/projects/${projectId}/drawings`;
    for (const api of [gw0, gw1]) expect((await api.get(register)).status).toBe(403);

    await dir.member(projectId, user.id, { connectionManager: 'read_only', drawings: 'read_only' });
    expect((await gw0.get(register)).status).toBe(200);
    expect((await gw0.get('/me')).body.projects).toEqual([expect.objectContaining({ id: projectId, permissions: { connectionManager: 'read_only', drawings: 'read_only' } })]);
    expect(await eventually(statusOn(gw1, register), (s) => s === 200, 5_000, 10)).toBe(200);

    await dir.member(projectId, user.id, { connectionManager: 'read_only', drawings: 'none' });
    expect((await gw0.get(register)).status).toBe(403);
    expect(await eventually(statusOn(gw1, register), (s) => s === 403, 5_000, 10)).toBe(403);
  });

  it('a company admin flag given and taken away is effective on the next request on both gateways', async () => {
    const user = await dir.userWithToken('Admin Ada');
    await dir.companyUser(companyId, user.id, false);
    await warm(user);
    const [gw0, gw1] = both(user);
    const settings = (api: ApiClient) => async () => (await api.patch(`/companies/${companyId}/settings`, { connectBeta: false })).status;
    expect(await settings(gw0)()).toBe(403);
    expect(await settings(gw1)()).toBe(403);

    await dir.companyUser(companyId, user.id, true);
    expect(await settings(gw0)()).toBe(200);
    expect(await eventually(settings(gw1), (s) => s === 200, 5_000, 10)).toBe(200);

    await dir.companyUser(companyId, user.id, false);
    expect(await settings(gw0)()).toBe(403);
    expect(await eventually(settings(gw1), (s) => s === 403, 5_000, 10)).toBe(403);
  });

  it('while its event feed is down, a gateway bypasses its cache; when the feed is back it starts from empty', async () => {
    const user = await dir.userWithToken('Outage Olga', [[projectId, { connectionManager: 'read_only', drawings: 'read_only' }]]);
    const second = { ...user, token: await dir.token(user.id) };
    await warm(user);
    await warm(second);
    const mongo = new MongoClient(system.env['MONGO_URL']);
    await mongo.connect();
    // Behind the gateways' backs: the database changes and no event is ever published.
    const tokens = mongo.db(`connect_gateway${system.env['MONGO_DB_SUFFIX']}`).collection<{ _id: string; userId: string; version: number; revokedAt: Date | null }>('access_tokens');
    const revokeSilently = async (token: string) => {
      const { createHash } = await import('node:crypto');
      const hash = createHash('sha256').update(token, 'utf8').digest('hex');
      const doc = await tokens.findOne({ _id: hash });
      expect(doc?.revokedAt).toBeNull();
      await tokens.updateOne({ _id: hash }, { $set: { revokedAt: new Date(), version: (doc?.version ?? 0) + 1 } });
    };
    try {
      await system.broker.shutVhost(system.vhost);
      expect(await eventually(() => live(0), (v) => v === 0, 20_000)).toBe(0);
      await revokeSilently(user.token);
      // A cache that kept serving would still say 200 here.
      expect((await both(user)[0].get('/me')).status).toBe(401);
      // And a second silent change, not asked for while the feed is down.
      await revokeSilently(second.token);
    } finally {
      await system.broker.openVhost(system.vhost);
      await mongo.close();
    }
    expect(await eventually(() => live(0), (v) => v === 1, 30_000)).toBe(1);
    // Cached before the outage, changed during it: the cache came back empty, so the change is seen.
    expect((await both(second)[0].get('/me')).status).toBe(401);
    // And it serves again.
    const fresh = await dir.userWithToken('After Anna');
    const before = await hits(0);
    expect((await system.api(fresh.token, 0).get('/me')).status).toBe(200);
    expect((await system.api(fresh.token, 0).get('/me')).status).toBe(200);
    expect(await hits(0)).toBeGreaterThan(before);
  });
});
