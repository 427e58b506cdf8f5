import { ServiceModule } from '@connect/platform';
import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { GatewayConfig } from './config';
import { ConnectionsHttpModule } from './connections/connections.module';
import { DirectoryModule } from './directory/directory.module';
import { DrawingsHttpModule } from './drawings/drawings.module';
import { DrawingFilesModule } from './drawings/files';
import { GatewayHttpModule } from './http/http.module';
import { NotificationsHttpModule } from './notifications/notifications.module';

@Module({
  imports: [ServiceModule.forRoot({ service: 'gateway', config: GatewayConfig }), GatewayHttpModule, DirectoryModule, AuthModule, DrawingFilesModule, DrawingsHttpModule, ConnectionsHttpModule, NotificationsHttpModule],
})
export class AppModule {}
