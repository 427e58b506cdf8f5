import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BROKER_GRANTS, BROKER_SERVICES, BrokerService, MessageDefinition, USER_COMMANDS, brokerDefinitions, brokerPermissions } from './index';
import * as contracts from './index';

// Issue 15, finding 6: the broker's permissions come from one table, checked here against every contract.

const DEFINITIONS = Object.values(contracts as Record<string, unknown>).filter(
  (v): v is MessageDefinition<object> => typeof v === 'object' && v !== null && 'routingKey' in v && typeof (v as MessageDefinition).payload === 'function',
);
const publishersOf = (d: MessageDefinition<object>) => BROKER_SERVICES.filter((s) => BROKER_GRANTS[s].publishes.includes(d));
const consumersOf = (d: MessageDefinition<object>) => BROKER_SERVICES.filter((s) => BROKER_GRANTS[s].consumes.includes(d));
/** The service whose rules a message belongs to, by the first part of its type. */
const OWNER: Record<string, BrokerService> = {
  directory: 'gateway',
  connection: 'connection-service',
  drawing: 'drawing-service',
  sync: 'sync-service',
  notification: 'notification-service',
};
const ownerOf = (d: MessageDefinition<object>) => OWNER[d.type.split('.')[0]];
const DEFINITIONS_FILE = resolve(__dirname, '../../../infra/rabbitmq/definitions.json');

describe('broker permissions (issue 15, finding 6)', () => {
  it('knows every message', () => {
    expect(DEFINITIONS.length).toBeGreaterThan(60);
    for (const d of DEFINITIONS) expect([d.routingKey, ownerOf(d)]).toEqual([d.routingKey, expect.any(String)]);
  });

  it('each event is stated by the service that owns it, and by no other', () => {
    for (const d of DEFINITIONS.filter((x) => x.kind === 'event')) expect([d.routingKey, publishersOf(d)]).toEqual([d.routingKey, [ownerOf(d)]]);
  });

  it('each command is consumed by its owner alone and sent by one service at most', () => {
    for (const d of DEFINITIONS.filter((x) => x.kind === 'command')) {
      expect([d.routingKey, consumersOf(d)]).toEqual([d.routingKey, [ownerOf(d)]]);
      expect([d.routingKey, publishersOf(d).length <= 1]).toEqual([d.routingKey, true]);
    }
  });

  it('only the gateway sends user commands; a service sends no command it owns', () => {
    expect(USER_COMMANDS.length).toBeGreaterThan(40);
    for (const d of USER_COMMANDS) expect([d.routingKey, publishersOf(d)]).toEqual([d.routingKey, ['gateway']]);
    for (const s of BROKER_SERVICES) {
      for (const d of BROKER_GRANTS[s].publishes.filter((x) => x.kind === 'command')) expect([d.routingKey, ownerOf(d)]).not.toEqual([d.routingKey, s]);
    }
  });

  it('topic permissions match exactly the routing keys of the table', () => {
    for (const s of BROKER_SERVICES) {
      const p = brokerPermissions(s);
      const write = new RegExp(p.topicWrite);
      const read = new RegExp(p.topicRead);
      for (const d of DEFINITIONS) {
        expect([s, d.routingKey, write.test(d.routingKey)]).toEqual([s, d.routingKey, BROKER_GRANTS[s].publishes.includes(d)]);
        expect([s, d.routingKey, read.test(d.routingKey)]).toEqual([s, d.routingKey, BROKER_GRANTS[s].consumes.includes(d)]);
      }
      expect(write.test('drawing.#')).toBe(false);
      expect(write.test(`x${BROKER_GRANTS[s].publishes[0]?.routingKey ?? ''}`)).toBe(false);
    }
    const gateway = new RegExp(brokerPermissions('gateway').topicWrite);
    expect(gateway.test('drawing.file.chunk.put.v1')).toBe(true);
    expect(gateway.test('drawing.revisions.published.v1')).toBe(false);
  });

  it('resource permissions: each service its own queues, the gateway server-named ones', () => {
    const drawing = brokerPermissions('drawing-service');
    // Issue 18: its quorum queues and the classic ones of before (moved into them on start).
    for (const name of ['drawing-service', 'drawing-service.dead', 'drawing-service.retry.3', 'connect', 'drawing-service.quorum', 'drawing-service.quorum.dead', 'drawing-service.quorum.retry.3']) {
      expect(new RegExp(drawing.read).test(name)).toBe(true);
      expect(new RegExp(drawing.configure).test(name)).toBe(true);
    }
    for (const name of ['sync-service', 'sync-service.quorum', 'drawing-service-x', 'drawing-service.retry.x', 'drawing-service.quorum.x', 'drawing-service.dead.quorum', 'xconnect']) expect(new RegExp(drawing.read).test(name)).toBe(false);
    for (const name of ['drawing-service', 'drawing-service.quorum']) expect(new RegExp(drawing.write).test(name)).toBe(true);
    expect(new RegExp(drawing.write).test('drawing-service.quorum.dead')).toBe(false);
    expect(new RegExp(drawing.write).test('amq.default')).toBe(true);
    expect(new RegExp(drawing.write).test('sync-service')).toBe(false);
    // The gateway: only exclusive server-named queues (its directory cache feed), no default exchange.
    const gateway = brokerPermissions('gateway');
    for (const name of ['amq.gen-Xy3_q', 'connect']) expect(new RegExp(gateway.read).test(name)).toBe(true);
    for (const name of ['drawing-service', 'notification-service.dead', 'amq.default']) {
      expect(new RegExp(gateway.read).test(name)).toBe(false);
      expect(new RegExp(gateway.write).test(name)).toBe(false);
    }
    expect(new RegExp(gateway.topicRead).test('directory.#')).toBe(true);
    expect(new RegExp(gateway.topicRead).test('#')).toBe(false);
  });

  it('infra/rabbitmq/definitions.json is generated from the table (UPDATE_BROKER_DEFINITIONS=1 rewrites it)', () => {
    const expected = `${JSON.stringify(brokerDefinitions('/'), null, 2)}\n`;
    if (process.env['UPDATE_BROKER_DEFINITIONS'] === '1') writeFileSync(DEFINITIONS_FILE, expected);
    expect(readFileSync(DEFINITIONS_FILE, 'utf8')).toBe(expected);
  });
});
