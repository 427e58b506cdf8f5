import { NotificationKind } from '@connect/contracts';
import { isDuplicateKeyError } from '@connect/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { createHash } from 'node:crypto';
import { ProjectMembersRepository } from '../directory/project-members.repository';
import { DistributionListsHandler } from '../distribution-lists/distribution-lists.handler';
import { FEED_ITEM_MODEL, FeedItem } from '../feed/feed-item.schema';
import { MailSender } from '../mail/mail-sender';
import { OUTBOX_MAIL_MODEL, OutboxMail } from '../mail/outbox-mail.schema';
import { Audience, N2_AUDIENCES, recipientsOf } from './audience';
import { NoticeContext, renderNotice } from './render';

/** One fact to tell people about. */
export interface Notice {
  kind: NotificationKind;
  /** Identifies the fact whatever the delivery: `<kind>:<connectionId>:<version>` or `<kind>:<batchId>`. */
  key: string;
  upstreamProjectId: string;
  downstreamProjectId: string;
  context: NoticeContext;
  occurredAt: Date;
}

/** The id of one notice to one recipient: the feed item's, the stored email's, and its Message-ID's. */
export function noticeId(key: string, recipient: string): string {
  return createHash('sha256').update(`${key}\n${recipient}`).digest('hex').slice(0, 32);
}

/**
 * N2/N3: turns a notice into one stored email per recipient (and a feed item
 * for each recipient who is a user) before anything is sent. Ids are derived
 * from (notice, recipient), so a redelivered event stores nothing twice.
 */
@Injectable()
export class NoticesService {
  private readonly logger = new Logger(NoticesService.name);

  constructor(
    @InjectModel(OUTBOX_MAIL_MODEL) private readonly mails: Model<OutboxMail>,
    @InjectModel(FEED_ITEM_MODEL) private readonly feed: Model<FeedItem>,
    private readonly lists: DistributionListsHandler,
    private readonly members: ProjectMembersRepository,
    private readonly sender: MailSender,
  ) {}

  async record(notice: Notice): Promise<void> {
    const audiences = N2_AUDIENCES[notice.kind];
    const recipients = recipientsOf(await Promise.all(audiences.map((a) => this.addresses(a, notice))));
    const users = await this.members.userIdsByEmail(recipients);
    for (const to of recipients) {
      const id = noticeId(notice.key, to);
      const rendered = renderNotice(notice.kind, notice.context, to);
      await ignoreDuplicate(
        this.mails.create({
          _id: id,
          noticeKey: notice.key,
          kind: notice.kind,
          to,
          subject: rendered.title,
          text: rendered.text,
          html: rendered.html,
          messageId: this.sender.messageIdOf(id),
          state: 'pending',
          claims: 0,
          failures: 0,
          nextAttemptAt: new Date(0),
          lastError: null,
          createdAt: notice.occurredAt,
          sentAt: null,
        }),
      );
      const userId = users.get(to);
      if (userId) {
        await ignoreDuplicate(this.feed.create({ _id: id, userId, kind: notice.kind, title: rendered.title, body: rendered.summary, createdAt: notice.occurredAt, readAt: null }));
      }
    }
    this.logger.log(`${notice.key}: ${recipients.length} recipient(s)`);
    this.sender.wake();
  }

  private addresses(audience: Audience, notice: Notice): Promise<string[]> {
    switch (audience) {
      case 'upstream-list':
        return this.lists.emailsOf(notice.upstreamProjectId);
      case 'downstream-list':
        return this.lists.emailsOf(notice.downstreamProjectId);
      case 'downstream-drawings-admins':
        return this.members.emailsWithDrawings(notice.downstreamProjectId, 'admin');
    }
  }
}

async function ignoreDuplicate(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err; // stored by an earlier delivery of the same event
  }
}
