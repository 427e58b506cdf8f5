import { Actor, ListNotificationsV1, MarkAllNotificationsReadV1, MarkNotificationReadV1 } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { ListNotificationsQueryDto, MarkedReadDto, NotificationDto, NotificationPageDto } from './notifications.dto';

/** The caller's own in-app feed (N2), kept by notification-service; every call is keyed by the authenticated user. */
@ApiTags('notifications')
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  @ApiOperation({ summary: "The caller's notifications, newest first (user tokens only)" })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiErrors(400, 401, 403)
  list(@CurrentActor() actor: Actor, @Query() query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    return this.bus.request(ListNotificationsV1, { actor, unread: query.unread, limit: query.limit, cursor: query.cursor });
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: "Mark all the caller's notifications read" })
  @ApiOkResponse({ type: MarkedReadDto })
  @ApiErrors(401, 403)
  readAll(@CurrentActor() actor: Actor): Promise<MarkedReadDto> {
    return this.bus.request(MarkAllNotificationsReadV1, { actor });
  }

  @Post(':notificationId/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of the caller\'s notifications read (404 for anyone else\'s)' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiErrors(401, 403, 404)
  read(@CurrentActor() actor: Actor, @Param('notificationId') notificationId: string): Promise<NotificationDto> {
    return this.bus.request(MarkNotificationReadV1, { actor, notificationId });
  }
}
