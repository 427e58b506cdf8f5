import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, ServiceConfig } from './config';
import { correlationMiddleware } from './logging';

/** Starts a service: JSON logs, graceful shutdown on SIGTERM, HTTP for health. Exits on bad config. */
export async function bootstrapService(module: Type<unknown>, configure?: (app: INestApplication) => void | Promise<void>): Promise<INestApplication> {
  try {
    const app = await NestFactory.create(module, { bufferLogs: true, abortOnError: false });
    app.useLogger(app.get(Logger));
    app.enableShutdownHooks();
    app.use(correlationMiddleware);
    await configure?.(app);
    const config = app.get(ServiceConfig);
    await app.listen(config.PORT, config.HOST);
    return app;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
