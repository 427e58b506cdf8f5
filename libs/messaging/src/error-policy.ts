import { DomainError, errorPolicyOf } from '@connect/contracts';

/**
 * What a handler's failure means for its message (golevelup-style, as data):
 * a `refusal` can never succeed as it is (dead-lettered at once with its code);
 * a `transient` failure of the infrastructure or a lost race is retried with
 * back-off; anything else (`unknown`, a bug) is retried a few times, then
 * dead-lettered as HANDLER_FAILED.
 */
export type FailureKind = 'refusal' | 'transient' | 'unknown';

const text = (err: unknown, field: string): string => String((err as Record<string, unknown> | null)?.[field] ?? '');

/** Failures of the infrastructure, not of the message. */
export const TRANSIENT_FAILURES: ReadonlyArray<(err: unknown) => boolean> = [
  // The MongoDB driver: server unreachable, connection dropped, pool cleared, timeouts.
  (err) => /^Mongo(Network|NetworkTimeout|ServerSelection|NotConnected|PoolCleared|Topology|WaitQueueTimeout|ServerClosed)/.test(text(err, 'name')),
  (err) => typeof (err as { hasErrorLabel?: unknown })?.hasErrorLabel === 'function' && ['RetryableWriteError', 'TransientTransactionError', 'ResetPool'].some((l) => (err as { hasErrorLabel(l: string): boolean }).hasErrorLabel(l)),
  // Sockets.
  (err) => ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTCONN'].includes(text(err, 'code')),
  // PostgreSQL under FerretDB: the version guard's conflict (40001), deadlocks, connection
  // failures (08…), the server shutting down or starting (57P…), out of resources (53…).
  (err) => /\(SQLSTATE (40001|40P01|08\w{3}|57P0\d|53\w{3})\)/.test(text(err, 'message')),
  // FerretDB when its PostgreSQL is gone.
  (err) => /failed to connect to|connection refused|conn closed|the database system is (starting up|shutting down)/i.test(text(err, 'message')),
  // The broker: a confirm channel closed (broker restart, lost connection) with the publish unconfirmed, or
  // an operation on a channel already gone; amqp-connection-manager reconnects and the retry publishes.
  (err) => /^(channel closed|channel ended|connection closed)/i.test(text(err, 'message')) || text(err, 'name') === 'IllegalOperationError',
  // mongoose while it has no connection (commands are buffered, then time out).
  (err) => /^Mongoose/.test(text(err, 'name')) && /buffering timed out|ServerSelection|not connected/i.test(`${text(err, 'name')} ${text(err, 'message')}`),
];

export function failureKind(err: unknown): FailureKind {
  if (err instanceof DomainError) return errorPolicyOf(err.code) === 'retry' ? 'transient' : 'refusal';
  return TRANSIENT_FAILURES.some((matches) => matches(err)) ? 'transient' : 'unknown';
}
