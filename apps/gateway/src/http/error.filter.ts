import { DomainError } from '@connect/contracts';
import { CORRELATION_HEADER } from '@connect/platform';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { errorBodyOf } from './error-body';

/** Renders every error as `{statusCode, code, message, correlationId}` and logs what is not the client's fault. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = errorBodyOf(exception);
    const correlationId = String(res.getHeader(CORRELATION_HEADER) ?? req.headers[CORRELATION_HEADER] ?? '');
    const where = `${req.method} ${req.originalUrl ?? req.url}`;
    if (body.statusCode >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ correlationId, code: body.code, err }, `${where} failed: ${err.message}`);
    } else {
      this.logger.debug({ correlationId, code: body.code }, `${where} refused: ${body.message}`);
    }
    if (res.headersSent) return;
    if (body.statusCode === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    const retryAfter = retryAfterOf(exception);
    if (retryAfter !== null) res.setHeader('Retry-After', String(retryAfter));
    res.status(body.statusCode).json({ ...body, correlationId });
  }
}

/** A refusal that says when to come back (`details.retryAfterSeconds`, e.g. 429 TOO_MANY_UPLOADS). */
function retryAfterOf(exception: unknown): number | null {
  const seconds = exception instanceof DomainError ? (exception.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds : undefined;
  return typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : null;
}
