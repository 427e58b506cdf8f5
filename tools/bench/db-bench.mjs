#!/usr/bin/env node
// tools/bench/db-bench.mjs — `make bench-db` (issue 9).
//
// Measures, through the MongoDB driver against the running stack
// (FerretDB on PostgreSQL, scripts/stack.sh up), on one collection of
// BENCH_DOCS (100,000) documents in a fresh database `bench_db`:
//   * the raw insert rate (insertMany, batches of 1,000),
//   * BENCH_SAMPLES (200) findOne({_id}), updateOne({_id}, {$set}) at random
//     ids and find({groupId}) on an indexed field (10 documents each),
//     first with the GIN twins of infra/postgres/gin-twins.sql, then again
//     after dropping the twins in PostgreSQL (psql), i.e. FerretDB v1 alone.
// Prints medians, p90 and ratios as a table, then drops the database.
//
// Environment: MONGO_URL (mongodb://127.0.0.1:27017), PG_URL
// (postgres://postgres@127.0.0.1:55432/ferretdb), BENCH_DOCS, BENCH_SAMPLES.
// Against real MongoDB (no PG_URL reachable) only the first pass runs.
import { execFileSync } from 'node:child_process';
import { MongoClient } from 'mongodb';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:55432/ferretdb';
const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const GROUP_SIZE = 10;
const DB_NAME = 'bench_db';
const BATCH = 1_000;

function psql(sql) {
  return execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', PG_URL, '-c', sql], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function pgAvailable() {
  try {
    return psql('SELECT 1') === '1';
  } catch {
    return false;
  }
}

const id = (i) => `item-${String(i).padStart(7, '0')}`;
const rand = (n) => Math.floor(Math.random() * n);

function doc(i) {
  return {
    _id: id(i),
    groupId: `group-${Math.floor(i / GROUP_SIZE)}`,
    projectId: `project-${i % 100}`,
    name: `Drawing ${i}`,
    revision: i % 7,
    status: i % 3 === 0 ? 'approved' : 'draft',
    tags: ['bench', `t${i % 13}`],
    size: 1_000 + (i % 5_000),
    updatedAt: new Date(1_700_000_000_000 + i * 1_000),
  };
}

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: q(0.5), p90: q(0.9), n: s.length };
}

async function timeEach(n, fn) {
  for (let i = 0; i < 5; i++) await fn(); // warm-up: connections, statement cache
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return stats(out);
}

async function measureLookups(col) {
  const findOne = await timeEach(SAMPLES, async () => {
    const i = rand(DOCS);
    const d = await col.findOne({ _id: id(i) });
    if (!d || d._id !== id(i)) throw new Error(`findOne(${id(i)}) returned ${JSON.stringify(d)}`);
  });
  let k = 0;
  const updateOne = await timeEach(SAMPLES, async () => {
    const r = await col.updateOne({ _id: id(rand(DOCS)) }, { $set: { status: 'touched', touch: k++ } });
    if (r.matchedCount !== 1) throw new Error(`updateOne matched ${r.matchedCount}`);
  });
  const findGroup = await timeEach(SAMPLES, async () => {
    const g = rand(Math.floor(DOCS / GROUP_SIZE));
    const docs = await col.find({ groupId: `group-${g}` }).toArray();
    if (docs.length !== GROUP_SIZE) throw new Error(`find(groupId) returned ${docs.length} documents`);
  });
  return { findOne, updateOne, findGroup };
}

function fmtMs(v) {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => '| ' + r.map((v, c) => String(v).padEnd(widths[c])).join(' | ') + ' |';
  return [line(rows[0]), '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |', ...rows.slice(1).map(line)].join('\n');
}

async function main() {
  const client = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 5_000 });
  await client.connect();
  const db = client.db(DB_NAME);
  const withPg = pgAvailable();
  try {
    await db.dropDatabase();
    const col = db.collection('items');
    await col.createIndex({ groupId: 1 });
    if (withPg) {
      const twins = psql(`SELECT count(*) FROM connect_gin_twins.twins WHERE schema_name = '${DB_NAME}' AND twin_exists`);
      console.log(`GIN twins in ${DB_NAME}: ${twins} (_id and groupId expected)`);
    }

    console.log(`Inserting ${DOCS.toLocaleString('en')} documents in batches of ${BATCH}...`);
    const t0 = performance.now();
    for (let i = 0; i < DOCS; i += BATCH) {
      const batch = [];
      for (let j = i; j < Math.min(DOCS, i + BATCH); j++) batch.push(doc(j));
      await col.insertMany(batch, { ordered: false });
    }
    const insertS = (performance.now() - t0) / 1000;
    const rate = DOCS / insertS;
    console.log(`insertMany: ${DOCS.toLocaleString('en')} docs in ${insertS.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} docs/s`);
    if (withPg) psql(`ANALYZE ${DB_NAME}.${psql(`SELECT table_name FROM connect_gin_twins.twins WHERE schema_name = '${DB_NAME}' LIMIT 1`)}`);

    console.log(`Timing ${SAMPLES} operations of each kind with the GIN twins...`);
    const withTwins = await measureLookups(col);

    let without = null;
    if (withPg) {
      const dropped = psql(`
        DO $$
        DECLARE r record;
        BEGIN
          FOR r IN SELECT DISTINCT schema_name, twin_index FROM connect_gin_twins.twins
                    WHERE schema_name = '${DB_NAME}' AND twin_exists LOOP
            EXECUTE format('DROP INDEX %I.%I', r.schema_name, r.twin_index);
          END LOOP;
        END $$;
        SELECT count(*) FROM connect_gin_twins.twins WHERE schema_name = '${DB_NAME}' AND twin_exists;`);
      console.log(`Twins dropped (left: ${dropped}). Timing ${SAMPLES} operations of each kind without them...`);
      without = await measureLookups(col);
    } else {
      console.log('No PostgreSQL at PG_URL (real MongoDB?): the run without twins is skipped.');
    }

    const rows = [['operation', 'with twins: median', 'p90', 'without twins: median', 'p90', 'ratio (median)']];
    const label = { findOne: 'findOne({_id})', updateOne: 'updateOne({_id}, {$set})', findGroup: `find({groupId}) → ${GROUP_SIZE} docs` };
    for (const k of Object.keys(label)) {
      const a = withTwins[k];
      const b = without?.[k];
      rows.push([
        label[k],
        `${fmtMs(a.median)} ms`,
        `${fmtMs(a.p90)} ms`,
        b ? `${fmtMs(b.median)} ms` : '-',
        b ? `${fmtMs(b.p90)} ms` : '-',
        b ? `${(b.median / a.median).toFixed(1)}x` : '-',
      ]);
    }
    console.log();
    console.log(`db-bench: ${DOCS.toLocaleString('en')} documents, ${SAMPLES} samples per operation, ${MONGO_URL}`);
    console.log(`insertMany: ${Math.round(rate).toLocaleString('en')} docs/s`);
    console.log(table(rows));
  } finally {
    await db.dropDatabase().catch((e) => console.error(`dropDatabase failed: ${e.message}`));
    await client.close();
  }
}

main().catch((err) => {
  console.error(`db-bench failed: ${err.stack ?? err}`);
  console.error('Is the stack up? (make stack-up / scripts/stack.sh up)');
  process.exit(1);
});
