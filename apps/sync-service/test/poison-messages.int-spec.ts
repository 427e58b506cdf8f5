import { queueNames } from '@connect/messaging';
import * as contracts from '@connect/contracts';
import { Scenario, System, directory, eventually, startSystem } from '@connect/testing';
import { randomUUID } from 'node:crypto';
import { connect, connectionWhen, ok, published, upstreamRegister } from './sync-helpers';

/*
 * Issue 17 (resilience): a poison message of every contract type, on every
 * queue the broker routes it to, is dead-lettered with its reason (its code
 * in `x-dead-code`), and every service's queue keeps flowing: the whole
 * system then still connects two projects and copies a published drawing.
 * Which queue gets what is read from the broker's own bindings, so a new
 * message type or a new consumer is covered without editing this spec.
 */
interface Definition {
  kind: 'event' | 'command';
  type: string;
  version: number;
  routingKey: string;
}

const DEFINITIONS: Definition[] = Object.values(contracts as Record<string, unknown>).filter(
  (v): v is Definition => typeof v === 'object' && v !== null && ((v as Definition).kind === 'event' || (v as Definition).kind === 'command') && typeof (v as Definition).routingKey === 'string',
);

/** AMQP topic matching: `*` one word, `#` zero or more. */
function matches(pattern: string, key: string): boolean {
  const p = pattern.split('.');
  const k = key.split('.');
  const at = (i: number, j: number): boolean => {
    if (i === p.length) return j === k.length;
    if (p[i] === '#') return at(i + 1, j) || (j < k.length && at(i, j + 1));
    return j < k.length && (p[i] === '*' || p[i] === k[j]) && at(i + 1, j + 1);
  };
  return at(0, 0);
}

describe('poison messages (issue 17 resilience)', () => {
  const SERVICES = ['connection-service', 'drawing-service', 'sync-service', 'notification-service'] as const;
  let system: System;
  let s: Scenario;

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway', ...SERVICES] });
    s = await directory(system).scenario();
  });
  afterAll(async () => system?.stop());

  /** The broker's bindings of the topic exchange: which service's queue receives which routing key. */
  async function routes(): Promise<Array<{ queue: string; definition: Definition }>> {
    // Not the server-named exclusive queue of each gateway's directory cache feed (issue 17): it has no
    // dead-letter queue by design — an unreadable event there just empties that gateway's cache.
    const bindings = (await system.broker.bindings(system.vhost, 'connect')).filter((b) => !b.destination.startsWith('amq.gen-'));
    return DEFINITIONS.flatMap((definition) =>
      [...new Set(bindings.filter((b) => b.destination_type === 'queue' && matches(b.routing_key, definition.routingKey)).map((b) => b.destination))].map((queue) => ({
        queue: SERVICES.find((x) => queueNames(x, 3).main === queue) ?? queue, // the service whose work queue it is
        definition,
      })),
    );
  }

  it('every contract type with a wrong payload, and a body that is no envelope, is dead-lettered with its reason; then everything still flows', async () => {
    const all = await routes();
    // Every service consumes something, and every message type someone consumes is in the test.
    expect(new Set(all.map((r) => r.queue))).toEqual(new Set(SERVICES));
    const poisons = all.map(({ queue, definition }) => ({ queue, definition, id: randomUUID() }));
    for (const p of poisons) {
      const envelope = {
        id: p.id,
        type: p.definition.type,
        version: p.definition.version,
        occurredAt: new Date().toISOString(),
        correlationId: p.id,
        causationId: null,
        producer: 'poison-spec',
        payload: 'not an object',
      };
      // Published to the exchange: every queue bound to the key gets its own copy (same id).
      await system.broker.publish(system.vhost, 'connect', p.definition.routingKey, JSON.stringify(envelope), p.id);
    }
    const undecodable: Record<string, string> = Object.fromEntries(SERVICES.map((q) => [q, randomUUID()]));
    for (const q of SERVICES) await system.broker.publish(system.vhost, '', queueNames(q, 3).main, '{"this is": not json', undecodable[q]);

    for (const q of SERVICES) {
      const expected = new Set([...poisons.filter((p) => p.queue === q).map((p) => p.id), undecodable[q]]);
      const letters = await eventually(
        () => system.broker.peek(system.vhost, queueNames(q, 3).dead, expected.size + 20),
        (l) => [...expected].every((id) => l.some((x) => x.properties.message_id === id)),
        60_000,
      );
      const mine = letters.filter((x) => expected.has(x.properties.message_id ?? ''));
      expect({ queue: q, dead: new Set(mine.map((x) => x.properties.message_id)).size }).toEqual({ queue: q, dead: expected.size });
      for (const letter of mine) {
        expect({ id: letter.properties.message_id, code: letter.properties.headers?.['x-dead-code'] }).toEqual({ id: letter.properties.message_id, code: 'MESSAGE_INVALID' });
        expect(String(letter.properties.headers?.['x-dead-reason'] ?? '')).not.toBe('');
      }
      // Nothing left behind in the service's own queue.
      expect(await eventually(() => system.broker.queue(system.vhost, queueNames(q, 3).main), (x) => x?.messages === 0 && x.consumers > 0, 60_000)).toMatchObject({ messages: 0 });
    }

    // The system still works end to end: a published upstream drawing reaches the downstream project.
    const up = await upstreamRegister(system, s);
    await published(up, 'P-1');
    const connection = await connect(system, s);
    const done = await connectionWhen(system, s.connector.token, connection.id, (c) => c.status === 'active' && c.sync.revisionsCopied === 1, 60_000);
    expect(done.sync).toMatchObject({ revisionsCopied: 1, revisionsFailed: 0 });
    const feed = await eventually(
      async () => ok(await system.api(s.downstreamAdmin.token).get('/me/notifications'), 200).items as unknown[],
      (items) => items.length > 0,
      60_000,
    );
    expect(feed.length).toBeGreaterThan(0);
  }, 300_000);
});
