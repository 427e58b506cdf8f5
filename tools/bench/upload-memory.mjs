#!/usr/bin/env node
// D2 memory benchmark: a 200 MB drawing streams through the gateway and
// drawing-service (over the broker, into GridFS) and back, while the
// resident memory of both processes is sampled. Not a timed test: it prints
// peak RSS per phase and throughput, and fails (exit 1) only when a peak
// during the upload reaches the memory bound (issue 4: "a 200 MB upload
// streams through with resident memory under 200 MB"); download peaks are
// reported alongside.
//
//   node tools/bench/upload-memory.mjs [--size-mb 200] [--limit-mb 200] [--from-source]
//
// Runs the built apps (dist/apps/*/main.js, what production runs; built with
// `npx nx build` when missing), or with --from-source the TypeScript sources
// as the system tests do (the in-process transpiler adds ~80 MB to each
// baseline). Needs the local stack (scripts/stack.sh up): RabbitMQ with its
// management API, and FerretDB or MongoDB. Everything it creates (a broker
// vhost, `_test_bench_*` databases) is removed at the end.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(ROOT, 'package.json'));
const { MongoClient } = require('mongodb');

const { values: args } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '200' },
    'limit-mb': { type: 'string', default: '200' },
    'from-source': { type: 'boolean', default: false },
  },
});
const MB = 1000 * 1000;
const MiB = 1024 * 1024;
const SIZE = Number(args['size-mb']) * MB;
const LIMIT_MB = Number(args['limit-mb']);
const APPS = ['gateway', 'drawing-service'];

const amqpBase = (process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672').replace(/\/+$/, '');
const management = new URL((process.env.RABBITMQ_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672').replace(/\/+$/, ''));
const mongoUrl = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const runId = randomBytes(4).toString('hex');
const vhost = `bench_${runId}`;
const dbSuffix = `_test_bench_${runId}`;
const adminToken = `bench-admin-${randomBytes(12).toString('hex')}`;

const log = (...a) => console.error('[bench]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function brokerAdmin(method, path, body) {
  const auth = Buffer.from(`${decodeURIComponent(management.username)}:${decodeURIComponent(management.password)}`).toString('base64');
  const res = await fetch(`${management.origin}/api${path}`, {
    method,
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  if (!res.ok && res.status !== 404) throw new Error(`broker management ${method} ${path}: ${res.status} ${await res.text()}`);
}

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer().on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

function ensureBuilt() {
  const missing = APPS.filter((app) => !existsSync(join(ROOT, 'dist/apps', app, 'main.js')));
  if (!missing.length) return;
  log(`building ${missing.join(', ')}`);
  execFileSync('npx', ['nx', 'run-many', '-t', 'build', `--projects=${missing.join(',')}`], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
}

async function startApp(app, env) {
  const port = await freePort();
  const argv = args['from-source']
    ? ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`]
    : [join('dist/apps', app, 'main.js')];
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', TS_NODE_PROJECT: 'tsconfig.base.json', SWC_NODE_PROJECT: 'tsconfig.base.json' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${app} exited ${child.exitCode}: ${stderr}`);
    const ready = await fetch(`${url}/health/ready`).then((r) => r.ok, () => false);
    if (ready) return { app, child, url, pid: child.pid };
    await sleep(250);
  }
  throw new Error(`${app} not ready in 90 s: ${stderr}`);
}

/** Resident set size and its kernel-recorded high-water mark, in MB (10^6 bytes). */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)[1]);
  return { rss: (kb('VmRSS') * 1024) / MB, hwm: (kb('VmHWM') * 1024) / MB };
}

/** Samples every app's RSS every 20 ms, keeping the peak of the current phase. */
function sampler(apps) {
  const peaks = Object.fromEntries(apps.map((a) => [a.app, 0]));
  const timer = setInterval(() => {
    for (const a of apps) peaks[a.app] = Math.max(peaks[a.app], memoryOf(a.pid).rss);
  }, 20);
  return {
    reset() {
      for (const a of apps) peaks[a.app] = memoryOf(a.pid).rss;
    },
    peaks: () => ({ ...peaks }),
    stop: () => clearInterval(timer),
  };
}

function api(gatewayUrl, token) {
  return async (method, path, body) => {
    const res = await fetch(`${gatewayUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': 'application/json' }) },
      body: body && JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** An operator-made company, project and Drawings admin with a token, and an area and discipline to upload into. */
async function setUp(gatewayUrl) {
  const operator = api(gatewayUrl, adminToken);
  const company = await operator('POST', '/companies', { name: `Bench ${runId}` });
  const project = await operator('POST', `/companies/${company.id}/projects`, { name: `Bench ${runId}` });
  const user = await operator('POST', '/users', { email: `bench-${runId}@connect.test`, name: 'Bench' });
  await operator('PUT', `/projects/${project.id}/members/${user.id}`, { permissions: { connectionManager: 'none', drawings: 'admin' } });
  const { token } = await operator('POST', `/users/${user.id}/tokens`);
  const as = api(gatewayUrl, token);
  const area = await as('POST', `/projects/${project.id}/drawing-areas`, { name: 'Bench area' });
  const discipline = await as('POST', `/projects/${project.id}/drawing-disciplines`, { name: 'Bench discipline' });
  return { token, projectId: project.id, fields: { areaId: area.id, disciplineId: discipline.id, title: 'Bench', revisionNumber: '1' } };
}

/**
 * Uploads `size` generated bytes with a PDF header as multipart, streamed
 * (the bench holds one MiB at a time), hashing what it sends.
 */
async function upload(gatewayUrl, ctx, size) {
  const boundary = `bench${randomUUID()}`;
  const hash = createHash('sha256');
  const fields = { ...ctx.fields, drawingNumber: `BENCH-${randomUUID().slice(0, 8)}` };
  const head = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  async function* body() {
    yield Buffer.from(`${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    let sent = 0;
    while (sent < size) {
      const n = Math.min(MiB, size - sent);
      const block = randomBytes(n);
      if (sent === 0) block.write('%PDF-1.7\n', 0, 'latin1');
      hash.update(block);
      sent += n;
      yield block;
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  const iterator = body();
  const stream = new ReadableStream({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value));
    },
  });
  const started = performance.now();
  const res = await fetch(`${gatewayUrl}/api/v1/projects/${ctx.projectId}/drawing-revisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: stream,
    duplex: 'half',
  });
  const revision = await res.json();
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(revision)}`);
  const sha256 = hash.digest('hex');
  if (revision.sha256 !== sha256 || revision.size !== size) throw new Error(`upload stored ${revision.size} bytes ${revision.sha256}, sent ${size} ${sha256}`);
  return { revision, seconds };
}

/** Downloads a revision's file, hashing it as it streams in. */
async function download(gatewayUrl, ctx, revision) {
  const started = performance.now();
  const res = await fetch(`${gatewayUrl}/api/v1/projects/${ctx.projectId}/drawing-revisions/${revision.id}/file`, {
    headers: { authorization: `Bearer ${ctx.token}` },
  });
  if (res.status !== 200) throw new Error(`download: ${res.status} ${await res.text()}`);
  const hash = createHash('sha256');
  let size = 0;
  for await (const piece of res.body) {
    hash.update(piece);
    size += piece.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const sha256 = hash.digest('hex');
  if (sha256 !== revision.sha256 || size !== revision.size) throw new Error(`download got ${size} bytes ${sha256}, expected ${revision.size} ${revision.sha256}`);
  if (res.headers.get('etag') !== `"${sha256}"`) throw new Error(`ETag ${res.headers.get('etag')} is not the SHA-256`);
  return { seconds };
}

async function cleanUp(apps) {
  for (const a of apps) a.child.kill('SIGTERM');
  await Promise.all(apps.map((a) => (a.child.exitCode !== null ? undefined : new Promise((r) => a.child.once('exit', r)))));
  await brokerAdmin('DELETE', `/vhosts/${encodeURIComponent(vhost)}`).catch((err) => log(err.message));
  const client = new MongoClient(mongoUrl);
  try {
    await client.connect();
    const { databases } = await client.db().admin().listDatabases({ nameOnly: true });
    for (const db of databases.filter((d) => d.name.endsWith(dbSuffix))) await client.db(db.name).dropDatabase();
  } finally {
    await client.close();
  }
}

async function main() {
  if (!args['from-source']) ensureBuilt();
  await brokerAdmin('PUT', `/vhosts/${encodeURIComponent(vhost)}`, {});
  await brokerAdmin('PUT', `/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(decodeURIComponent(management.username))}`, {
    configure: '.*',
    write: '.*',
    read: '.*',
  });
  const env = {
    NODE_ENV: 'test',
    AMQP_URL: `${amqpBase}/${vhost}`,
    MONGO_URL: mongoUrl,
    MONGO_DB_SUFFIX: dbSuffix,
    ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'warn',
    DRAWING_MAX_FILE_BYTES: String(Math.max(SIZE, 500 * MiB)),
  };
  const apps = [];
  let failed = false;
  try {
    for (const app of APPS) apps.push(await startApp(app, env));
    const gatewayUrl = apps[0].url;
    log(`apps ready (${args['from-source'] ? 'from source' : 'built bundles'}): ${apps.map((a) => `${a.app} pid ${a.pid}`).join(', ')}`);
    const ctx = await setUp(gatewayUrl);
    // Warm-up: load every code path once, so the baseline is a service at work, not a cold one.
    const warm = await upload(gatewayUrl, ctx, 3 * MiB);
    await download(gatewayUrl, ctx, warm.revision);
    await sleep(1000);
    const baseline = Object.fromEntries(apps.map((a) => [a.app, memoryOf(a.pid).rss]));

    const samples = sampler(apps);
    samples.reset();
    log(`uploading ${SIZE / MB} MB`);
    const up = await upload(gatewayUrl, ctx, SIZE);
    const uploadPeaks = samples.peaks();
    samples.reset();
    log(`downloading it back`);
    const down = await download(gatewayUrl, ctx, up.revision);
    const downloadPeaks = samples.peaks();
    samples.stop();
    const hwm = Object.fromEntries(apps.map((a) => [a.app, memoryOf(a.pid).hwm]));

    const fmt = (n) => n.toFixed(1).padStart(8);
    console.log(`\nD2 memory benchmark: ${SIZE / MB} MB file, ${args['from-source'] ? 'apps from source' : 'built apps'}, 64 KiB chunks over the broker`);
    console.log(`upload:   ${up.seconds.toFixed(1)} s, ${(SIZE / MB / up.seconds).toFixed(1)} MB/s, SHA-256 verified`);
    console.log(`download: ${down.seconds.toFixed(1)} s, ${(SIZE / MB / down.seconds).toFixed(1)} MB/s, byte for byte (SHA-256 and ETag verified)`);
    console.log(`\nRSS in MB       baseline  upload peak  download peak  VmHWM (lifetime)`);
    for (const a of apps) {
      console.log(`${a.app.padEnd(16)}${fmt(baseline[a.app])}${fmt(uploadPeaks[a.app])}     ${fmt(downloadPeaks[a.app])}       ${fmt(hwm[a.app])}`);
    }
    const worst = Math.max(...Object.values(uploadPeaks));
    failed = worst >= LIMIT_MB;
    console.log(`\n${failed ? 'FAIL' : 'PASS'}: highest peak during the upload ${worst.toFixed(1)} MB ${failed ? '>=' : '<'} ${LIMIT_MB} MB`);
    console.log(
      JSON.stringify({ sizeMB: SIZE / MB, mode: args['from-source'] ? 'source' : 'built', uploadMBps: SIZE / MB / up.seconds, downloadMBps: SIZE / MB / down.seconds, baseline, uploadPeaks, downloadPeaks, hwm }),
    );
  } finally {
    await cleanUp(apps);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
