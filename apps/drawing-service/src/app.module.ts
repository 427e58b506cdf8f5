import { ServiceModule } from '@connect/platform';
import { Module } from '@nestjs/common';
import { DrawingServiceConfig } from './config';
import { FileAccessModule } from './files/file-access.module';
import { RegisterModule } from './register/register.module';

@Module({
  imports: [ServiceModule.forRoot({ service: 'drawing-service', config: DrawingServiceConfig }), RegisterModule, FileAccessModule],
})
export class AppModule {}
