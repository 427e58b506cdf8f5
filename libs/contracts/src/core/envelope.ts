import type { ErrorCode } from './errors';

/**
 * The envelope every message on the broker carries. The body of an AMQP
 * message is the whole envelope as JSON; `id` is also the AMQP `messageId`,
 * so consumers deduplicate on it, and `correlationId` follows one user action
 * from the HTTP request through every message it causes.
 */
export interface MessageEnvelope<P = unknown> {
  /** Unique per message; deterministic where a producer may emit the same fact twice. */
  id: string;
  /** Message name without version, e.g. `connection.established`. */
  type: string;
  version: number;
  /** ISO-8601. */
  occurredAt: string;
  correlationId: string;
  /** Id of the message (or HTTP request) that caused this one. */
  causationId: string | null;
  /** Service that produced it, e.g. `connection-service`. */
  producer: string;
  payload: P;
}

/** Reply to a command sent with request/reply. */
export type CommandReply<R> =
  | { ok: true; result: R }
  | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };
