/*
 * Issue 17.2 and 17.4 on the real stack, the built apps (make build; libs/testing's
 * startSystem: real processes, a vhost and `_test_` databases of their own,
 * removed at the end). Not a test: it prints figures and merges them into
 * bench/results.json.
 *
 *   make bench-publish                   # or:
 *   node -r @swc-node/register -r tsconfig-paths/register tools/bench/publish-bench.ts [--scenarios publish,fanout] [--rounds 5] [--batches 1,10,100] [--downstreams 50]
 *
 * publish: publish → ready for review downstream (the copy exists, unpublished)
 *   for batches of 1, 10 and 100 revisions of 1 MB PDFs, one connection:
 *   p50 / p99 over the rounds of the time to the last copy ready; compared with
 *   the raw GridFS write rate of the same run (each copy writes its file).
 * fanout: one upstream, 50 downstream connections, one publish of 10 small
 *   revisions: time until all 50 have them ready (goal < 5 s); compared with
 *   the raw broker rate of the same run (each copy is a few messages).
 * "Ready" is the moment drawing-service announces the copy
 * (`drawing.connected-copies.settled`, outcome `copied`), taken from the broker:
 * no polling. Peak RSS of every service, sampled every 100 ms from /proc.
 * Seeding goes through drawing-service's own commands (seedPublishedRevisions).
 */
import 'reflect-metadata';
import { PublishRevisionsV1 } from '@connect/contracts';
import { BrokerRpc, PERMISSIONS, SeedTarget, System, directory, eventually, seedPublishedRevisions, startSystem } from '@connect/testing';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'publish,fanout' },
    rounds: { type: 'string', default: '5' },
    batches: { type: 'string', default: '1,10,100' },
    downstreams: { type: 'string', default: '50' },
    'fanout-revisions': { type: 'string', default: '10' },
  },
});
const SCENARIOS = String(args.scenarios).split(',');
const ROUNDS = Number(args.rounds);
const BATCHES = String(args.batches).split(',').map(Number);
const DOWNSTREAMS = Number(args.downstreams);
const FANOUT_REVISIONS = Number(args['fanout-revisions']);
const SERVICES = ['gateway', 'connection-service', 'drawing-service', 'sync-service'] as const;
const MB = 1_000_000;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];
const uptime = () => execSync('uptime').toString().trim();
const rssMb = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};

/** Peak RSS (MB) of each service from now until the returned function is called. */
function watchPeaks(system: System): () => Record<string, number> {
  const peaks: Record<string, number> = Object.fromEntries(SERVICES.map((s) => [s, 0]));
  const tick = () => SERVICES.forEach((s) => (peaks[s] = Math.max(peaks[s], rssMb(system.pid(s)))));
  tick();
  const timer = setInterval(tick, 100);
  return () => {
    clearInterval(timer);
    tick();
    return Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, Math.round(v)]));
  };
}

/** The broker ceiling in bench/results.json (msg/s), if `make bench-ceilings` recorded one. */
function brokerCeiling(): number | null {
  try {
    const doc = JSON.parse(readFileSync('bench/results.json', 'utf8')) as { scenarios: { name: string; median: number }[] };
    return doc.scenarios.find((x) => x.name === 'ceiling.broker.publish-consume-ack')?.median ?? null;
  } catch {
    return null;
  }
}

interface Results {
  recordResults(scenarios: object[]): void;
  printTable(rows: object[]): void;
}

async function main(): Promise<void> {
  console.log(`load before: ${uptime()}`);
  const results = (await import('./results.mjs')) as unknown as Results;
  const system = await startSystem({ services: [...SERVICES], built: true });
  const rpc = await BrokerRpc.open(system.env['AMQP_URL'], ['drawing.connected-copies.settled.v1', 'sync.copy.finished.v1']);
  // `${connectionId} ${upstreamRevisionId}` → when its copy was announced ready; failures counted.
  const ready = new Map<string, number>();
  const finished = new Set<string>();
  let failed = 0;
  let read = 0;
  const drain = () => {
    for (; read < rpc.events.length; read++) {
      const e = rpc.events[read] as { type: string; payload: { connectionId: string; batchId: string; items?: { upstreamRevisionId: string; outcome: string }[] } };
      if (e.type === 'sync.copy.finished') finished.add(e.payload.batchId);
      if (e.type !== 'drawing.connected-copies.settled') continue;
      for (const item of e.payload.items ?? []) {
        if (item.outcome === 'copied') ready.set(`${e.payload.connectionId} ${item.upstreamRevisionId}`, Date.now());
        else failed++;
      }
    }
  };
  const timer = setInterval(drain, 5);
  const recorded: object[] = [];
  const table: object[] = [];
  try {
    const dir = directory(system);
    const upstream = async () => {
      const s = await dir.scenario();
      const api = system.api(s.upstreamAdmin.token);
      const p = `/projects/${s.upstream.projectId}`;
      const target: SeedTarget = {
        projectId: s.upstream.projectId,
        companyId: s.upstream.companyId,
        areaId: (await api.post(`${p}/drawing-areas`, { name: 'Level 1' })).body.id,
        disciplineId: (await api.post(`${p}/drawing-disciplines`, { name: 'Architectural' })).body.id,
        admin: s.upstreamAdmin,
      };
      return { s, target };
    };
    const connect = async (token: string, downstreamProjectId: string, upstreamProjectId: string): Promise<string> => {
      const res = await system.api(token).post(`/projects/${downstreamProjectId}/connections`, { upstreamProjectId, features: ['drawings'] });
      if (res.status !== 201) throw new Error(`connect: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id;
    };
    const actorOf = (t: SeedTarget) => ({
      userId: t.admin.id,
      email: t.admin.email,
      name: t.admin.name,
      companies: [{ companyId: t.companyId, admin: false }],
      memberships: [{ projectId: t.projectId, companyId: t.companyId, connectionManager: 'admin' as const, drawings: 'admin' as const }],
    });
    /** Publishes `ids` and waits until every connection has them ready; ms from the publish to the last. */
    const publishAndWait = async (t: SeedTarget, ids: string[], connections: string[]): Promise<number> => {
      const keys = connections.flatMap((c) => ids.map((id) => `${c} ${id}`));
      const t0 = Date.now();
      await rpc.request(PublishRevisionsV1, { actor: actorOf(t), projectId: t.projectId, revisionIds: ids }, 120_000);
      await eventually(() => (drain(), keys.every((k) => ready.has(k))), Boolean, 600_000, 5);
      return Math.max(...keys.map((k) => ready.get(k)!)) - t0;
    };
    const waitInitial = (connections: string[]) => eventually(() => (drain(), connections.every((c) => finished.has(`${c}:initial`))), Boolean, 600_000, 20);

    if (SCENARIOS.includes('publish')) {
      const mongo = await MongoClient.connect(system.env['MONGO_URL']);
      const { gridfsRates } = (await import('./gridfs.mjs')) as { gridfsRates(db: unknown, mb: number): Promise<{ writeMBs: number }> };
      const { s, target } = await upstream();
      const connection = await connect(s.connector.token, s.downstream.projectId, s.upstream.projectId);
      await waitInitial([connection]);
      for (const batch of BATCHES) {
        const rounds = batch >= 100 ? Math.min(ROUNDS, 3) : ROUNDS;
        const times: number[] = [];
        const ceilings: number[] = [];
        const peaks = watchPeaks(system);
        for (let round = 0; round < rounds; round++) {
          const ids = await seedPublishedRevisions(rpc, target, batch, { prefix: `B${batch}R${round}`, fileBytes: MB, publishEach: 0 });
          times.push(await publishAndWait(target, ids, [connection]));
          ceilings.push((await gridfsRates(mongo.db(`bench_gridfs${system.env['MONGO_DB_SUFFIX'] ?? ''}`), batch)).writeMBs);
        }
        const peak = peaks();
        const p50 = pct(times, 50);
        const ceiling = pct(ceilings, 50);
        const mbs = batch / (p50 / 1000);
        console.log(`publish → ready, ${batch} × 1 MB: p50 ${p50} ms, p99 ${pct(times, 99)} ms (${rounds} rounds: ${times.join(', ')}); ${mbs.toFixed(1)} MB/s = ${((100 * mbs) / ceiling).toFixed(0)} % of GridFS write ${ceiling.toFixed(1)} MB/s`);
        recorded.push({
          name: `sync.publish-ready.${batch}`,
          unit: 'ms',
          median: p50,
          p50Ms: p50,
          p99Ms: pct(times, 99),
          runs: times,
          revisions: batch,
          fileBytes: MB,
          throughput: { value: Number(mbs.toFixed(2)), unit: 'MB/s' },
          peakRssMb: peak,
          ceiling: { name: 'gridfs.write (same run)', value: Number(ceiling.toFixed(1)), fraction: Number((mbs / ceiling).toFixed(3)) },
        });
        table.push({ scenario: `publish → ready, ${batch} × 1 MB`, 'p50 ms': p50, 'p99 ms': pct(times, 99), throughput: `${mbs.toFixed(1)} MB/s`, 'of ceiling': `${((100 * mbs) / ceiling).toFixed(0)} %`, 'peak RSS MB (gw/conn/draw/sync)': Object.values(peak).join('/') });
      }
      await mongo.close();
    }

    if (SCENARIOS.includes('fanout')) {
      const { s, target } = await upstream();
      const up = s.upstream.projectId;
      const connections: string[] = [];
      for (let i = 0; i < DOWNSTREAMS; i++) {
        const company = await dir.company({ connectBeta: true });
        const project = await dir.project(company.id);
        const connector = await dir.userWithToken('Connector', [
          [up, PERMISSIONS.connector],
          [project.id, PERMISSIONS.connector],
        ]);
        connections.push(await connect(connector.token, project.id, up));
      }
      await waitInitial(connections);
      console.log(`fan-out: ${DOWNSTREAMS} downstream connections active, initial copies done`);
      const times: number[] = [];
      const peaks = watchPeaks(system);
      for (let round = 0; round < Math.min(ROUNDS, 3); round++) {
        const ids = await seedPublishedRevisions(rpc, target, FANOUT_REVISIONS, { prefix: `F${round}`, publishEach: 0 });
        times.push(await publishAndWait(target, ids, connections));
      }
      const peak = peaks();
      const p50 = pct(times, 50);
      const copies = DOWNSTREAMS * FANOUT_REVISIONS;
      const rate = copies / (p50 / 1000);
      console.log(`fan-out, 1 publish of ${FANOUT_REVISIONS} to ${DOWNSTREAMS} downstreams: p50 ${p50} ms, p99 ${pct(times, 99)} ms (${times.join(', ')}); ${rate.toFixed(0)} copies/s`);
      recorded.push({
        name: 'sync.fanout',
        unit: 'ms',
        median: p50,
        p50Ms: p50,
        p99Ms: pct(times, 99),
        runs: times,
        downstreams: DOWNSTREAMS,
        revisions: FANOUT_REVISIONS,
        goalMs: 5000,
        throughput: { value: Math.round(rate), unit: 'copies/s' },
        peakRssMb: peak,
        // Bounded by the broker (each copy is a handful of messages): copies/s against the raw broker rate of
        // `make bench-ceilings`, which `make bench` runs first (null when it has not run).
        ceiling: { name: 'ceiling.broker.publish-consume-ack', value: brokerCeiling(), fraction: brokerCeiling() ? Number((rate / brokerCeiling()!).toFixed(4)) : null },
      });
      table.push({ scenario: `fan-out, ${FANOUT_REVISIONS} revisions → ${DOWNSTREAMS} downstreams`, 'p50 ms': p50, 'p99 ms': pct(times, 99), throughput: `${rate.toFixed(0)} copies/s`, 'of ceiling': brokerCeiling() ? `${((100 * rate) / brokerCeiling()!).toFixed(1)} % of broker msg/s` : '–', 'peak RSS MB (gw/conn/draw/sync)': Object.values(peak).join('/') });
    }
    if (failed) console.log(`${failed} copies settled as not copied (failed/skipped)`);
  } finally {
    clearInterval(timer);
    await rpc.close();
    await system.stop();
    console.log(`load after: ${uptime()}`);
  }
  if (table.length) results.printTable(table);
  results.recordResults(recorded);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
