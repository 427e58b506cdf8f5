import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DirectoryReplicaModule } from '../directory/directory.module';
import { DistributionListsModule } from '../distribution-lists/distribution-lists.module';
import { FeedHandler } from '../feed/feed.handler';
import { FEED_ITEM_MODEL, FeedItemSchema } from '../feed/feed-item.schema';
import { MailSender } from '../mail/mail-sender';
import { CLAIM_MODEL, MailClaimSchema, OUTBOX_MAIL_MODEL, OutboxMailSchema } from '../mail/outbox-mail.schema';
import { NoticeEventsHandler } from './notice-events.handler';
import { NoticesService } from './notices.service';

/** N2/N3: notices from events, their emails (stored, then sent) and the in-app feed. */
@Module({
  imports: [
    DirectoryReplicaModule,
    DistributionListsModule,
    MongooseModule.forFeature([
      { name: OUTBOX_MAIL_MODEL, schema: OutboxMailSchema },
      { name: CLAIM_MODEL, schema: MailClaimSchema },
      { name: FEED_ITEM_MODEL, schema: FeedItemSchema },
    ]),
  ],
  providers: [NoticesService, NoticeEventsHandler, MailSender, FeedHandler],
})
export class NoticesModule {}
