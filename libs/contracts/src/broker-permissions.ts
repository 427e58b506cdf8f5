import * as connection from './connection';
import { MessageDefinition } from './core/message-definition';
import * as directory from './directory';
import * as drawing from './drawing';
import * as notification from './notification';
import * as sync from './sync';

/**
 * Who may do what on the broker (issue 15, finding 6): the one table the broker's permissions are
 * made from. Each service connects as its own RabbitMQ user, named after it; its topic permissions on
 * the exchange let it publish exactly the routing keys of `publishes` and bind its queue to exactly
 * those of `consumes`, so a service cannot speak for another one and only the gateway — the one place
 * that authenticates — publishes the commands that carry a user's `actor`.
 * Applied by scripts/stack.sh and docker-compose (from infra/rabbitmq/definitions.json, generated from
 * this table and checked by broker-permissions.spec.ts) and by the test harness (libs/testing).
 */
export const BROKER_EXCHANGE = 'connect';

export const BROKER_SERVICES = ['gateway', 'connection-service', 'drawing-service', 'sync-service', 'notification-service'] as const;
export type BrokerService = (typeof BROKER_SERVICES)[number];

export interface BrokerGrant {
  /** Events it states and commands it sends: the topic exchange takes nothing else from it. */
  readonly publishes: readonly MessageDefinition<object>[];
  /** Commands it owns and events it follows: the only keys its queue may be bound to. */
  readonly consumes: readonly MessageDefinition<object>[];
  /**
   * 'own': it consumes its queue `<service>` (and so replies, retries and dead-letters through the
   * default exchange); 'server-named': only exclusive queues the broker names (`amq.gen-…`, alive as
   * long as their channel: the gateway's directory cache feed).
   */
  readonly queues: 'own' | 'server-named';
  /** Binding patterns used as written, besides the routing keys of `consumes` (topic read checks the binding key). */
  readonly patterns?: readonly string[];
}

type Area = Record<string, unknown>;
const definitionsOf = (area: Area): MessageDefinition<object>[] =>
  Object.values(area).filter(
    (v): v is MessageDefinition<object> => typeof v === 'object' && v !== null && 'routingKey' in v && ((v as MessageDefinition).kind === 'event' || (v as MessageDefinition).kind === 'command'),
  );
const events = (area: Area) => definitionsOf(area).filter((d) => d.kind === 'event');
const commands = (area: Area) => definitionsOf(area).filter((d) => d.kind === 'command');

/** Commands one service sends another (no user behind them): everything else a service owns is a user command. */
const INTERNAL_COMMANDS = {
  'connection-service': [drawing.GetRevisionCountV1],
  'sync-service': [drawing.ConnectedCopyUpsertV1, drawing.ConnectedCopyDeleteV1, drawing.ConnectedCopyPruneV1, drawing.ListPublishedRevisionIdsV1],
} as const satisfies Partial<Record<BrokerService, readonly MessageDefinition<object>[]>>;

/** Internal commands no running service sends (the operator's and the specs' tools do): no user may send them either. */
const UNSENT_COMMANDS: readonly MessageDefinition<object>[] = [drawing.ListPublishedRevisionsV1];

const internal = new Set<MessageDefinition<object>>([...Object.values(INTERNAL_COMMANDS).flat(), ...UNSENT_COMMANDS]);

/** Commands a user asks for through the gateway, which puts the authenticated `actor` in them. */
export const USER_COMMANDS: readonly MessageDefinition<object>[] = [connection, drawing, sync, notification].flatMap(commands).filter((d) => !internal.has(d));

export const BROKER_GRANTS: Readonly<Record<BrokerService, BrokerGrant>> = {
  // Its directory cache feed (apps/gateway/src/directory/directory-cache-feed.ts) follows every directory event.
  gateway: { publishes: [...events(directory), ...USER_COMMANDS], consumes: events(directory), queues: 'server-named', patterns: ['directory.#'] },
  'connection-service': {
    publishes: [...events(connection), ...INTERNAL_COMMANDS['connection-service']],
    consumes: [...commands(connection), sync.SyncProgressReportedV1],
    queues: 'own',
  },
  'drawing-service': {
    publishes: events(drawing),
    consumes: [
      ...commands(drawing),
      connection.ConnectionEstablishedV1,
      connection.ConnectionDisconnectedV1,
      connection.ConnectionUndoneV1,
      connection.ConnectionRejectedV1,
      connection.ConnectionCancelledV1,
      sync.CopiesRequestedV1,
    ],
    queues: 'own',
  },
  'sync-service': {
    publishes: [...events(sync), ...INTERNAL_COMMANDS['sync-service']],
    consumes: [
      ...commands(sync),
      connection.ConnectionEstablishedV1,
      connection.ConnectionDisconnectedV1,
      connection.ConnectionUndoneV1,
      drawing.RevisionsPublishedV1,
      drawing.RevisionUpdatedV1,
      drawing.DrawingUpdatedV1,
      drawing.DrawingDeletedV1,
      drawing.AreaUpdatedV1,
      drawing.DisciplineUpdatedV1,
      drawing.SetUpdatedV1,
      drawing.ConnectedCopiesSettledV1,
    ],
    queues: 'own',
  },
  'notification-service': {
    publishes: [],
    consumes: [
      ...commands(notification),
      ...events(connection),
      sync.RevisionsReadyV1,
      sync.CopyFinishedV1,
      directory.DirectoryProjectMemberChangedV1,
    ],
    queues: 'own',
  },
};

export interface BrokerPermissions {
  /** Regular expressions over resource names, as `rabbitmqctl set_permissions` takes them. */
  configure: string;
  write: string;
  read: string;
  /** Over routing keys on BROKER_EXCHANGE, as `rabbitmqctl set_topic_permissions` takes them. */
  topicWrite: string;
  topicRead: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Matches exactly the given names, and nothing when there are none. */
const exactly = (names: readonly string[]) => (names.length ? `^(${[...new Set(names)].sort().map(escape).join('|')})$` : '^$');

/**
 * A service's permissions in a vhost: configure its own queues (`<service>`, `.dead`, `.retry.<n>`, of
 * either queue type — quorum ones are `<service>.quorum…` — or server-named ones; the exchange is declared by everyone, `assertExchange`); write (bind,
 * publish) to the exchange, its own work queue (of either type: unbinding an old one) and — with one — the default exchange (`amq.default`:
 * replies to direct reply-to, retries and dead letters); read (consume, bind from) its own queues and
 * the exchange. Exclusive server-named queues are the declaring connection's alone.
 */
export function brokerPermissions(service: BrokerService): BrokerPermissions {
  const grant = BROKER_GRANTS[service];
  const x = escape(BROKER_EXCHANGE);
  const own = grant.queues === 'own';
  // Its classic queues keep the names of before issue 18; its quorum queues are `<service>.quorum…` (libs/messaging queueNames).
  const queues = own ? `${escape(service)}(\\.quorum)?(\\.dead|\\.retry\\.[0-9]+)?` : 'amq\\.gen-.*';
  return {
    configure: `^(${x}|${queues})$`,
    write: own ? `^(${x}|amq\\.default|${escape(service)}(\\.quorum)?)$` : `^(${x}|${queues})$`,
    read: `^(${x}|${queues})$`,
    topicWrite: exactly(grant.publishes.map((d) => d.routingKey)),
    topicRead: exactly([...grant.consumes.map((d) => d.routingKey), ...(grant.patterns ?? [])]),
  };
}

/**
 * The permissions of every service in `vhost`, in RabbitMQ's definitions format
 * (`rabbitmqctl import_definitions`, `POST /api/definitions`), with the exchange.
 */
export function brokerDefinitions(vhost: string) {
  return {
    exchanges: [{ name: BROKER_EXCHANGE, vhost, type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} }],
    permissions: BROKER_SERVICES.map((user) => {
      const p = brokerPermissions(user);
      return { user, vhost, configure: p.configure, write: p.write, read: p.read };
    }),
    topic_permissions: BROKER_SERVICES.map((user) => {
      const p = brokerPermissions(user);
      return { user, vhost, exchange: BROKER_EXCHANGE, write: p.topicWrite, read: p.topicRead };
    }),
  };
}
