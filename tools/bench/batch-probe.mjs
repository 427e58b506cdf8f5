/*
 * What batching saves on FerretDB (issue 13's bulk-path question): database CPU (FerretDB and PostgreSQL processes,
 * from /proc) and wall time per document of N single commands, 8 at once, against the same work in commands of 32.
 * A scratch database (`batch_probe`, dropped at the end) without the services' GIN twins or version guard, so
 * absolute costs are lower than theirs; the ratios are the figure.
 *
 *   eval "$(bash scripts/stack.sh env)"; N=500 node tools/bench/batch-probe.mjs
 */
import { MongoClient } from 'mongodb';
import { readFileSync, readdirSync } from 'node:fs';
const HZ = 100;
function cpu(match) {
  let t = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!match(comm)) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      t += Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return (t * 1000) / HZ;
}
const db = () => ({ fdb: cpu((c) => c.startsWith('ferretdb')), pg: cpu((c) => c.startsWith('postgres')) });
const client = await MongoClient.connect(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017');
const c = client.db('batch_probe').collection('docs');
await c.drop().catch(() => {});
await c.insertOne({ _id: 'seed', v: 0 });
const N = Number(process.env.N ?? 500);
const doc = (i, tag) => ({ _id: `${tag}-${i}`, v: 1, scope: 'p', state: { number: `A-${i}`, title: 'x'.repeat(40), at: new Date() } });
async function measure(name, fn) {
  const a = db(); const t0 = Date.now();
  await fn();
  const b = db(); const ms = Date.now() - t0;
  console.log(`${name.padEnd(34)} wall ${(ms / N).toFixed(2)} ms/doc  ferretdb ${((b.fdb - a.fdb) / N).toFixed(2)}  postgres ${((b.pg - a.pg) / N).toFixed(2)} ms CPU/doc`);
}
for (let round = 0; round < 2; round++) {
  const r = `r${round}`;
  await measure('insertOne × N (8 at once)', async () => { let i = 0; await Promise.all(Array.from({ length: 8 }, async () => { while (i < N) { const k = i++; await c.insertOne(doc(k, `one${r}`)); } })); });
  await measure('insertMany, 32 per command', async () => { for (let i = 0; i < N; i += 32) await c.insertMany(Array.from({ length: Math.min(32, N - i) }, (_, j) => doc(i + j, `many${r}`)), { ordered: false }); });
  await measure('updateOne by _id × N (8 at once)', async () => { let i = 0; await Promise.all(Array.from({ length: 8 }, async () => { while (i < N) { const k = i++; await c.updateOne({ _id: `one${r}-${k}` }, { $set: { published: true } }); } })); });
  await measure('bulkWrite updateOne, 32 per command', async () => { for (let i = 0; i < N; i += 32) await c.bulkWrite(Array.from({ length: Math.min(32, N - i) }, (_, j) => ({ updateOne: { filter: { _id: `many${r}-${i + j}` }, update: { $set: { published: true } } } })), { ordered: false }); });
  await measure('findOne by _id × N (8 at once)', async () => { let i = 0; await Promise.all(Array.from({ length: 8 }, async () => { while (i < N) { const k = i++; await c.findOne({ _id: `one${r}-${k}` }); } })); });
}
await c.drop();
await client.close();
