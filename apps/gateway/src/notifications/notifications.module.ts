import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';

/** HTTP of the in-app feed: authenticated here, kept by notification-service (N2). */
@Module({ controllers: [NotificationsController] })
export class NotificationsHttpModule {}
