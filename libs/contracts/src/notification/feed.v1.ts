import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { Actor } from '../core/actor';
import { defineCommand } from '../core/message-definition';
import { MAX_PAGE_SIZE, Page } from '../core/page';

/** What a notification is about (N2): the event type that caused it. */
export const NOTIFICATION_KINDS = [
  'connection.requested',
  'connection.established',
  'connection.rejected',
  'connection.cancelled',
  'connection.disconnected',
  'connection.undone',
  'sync.revisions.ready',
  'sync.copy.finished',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One entry of a user's in-app feed (N2): the same notice the email carried, in short. */
export class FeedNotification {
  @IsString() id!: string;
  @IsIn(NOTIFICATION_KINDS) kind!: NotificationKind;
  @IsString() title!: string;
  @IsString() body!: string;
  @IsISO8601() createdAt!: string;
  @IsOptional() @IsISO8601() readAt!: string | null;
}

/** The caller's own feed, newest first; `unread` keeps only what they have not read. */
export class ListNotificationsQuery {
  @IsDefined() @ValidateNested() @Type(() => Actor) actor!: Actor;
  @IsOptional() @IsBoolean() unread?: boolean;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @IsString() cursor?: string;
}

export class MarkNotificationReadCommand {
  @IsDefined() @ValidateNested() @Type(() => Actor) actor!: Actor;
  @IsString() notificationId!: string;
}

export class MarkAllNotificationsReadCommand {
  @IsDefined() @ValidateNested() @Type(() => Actor) actor!: Actor;
}

export interface MarkedRead {
  /** Notifications this call marked read (already read ones are not counted). */
  marked: number;
}

export const ListNotificationsV1 = defineCommand<ListNotificationsQuery, Page<FeedNotification>>('notification.feed.list', 1, ListNotificationsQuery);
/** NOTIFICATION_NOT_FOUND unless the notification is the caller's own; reading twice keeps the first `readAt`. */
export const MarkNotificationReadV1 = defineCommand<MarkNotificationReadCommand, FeedNotification>('notification.feed.mark-read', 1, MarkNotificationReadCommand);
export const MarkAllNotificationsReadV1 = defineCommand<MarkAllNotificationsReadCommand, MarkedRead>('notification.feed.mark-all-read', 1, MarkAllNotificationsReadCommand);
