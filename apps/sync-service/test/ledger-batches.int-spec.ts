import { MessagingModule } from '@connect/messaging';
import { MongoMessageInbox, PersistenceModule, databaseName } from '@connect/persistence';
import { BrokerAdmin, infrastructureFromEnv, waitFor } from '@connect/testing';
import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { Connection, Model } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ENGINE_MODELS } from '../src/engine/engine.module';
import { FollowedConnection, MODELS, SyncBatch } from '../src/engine/engine.schemas';
import { Ledger } from '../src/engine/ledger';

/*
 * Issue 13 (S7, N2): the N2 batches of the ledger on the real database server, written at once by several writers.
 * FerretDB writes a whole document back after reading it in Go, so an update without a raised version loses a
 * concurrent one (INFRA.md): a batch and its members change by compare-and-set on their version, like the items.
 */
describe('the ledger’s batches change by compare-and-set (S7, N2; issue 13)', () => {
  const run = randomBytes(4).toString('hex');
  const vhost = `test_ledger_${run}`;
  const admin = new BrokerAdmin();
  const infra = infrastructureFromEnv();
  let app: TestingModule;
  let ledger: Ledger;
  let batches: Model<SyncBatch>;

  beforeAll(async () => {
    await admin.createVhost(vhost);
    app = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRootAsync({ useFactory: () => ({ url: infra.mongoUrl, dbName: databaseName('ledger-spec', `_test_${run}`, 'test') }) }),
        ENGINE_MODELS,
        MessagingModule.forRootAsync({
          inject: [getConnectionToken()],
          useFactory: (c: Connection) => ({ url: `${infra.amqpUrl}/${vhost}`, service: 'ledger-spec', inbox: new MongoMessageInbox(c) }),
        }),
      ],
      providers: [Ledger],
    }).compile();
    await app.init();
    ledger = app.get(Ledger);
    batches = app.get(getModelToken(MODELS.batch));
  });

  afterAll(async () => {
    await app?.get<Connection>(getConnectionToken()).dropDatabase();
    await app?.close();
    await admin.deleteVhost(vhost);
  });

  const connection = (id: string): FollowedConnection => {
    const side = { companyId: 'c', companyName: 'C', projectId: `${id}-p`, projectName: 'P' };
    return { _id: id, version: 2, upstreamProjectId: 'up', downstreamProjectId: side.projectId, upstream: side, downstream: side, status: 'active' };
  };

  // Needs PostgreSQL under FerretDB: the test holds a table lock there so that both writers read before either writes.
  const onFerret = process.env['PG_URL'] ? it : it.skip;
  onFerret('N2 (issue 13): the initial batch announced while a later walk sets its size again keeps both — announced, the newer size', async () => {
    const id = `conn-${run}`;
    const batchId = `${id}:initial`;
    await ledger.openBatch(id, 'drawings', batchId, 'initial', null);
    await ledger.setExpected(batchId, 3);
    const db = databaseName('ledger-spec', `_test_${run}`, 'test');
    const pg = new Client({ connectionString: process.env['PG_URL'] });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ t: string }>(`SELECT _jsonb->>'table' AS t FROM "${db}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = 'sync_batches'`);
      const table = `"${db}"."${rows[0].t}"`;
      const waiting = async () => (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE relation = $1::regclass AND NOT granted`, [table])).rows[0].n;
      await pg.query('BEGIN');
      await pg.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
      // Both read the batch (reads go on under the lock), then their writes wait.
      const resized = ledger.setExpected(batchId, 4);
      await waitFor(async () => (await waiting()) === 1);
      const announced = ledger.completeInitialIfDone(connection(id), batchId, async () => ({ pending: 0, copied: 3, failed: 0, skipped: 0 }));
      await waitFor(async () => (await waiting()) === 2);
      await pg.query('COMMIT');
      await Promise.all([resized, announced]);
    } finally {
      await pg.query('ROLLBACK').catch(() => undefined);
      await pg.end();
    }
    expect(await batches.findById(batchId).lean<SyncBatch>()).toMatchObject({ announced: true, expected: 4 });
  });
});
