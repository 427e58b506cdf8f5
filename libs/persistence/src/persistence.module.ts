import { DynamicModule, Global, Injectable, Logger, Module, ModuleMetadata, OnModuleInit } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { ChangeLog } from './change-log';

export interface PersistenceOptions {
  /** mongodb:// URL of the server, without database (credentials included in production). */
  url: string;
  dbName: string;
}

export interface PersistenceModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inject?: any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => PersistenceOptions | Promise<PersistenceOptions>;
}

/**
 * Creates every index the service's schemas declare, once, before the
 * service takes traffic (mongoose autoIndex is off: index builds must not
 * race with the first queries, and failures must stop the start).
 */
@Injectable()
export class IndexBootstrapper implements OnModuleInit {
  private readonly logger = new Logger(IndexBootstrapper.name);
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async onModuleInit(): Promise<void> {
    for (const model of Object.values(this.connection.models)) {
      await model.createCollection().catch((err: { codeName?: string }) => {
        if (err.codeName !== 'NamespaceExists') throw err;
      });
      await model.createIndexes();
    }
    this.logger.log(`indexes ready for ${Object.keys(this.connection.models).length} collections in ${this.connection.name}`);
  }
}

@Global()
@Module({})
export class PersistenceModule {
  static forRootAsync(options: PersistenceModuleAsyncOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        MongooseModule.forRootAsync({
          imports: options.imports,
          inject: options.inject,
          useFactory: async (...args: unknown[]) => {
            const o = await options.useFactory(...args);
            return {
              uri: o.url,
              dbName: o.dbName,
              autoIndex: false,
              autoCreate: false,
              serverSelectionTimeoutMS: 10000,
            };
          },
        }),
      ],
      providers: [IndexBootstrapper, ChangeLog],
      exports: [ChangeLog],
    };
  }
}
