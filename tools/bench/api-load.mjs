#!/usr/bin/env node
// tools/bench/api-load.mjs — the API under load (issue 17.6), against the running system
// (`make up`: built apps on make up's stack; GATEWAY_PORT, ADMIN_TOKEN from make).
// Seeds, through the public API, one company, one project with BENCH_REGISTER_DRAWINGS published
// drawings (tiny PDFs, uploaded BENCH_SEED_PARALLEL at a time) and one connection-manager admin with a
// token; then loads, one after another for BENCH_SECONDS each at BENCH_CONNECTIONS concurrent
// clients (autocannon): the gateway's bare GET /health/live (the ceiling of the HTTP layer),
// GET /me, the register (GET /projects/:id/drawings) and the connection list. Prints p50/p99/req/s
// and each route as a fraction of /health/live; merges the results into bench/results.json.
// BENCH_ROUTES=me,connections runs only those (after /health/live); the seeded project is reused.
import autocannon from 'autocannon';
import { loadavg } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { printTable, recordResults } from './results.mjs';

const BASE = `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 3000}`;
const API = `${BASE}/api/v1`;
const ADMIN = process.env.ADMIN_TOKEN;
const DRAWINGS = Number(process.env.BENCH_REGISTER_DRAWINGS ?? 10000);
const SEED_PARALLEL = Number(process.env.BENCH_SEED_PARALLEL ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// Seeding 10,000 drawings takes minutes: a later run on the same stack reuses the project it seeded
// (BENCH_RESEED=1 seeds a new one).
const SEED_FILE = `.stack/bench-api-seed-${DRAWINGS}.json`;
if (!ADMIN) throw new Error('ADMIN_TOKEN is not set (make bench sets it)');

async function call(method, path, body, token = ADMIN) {
  const init = { method, headers: { authorization: `Bearer ${token}` } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${API}${path}`, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function seed() {
  if (existsSync(SEED_FILE) && !process.env.BENCH_RESEED) {
    const seeded = JSON.parse(readFileSync(SEED_FILE, 'utf8'));
    const res = await fetch(`${API}/me`, { headers: { authorization: `Bearer ${seeded.token}` } });
    if (res.ok) {
      console.log(`reusing the project of ${DRAWINGS} drawings seeded before (${SEED_FILE})`);
      return seeded;
    }
  }
  const suffix = Date.now().toString(36);
  const company = await call('POST', '/companies', { name: `Bench Builders ${suffix}` });
  const project = await call('POST', `/companies/${company.id}/projects`, { name: `Register of ${DRAWINGS}` });
  const user = await call('POST', '/users', { email: `bench+${suffix}@bench.example`, name: 'Bench Admin' });
  await call('PUT', `/projects/${project.id}/members/${user.id}`, { permissions: { connectionManager: 'admin', drawings: 'admin' } });
  const { token } = await call('POST', `/users/${user.id}/tokens`);
  const p = `/projects/${project.id}`;
  const area = await call('POST', `${p}/drawing-areas`, { name: 'Tower' }, token);
  const discipline = await call('POST', `${p}/drawing-disciplines`, { name: 'Architectural' }, token);
  const ids = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: SEED_PARALLEL }, async () => {
      while (next < DRAWINGS) {
        const i = next++;
        const form = new FormData();
        form.set('areaId', area.id);
        form.set('disciplineId', discipline.id);
        form.set('drawingNumber', `A-${String(i).padStart(5, '0')}`);
        form.set('title', `Level ${i} plan`);
        form.set('revisionNumber', '1');
        form.set('file', new Blob([PDF], { type: 'application/pdf' }), `A-${i}.pdf`);
        ids.push((await call('POST', `${p}/drawing-revisions`, form, token)).id);
      }
    }),
  );
  for (let i = 0; i < ids.length; i += 200) await call('POST', `${p}/drawing-revisions/publish`, { revisionIds: ids.slice(i, i + 200) }, token);
  console.log(`seeded ${DRAWINGS} published drawings in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  mkdirSync('.stack', { recursive: true });
  writeFileSync(SEED_FILE, JSON.stringify({ project, token }));
  return { project, token };
}

function load(name, path, token) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: `${BASE}${path}`, connections: CONNECTIONS, duration: SECONDS, headers: token ? { authorization: `Bearer ${token}` } : {} },
      (err, r) => {
        if (err) return reject(err);
        const errors = r.errors + r.timeouts + r.non2xx;
        resolve({ name, path, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, errors });
      },
    );
  });
}

async function main() {
  const { project, token } = await seed();
  // BENCH_ROUTES=me,register picks routes (/health/live, the ceiling, always runs first).
  const routes = [
    ['api.me', '/api/v1/me'],
    ['api.register', `/api/v1/projects/${project.id}/drawings?limit=50`],
    ['api.connections', `/api/v1/projects/${project.id}/connections`],
  ].filter(([name]) => !process.env.BENCH_ROUTES || process.env.BENCH_ROUTES.split(',').includes(name.slice(4)));
  const rows = [await load('api.health-live', '/health/live')];
  for (const [name, path] of routes) rows.push(await load(name, path, token));
  const ceiling = rows[0].rps;
  const loadAvg = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`load average after the run: ${loadAvg}`);
  printTable(rows.map((r) => ({ route: r.path.replace(project.id, ':id'), 'req/s': r.rps, 'p50 ms': r.p50, 'p99 ms': r.p99, 'of /health/live': `${((100 * r.rps) / ceiling).toFixed(1)} %`, errors: r.errors })));
  recordResults(
    rows.map((r) => ({ name: r.name, unit: 'req/s', median: r.rps, p50Ms: r.p50, p99Ms: r.p99, errors: r.errors, connections: CONNECTIONS, seconds: SECONDS, registerDrawings: DRAWINGS, loadAverage: loadAvg, ceiling: { name: 'api.health-live', value: ceiling, fraction: Number((r.rps / ceiling).toFixed(3)) } })),
  );
  if (rows.some((r) => r.errors > 0)) {
    console.error('some requests failed: the figures above are not valid');
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
