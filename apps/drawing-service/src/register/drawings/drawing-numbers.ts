import { DomainError } from '@connect/contracts';
import { isDuplicateKeyError } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { RegisterStore } from '../store/register.store';

/** A claim younger than this may belong to a drawing being created right now; older ones without their drawing are leftovers of a crash. */
const CLAIM_GRACE_MS = 30_000;

/**
 * Drawing numbers are unique per project. Each number in use is held by a
 * claim document inserted with a deterministic `_id`: of two writers of the
 * same number, the insert lets exactly one through (FerretDB included).
 */
@Injectable()
export class DrawingNumbers {
  constructor(private readonly store: RegisterStore) {}

  /**
   * Runs `commit` holding `next` for the drawing; the number it had before
   * (`previous`) is let go once the commit succeeded, `next` if it failed.
   * DRAWING_NUMBER_TAKEN when another drawing of the project holds `next`.
   */
  async holding<T>(projectId: string, drawingId: string, previous: string | null, next: string, commit: () => Promise<T>): Promise<T> {
    if (previous === next) return commit();
    await this.claim(projectId, drawingId, next);
    let result: T;
    try {
      result = await commit();
    } catch (err) {
      await this.release(projectId, drawingId, next);
      throw err;
    }
    if (previous !== null) await this.release(projectId, drawingId, previous);
    return result;
  }

  async release(projectId: string, drawingId: string, number: string): Promise<void> {
    await this.store.numberClaims.deleteOne({ _id: this.key(projectId, number), drawingId });
  }

  private async claim(projectId: string, drawingId: string, number: string): Promise<void> {
    const _id = this.key(projectId, number);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.store.numberClaims.create({ _id, projectId, drawingId, at: new Date() });
        return;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const holder = await this.store.numberClaims.findById(_id).lean();
      if (!holder) continue; // let go meanwhile
      if (holder.drawingId === drawingId) return; // ours, from a retried attempt
      const drawing = await this.store.drawings.find(projectId, holder.drawingId);
      const stale = (!drawing || drawing.number !== number) && Date.now() - new Date(holder.at).getTime() > CLAIM_GRACE_MS;
      if (!stale) break;
      await this.store.numberClaims.deleteOne({ _id, drawingId: holder.drawingId });
    }
    throw new DomainError('DRAWING_NUMBER_TAKEN', `drawing number ${number} is taken in this project`);
  }

  /** Unambiguous: project ids never contain ':' (and PostgreSQL JSON, under FerretDB, refuses NUL). */
  private key(projectId: string, number: string): string {
    return `${projectId}:${number}`;
  }
}
