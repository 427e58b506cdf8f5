import { NotificationKind } from '@connect/contracts';
import { Schema } from 'mongoose';

export const FEED_ITEM_MODEL = 'FeedItem';

/** One notice in one user's in-app feed (N2); the id is the notice id, as the email's. */
export interface FeedItem {
  _id: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

export const FeedItemSchema = new Schema<FeedItem>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true, index: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'feed_items' },
);
