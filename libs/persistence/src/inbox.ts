import { MessageInbox } from '@connect/messaging';
import { Connection, Schema } from 'mongoose';
import { isDuplicateKeyError } from './database-name';

interface InboxEntry {
  /** `<handler>:<messageId>`. */
  _id: string;
  state: 'handling' | 'done';
  at: Date;
}

const InboxSchema = new Schema<InboxEntry>(
  { _id: { type: String, required: true }, state: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);

/**
 * Message ids claimed and handled by this service's consumers. Claiming is an
 * insert on the unique `_id` and taking over a stale claim is a delete of that
 * exact claim: the two writes that are atomic on FerretDB as on MongoDB, so
 * concurrent copies of one message are handled once.
 */
export class MongoMessageInbox implements MessageInbox {
  private readonly model;

  constructor(
    connection: Connection,
    /** How long a claim protects a message whose consumer may have died mid-way. */
    private readonly leaseMs = 120_000,
  ) {
    this.model = connection.model<InboxEntry>('InboxEntry', InboxSchema, 'inbox');
  }

  async claim(key: string): Promise<'run' | 'duplicate'> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.model.create({ _id: key, state: 'handling', at: new Date() });
        return 'run';
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const held = await this.model.findById(key).lean<InboxEntry>();
      if (!held) continue; // released meanwhile: claim again
      if (held.state === 'done' || Date.now() - held.at.getTime() < this.leaseMs) return 'duplicate';
      // A stale claim: whoever deletes exactly it takes over.
      const { deletedCount } = await this.model.deleteOne({ _id: key, state: 'handling', at: held.at });
      if (deletedCount !== 1) return 'duplicate';
    }
    return 'duplicate';
  }

  async complete(key: string): Promise<void> {
    await this.model.updateOne({ _id: key }, { $set: { state: 'done', at: new Date() } });
  }

  async release(key: string): Promise<void> {
    await this.model.deleteOne({ _id: key, state: 'handling' });
  }
}
