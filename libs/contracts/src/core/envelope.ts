import type { ErrorCode } from './errors';

/**
 * The envelope every message on the broker carries. The body of an AMQP
 * message is the whole envelope as JSON; `id` is also the AMQP `messageId`,
 * so consumers deduplicate on it, and `correlationId` follows one user action
 * from the HTTP request through every message it causes.
 *
 * A command that carries bytes (its definition's `bytes`, e.g. file chunks)
 * sends them as they are: the AMQP body is the bytes (content type
 * BINARY_CONTENT_TYPE) and the envelope, payload included, is JSON in the
 * ENVELOPE_HEADER header, validated exactly like a JSON body. Likewise a
 * successful reply of a command whose reply is bytes is the bytes alone;
 * its refusals are `CommandReply` JSON as everywhere.
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

/** Content type of a message or reply whose body is bytes. */
export const BINARY_CONTENT_TYPE = 'application/octet-stream';
/** AMQP header holding the JSON envelope of a message whose body is bytes. */
export const ENVELOPE_HEADER = 'x-envelope';

/** Reply to a command sent with request/reply. */
export type CommandReply<R> =
  | { ok: true; result: R }
  | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };
