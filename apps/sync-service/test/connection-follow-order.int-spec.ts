import { queueNames } from '@connect/messaging';
import { ConnectionChangedPayload, ConnectionDisconnectedV1, ConnectionEstablishedV1, ConnectionView, MessageEnvelope } from '@connect/contracts';
import { System, eventually, startSystem } from '@connect/testing';
import { ChannelModel, ConfirmChannel, connect } from 'amqplib';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';

// S6 (issue 12): connection events may arrive twice, reordered and at once (prefetch 16,
// a retry delay, two instances). However they come, the follower ends on the newest:
// a connection disconnected after it was (re-)established is stopped.
describe('sync-service follows the newest connection event (S6)', () => {
  const CONNECTIONS = 40;
  let system: System;
  let amqp: ChannelModel;
  let ch: ConfirmChannel;
  let mongo: MongoClient;

  beforeAll(async () => {
    system = await startSystem({ services: ['sync-service'] });
    amqp = await connect(system.env['AMQP_URL']);
    ch = await amqp.createConfirmChannel();
    mongo = await MongoClient.connect(system.env['MONGO_URL']);
  });
  afterAll(async () => {
    await amqp?.close();
    await mongo?.close();
    await system?.stop();
  });

  const at = '2026-01-05T10:00:00.000Z';
  function payload(id: string, version: number, status: 'active' | 'disconnected'): ConnectionChangedPayload {
    const user = '65b1f3b9-c3d9-4d98-9869-55d34ad019e5';
    const connection: ConnectionView = {
      id,
      version,
      status,
      features: ['drawings'],
      upstream: { companyId: randomUUID(), companyName: 'Upstream', projectId: randomUUID(), projectName: 'Upstream project' },
      downstream: { companyId: randomUUID(), companyName: 'Downstream', projectId: randomUUID(), projectName: 'Downstream project' },
      approval: 'automatic',
      requestedBy: user,
      requestedAt: at,
      decidedBy: user,
      decidedAt: at,
      rejectReason: null,
      cancelledBy: null,
      cancelledAt: null,
      disconnectedBy: status === 'disconnected' ? user : null,
      disconnectedAt: status === 'disconnected' ? at : null,
      disconnectReason: status === 'disconnected' ? 'handed over' : null,
      undoneBy: null,
      undoneAt: null,
      undoableUntil: null,
      approvalUndoableUntil: null,
    };
    return { connection, actor: { userId: user, name: 'Marcus Lindqvist', email: 'marcus@example.com' }, reason: status === 'disconnected' ? 'handed over' : null } as ConnectionChangedPayload;
  }

  function envelope(definition: { type: string; version: number }, id: string, version: number): MessageEnvelope {
    return {
      id: `${id}:${version}`,
      type: definition.type,
      version: definition.version,
      occurredAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: null,
      producer: 'connection-service',
      payload: payload(id, version, definition === ConnectionDisconnectedV1 ? 'disconnected' : 'active'),
    };
  }

  async function publish(envelopes: MessageEnvelope[]): Promise<void> {
    for (const e of envelopes) ch.publish('connect', `${e.type}.v${e.version}`, Buffer.from(JSON.stringify(e)), { persistent: true, messageId: e.id, contentType: 'application/json' });
    await ch.waitForConfirms();
  }

  it('ends stopped when disconnected (v5) arrives before, and at the same time as, the re-establishment (v4)', async () => {
    const followed = mongo.db(`connect_sync_service${system.env['MONGO_DB_SUFFIX']}`).collection<{ _id: string; status: string; version: number }>('followed_connections');
    const ids = Array.from({ length: CONNECTIONS }, () => randomUUID());
    // First established (v2): each connection is followed as active.
    await publish(ids.map((id) => envelope(ConnectionEstablishedV1, id, 2)));
    const first = await eventually(() => followed.countDocuments({ status: 'active' }), (n) => n === CONNECTIONS);
    expect(first).toBe(CONNECTIONS);
    // Then, reversed and back to back (handled concurrently): disconnected v5, established v4, and a redelivered v4.
    await publish(ids.flatMap((id) => [envelope(ConnectionDisconnectedV1, id, 5), envelope(ConnectionEstablishedV1, id, 4), { ...envelope(ConnectionEstablishedV1, id, 4), id: `${id}:4:again` }]));
    // Converged: every connection at v5 (a delivery that met a busy claim or a conflict comes back
    // through the delay queues, so the work queue alone running empty proves nothing), then settled.
    await eventually(() => followed.countDocuments({ _id: { $in: ids }, version: 5 } as never), (n) => n === CONNECTIONS, 60_000);
    await eventually(async () => (await system.broker.queue(system.vhost, queueNames('sync-service', 3).main))?.messages, (n) => n === 0, 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    const docs = await followed.find({ _id: { $in: ids } }).toArray();
    expect(docs.filter((d) => d.status !== 'stopped')).toEqual([]);
    expect(docs.map((d) => d.version)).toEqual(Array(CONNECTIONS).fill(5));
    expect(docs).toHaveLength(CONNECTIONS);
  });
});
