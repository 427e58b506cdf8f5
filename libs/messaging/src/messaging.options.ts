export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/**
 * Deduplication of consumed messages (implemented over MongoDB by @connect/persistence).
 * A consumer claims a message id before handling it, so that two copies
 * delivered at once to two consumers are handled once.
 */
export interface MessageInbox {
  /**
   * Claims `key`: 'run' when this consumer is to handle it; 'duplicate' when it
   * was handled already or another consumer is handling it right now. A claim
   * left by a consumer that died mid-way is taken over after a lease.
   */
  claim(key: string): Promise<'run' | 'duplicate'>;
  /** The claimed message was handled: later copies are duplicates. */
  complete(key: string): Promise<void>;
  /** The claimed message was not handled (it will be retried or was dead-lettered): release the claim. */
  release(key: string): Promise<void>;
}

export interface MessagingOptions {
  /** amqp(s):// URL of the broker. */
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
   * How long a caller waits for the reply to a command.
   * @default 10000
   */
  rpcTimeoutMs?: number;
  /** Dedupes events by message id; without it handlers only get at-least-once delivery. */
  inbox?: MessageInbox;
}

export type ResolvedMessagingOptions = Required<Omit<MessagingOptions, 'inbox'>> & Pick<MessagingOptions, 'inbox'>;

export function resolveOptions(o: MessagingOptions): ResolvedMessagingOptions {
  return {
    exchange: 'connect',
    prefetch: 16,
    retryDelaysMs: [1000, 5000, 30000],
    rpcTimeoutMs: 10000,
    ...o,
  };
}

/** Queue names of a service: one work queue shared by all its instances. */
export function queueNames(service: string, retries: number) {
  return {
    main: service,
    dead: `${service}.dead`,
    retry: Array.from({ length: retries }, (_, i) => `${service}.retry.${i + 1}`),
  };
}

/** AMQP headers the library sets. */
export const HEADERS = {
  attempt: 'x-attempt',
  deadReason: 'x-dead-reason',
  deadCode: 'x-dead-code',
  deadAt: 'x-dead-at',
  originalRoutingKey: 'x-original-routing-key',
} as const;
