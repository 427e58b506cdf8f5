import { ServiceModule } from '@connect/platform';
import { Module } from '@nestjs/common';
import { NotificationServiceConfig } from './config';

@Module({
  imports: [ServiceModule.forRoot({ service: 'notification-service', config: NotificationServiceConfig })],
})
export class AppModule {}
