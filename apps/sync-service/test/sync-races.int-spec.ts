import { ConnectedCopiesSettledV1, CopyFinishedPayload, connectedCopyId } from '@connect/contracts';
import { BrokerRpc, System, directory, eventually, seedPublishedRevisions, startSystem } from '@connect/testing';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { connect, connectionWhen, ok, publish, published, upload, upstreamRegister } from './sync-helpers';

/*
 * Issue 13, the outside review's races of the engine's own records (the
 * ledger `sync_items`, the walk `sync_walks`), with every app a real process:
 * an item's outcome only moves forward, a resync during the initial copy does
 * not lose the initial batch, an approval given again walks the register again.
 */
describe('the sync engine keeps its records straight (S2, S4, S7, S8, N2; issue 13)', () => {
  let system: System;
  let rpc: BrokerRpc;
  let mongo: MongoClient;

  const syncDb = () => mongo.db(`connect_sync_service${system.env['MONGO_DB_SUFFIX']}`);
  /** Whether sync-service's inbox has handled the message `id` (by any handler). */
  const handled = async (id: string) => (await syncDb().collection('inbox_claims').countDocuments({ _id: { $regex: `:${id}$` }, holder: '@done' } as never)) > 0;

  beforeAll(async () => {
    system = await startSystem({
      services: ['gateway', 'connection-service', 'drawing-service', 'sync-service'],
      env: { SYNC_TICK_MS: '500' },
    });
    rpc = await BrokerRpc.open(system.env['AMQP_URL'], ['sync.copy.finished.v1']);
    mongo = await MongoClient.connect(system.env['MONGO_URL']);
  }, 120_000);

  afterAll(async () => {
    await rpc?.close();
    await mongo?.close();
    await system?.stop();
  });

  it('S4/S7 (review 3): the outcome of a copy that arrives after the upstream deletion does not count the deleted revision again', async () => {
    const s = await directory(system).scenario();
    const up = await upstreamRegister(system, s);
    const rev = await published(up, 'L-1');
    const connection = await connect(system, s);
    await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.state === 'idle' && c.sync.revisionsCopied === 1);
    ok(await up.api.del(`/projects/${up.projectId}/drawings/${rev.drawingId}`), 204);
    const item = syncDb().collection('sync_items');
    const key = `${connection.id}:drawings:${rev.id}`;
    await eventually(() => item.findOne({ _id: key } as never), (i) => i?.['code'] === 'DELETED_UPSTREAM');
    const dropped = await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.revisionsCopied === 0);
    expect(dropped.sync).toMatchObject({ state: 'idle', revisionsTotal: 0, revisionsCopied: 0, revisionsPending: 0 });
    // The outcome of a copy asked again before the deletion (a new request, so a new message) arrives late.
    const late = randomUUID();
    rpc.publish(
      ConnectedCopiesSettledV1,
      {
        connectionId: connection.id,
        projectId: s.downstream.projectId,
        batchId: `${connection.id}:initial`,
        items: [
          {
            upstreamRevisionId: rev.id,
            outcome: 'copied',
            revisionId: connectedCopyId(connection.id, 'revision', rev.id),
            drawingNumber: 'L-1',
            code: null,
            reason: null,
          },
        ],
      },
      late,
    );
    await eventually(() => handled(late), Boolean, 30_000);
    expect(await item.findOne({ _id: key } as never)).toMatchObject({ state: 'skipped', code: 'DELETED_UPSTREAM' });
  });

  it('N2/S8 (review 6/7): a resync asked while the initial copy runs carries the initial copy on: its batch is announced once, every revision copied', async () => {
    const s = await directory(system).scenario();
    const up = await upstreamRegister(system, s);
    // Enough that the copy still runs when the resync is asked: batched requests copy 60 in about two seconds.
    const N = 300;
    await seedPublishedRevisions(rpc, { ...up, companyId: s.upstream.companyId, admin: s.upstreamAdmin }, N, { prefix: 'R' });
    const connection = await connect(system, s);
    const walking = await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.revisionsCopied >= 5, 120_000);
    expect(walking.sync.state).toBe('copying');
    ok(await system.api(s.connector.token).post(`/connections/${connection.id}/resync`), 202);
    const done = await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.state === 'idle' && c.sync.revisionsCopied === N, 300_000);
    expect(done.sync).toMatchObject({ revisionsTotal: N, revisionsCopied: N, revisionsPending: 0, revisionsFailed: 0 });
    const batchId = `${connection.id}:initial`;
    const finished = () => rpc.events.filter((e) => (e.payload as CopyFinishedPayload).batchId === batchId);
    await eventually(async () => finished().length, (n) => n > 0, 30_000);
    expect(finished().map((e) => (e.payload as CopyFinishedPayload).count)).toEqual([N]);
  }, 600_000);

  it('S2 (review 5): the upstream undoes its approval, publishes, approves again: what was published meanwhile is copied', async () => {
    const s = await directory(system).scenario({ upstream: { connectionApproval: 'manual' } });
    const up = await upstreamRegister(system, s);
    await published(up, 'P-1');
    const requested = await connect(system, s);
    ok(await up.api.post(`/connections/${requested.id}/approve`), 200);
    await connectionWhen(system, s.connector.token, requested.id, (c) => c.sync.state === 'idle' && c.sync.revisionsCopied === 1);
    expect(ok(await up.api.post(`/connections/${requested.id}/undo`), 200)).toMatchObject({ status: 'pending' });
    await connectionWhen(system, s.connector.token, requested.id, (c) => c.sync.state === 'stopped');
    await published(up, 'P-2');
    ok(await up.api.post(`/connections/${requested.id}/approve`), 200);
    const done = await connectionWhen(system, s.connector.token, requested.id, (c) => c.status === 'active' && c.sync.state === 'idle' && c.sync.revisionsCopied === 2, 60_000);
    expect(done.sync).toMatchObject({ revisionsTotal: 2, revisionsCopied: 2, revisionsPending: 0 });
    const copies = await mongo
      .db(`connect_drawing_service${system.env['MONGO_DB_SUFFIX']}`)
      .collection('drawing_revisions')
      .countDocuments({ projectId: s.downstream.projectId });
    expect(copies).toBe(2);
  }, 120_000);

  // Needs PostgreSQL under FerretDB: the test holds a table lock there to keep a copy in flight across the disconnect.
  const onFerret = process.env['PG_URL'] ? it : it.skip;
  onFerret('S8 (review, finding 3): a copy that settles after the disconnect is counted in the stopped progress', async () => {
    const s = await directory(system).scenario();
    const up = await upstreamRegister(system, s);
    await published(up, 'ST-1');
    const connection = await connect(system, s);
    await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.state === 'idle' && c.sync.revisionsCopied === 1);
    const dbName = `connect_drawing_service${system.env['MONGO_DB_SUFFIX']}`;
    const pg = new Client({ connectionString: process.env['PG_URL'] });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ t: string }>(`SELECT _jsonb->>'table' AS t FROM "${dbName}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = 'connected_copy_writers'`);
      const table = `"${dbName}"."${rows[0].t}"`;
      const revision = await upload(up, 'ST-2');
      await pg.query('BEGIN');
      // The copy of the next publish waits before it is let in by drawing-service's fence; the upstream publish does not.
      await pg.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
      await publish(up, [revision.id]);
      await eventually(async () => (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE relation = $1::regclass AND NOT granted`, [table])).rows[0].n, (n) => n > 0, 30_000);
      ok(await system.api(s.connector.token).post(`/connections/${connection.id}/disconnect`, { acceptTerms: true, reason: 'done' }), 200);
      // The stop's report (connection-service shows 'stopped' as soon as it disconnected, with the last report it holds).
      const atStop = await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.state === 'stopped' && c.sync.revisionsPending === 1);
      expect(atStop.sync).toMatchObject({ revisionsCopied: 1, revisionsPending: 1 });
      await pg.query('COMMIT');
      // Refused by the fence (the connection stopped): settled as skipped, so nothing is pending any more.
      const after = await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.revisionsPending === 0, 30_000);
      expect(after.sync).toMatchObject({ state: 'stopped', revisionsTotal: 1, revisionsCopied: 1, revisionsPending: 0 });
    } finally {
      await pg.query('ROLLBACK').catch(() => undefined);
      await pg.end();
    }
  }, 120_000);
});
