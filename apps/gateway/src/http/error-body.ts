import { DomainError, httpStatusOf } from '@connect/contracts';
import { HttpException, HttpStatus } from '@nestjs/common';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

/** Codes for Nest's own HTTP exceptions where the status name is not the code the API promises. */
const CODE_OF_STATUS: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'BAD_REQUEST',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'FILE_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'FILE_TYPE_UNSUPPORTED',
  [HttpStatus.INTERNAL_SERVER_ERROR]: 'INTERNAL_ERROR',
};

export function codeOfStatus(status: number): string {
  return CODE_OF_STATUS[status] ?? (HttpStatus[status] as string | undefined) ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

function httpExceptionBody(exception: HttpException): ErrorBody {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  const given = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  const code = typeof given['code'] === 'string' ? given['code'] : codeOfStatus(statusCode);
  const raw = given['message'];
  const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
  return { statusCode, code, message };
}

/** Errors raised below Nest (body parser, http-errors) carry their status as a number. */
function clientErrorStatus(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const status = (exception as { status?: unknown; statusCode?: unknown }).status ?? (exception as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * What an exception becomes over HTTP: DomainErrors by their code's status,
 * Nest's HTTP exceptions by their status, client errors from the HTTP stack by
 * theirs; anything else is a 500 whose message reveals nothing internal.
 */
export function errorBodyOf(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    const body: ErrorBody = { statusCode: httpStatusOf(exception.code), code: exception.code, message: exception.message };
    if (exception.details !== undefined) body.details = exception.details;
    return body;
  }
  if (exception instanceof HttpException) return httpExceptionBody(exception);
  const status = clientErrorStatus(exception);
  if (status !== undefined) return { statusCode: status, code: codeOfStatus(status), message: (exception as Error).message ?? 'bad request' };
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal error' };
}
