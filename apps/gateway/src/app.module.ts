import { ServiceModule } from '@connect/platform';
import { Module } from '@nestjs/common';
import { GatewayConfig } from './config';

@Module({
  imports: [ServiceModule.forRoot({ service: 'gateway', config: GatewayConfig })],
})
export class AppModule {}
