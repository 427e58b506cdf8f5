import { ServiceModule } from '@connect/platform';
import { Module } from '@nestjs/common';
import { SyncServiceConfig } from './config';
import { DrawingsSyncModule } from './drawings/drawings-sync.module';
import { DrawingsTool } from './drawings/drawings.tool';
import { SyncEngineModule } from './engine/engine.module';

@Module({
  imports: [ServiceModule.forRoot({ service: 'sync-service', config: SyncServiceConfig }), SyncEngineModule.forTools([DrawingsSyncModule], [DrawingsTool])],
})
export class AppModule {}
