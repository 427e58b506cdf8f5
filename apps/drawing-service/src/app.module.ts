import { ServiceModule } from '@connect/platform';
import { Module } from '@nestjs/common';
import { DrawingServiceConfig } from './config';

@Module({
  imports: [ServiceModule.forRoot({ service: 'drawing-service', config: DrawingServiceConfig })],
})
export class AppModule {}
