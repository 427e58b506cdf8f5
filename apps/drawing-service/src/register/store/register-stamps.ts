import { isDuplicateKeyError } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { RegisterStamp } from '../schemas/register-stamp.schema';
import { Shared } from './shared-runs';

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
  private readonly reads = new Shared<string | null>((projectId) => this.read(projectId));
  private readonly moves = new Shared<void>((projectId) => this.write(projectId));

  constructor(@InjectModel(REGISTER_STAMP_MODEL) private readonly model: Model<RegisterStamp>) {}

  /**
   * The project's stamp as read by a query that started after this call (so it reflects every
   * change answered before it); null while the register was never changed (since stamps exist).
   * Concurrent callers share reads — at most one read per project in flight, however many pages are asked
   * for (FerretDB answered only ~200 `_id` lookups/s here under load, which capped the register).
   */
  of(projectId: string): Promise<string | null> {
    return this.reads.run(projectId);
  }

  /**
   * Moves the project's stamp by a write that started after this call (so after the caller's state landed).
   * Concurrent moves of a project are shared like reads: one value written for all the changes that asked meanwhile.
   */
  move(projectId: string): Promise<void> {
    return this.moves.run(projectId);
  }

  private async read(projectId: string): Promise<string | null> {
    const doc = await this.model.findById(projectId).lean<RegisterStamp>().exec();
    return doc?.stamp ?? null;
  }

  private async write(projectId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.model.updateOne({ _id: projectId }, { $set: { stamp: randomUUID() } }, { upsert: true }).exec();
        return;
      } catch (err) {
        // First moves of a project racing each other all insert: the document exists now, and updating it lands.
        if (!isDuplicateKeyError(err) || attempt === MOVE_ATTEMPTS) throw err;
      }
    }
  }
}

/** Tries of a move's upsert: a duplicate key means another first move inserted meanwhile (FerretDB's upserts are not atomic). */
const MOVE_ATTEMPTS = 3;
