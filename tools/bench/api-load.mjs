#!/usr/bin/env node
// tools/bench/api-load.mjs — the API under load (issue 17.6), against the running system
// (`make up`: built apps on make up's stack; GATEWAY_PORT, ADMIN_TOKEN from make).
// Seeds one company, one project and one connection-manager admin with a token through the public API,
// then BENCH_REGISTER_DRAWINGS published drawings (tiny PDFs, BENCH_SEED_PARALLEL at a time) through
// drawing-service's own commands over the broker (seed-register.ts; AMQP_URL from scripts/stack.sh env);
// then loads, one after another for BENCH_SECONDS each at BENCH_CONNECTIONS concurrent
// clients (autocannon): the gateway's bare GET /health/live (the ceiling of the HTTP layer),
// GET /me, the register (GET /projects/:id/drawings) and the connection list. Prints p50/p99/req/s,
// each route as a fraction of /health/live and the CPU ms per request of gateway, connection-service
// and drawing-service (their /metrics; SERVICES_PORT_BASE as scripts/apps.sh); merges the results
// into bench/results.json.
// BENCH_RUNS (3) runs of every route, medians reported; BENCH_ROUTES=me,connections runs only those (after
// /health/live); the seeded project is reused.
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { median, printTable, recordResults } from './results.mjs';

const BASE = `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 3000}`;
const API = `${BASE}/api/v1`;
const ADMIN = process.env.ADMIN_TOKEN;
const DRAWINGS = Number(process.env.BENCH_REGISTER_DRAWINGS ?? 10000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
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
  const t0 = performance.now();
  const target = { projectId: project.id, companyId: company.id, areaId: area.id, disciplineId: discipline.id, admin: user };
  execFileSync('node', ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'tools/bench/seed-register.ts', JSON.stringify(target), String(DRAWINGS)], {
    stdio: 'inherit',
    env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.base.json', SWC_NODE_PROJECT: 'tsconfig.base.json' },
  });
  console.log(`seeded ${DRAWINGS} published drawings in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  mkdirSync('.stack', { recursive: true });
  writeFileSync(SEED_FILE, JSON.stringify({ project, token }));
  return { project, token };
}

// The apps' own HTTP ports (scripts/apps.sh): their process CPU is read from /metrics around each route.
const SERVICE_BASE = Number(process.env.SERVICES_PORT_BASE ?? 3100);
const APPS = { gateway: BASE, 'connection-service': `http://127.0.0.1:${SERVICE_BASE + 1}`, 'drawing-service': `http://127.0.0.1:${SERVICE_BASE + 2}` };

/** CPU seconds each app has used so far (prom-client's process_cpu_seconds_total); null if unreadable. */
async function cpuSeconds() {
  const out = {};
  for (const [app, url] of Object.entries(APPS)) {
    const text = await fetch(`${url}/metrics`).then((r) => r.text(), () => '');
    const m = /^process_cpu_seconds_total (\S+)/m.exec(text);
    out[app] = m ? Number(m[1]) : null;
  }
  return out;
}

/**
 * `paths`: one path, or several that each client cycles through (the register's pages). Besides
 * req/s and latency, the apps' CPU milliseconds per request: unlike req/s it hardly depends on what
 * else runs on the machine (on a loaded machine, the figure to compare before/after with).
 */
async function load(name, paths, token) {
  const before = await cpuSeconds();
  const result = await autocannonRun(name, paths, token);
  const after = await cpuSeconds();
  const perRequest = (app) => (before[app] === null || after[app] === null || !result.requests ? null : Number((((after[app] - before[app]) * 1000) / result.requests).toFixed(2)));
  return { ...result, cpuMsPerRequest: Object.fromEntries(Object.keys(APPS).map((app) => [app, perRequest(app)])) };
}

function autocannonRun(name, paths, token) {
  const list = [paths].flat();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${BASE}${list[0]}`,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(list.length > 1 && { requests: list.map((path) => ({ method: 'GET', path })) }),
      },
      (err, r) => {
        if (err) return reject(err);
        const errors = r.errors + r.timeouts + r.non2xx;
        resolve({ name, path: list[0], rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, errors });
      },
    );
  });
}

/** Every page of the register (limit 50), walked once: the load requests them all in turn, not page 1 only. */
async function registerPages(projectId, token) {
  const paths = [];
  let cursor = null;
  do {
    const path = `/api/v1/projects/${projectId}/drawings?limit=50${cursor ? `&cursor=${cursor}` : ''}`;
    paths.push(path);
    const res = await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${path} → ${res.status}: ${await res.text()}`);
    cursor = (await res.json()).nextCursor;
  } while (cursor);
  return paths;
}

const uptime = () => execFileSync('uptime').toString().trim();
const cpuCell = (r) => Object.values(r.cpuMsPerRequest).map((v) => (v === null ? '-' : v)).join(', ');

async function main() {
  const { project, token } = await seed();
  const pages = await registerPages(project.id, token);
  console.log(`the register: ${pages.length} pages of 50 (${DRAWINGS} drawings), each client requests them in turn`);
  // BENCH_ROUTES=me,register picks routes (/health/live, the ceiling, always runs first).
  const routes = [
    ['api.me', '/api/v1/me'],
    ['api.register', pages],
    ['api.connections', `/api/v1/projects/${project.id}/connections`],
  ].filter(([name]) => !process.env.BENCH_ROUTES || process.env.BENCH_ROUTES.split(',').includes(name.slice(4)));
  const runs = [];
  for (let run = 1; run <= RUNS; run++) {
    const before = uptime();
    const rows = [await load('api.health-live', '/health/live')];
    for (const [name, paths] of routes) rows.push(await load(name, paths, token));
    runs.push(rows);
    console.log(`run ${run} of ${RUNS} — before: ${before}; after: ${uptime()}`);
    printTable(rows.map((r) => ({ route: r.path.replace(project.id, ':id'), 'req/s': r.rps, 'p50 ms': r.p50, 'p99 ms': r.p99, 'CPU ms/req gw, conn, draw': cpuCell(r), errors: r.errors })));
  }
  const rows = runs[0].map((first, i) => {
    const of = (k) => median(runs.map((rs) => rs[i][k]));
    const cpuOf = (app) => {
      const values = runs.map((rs) => rs[i].cpuMsPerRequest[app]).filter((v) => v !== null);
      return values.length ? median(values) : null;
    };
    const cpu = Object.fromEntries(Object.keys(APPS).map((app) => [app, cpuOf(app)]));
    return { ...first, rps: of('rps'), p50: of('p50'), p99: of('p99'), cpuMsPerRequest: cpu, errors: runs.reduce((n, rs) => n + rs[i].errors, 0) };
  });
  const ceiling = rows[0].rps;
  const loadAvg = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`medians of ${RUNS} runs; load average after: ${loadAvg}`);
  printTable(rows.map((r) => ({ route: r.path.replace(project.id, ':id'), 'req/s': r.rps, 'p50 ms': r.p50, 'p99 ms': r.p99, 'of /health/live': `${((100 * r.rps) / ceiling).toFixed(1)} %`, 'CPU ms/req gw, conn, draw': cpuCell(r), errors: r.errors })));
  recordResults(
    rows.map((r) => ({ name: r.name, unit: 'req/s', median: r.rps, p50Ms: r.p50, p99Ms: r.p99, errors: r.errors, cpuMsPerRequest: r.cpuMsPerRequest, runs: RUNS, connections: CONNECTIONS, seconds: SECONDS, registerDrawings: DRAWINGS, loadAverage: loadAvg, ceiling: { name: 'api.health-live', value: ceiling, fraction: Number((r.rps / ceiling).toFixed(3)) } })),
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
