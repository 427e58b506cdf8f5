import { Leases } from '@connect/persistence';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { ConnectionFollowerHandler } from './connection-follower.handler';
import { ConnectionOwner, ENGINE_LEASES } from './connection-owner';
import { FollowedConnectionSchema, MODELS, SyncBatchItemSchema, SyncBatchSchema, SyncItemSchema, SyncWalkSchema } from './engine.schemas';
import { Ledger } from './ledger';
import { SYNC_TOOLS, SyncTool } from './sync-tool';

export const ENGINE_MODELS = MongooseModule.forFeature([
  { name: MODELS.connection, schema: FollowedConnectionSchema },
  { name: MODELS.item, schema: SyncItemSchema },
  { name: MODELS.batch, schema: SyncBatchSchema },
  { name: MODELS.batchItem, schema: SyncBatchItemSchema },
  { name: MODELS.walk, schema: SyncWalkSchema },
]);

/**
 * The generic sync engine: connections followed, owners (leases), walks with
 * checkpoints, the ledger (progress, N2 batches). Tools plug in by module:
 * `SyncEngineModule.forTools([DrawingsSyncModule], [DrawingsTool])`.
 */
@Module({})
export class SyncEngineModule {
  static forTools(imports: DynamicModule['imports'], tools: Type<SyncTool>[]): DynamicModule {
    return {
      module: SyncEngineModule,
      global: true,
      imports: [ENGINE_MODELS, ...(imports ?? [])],
      providers: [
        Ledger,
        ConnectionOwner,
        ConnectionFollowerHandler,
        { provide: ENGINE_LEASES, inject: [getConnectionToken()], useFactory: (c: Connection) => new Leases(c, 'sync_leases') },
        { provide: SYNC_TOOLS, inject: tools, useFactory: (...instances: SyncTool[]) => instances },
      ],
      exports: [ENGINE_MODELS, Ledger, ConnectionOwner],
    };
  }
}
