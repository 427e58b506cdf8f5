export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/**
 * Exactly-once handling of consumed events (implemented over MongoDB by
 * @connect/persistence on its lease primitive). A consumer claims a message
 * before handling it, under a lease it renews while the handler runs; only a
 * completed message is a duplicate. `holder` is unique per delivery.
 */
export interface MessageInbox {
  /** How long a claim protects a message whose consumer may have died mid-way. */
  readonly leaseMs: number;
  /**
   * 'run': this delivery is to handle the message. 'done': it was handled
   * already (a duplicate). 'busy': another delivery holds a live claim on it
   * right now: try again later (its holder may die; the claim is taken over
   * once its lease ran out).
   */
  claim(key: string, holder: string): Promise<'run' | 'done' | 'busy'>;
  /** Extends the claim while a long handler runs; false when it was lost. */
  renew(key: string, holder: string): Promise<boolean>;
  /** The claimed message was handled: later copies are duplicates. False when the claim was lost meanwhile. */
  complete(key: string, holder: string): Promise<boolean>;
  /** The claimed message was not handled (it will be retried or was dead-lettered): release the claim. */
  release(key: string, holder: string): Promise<void>;
}

/**
 * The type of a service's durable queues (issue 18). `quorum`: replicated over the nodes of a
 * RabbitMQ cluster (Raft), a message is confirmed once a majority of them wrote it, and a queue
 * survives the loss of a minority of nodes. `classic`: on one node, as before issue 18.
 */
export type QueueType = 'quorum' | 'classic';
export const QUEUE_TYPES: readonly QueueType[] = ['quorum', 'classic'];

export interface MessagingOptions {
  /**
   * amqp(s):// URL of the broker, or several separated by commas (the nodes of a cluster): the
   * connection goes to one of them and, when it is lost, to the next one that answers.
   */
  url: string;
  /** Name of this service: names its queue and is the `producer` of what it publishes. */
  service: string;
  /**
   * Topic exchange all messages go through.
   * @default 'connect'
   */
  exchange?: string;
  /**
   * Unacknowledged deliveries per consumer.
   * @default 16
   */
  prefetch?: number;
  /**
   * Delays before each retry of an event whose handler failed unexpectedly;
   * after the last one the message is dead-lettered with its reason.
   * @default [1000, 5000, 30000]
   */
  retryDelaysMs?: number[];
  /**
   * Retries of a message whose handler failed transiently (the database or a
   * service down, a timeout, a lost race): through the delay queues, the last
   * delay repeated; then it is dead-lettered as SERVICE_UNAVAILABLE.
   * @default 12 (about 5 minutes with the default delays)
   */
  transientRetries?: number;
  /**
   * Largest message body the broker takes (RabbitMQ's `max_message_size`,
   * 128 MiB by default). A larger one is refused before it is sent with
   * MESSAGE_TOO_LARGE: sent, the broker would close the channel.
   * @default 134217728
   */
  maxMessageBytes?: number;
  /**
   * How long a caller waits for the reply to a command.
   * @default 10000
   */
  rpcTimeoutMs?: number;
  /**
   * The type of the service's work, delay and dead-letter queues (BROKER_QUEUE_TYPE). A queue's type
   * cannot change in place, so each type has its own queue names (`queueNames`); on start a consumer
   * moves what is left in the other type's queues into its own and deletes them.
   * @default 'quorum'
   */
  queueType?: QueueType;
  /** Dedupes events by message id; without it handlers only get at-least-once delivery. */
  inbox?: MessageInbox;
}

export type ResolvedMessagingOptions = Required<Omit<MessagingOptions, 'inbox'>> & Pick<MessagingOptions, 'inbox'>;

export function resolveOptions(o: MessagingOptions): ResolvedMessagingOptions {
  return {
    exchange: 'connect',
    prefetch: 16,
    retryDelaysMs: [1000, 5000, 30000],
    transientRetries: 12,
    maxMessageBytes: 128 * 1024 * 1024,
    rpcTimeoutMs: 10000,
    queueType: 'quorum',
    ...o,
  };
}

/**
 * Queue names of a service: one work queue shared by all its instances, its delay (retry) queues
 * and its dead letters. Classic queues keep the names they had before issue 18 (`sync-service`,
 * `sync-service.dead`, `sync-service.retry.1`); quorum queues have their own (`sync-service.quorum`,
 * `sync-service.quorum.dead`, `sync-service.quorum.retry.1`), since a queue's type cannot change in place.
 */
export function queueNames(service: string, retries: number, type: QueueType = 'quorum') {
  const base = type === 'quorum' ? `${service}.quorum` : service;
  return {
    type,
    main: base,
    dead: `${base}.dead`,
    retry: Array.from({ length: retries }, (_, i) => `${base}.retry.${i + 1}`),
  };
}

export type QueueNames = ReturnType<typeof queueNames>;

/** The broker URLs of `url`: one, or several separated by commas (a cluster's nodes). */
export function brokerUrls(url: string): string[] {
  return url
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
}

/** AMQP headers the library sets. */
export const HEADERS = {
  attempt: 'x-attempt',
  deadReason: 'x-dead-reason',
  deadCode: 'x-dead-code',
  deadAt: 'x-dead-at',
  originalRoutingKey: 'x-original-routing-key',
} as const;
