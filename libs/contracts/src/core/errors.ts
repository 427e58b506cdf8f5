/**
 * The one error type of the system. `code` is one of ERRORS (a typo or an
 * unknown code does not compile); it crosses the broker in command replies
 * and dead-letter headers, and the gateway maps it to an HTTP status.
 * Expected business refusals are DomainErrors; anything else is a bug or an outage.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * What a consumer does when a handler fails with the code (golevelup-style
 * error policy, as data): `retry` — a transient failure (an outage, a timeout,
 * a lost race) is retried with back-off; `refuse` — the message can never
 * succeed as it is and is dead-lettered at once with its code and reason.
 */
export type ErrorPolicy = 'retry' | 'refuse';

interface ErrorSpec {
  /** The HTTP status the gateway answers with. */
  status: number;
  policy: ErrorPolicy;
}

const refuse = (status: number): ErrorSpec => ({ status, policy: 'refuse' });
const retry = (status: number): ErrorSpec => ({ status, policy: 'retry' });

/** Every stable error code: its HTTP status and its policy on the broker. */
export const ERRORS = {
  // 400
  VALIDATION_FAILED: refuse(400),
  MESSAGE_INVALID: refuse(400),
  BAD_REQUEST: refuse(400),
  MALFORMED_JSON: refuse(400),
  BODY_TOO_DEEP: refuse(400),
  /** Too many uploads at once: trying again later can succeed. */
  TOO_MANY_UPLOADS: retry(429),
  // 401 / 403
  UNAUTHENTICATED: refuse(401),
  FORBIDDEN: refuse(403),
  PERMISSION_REQUIRED: refuse(403),
  // 404
  NOT_FOUND: refuse(404),
  COMPANY_NOT_FOUND: refuse(404),
  PROJECT_NOT_FOUND: refuse(404),
  USER_NOT_FOUND: refuse(404),
  CONNECTION_NOT_FOUND: refuse(404),
  NOTIFICATION_NOT_FOUND: refuse(404),
  DRAWING_NOT_FOUND: refuse(404),
  REVISION_NOT_FOUND: refuse(404),
  AREA_NOT_FOUND: refuse(404),
  DISCIPLINE_NOT_FOUND: refuse(404),
  SET_NOT_FOUND: refuse(404),
  UPLOAD_NOT_FOUND: refuse(404),
  TOKEN_NOT_FOUND: refuse(404),
  FILE_NOT_FOUND: refuse(404),
  // 409
  CONFLICT: refuse(409),
  /** Someone else changed the entity first: reading again and retrying can succeed. */
  CONCURRENT_MODIFICATION: retry(409),
  ALREADY_EXISTS: refuse(409),
  USER_EMAIL_TAKEN: refuse(409),
  CONNECTION_ALREADY_EXISTS: refuse(409),
  CONNECTION_INVALID_STATE: refuse(409),
  UPLOAD_INCOMPLETE: refuse(409),
  // 413 / 415
  FILE_TOO_LARGE: refuse(413),
  FILE_TYPE_UNSUPPORTED: refuse(415),
  // 422, listed so every connection rule's code can be found here (C2, C4–C7, C10, C11, C13, C14)
  CONNECTION_SELF: refuse(422),
  CONNECTION_FEATURES_INVALID: refuse(422),
  CONNECTION_GOVCLOUD: refuse(422),
  CONNECTION_BETA_REQUIRED: refuse(422),
  CONNECTION_TOO_MANY_REVISIONS: refuse(422),
  CONNECTION_DOWNSTREAM_DISCONNECTED: refuse(422),
  CONNECTION_CHAIN: refuse(422),
  CONNECTION_TERMS_NOT_ACCEPTED: refuse(422),
  CONNECTION_REASON_REQUIRED: refuse(422),
  CONNECTION_UNDO_EXPIRED: refuse(422),
  CONNECTION_UNDO_NOT_ALLOWED: refuse(422),
  // drawing register (D1–D6)
  DRAWING_NUMBER_TAKEN: refuse(409),
  DRAWING_CONNECTED_READ_ONLY: refuse(422),
  MARKUP_LIMIT_REACHED: refuse(422),
  // sync (S6): connected-copy writes for a connection that is no longer active
  CONNECTION_NOT_ACTIVE: refuse(409),
  /** A connected copy's file is not all there yet: the copy is still under way. */
  CONNECTED_COPY_INCOMPLETE: retry(409),
  // broker: a message the broker refuses (larger than its max_message_size)
  MESSAGE_TOO_LARGE: refuse(413),
  // consumers' dead-letter codes
  NO_HANDLER: refuse(500),
  HANDLER_FAILED: refuse(500),
  // 5xx: never for anything a client sent
  /** No service took the request, none answered in time, or a dependency is down. */
  SERVICE_UNAVAILABLE: retry(503),
  INTERNAL_ERROR: refuse(500),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, code);
}

/** HTTP status of a code (a code from outside the set, e.g. from an older peer, is a 500). */
export function httpStatusOf(code: string): number {
  return isErrorCode(code) ? ERRORS[code].status : 500;
}

/** The broker policy of a code: outside the set it is a refusal (never retried blindly). */
export function errorPolicyOf(code: string): ErrorPolicy {
  return isErrorCode(code) ? ERRORS[code].policy : 'refuse';
}

/** HTTP status for each stable error code (derived from ERRORS). */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = Object.fromEntries(Object.entries(ERRORS).map(([code, spec]) => [code, spec.status])) as Record<ErrorCode, number>;
