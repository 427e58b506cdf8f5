// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClassType<T> = new (...args: any[]) => T;

interface BaseDefinition<P> {
  /** Message name without version, e.g. `connection.established`. */
  readonly type: string;
  readonly version: number;
  /** `<type>.v<version>`: the routing key on the topic exchange. */
  readonly routingKey: string;
  /** class-validator decorated payload class, used by producers and consumers alike. */
  readonly payload: ClassType<P>;
}

/** A fact that happened; any number of services may subscribe. */
export interface EventDefinition<P> extends BaseDefinition<P> {
  readonly kind: 'event';
}

/** A request for one owning service, answered through request/reply. */
export interface CommandDefinition<P, R> extends BaseDefinition<P> {
  readonly kind: 'command';
  /**
   * Which side carries raw bytes as its AMQP body (envelope.ts): 'request' — the bytes go with
   * the request, the payload in the envelope header; 'reply' — a successful reply is the bytes.
   */
  readonly bytes?: 'request' | 'reply';
  /** Phantom type of the reply. */
  readonly reply?: R;
}

export type MessageDefinition<P = unknown, R = unknown> = EventDefinition<P> | CommandDefinition<P, R>;

export type PayloadOf<D> = D extends BaseDefinition<infer P> ? P : never;
export type ReplyOf<D> = D extends CommandDefinition<unknown, infer R> ? R : never;

const NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

function routingKeyOf(type: string, version: number): string {
  if (!NAME.test(type)) throw new Error(`Invalid message type "${type}"`);
  if (!Number.isInteger(version) || version < 1) throw new Error(`Invalid version ${version} for ${type}`);
  return `${type}.v${version}`;
}

export function defineEvent<P>(type: string, version: number, payload: ClassType<P>): EventDefinition<P> {
  return { kind: 'event', type, version, routingKey: routingKeyOf(type, version), payload };
}

export function defineCommand<P, R>(type: string, version: number, payload: ClassType<P>, options: { bytes?: 'request' | 'reply' } = {}): CommandDefinition<P, R> {
  return { kind: 'command', type, version, routingKey: routingKeyOf(type, version), payload, ...(options.bytes && { bytes: options.bytes }) };
}
