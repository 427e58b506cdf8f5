import { DirectoryProjectMemberChangedV1, MessageEnvelope, ProjectMemberChangedPayload } from '@connect/contracts';
import { System, eventually, startSystem } from '@connect/testing';
import { ChannelModel, connect } from 'amqplib';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

// Issue 12 (exactly once): a real service process is killed (SIGKILL) in the middle of handling a
// message; after its restart the message's effect exists, once. The handler is held mid-way by a
// PostgreSQL row lock on the document it writes (FerretDB stores each document as a row), so the
// kill lands while its claim is live and its write not made; the write is then aborted like the process.
const pgUrl = process.env['PG_URL'];
(pgUrl ? describe : describe.skip)('a service killed mid-handler (exactly once)', () => {
  let system: System;
  let amqp: ChannelModel;
  let mongo: MongoClient;
  let pg: Client;
  const projectId = randomUUID();
  const userId = randomUUID();
  const memberId = `${projectId}:${userId}`;

  beforeAll(async () => {
    system = await startSystem({ services: ['notification-service'], env: { INBOX_LEASE_MS: '3000' } });
    amqp = await connect(system.env['AMQP_URL']);
    mongo = await MongoClient.connect(system.env['MONGO_URL']);
    pg = new Client({ connectionString: pgUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await amqp?.close();
    await mongo?.close();
    await system?.stop();
  });

  async function publish(version: number, connectionManager: 'admin' | 'read_only'): Promise<MessageEnvelope> {
    const payload: ProjectMemberChangedPayload = { projectId, companyId: randomUUID(), userId, email: 'dana@example.com', name: 'Dana', permissions: { connectionManager, drawings: 'standard' }, version };
    const envelope: MessageEnvelope = { id: randomUUID(), type: DirectoryProjectMemberChangedV1.type, version: 1, occurredAt: new Date().toISOString(), correlationId: randomUUID(), causationId: null, producer: 'gateway', payload };
    const ch = await amqp.createConfirmChannel();
    ch.publish('connect', DirectoryProjectMemberChangedV1.routingKey, Buffer.from(JSON.stringify(envelope)), { persistent: true, messageId: envelope.id });
    await ch.waitForConfirms();
    await ch.close();
    return envelope;
  }

  it('handles the message after the restart: the effect exists exactly once', async () => {
    const dbName = `connect_notification_service${system.env['MONGO_DB_SUFFIX']}`;
    const db = mongo.db(dbName);
    const members = db.collection<{ _id: string; version: number; connectionManager: string }>('project_members');
    await publish(1, 'read_only');
    expect(await eventually(() => members.findOne({ _id: memberId }), (m) => m?.version === 1)).toMatchObject({ version: 1 });

    // Hold the member's row: the next write of it waits inside PostgreSQL.
    const { rows } = await pg.query<{ t: string }>(`SELECT _jsonb->>'table' AS t FROM "${dbName.toLowerCase()}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = 'project_members'`);
    const table = `"${dbName.toLowerCase()}"."${rows[0].t}"`;
    await pg.query('BEGIN');
    await pg.query(`SELECT 1 FROM ${table} WHERE _jsonb->>'_id' = $1 FOR UPDATE`, [memberId]);

    const envelope = await publish(2, 'admin');
    const claims = db.collection<{ _id: string; holder: string | null }>('inbox_claims');
    const key = `ProjectMemberReplicaHandler.onChanged:${envelope.id}`;
    const blocked = await eventually(
      async () => (await pg.query(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND pid <> pg_backend_pid()`)).rows,
      (r) => r.length > 0,
    );
    expect(blocked.length).toBeGreaterThan(0); // the handler is mid-way: it claimed the message and waits on the row

    await system.stopInstance('notification-service', 0, 'SIGKILL');
    // The write the dead process had under way is aborted (as if it had died before making it).
    for (const { pid } of blocked) await pg.query('SELECT pg_cancel_backend($1)', [pid]);
    await pg.query('ROLLBACK');
    expect(await members.findOne({ _id: memberId })).toMatchObject({ version: 1, connectionManager: 'read_only' });

    await system.startInstance('notification-service');
    const after = await eventually(() => members.findOne({ _id: memberId }), (m) => m?.version === 2, 30_000);
    expect(after).toMatchObject({ version: 2, connectionManager: 'admin' });
    expect(await members.countDocuments({ projectId })).toBe(1);
    expect(await eventually(() => claims.findOne({ _id: key }), (c) => c?.holder === '@done')).toMatchObject({ holder: '@done' });
  });
});
