import { MessageInbox } from '@connect/messaging';
import { Connection, Schema } from 'mongoose';
import { isDuplicateKeyError } from './database-name';

interface InboxEntry {
  _id: string;
  at: Date;
}

const InboxSchema = new Schema<InboxEntry>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });

/** Handled message ids, keyed by `<handler>:<messageId>` (the `_id` lookup is index-served on FerretDB too). */
export class MongoMessageInbox implements MessageInbox {
  private readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<InboxEntry>('InboxEntry', InboxSchema, 'inbox');
  }

  async has(key: string): Promise<boolean> {
    return (await this.model.exists({ _id: key })) !== null;
  }

  async record(key: string): Promise<void> {
    try {
      await this.model.create({ _id: key, at: new Date() });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
}
