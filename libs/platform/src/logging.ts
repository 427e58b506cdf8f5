import { MessageContext } from '@connect/messaging';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Structured JSON logs; every line carries the correlation id of the request or message at hand. */
export function loggerOptions(service: string, level: string): Params {
  return {
    pinoHttp: {
      level,
      base: { service },
      messageKey: 'message',
      mixin: () => {
        const ctx = MessageContext.current();
        return ctx ? { correlationId: ctx.correlationId } : {};
      },
      genReqId: (req: IncomingMessage) => (req.headers[CORRELATION_HEADER] as string | undefined) ?? randomUUID(),
      autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}

/** Runs each HTTP request inside a message context, so what it publishes carries its correlation id. */
export function correlationMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const given = req.headers[CORRELATION_HEADER];
  const correlationId = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
  res.setHeader(CORRELATION_HEADER, correlationId);
  MessageContext.run({ correlationId, causationId: null }, next);
}
