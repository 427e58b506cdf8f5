import { DomainError, containsNul, jsonDepth } from '@connect/contracts';
import { CORRELATION_HEADER } from '@connect/platform';
import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json, NextFunction, Request, Response } from 'express';
import { GatewayConfig } from '../config';
import { setupOpenApi } from './openapi';
import { serveWebApp } from './web-app';

export const API_PREFIX = 'api/v1';
export const JSON_BODY_LIMIT = '1mb';
/** No request body of the API nests deeper; a deeper one is refused before validation walks it (issue 15, finding 2). */
export const JSON_BODY_MAX_DEPTH = 32;

/**
 * Our own JSON parser, registered before Nest's (which then skips), so that
 * a malformed body is a 400 MALFORMED_JSON rather than a parser's message,
 * and a body nested deeper than JSON_BODY_MAX_DEPTH is a 400 BODY_TOO_DEEP
 * before class-transformer (which recurses without limit) sees it.
 */
function jsonBody(app: NestExpressApplication): void {
  app.use(json({ limit: JSON_BODY_LIMIT }));
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (jsonDepth(req.body, JSON_BODY_MAX_DEPTH) > JSON_BODY_MAX_DEPTH) {
      return next(new DomainError('BODY_TOO_DEEP', `the request body nests deeper than ${JSON_BODY_MAX_DEPTH} levels`));
    }
    // U+0000 means nothing in this API and the database cannot store it (a 500 found by `make fuzz`).
    if (/%00/.test(req.originalUrl) || containsNul(req.body)) return next(new DomainError('VALIDATION_FAILED', 'the request contains the character U+0000'));
    next();
  });
  app.use((err: unknown, _req: Request, _res: Response, next: NextFunction) => {
    const type = (err as { type?: unknown } | null)?.type;
    next(type === 'entity.parse.failed' ? new DomainError('MALFORMED_JSON', 'the request body is not valid JSON') : err);
  });
}

/** The request logger names each request by its correlation id, also when the client sent none. */
function correlationIdAsRequestId(app: NestExpressApplication): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = res.getHeader(CORRELATION_HEADER);
    if (typeof id === 'string') req.headers[CORRELATION_HEADER] = id;
    next();
  });
}

/** Every route under /api/v1 but health and metrics (also used to generate the OpenAPI document at build time). */
export function applyApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health/{*rest}', method: RequestMethod.ALL }, { path: 'metrics', method: RequestMethod.GET }] });
}

/** HTTP set-up of the gateway, applied by main.ts before it listens. */
export function configureGateway(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  correlationIdAsRequestId(express);
  jsonBody(express);
  applyApiPrefix(app);
  setupOpenApi(app);
  serveWebApp(express, app.get(GatewayConfig).WEB_DIST_DIR);
}
