import { FeedNotification, MarkedRead, NOTIFICATION_KINDS, NotificationKind } from '@connect/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../connections/connection-requests.dto';

export class NotificationDto implements FeedNotification {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, description: 'What happened (N2): the event that caused it' }) kind!: NotificationKind;
  @ApiProperty({ description: 'As the email subject: names both projects and companies' }) title!: string;
  @ApiProperty({ description: 'Plain text' }) body!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while unread' }) readAt!: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto], description: 'Newest first' }) items!: NotificationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ default: false, description: 'true: only the notifications not read yet' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class MarkedReadDto implements MarkedRead {
  @ApiProperty({ description: 'Notifications this call marked read' }) marked!: number;
}
