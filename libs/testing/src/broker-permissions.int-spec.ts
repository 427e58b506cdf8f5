import { BROKER_EXCHANGE } from '@connect/contracts';
import { ConfirmChannel, connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { ServiceName, System, startSystem } from './system';

/*
 * Issue 15, finding 6: each service connects as its own broker user, and the broker itself refuses
 * what the contracts' table (libs/contracts/src/broker-permissions.ts) does not give it — another
 * service's event, a user command, another service's queue — by closing the channel (ACCESS_REFUSED).
 * The credentials are the ones the harness gives the services, so every integration spec runs with them.
 */

/** Runs `act` on a confirm channel as `service`: 'ok' once the broker confirmed it, else the broker's refusal. */
async function as(system: System, service: ServiceName, act: (ch: ConfirmChannel) => Promise<unknown>): Promise<string> {
  const connection = await connect(system.amqpUrl(service));
  connection.on('error', () => undefined);
  try {
    const ch = await connection.createConfirmChannel();
    const closed = new Promise<string>((resolve) => {
      ch.once('error', (err: Error) => resolve(err.message));
      ch.once('close', () => resolve('channel closed'));
    });
    ch.on('error', () => undefined);
    const done = (async () => {
      await act(ch);
      await ch.waitForConfirms();
      return 'ok';
    })().catch(() => closed);
    return await Promise.race([done, closed]);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

const envelope = (type: string) =>
  Buffer.from(JSON.stringify({ id: randomUUID(), type, version: 1, occurredAt: new Date().toISOString(), correlationId: randomUUID(), causationId: null, producer: 'intruder', payload: {} }));
const publish = (routingKey: string) => async (ch: ConfirmChannel) => {
  ch.publish(BROKER_EXCHANGE, routingKey, envelope(routingKey.replace(/\.v1$/, '')), { persistent: true });
};
const REFUSED = /ACCESS.REFUSED/;
/**
 * A service's work queue under both queue types (issue 18, libs/messaging queueNames): quorum by default
 * (`<service>.quorum`), classic with BROKER_QUEUE_TYPE=classic and while an upgrade moves them (`<service>`).
 */
const QUEUE_TYPES = [
  { type: 'quorum', name: (service: string) => `${service}.quorum`, args: { 'x-queue-type': 'quorum' } },
  { type: 'classic', name: (service: string) => service, args: {} },
] as const;

describe('broker permissions: each service its own user (issue 15, finding 6)', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem({ services: [] });
    // The queues of the services, as they declare them when they start.
    const admin = await connect(system.env['AMQP_URL']);
    const ch = await admin.createChannel();
    await ch.assertExchange(BROKER_EXCHANGE, 'topic', { durable: true });
    for (const t of QUEUE_TYPES) {
      for (const service of ['drawing-service', 'notification-service']) {
        for (const q of [t.name(service), `${t.name(service)}.dead`]) await ch.assertQueue(q, { durable: true, arguments: t.args });
      }
    }
    await admin.close();
  });
  afterAll(() => system?.stop());

  it("a service cannot state another service's event", async () => {
    expect(await as(system, 'connection-service', publish('drawing.revisions.published.v1'))).toMatch(REFUSED);
    expect(await as(system, 'notification-service', publish('connection.established.v1'))).toMatch(REFUSED);
  });

  it('a service cannot send a user command, not even a file chunk (which carries no actor)', async () => {
    expect(await as(system, 'sync-service', publish('drawing.file.chunk.put.v1'))).toMatch(REFUSED);
    expect(await as(system, 'connection-service', publish('connection.approve.v1'))).toMatch(REFUSED);
    expect(await as(system, 'drawing-service', publish('drawing.revisions.publish.v1'))).toMatch(REFUSED);
  });

  it('the gateway sends user commands and states directory events, but no service event', async () => {
    expect(await as(system, 'gateway', publish('drawing.file.chunk.put.v1'))).toBe('ok');
    expect(await as(system, 'gateway', publish('directory.project-member.changed.v1'))).toBe('ok');
    expect(await as(system, 'gateway', publish('connection.established.v1'))).toMatch(REFUSED);
  });

  it('a service states its own events and sends its own internal commands', async () => {
    expect(await as(system, 'connection-service', publish('connection.requested.v1'))).toBe('ok');
    expect(await as(system, 'sync-service', publish('drawing.connected-copy.upsert.v1'))).toBe('ok');
  });

  it.each(QUEUE_TYPES.map((t) => [t.type, t.name] as const))("a service cannot consume another service's queue, nor bind its own to keys it does not handle (%s queues, issue 18)", async (_type, name) => {
    expect(await as(system, 'notification-service', (ch) => ch.consume(name('drawing-service'), () => undefined))).toMatch(REFUSED);
    expect(await as(system, 'notification-service', (ch) => ch.consume(`${name('drawing-service')}.dead`, () => undefined))).toMatch(REFUSED);
    expect(await as(system, 'gateway', (ch) => ch.consume(name('notification-service'), () => undefined))).toMatch(REFUSED);
    expect(await as(system, 'notification-service', (ch) => ch.bindQueue(name('notification-service'), BROKER_EXCHANGE, 'drawing.file.chunk.put.v1'))).toMatch(REFUSED);
    expect(await as(system, 'notification-service', (ch) => ch.bindQueue(name('notification-service'), BROKER_EXCHANGE, 'drawing.#'))).toMatch(REFUSED);
    // The gateway's directory cache feed: a server-named queue, bound to directory events only.
    const feed = async (key: string) =>
      as(system, 'gateway', async (ch) => {
        const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
        await ch.bindQueue(queue, BROKER_EXCHANGE, key);
      });
    expect(await feed('directory.#')).toBe('ok');
    expect(await feed('drawing.#')).toMatch(REFUSED);
    // …while its own queue and keys are its to use.
    expect(await as(system, 'drawing-service', (ch) => ch.consume(name('drawing-service'), () => undefined))).toBe('ok');
    expect(await as(system, 'notification-service', (ch) => ch.bindQueue(name('notification-service'), BROKER_EXCHANGE, 'connection.established.v1'))).toBe('ok');
  });
});
