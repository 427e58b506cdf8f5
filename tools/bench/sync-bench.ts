/*
 * S9 / issue 13 figures: the sync engine on the real stack, the built apps (make build)
 * (libs/testing's startSystem: real processes, a vhost and `_test_` databases
 * of their own, removed at the end). Not a test: it prints figures.
 *
 *   make bench-sync                      # or:
 *   node -r @swc-node/register -r tsconfig-paths/register tools/bench/sync-bench.ts [--rounds 20] [--sizes 1000,10000]
 *
 * 1. publish → ready for review downstream (the copy exists, unpublished), for
 *    1 revision and for a batch of 10 × 1 MB PDFs: p50 / p99 over the rounds.
 *    "Ready" is the moment drawing-service announces the last copy of the
 *    publish (`drawing.connected-copies.settled`), taken from the broker: no polling.
 * 2. initial copy of each size of small revisions: revisions/s, time per
 *    revision relative to the first size (linearity), peak RSS of sync-service
 *    and drawing-service sampled every 200 ms from /proc.
 * Seeding goes through drawing-service's own commands (seedPublishedRevisions).
 */
import 'reflect-metadata';
import { BrokerRpc, Scenario, System, directory, eventually, seedPublishedRevisions, startSystem } from '@connect/testing';
import { PublishRevisionsV1 } from '@connect/contracts';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';

// --instances N: N instances of sync-service and drawing-service (issue 18, make bench-cluster); --rounds 0: the initial copy alone.
const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, sizes: { type: 'string', default: '1000,10000' }, instances: { type: 'string', default: '1' }, 'seed-concurrency': { type: 'string', default: '16' } } });
const INSTANCES = Number(args.instances);
const ROUNDS = Number(args.rounds);
const SIZES = String(args.sizes).split(',').map(Number);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function register(system: System, s: Scenario) {
  const api = system.api(s.upstreamAdmin.token);
  const p = s.upstream.projectId;
  const area = (await api.post(`/projects/${p}/drawing-areas`, { name: 'Level 1' })).body;
  const discipline = (await api.post(`/projects/${p}/drawing-disciplines`, { name: 'Architectural' })).body;
  return { projectId: p, companyId: s.upstream.companyId, areaId: area.id, disciplineId: discipline.id, admin: s.upstreamAdmin };
}

async function connect(system: System, s: Scenario): Promise<string> {
  const res = await system.api(s.connector.token).post(`/projects/${s.downstream.projectId}/connections`, { upstreamProjectId: s.upstream.projectId, features: ['drawings'] });
  if (res.status !== 201) throw new Error(`connect: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function main(): Promise<void> {
  console.log(`load before: ${execSync('uptime').toString().trim()}`);
  const system = await startSystem({ services: ['gateway', 'connection-service', 'drawing-service', 'sync-service'], instances: { 'sync-service': INSTANCES, 'drawing-service': INSTANCES }, built: true });
  console.log(`broker: ${system.env['AMQP_URL'].split(',').length} node(s); ${INSTANCES} instance(s) of sync-service and drawing-service`);
  const rpc = await BrokerRpc.open(system.env['AMQP_URL'], ['drawing.connected-copies.settled.v1', 'sync.copy.finished.v1']);
  const settledAt = new Map<string, number>();
  const seen = rpc.events;
  let read = 0;
  const drain = () => {
    for (; read < seen.length; read++) {
      const e = seen[read] as { type: string; payload: { items?: { upstreamRevisionId: string }[] } };
      if (e.type === 'drawing.connected-copies.settled') for (const item of e.payload.items ?? []) settledAt.set(item.upstreamRevisionId, Date.now());
    }
  };
  const timer = setInterval(drain, 5);
  try {
    const dir = directory(system);
    // 1. publish → ready.
    const s = await dir.scenario();
    const target = await register(system, s);
    await connect(system, s);
    const actor = {
      userId: s.upstreamAdmin.id,
      email: s.upstreamAdmin.email,
      name: s.upstreamAdmin.name,
      companies: [{ companyId: s.upstream.companyId, admin: false }],
      memberships: [{ projectId: s.upstream.projectId, companyId: s.upstream.companyId, connectionManager: 'admin' as const, drawings: 'admin' as const }],
    };
    for (const [label, count, bytes] of [
      ['1 revision', 1, 0],
      ['10 × 1 MB PDFs', 10, 1_000_000],
    ] as const) {
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Uploaded unpublished first (seedPublishedRevisions publishes; here the publish is what is timed).
        const ids = await seedUnpublished(rpc, target, count, bytes, `${label.replace(/\W/g, '')}${round}`);
        const t0 = Date.now();
        await rpc.request(PublishRevisionsV1, { actor, projectId: target.projectId, revisionIds: ids });
        await eventually(
          () => (drain(), ids.every((id) => settledAt.has(id))),
          Boolean,
          60_000,
          5,
        );
        times.push(Math.max(...ids.map((id) => settledAt.get(id)!)) - t0);
      }
      if (ROUNDS > 0) console.log(`publish → ready, ${label}: p50 ${pct(times, 50)} ms, p99 ${pct(times, 99)} ms (${ROUNDS} rounds)`);
    }

    // 2. initial copy.
    const perRevision: number[] = [];
    for (const size of SIZES) {
      const sN = await dir.scenario();
      const t = await register(system, sN);
      const seedStart = Date.now();
      await seedPublishedRevisions(rpc, t, size, { prefix: `I${size}`, concurrency: Number(args['seed-concurrency']) });
      const seedS = (Date.now() - seedStart) / 1000;
      const peak = { sync: 0, drawing: 0 };
      const sampler = setInterval(() => {
        peak.sync = Math.max(peak.sync, rssMb(system.pid('sync-service')));
        peak.drawing = Math.max(peak.drawing, rssMb(system.pid('drawing-service')));
      }, 200);
      const t0 = Date.now();
      const connectionId = await connect(system, sN);
      await eventually(
        () => seen.some((e) => e.type === 'sync.copy.finished' && (e.payload as { batchId: string }).batchId === `${connectionId}:initial`),
        Boolean,
        3_600_000,
        20,
      );
      const seconds = (Date.now() - t0) / 1000;
      clearInterval(sampler);
      perRevision.push(seconds / size);
      console.log(
        `initial copy of ${size}: ${seconds.toFixed(1)} s, ${(size / seconds).toFixed(0)} revisions/s, ` +
          `time per revision ×${(perRevision[perRevision.length - 1] / perRevision[0]).toFixed(2)} of the first size; ` +
          `peak RSS sync-service ${peak.sync.toFixed(0)} MB, drawing-service ${peak.drawing.toFixed(0)} MB (seeded in ${seedS.toFixed(0)} s)`,
      );
    }
  } finally {
    clearInterval(timer);
    await rpc.close();
    await system.stop();
    console.log(`load after: ${execSync('uptime').toString().trim()}`);
  }
}

/** Uploaded through drawing-service's commands, not published. */
async function seedUnpublished(rpc: BrokerRpc, target: Awaited<ReturnType<typeof register>>, count: number, bytes: number, prefix: string): Promise<string[]> {
  return seedPublishedRevisions(rpc, target, count, { prefix, fileBytes: bytes, publishEach: 0 });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
