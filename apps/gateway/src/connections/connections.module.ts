import { Module } from '@nestjs/common';
import { ConnectionSettingsController } from './connection-settings.controller';
import { ConnectionsController } from './connections.controller';
import { ProjectConnectionsController } from './project-connections.controller';

/** HTTP of the Connection Manager: authenticated here, judged by connection-service (C1–C14). */
@Module({
  controllers: [ProjectConnectionsController, ConnectionsController, ConnectionSettingsController],
})
export class ConnectionsHttpModule {}
