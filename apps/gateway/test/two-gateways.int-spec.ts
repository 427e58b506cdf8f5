import { ApiClient, System, directory, eventually, startSystem } from '@connect/testing';
import { IncomingMessage, Server, ServerResponse, createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * Issue 18 ("Done when", second bullet): two gateways behind one address serve the same tokens. A
 * round-robin HTTP proxy in the test stands for the load balancer (HAProxy in docker-compose's cluster
 * profile): request n goes to gateway n mod 2, so every second request of one client lands on the other
 * gateway. A token issued through one gateway works through the other at once, and a revocation made
 * through one is refused through both — the revoking gateway drops it from its cache before answering,
 * the other when the directory's event reaches its feed (issue 17.6: no timer, no sticky sessions).
 */
class RoundRobin {
  private next = 0;
  private readonly server: Server;
  /** Which gateway (0 or 1) served each request, in order. */
  readonly servedBy: number[] = [];

  constructor(private readonly upstreams: string[]) {
    this.server = createServer((req, res) => this.forward(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const index = this.next++ % this.upstreams.length;
    this.servedBy.push(index);
    const upstream = new URL(this.upstreams[index] ?? '');
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-served-by': String(index) });
      answer.pipe(res);
    });
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  }
}

describe('two gateways behind one address (issue 18)', () => {
  let system: System;
  let proxy: RoundRobin;
  let address: string;

  /** A client of the one address: requests alternate between the gateways. */
  function api(token?: string): ApiClient {
    const send = async (method: string, path: string, init: { body?: RequestInit['body']; headers?: Record<string, string> } = {}) => {
      const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers };
      const res = await fetch(`${address}/api/v1${path}`, { method, headers, body: init.body });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    };
    const json = (method: string) => (path: string, body?: unknown) =>
      send(method, path, body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return { get: (path) => send('GET', path), post: json('POST'), put: json('PUT'), patch: json('PATCH'), del: json('DELETE'), send };
  }

  /** `/me` with `token` through the one address `times` times: the status and body each gateway gave. */
  async function me(token: string, times = 4): Promise<Array<{ gateway: string | null; status: number; id?: string }>> {
    const answers = [];
    for (let i = 0; i < times; i++) {
      const res = await api(token).get('/me');
      answers.push({ gateway: res.headers.get('x-served-by'), status: res.status, ...(res.status === 200 && { id: res.body.id }) });
    }
    return answers;
  }

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway'], instances: { gateway: 2 } });
    proxy = new RoundRobin([system.url('gateway', 0), system.url('gateway', 1)]);
    address = await proxy.listen();
  });

  afterAll(async () => {
    await proxy?.close();
    await system?.stop();
  });

  it('issues tokens through one gateway and serves them through both, alternately; a revocation through one is refused by both', async () => {
    // Everything through the one address: the directory's fixtures included.
    const dir = directory({ api: (token) => api(token), adminToken: system.adminToken });
    const company = await dir.company({ name: 'Two Gateway Builders' });
    const admin = await dir.user('Gate Admin');
    await dir.companyUser(company.id, admin.id, true);
    const adminToken = await dir.token(admin.id);
    const worker = await dir.user('Gate Worker');
    await dir.companyUser(company.id, worker.id, false);

    // The company admin issues two tokens of the worker, each through whichever gateway the proxy picks.
    const issued = [];
    for (let i = 0; i < 2; i++) {
      const res = await api(adminToken).post<{ token: string; id: string }>(`/users/${worker.id}/tokens`);
      expect(res.status).toBe(201);
      issued.push({ ...res.body, issuedBy: res.headers.get('x-served-by') });
    }
    const [first, second] = issued;
    if (!first || !second) throw new Error('tokens not issued');

    // Each token works through both gateways, on the very next request and every one after, as the same user.
    for (const token of [first.token, second.token]) {
      const answers = await me(token);
      expect(new Set(answers.map((a) => a.gateway))).toEqual(new Set(['0', '1']));
      expect(answers.map((a) => [a.status, a.id])).toEqual(Array.from({ length: 4 }, () => [200, worker.id]));
    }

    // Revoked through one gateway: that gateway refuses it on its next request; the other as soon as the
    // directory's event reached its feed (published before the 204, so within the event's delivery).
    const revoked = await api(adminToken).del(`/users/${worker.id}/tokens/${first.id}`);
    expect(revoked.status).toBe(204);
    const revoker = revoked.headers.get('x-served-by');
    const after = await me(first.token, 4);
    expect(after.filter((a) => a.gateway === revoker).map((a) => a.status)).toEqual([401, 401]);
    const refusedByBoth = async (token: string) => (await me(token, 4)).map((a) => a.status);
    expect(await eventually(() => refusedByBoth(first.token), (s) => s.every((x) => x === 401), 5_000, 20)).toEqual([401, 401, 401, 401]);
    // The other token is untouched, on both.
    expect((await me(second.token)).map((a) => [a.status, a.id])).toEqual(Array.from({ length: 4 }, () => [200, worker.id]));

    // Every token of the worker revoked at once, through whichever gateway: refused by both.
    expect((await api(adminToken).del(`/users/${worker.id}/tokens`)).status).toBe(204);
    expect(await eventually(() => refusedByBoth(second.token), (s) => s.every((x) => x === 401), 5_000, 20)).toEqual([401, 401, 401, 401]);
    // Both gateways served this test's requests.
    expect(proxy.servedBy.filter((g) => g === 0).length).toBeGreaterThan(10);
    expect(proxy.servedBy.filter((g) => g === 1).length).toBeGreaterThan(10);
  });
});
