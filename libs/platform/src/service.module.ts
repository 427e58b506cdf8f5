import { ClassType } from '@connect/contracts';
import { MessagingModule } from '@connect/messaging';
import { MongoMessageInbox, PersistenceModule, databaseName } from '@connect/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { Connection } from 'mongoose';
import { LoggerModule } from 'nestjs-pino';
import { ServiceConfig, loadConfig } from './config';
import { HealthController } from './health.controller';
import { loggerOptions } from './logging';
import { MetricsController } from './metrics.controller';

export interface ServiceModuleOptions {
  /** e.g. `connection-service`: names its queue, its database and its logs. */
  service: string;
  config: ClassType<ServiceConfig>;
}

/**
 * What every service has: validated config, JSON logs with correlation ids,
 * its own database, the broker (with a MongoDB inbox for dedupe), and health.
 */
@Module({})
export class ServiceModule {
  static forRoot({ service, config }: ServiceModuleOptions): DynamicModule {
    const configProvider = { provide: config, useFactory: () => loadConfig(config) };
    const ConfigModule = { module: class ServiceConfigModule {}, global: true, providers: [configProvider, { provide: ServiceConfig, useExisting: config }], exports: [config, ServiceConfig] };
    return {
      module: ServiceModule,
      imports: [
        ConfigModule,
        LoggerModule.forRootAsync({ inject: [ServiceConfig], useFactory: (c: ServiceConfig) => loggerOptions(service, c.LOG_LEVEL) }),
        PersistenceModule.forRootAsync({
          inject: [ServiceConfig],
          useFactory: (c: ServiceConfig) => ({ url: c.MONGO_URL, dbName: databaseName(service, c.MONGO_DB_SUFFIX, c.NODE_ENV) }),
        }),
        MessagingModule.forRootAsync({
          inject: [ServiceConfig, getConnectionToken()],
          useFactory: (c: ServiceConfig, connection: Connection) => ({
            url: c.AMQP_URL,
            service,
            exchange: c.BROKER_EXCHANGE,
            prefetch: c.BROKER_PREFETCH,
            rpcTimeoutMs: c.RPC_TIMEOUT_MS,
            maxMessageBytes: c.BROKER_MAX_MESSAGE_BYTES,
            queueType: c.BROKER_QUEUE_TYPE,
            inbox: new MongoMessageInbox(connection, c.INBOX_LEASE_MS),
          }),
        }),
        TerminusModule,
      ],
      controllers: [HealthController, MetricsController],
    };
  }
}
