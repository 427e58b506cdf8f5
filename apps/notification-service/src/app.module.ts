import { ServiceModule } from '@connect/platform';
import { Module } from '@nestjs/common';
import { NotificationServiceConfig } from './config';
import { DirectoryReplicaModule } from './directory/directory.module';
import { DistributionListsModule } from './distribution-lists/distribution-lists.module';
import { NoticesModule } from './notices/notices.module';

@Module({
  imports: [ServiceModule.forRoot({ service: 'notification-service', config: NotificationServiceConfig }), DirectoryReplicaModule, DistributionListsModule, NoticesModule],
})
export class AppModule {}
