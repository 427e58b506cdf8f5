import { ServiceModule } from '@connect/platform';
import { Module } from '@nestjs/common';
import { ConnectionServiceConfig } from './config';

@Module({
  imports: [ServiceModule.forRoot({ service: 'connection-service', config: ConnectionServiceConfig })],
})
export class AppModule {}
