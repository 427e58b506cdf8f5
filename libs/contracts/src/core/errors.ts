/**
 * The one error type of the system. `code` is stable and upper-snake; it
 * crosses the broker in command replies and the gateway maps it to an HTTP
 * status with ERROR_STATUS. Expected business refusals are DomainErrors;
 * anything else is a bug or an outage.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** HTTP status for each stable error code. Codes not listed map to 422 (a business rule refused). */
export const ERROR_STATUS: Readonly<Record<string, number>> = {
  // 400
  VALIDATION_FAILED: 400,
  MESSAGE_INVALID: 400,
  // 401
  UNAUTHENTICATED: 401,
  // 403
  FORBIDDEN: 403,
  PERMISSION_REQUIRED: 403,
  // 404
  NOT_FOUND: 404,
  COMPANY_NOT_FOUND: 404,
  PROJECT_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  CONNECTION_NOT_FOUND: 404,
  NOTIFICATION_NOT_FOUND: 404,
  DRAWING_NOT_FOUND: 404,
  REVISION_NOT_FOUND: 404,
  AREA_NOT_FOUND: 404,
  DISCIPLINE_NOT_FOUND: 404,
  SET_NOT_FOUND: 404,
  UPLOAD_NOT_FOUND: 404,
  // 409
  CONFLICT: 409,
  CONCURRENT_MODIFICATION: 409,
  ALREADY_EXISTS: 409,
  USER_EMAIL_TAKEN: 409,
  CONNECTION_ALREADY_EXISTS: 409,
  CONNECTION_INVALID_STATE: 409,
  // 413 / 415
  FILE_TOO_LARGE: 413,
  FILE_TYPE_UNSUPPORTED: 415,
  // 422, listed so every connection rule's code can be found here (C2, C4–C7, C10, C11, C13, C14)
  CONNECTION_SELF: 422,
  CONNECTION_FEATURES_INVALID: 422,
  CONNECTION_GOVCLOUD: 422,
  CONNECTION_BETA_REQUIRED: 422,
  CONNECTION_TOO_MANY_REVISIONS: 422,
  CONNECTION_DOWNSTREAM_DISCONNECTED: 422,
  CONNECTION_CHAIN: 422,
  CONNECTION_TERMS_NOT_ACCEPTED: 422,
  CONNECTION_REASON_REQUIRED: 422,
  CONNECTION_UNDO_EXPIRED: 422,
  CONNECTION_UNDO_NOT_ALLOWED: 422,
  // drawing register (D1–D6)
  DRAWING_NUMBER_TAKEN: 409,
  DRAWING_CONNECTED_READ_ONLY: 422,
  MARKUP_LIMIT_REACHED: 422,
  // sync (S6): connected-copy writes for a connection that is no longer active
  CONNECTION_NOT_ACTIVE: 409,
  // 5xx: never for anything a client sent
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
  // gateway: HTTP-level refusals and tokens
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  BODY_TOO_DEEP: 400,
  TOO_MANY_UPLOADS: 429,
  TOKEN_NOT_FOUND: 404,
  // drawing files (D2)
  FILE_NOT_FOUND: 404,
  UPLOAD_INCOMPLETE: 409,
};

export function httpStatusOf(code: string): number {
  return ERROR_STATUS[code] ?? 422;
}
