import { queueNames } from '@connect/messaging';
import { BrokerRpc, Scenario, System, directory, eventually, seedPublishedRevisions, startSystem, waitFor } from '@connect/testing';
import { MongoClient } from 'mongodb';
import { anotherDownstream, connect, connectionWhen, ok, upstreamRegister } from './sync-helpers';

/*
 * S7 with real processes: SIGKILL mid initial copy (sync-service, then
 * drawing-service), two sync-service instances side by side on one and on
 * five connections of one upstream, and a disconnect mid-copy (S6). What is
 * checked is read from drawing-service's database: every upstream revision
 * exists exactly once per connection downstream, with one file of its own.
 */
describe('the sync engine under crashes and concurrency (S6, S7, S8)', () => {
  // The issue asks for 2,000 (SYNC_SPEC_REVISIONS=2000); on a machine shared by five engineers (load 10–20) a copy
  // of 2,000 takes 3–10 minutes per test, so the default is smaller. The kill lands mid-copy either way.
  const BIG = Number(process.env['SYNC_SPEC_REVISIONS'] ?? 400);
  let system: System;
  let s: Scenario;
  let rpc: BrokerRpc;
  let mongo: MongoClient;
  let big: string[];
  let upstreamAdmin: { id: string; email: string; name: string };

  const db = () => mongo.db(`connect_drawing_service${system.env['MONGO_DB_SUFFIX']}`);

  /** Downstream copies of one connection: revisions, distinct upstream revisions, files and chunks they own. */
  async function copiesOf(projectId: string) {
    const revisions = await db().collection('drawing_revisions').find({ projectId }, { projection: { sourceRevisionId: 1, 'file.fileId': 1 } }).toArray();
    const files = await db().collection('fs.files').countDocuments({ 'metadata.projectId': projectId });
    const chunks = await db().collection('fs.chunks').countDocuments({ projectId });
    return { revisions: revisions.length, distinct: new Set(revisions.map((r) => r['sourceRevisionId'])).size, files, chunks };
  }

  beforeAll(async () => {
    system = await startSystem({
      services: ['gateway', 'connection-service', 'drawing-service', 'sync-service'],
      instances: { 'sync-service': 2 },
      env: { SYNC_LEASE_MS: '3000', SYNC_TICK_MS: '500', SYNC_REREQUEST_AFTER_MS: '10000' },
    });
    s = await directory(system).scenario();
    rpc = await BrokerRpc.open(system.env['AMQP_URL']);
    mongo = await MongoClient.connect(system.env['MONGO_URL']);
    const up = await upstreamRegister(system, s);
    upstreamAdmin = s.upstreamAdmin;
    big = await seedPublishedRevisions(rpc, { ...up, companyId: s.upstream.companyId, admin: upstreamAdmin }, BIG, { prefix: 'K' });
  }, 1_200_000);

  afterAll(async () => {
    await rpc?.close();
    await mongo?.close();
    await system?.stop();
  });

  it('S7: sync-service killed (SIGKILL, every instance) mid initial copy (SYNC_SPEC_REVISIONS revisions) resumes: each copied exactly once, progress says so', async () => {
    const connection = await connect(system, s);
    await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.revisionsCopied >= BIG / 10, 300_000);
    await Promise.all([system.stopInstance('sync-service', 0, 'SIGKILL'), system.stopInstance('sync-service', 1, 'SIGKILL')]);
    const mid = await copiesOf(s.downstream.projectId);
    expect(mid.revisions).toBeLessThan(BIG);
    await system.startInstance('sync-service', 0);
    await system.startInstance('sync-service', 1);
    const done = await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.state === 'idle' && c.sync.revisionsCopied === BIG, 900_000);
    expect(done.sync).toMatchObject({ state: 'idle', revisionsTotal: BIG, revisionsCopied: BIG, revisionsPending: 0, revisionsFailed: 0 });
    expect(await copiesOf(s.downstream.projectId)).toEqual({ revisions: BIG, distinct: BIG, files: BIG, chunks: BIG });
  }, 1_200_000);

  it('S7: drawing-service killed (SIGKILL) mid initial copy resumes: each copied exactly once, no orphan chunks', async () => {
    const down = await anotherDownstream(system, s);
    const connection = await connect(system, s, down);
    await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.revisionsCopied >= BIG / 10, 300_000);
    await system.stopInstance('drawing-service', 0, 'SIGKILL');
    await system.startInstance('drawing-service', 0);
    const done = await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.state === 'idle' && c.sync.revisionsCopied === BIG, 900_000);
    expect(done.sync).toMatchObject({ state: 'idle', revisionsTotal: BIG, revisionsCopied: BIG, revisionsPending: 0, revisionsFailed: 0 });
    expect(await copiesOf(down)).toEqual({ revisions: BIG, distinct: BIG, files: BIG, chunks: BIG });
  }, 1_200_000);

  it('S6: a disconnect mid initial copy: once it is seen, the downstream changes no more', async () => {
    const down = await anotherDownstream(system, s);
    const connection = await connect(system, s, down);
    await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.revisionsCopied >= BIG / 20, 300_000);
    ok(await system.api(s.connector.token).post(`/connections/${connection.id}/disconnect`, { acceptTerms: true, reason: 'wrong project' }), 200);
    const stopped = await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.state === 'stopped');
    expect(stopped.sync.state).toBe('stopped');
    // Seen by drawing-service too: it lets no more of the connection's copies in, and those it let in before are written.
    await eventually(
      async () => (await db().collection('connection_fences').findOne({ _id: connection.id } as never))?.['status'],
      (status) => status === 'disconnected',
    );
    await waitFor(async () => (await db().collection('connected_copy_writers').countDocuments({ connectionId: connection.id, expiresAt: { $gt: new Date() } })) === 0);
    const seen = await copiesOf(down);
    expect(seen.revisions).toBeLessThan(BIG);
    // Everything already requested is worked off (refused), then nothing has changed.
    await eventually(() => system.broker.queue(system.vhost, queueNames('drawing-service', 3).main), (q) => q?.messages === 0, 120_000);
    // The register did not change, and every file belongs to a revision (no orphan files or chunks).
    const after = await copiesOf(down);
    expect({ revisions: after.revisions, distinct: after.distinct }).toEqual({ revisions: seen.revisions, distinct: seen.distinct });
    expect({ files: after.files, chunks: after.chunks }).toEqual({ files: after.revisions, chunks: after.revisions });
  }, 300_000);

  it('S7: two sync-service instances on five connections of one upstream: each downstream gets every revision exactly once', async () => {
    const s5 = await directory(system).scenario();
    const up = await upstreamRegister(system, s5);
    const SMALL = 30;
    await seedPublishedRevisions(rpc, { ...up, companyId: s5.upstream.companyId, admin: s5.upstreamAdmin }, SMALL, { prefix: 'F' });
    const downs = [s5.downstream.projectId, ...(await Promise.all([1, 2, 3, 4].map(() => anotherDownstream(system, s5))))];
    const connections = await Promise.all(downs.map((d) => connect(system, s5, d)));
    for (const c of connections) {
      const done = await connectionWhen(system, s5.connector.token, c.id, (x) => x.sync.state === 'idle' && x.sync.revisionsCopied === SMALL, 120_000);
      expect(done.sync).toMatchObject({ revisionsTotal: SMALL, revisionsCopied: SMALL, revisionsPending: 0 });
    }
    for (const d of downs) expect(await copiesOf(d)).toEqual({ revisions: SMALL, distinct: SMALL, files: SMALL, chunks: SMALL });
  }, 300_000);
});
