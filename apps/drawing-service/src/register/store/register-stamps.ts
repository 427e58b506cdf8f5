import { isDuplicateKeyError } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { RegisterStamp } from '../schemas/register-stamp.schema';

export const REGISTER_STAMP_MODEL = 'RegisterStamp';

/**
 * Per project, a stamp that every change of its register moves on (issue 17.6): what a cached
 * register page is validated against, by one `_id` lookup per request, on every instance.
 *
 * Each move writes a new random value, so no value is ever written twice: whoever reads a stamp
 * read it after it was written, and any change that lands after that read is followed by a
 * write of another value. FerretDB's updates are not atomic (INFRA.md), but two moves racing
 * only mean one value wins — a value no reader saw before it — which a counter could not promise
 * (two concurrent increments may leave it at a value already read).
 *
 * The change log calls `move` after it applied a state of an area, discipline, set, drawing or
 * revision (the writer, before it answers; or the relay): a read after a write, on any
 * instance, sees the new stamp.
 */
@Injectable()
export class RegisterStamps {
  constructor(@InjectModel(REGISTER_STAMP_MODEL) private readonly model: Model<RegisterStamp>) {}

  /** The project's stamp now; null while its register was never changed (since stamps exist). */
  async of(projectId: string): Promise<string | null> {
    const doc = await this.model.findById(projectId).lean<RegisterStamp>().exec();
    return doc?.stamp ?? null;
  }

  async move(projectId: string): Promise<void> {
    const write = () => this.model.updateOne({ _id: projectId }, { $set: { stamp: randomUUID() } }, { upsert: true }).exec();
    try {
      await write();
    } catch (err) {
      // Two first moves of a project both inserted: the other one's document exists now.
      if (!isDuplicateKeyError(err)) throw err;
      await write();
    }
  }
}
