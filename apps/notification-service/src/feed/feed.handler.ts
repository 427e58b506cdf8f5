import {
  DomainError,
  FeedNotification,
  ListNotificationsQuery,
  ListNotificationsV1,
  MarkAllNotificationsReadCommand,
  MarkAllNotificationsReadV1,
  MarkNotificationReadCommand,
  MarkNotificationReadV1,
  MarkedRead,
  Page,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { FEED_ITEM_MODEL, FeedItem } from './feed-item.schema';
import { newestFirst } from './paging';

const view = (item: FeedItem): FeedNotification => ({
  id: item._id,
  kind: item.kind,
  title: item.title,
  body: item.body,
  createdAt: item.createdAt.toISOString(),
  readAt: item.readAt?.toISOString() ?? null,
});

/** N2: each user's in-app feed. Every query is keyed by the caller's own user id: nobody reads another's. */
@Injectable()
export class FeedHandler {
  constructor(@InjectModel(FEED_ITEM_MODEL) private readonly feed: Model<FeedItem>) {}

  @HandleMessage(ListNotificationsV1)
  async list({ actor, unread, limit, cursor }: ListNotificationsQuery): Promise<Page<FeedNotification>> {
    // Equality on the indexed user id; a user's feed is sorted and paged in memory (FerretDB pushes no sort down).
    const items = await this.feed.find({ userId: actor.userId }).lean<FeedItem[]>();
    const page = newestFirst(
      items.filter((i) => !unread || i.readAt === null),
      (i) => `${i.createdAt.toISOString()}|${i._id}`,
      { limit, cursor },
    );
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  @HandleMessage(MarkNotificationReadV1)
  async markRead({ actor, notificationId }: MarkNotificationReadCommand): Promise<FeedNotification> {
    const item = await this.feed.findOne({ _id: notificationId, userId: actor.userId }).lean<FeedItem>();
    if (!item) throw new DomainError('NOTIFICATION_NOT_FOUND', `notification ${notificationId} not found`);
    if (item.readAt) return view(item); // read before: the first reading stands
    const readAt = new Date();
    await this.feed.updateOne({ _id: item._id, userId: actor.userId }, { $set: { readAt } });
    return view({ ...item, readAt });
  }

  @HandleMessage(MarkAllNotificationsReadV1)
  async markAllRead({ actor }: MarkAllNotificationsReadCommand): Promise<MarkedRead> {
    const unread = (await this.feed.find({ userId: actor.userId }, { _id: 1, readAt: 1 }).lean<Pick<FeedItem, '_id' | 'readAt'>[]>()).filter((i) => i.readAt === null);
    const readAt = new Date();
    for (const item of unread) await this.feed.updateOne({ _id: item._id, userId: actor.userId }, { $set: { readAt } });
    return { marked: unread.length };
  }
}
