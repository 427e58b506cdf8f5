import { ServiceModule } from '@connect/platform';
import { Module } from '@nestjs/common';
import { SyncServiceConfig } from './config';

@Module({
  imports: [ServiceModule.forRoot({ service: 'sync-service', config: SyncServiceConfig })],
})
export class AppModule {}
