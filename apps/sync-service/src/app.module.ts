import { ServiceModule } from '@connect/platform';
import { Module } from '@nestjs/common';
import { SyncServiceConfig } from './config';
import { ConnectionsModule } from './connections/connections.module';

@Module({
  imports: [ServiceModule.forRoot({ service: 'sync-service', config: SyncServiceConfig }), ConnectionsModule],
})
export class AppModule {}
