import { DynamicModule, Global, Injectable, Logger, Module, ModuleMetadata, OnModuleInit } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { ChangeLog } from './change-log';

export interface PersistenceOptions {
  /**
   * mongodb:// URL of the server or replica set (`mongodb://a,b,c/?replicaSet=rs0`), without database
   * (credentials included in production).
   */
  url: string;
  dbName: string;
}

/**
 * How every service talks to the database (issue 18), set once on the connection so no write or read can
 * forget it. Every write this system makes is one that must not be lost — a state with its change record
 * (the outbox), an inbox claim, a lease, a ledger entry, a read model rebuilt only by events — so all of
 * them wait for a majority of the replica set, journaled (`w: 'majority', j: true`): a write acknowledged
 * to a handler survives the primary's failover. `wtimeoutMS` bounds the wait when no majority answers: the
 * write fails (its message is retried; every write is idempotent by a deterministic `_id` or a version)
 * instead of a handler hanging on its lease. Reads that decide (a lease's holder, the version a
 * compare-and-set starts from, the inbox's "done") read from the primary what a majority committed, so an
 * instance never acts on a write a failover rolls back. These options win over the same ones in MONGO_URL.
 * On FerretDB (one server, PostgreSQL commits are durable) the server accepts and ignores them — checked on
 * v1.24.2 for every command the services send (insert, update, delete, findAndModify, find, aggregate,
 * count, distinct, create, createIndexes, drop, GridFS): the same settings everywhere, nothing branches on
 * the server; a standalone MongoDB 7 counts itself as the majority.
 */
export const DURABLE_CLIENT_OPTIONS = {
  writeConcern: { w: 'majority', j: true, wtimeoutMS: 10_000 },
  readConcern: { level: 'majority' },
  readPreference: 'primary',
} as const;

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
              ...DURABLE_CLIENT_OPTIONS,
            };
          },
        }),
      ],
      providers: [IndexBootstrapper, ChangeLog],
      exports: [ChangeLog],
    };
  }
}
