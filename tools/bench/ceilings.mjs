#!/usr/bin/env node
// tools/bench/ceilings.mjs — the ceilings `make bench` compares every scenario with (issue 17.1),
// measured in the same run, on the same broker and database server the services use:
//   * broker:   amqplib alone, publish → consume → ack of persistent 1 KiB messages on a confirm
//               channel (a window of BENCH_WINDOW unconfirmed), one consumer with prefetch 100;
//   * database: the MongoDB driver alone, insertMany (batches of 1,000) and insertOne one after
//               another (the services write one document at a time);
//   * GridFS:   GridFSBucket write and read of a BENCH_FILE_MB file in 255 KiB chunks.
// Each is run BENCH_RUNS times; the median is reported. Prints a table and merges the results
// into bench/results.json. Environment: AMQP_URL, MONGO_URL (from `scripts/stack.sh env`).
import amqp from 'amqplib';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { gridfsRates } from './gridfs.mjs';
import { median, printTable, recordResults } from './results.mjs';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 256);
const DOCS = Number(process.env.BENCH_DOCS ?? 20_000);
const SINGLE_DOCS = Number(process.env.BENCH_SINGLE_DOCS ?? 2_000);
const FILE_MB = Number(process.env.BENCH_FILE_MB ?? 64);

async function brokerRate() {
  const conn = await amqp.connect(AMQP_URL);
  try {
    const ch = await conn.createConfirmChannel();
    const { queue } = await ch.assertQueue('', { exclusive: true, durable: false });
    const body = randomBytes(1024);
    let acked = 0;
    const allAcked = new Promise((resolve) => {
      void ch.prefetch(100).then(() =>
        ch.consume(queue, (msg) => {
          ch.ack(msg);
          if (++acked === MESSAGES) resolve();
        }),
      );
    });
    const t0 = performance.now();
    for (let i = 0; i < MESSAGES; i += WINDOW) {
      for (let j = i; j < Math.min(MESSAGES, i + WINDOW); j++) ch.sendToQueue(queue, body, { persistent: true, messageId: String(j) });
      await ch.waitForConfirms();
    }
    await allAcked;
    return MESSAGES / ((performance.now() - t0) / 1000);
  } finally {
    await conn.close();
  }
}

async function insertRates(db) {
  const many = db.collection(`many_${randomBytes(3).toString('hex')}`);
  const one = db.collection(`one_${randomBytes(3).toString('hex')}`);
  const doc = (i) => ({ _id: `doc-${i}`, projectId: `p-${i % 10}`, number: `A-${i}`, title: `Drawing ${i}`, at: new Date() });
  let t0 = performance.now();
  for (let i = 0; i < DOCS; i += 1000) await many.insertMany(Array.from({ length: Math.min(1000, DOCS - i) }, (_, k) => doc(i + k)), { ordered: false });
  const manyRate = DOCS / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  for (let i = 0; i < SINGLE_DOCS; i++) await one.insertOne(doc(i));
  const oneRate = SINGLE_DOCS / ((performance.now() - t0) / 1000);
  await many.drop();
  await one.drop();
  return { manyRate, oneRate };
}

async function main() {
  const client = await new MongoClient(MONGO_URL).connect();
  const db = client.db(`bench_ceilings_${randomBytes(3).toString('hex')}`);
  const runs = { broker: [], many: [], one: [], write: [], read: [] };
  try {
    for (let r = 0; r < RUNS; r++) {
      runs.broker.push(await brokerRate());
      const ins = await insertRates(db);
      runs.many.push(ins.manyRate);
      runs.one.push(ins.oneRate);
      const fs = await gridfsRates(db, FILE_MB);
      runs.write.push(fs.writeMBs);
      runs.read.push(fs.readMBs);
    }
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
  const scenarios = [
    { name: 'ceiling.broker.publish-consume-ack', unit: 'msg/s', median: Math.round(median(runs.broker)), runs: runs.broker.map(Math.round), messages: MESSAGES, window: WINDOW },
    { name: 'ceiling.db.insert-many', unit: 'docs/s', median: Math.round(median(runs.many)), runs: runs.many.map(Math.round), docs: DOCS },
    { name: 'ceiling.db.insert-one', unit: 'docs/s', median: Math.round(median(runs.one)), runs: runs.one.map(Math.round), docs: SINGLE_DOCS },
    { name: 'ceiling.gridfs.write', unit: 'MB/s', median: Number(median(runs.write).toFixed(1)), runs: runs.write.map((v) => Number(v.toFixed(1))), fileMB: FILE_MB },
    { name: 'ceiling.gridfs.read', unit: 'MB/s', median: Number(median(runs.read).toFixed(1)), runs: runs.read.map((v) => Number(v.toFixed(1))), fileMB: FILE_MB },
  ];
  printTable(scenarios.map((s) => ({ ceiling: s.name, median: `${s.median} ${s.unit}`, runs: s.runs.join(' / ') })));
  recordResults(scenarios);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
