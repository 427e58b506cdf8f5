import { REPO_ROOT, System, startSystem } from '@connect/testing';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The gateway serves the web app at `/` (issue 16): its files, index.html for any page path (SPA
 * fallback), and nothing of it under /api, /health or /metrics. The OpenAPI document the web build
 * generates its typed client from (src/openapi-document.ts, no broker or database) is the one the
 * running gateway serves.
 */
describe('gateway serves the web app (system)', () => {
  let system: System;
  let webDir: string;
  // One retry when a reused keep-alive socket was closed by the server meanwhile (its 5 s idle
  // timeout can pass while the document is generated on a loaded machine): a GET is safe to repeat.
  const get = (path: string, accept = 'text/html') =>
    fetch(`${system.url()}${path}`, { headers: { accept } }).catch(() => fetch(`${system.url()}${path}`, { headers: { accept } }));

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Project Connect</title><div id="root"></div>');
    writeFileSync(join(webDir, 'assets', 'app-1234.js'), 'console.log("app")');
    system = await startSystem({ services: ['gateway'], env: { WEB_DIST_DIR: webDir } });
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('answers / and any deep link with index.html, never cached', async () => {
    for (const path of ['/', '/projects/p1/connections', '/projects/p1/drawings/revisions/r1']) {
      const res = await get(path);
      expect([path, res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual([
        path,
        200,
        'text/html; charset=utf-8',
        'no-cache',
      ]);
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('serves hashed assets for a year, and a missing asset is a 404, not the page', async () => {
    const asset = await get('/assets/app-1234.js', '*/*');
    expect([asset.status, asset.headers.get('cache-control'), await asset.text()]).toEqual([200, 'public, max-age=31536000, immutable', 'console.log("app")']);
    expect((await get('/assets/missing-0000.js', '*/*')).status).toBe(404);
  });

  it('leaves the API, its docs and health to the gateway', async () => {
    const unknown = await get('/api/v1/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code?: string }).code).toEqual(expect.any(String));
    expect((await get('/api/v1/me', 'application/json')).status).toBe(401);
    const docs = await get('/api/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    expect((await get('/health/ready', 'application/json')).status).toBe(200);
  });

  it('the build-time OpenAPI document equals the live /api/docs-json (the typed client matches the contract)', async () => {
    const out = join(webDir, 'openapi.json');
    execFileSync(process.execPath, ['-r', '@swc-node/register', 'apps/gateway/src/openapi-document.ts', out], {
      cwd: REPO_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
    });
    const live = await (await get('/api/docs-json', 'application/json')).json();
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(live);
  });
});
