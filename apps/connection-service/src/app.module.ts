import { ServiceModule } from '@connect/platform';
import { Module } from '@nestjs/common';
import { ConnectionServiceConfig } from './config';
import { ConnectionsModule } from './connections/connections.module';

@Module({
  imports: [ServiceModule.forRoot({ service: 'connection-service', config: ConnectionServiceConfig }), ConnectionsModule],
})
export class AppModule {}
