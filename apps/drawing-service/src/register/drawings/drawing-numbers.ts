import { DomainError } from '@connect/contracts';
import { FOREVER, Leases } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { RegisterStore } from '../store/register.store';

/** A claim younger than this may belong to a drawing being created right now; older ones without their drawing are leftovers of a crash. */
const CLAIM_GRACE_MS = 30_000;

/**
 * Drawing numbers are unique per project. Each number in use is held by a
 * lease `<projectId>:<number>` (libs/persistence `Leases`) whose holder is the
 * drawing: a free number is taken by an insert on the unique `_id`, a released
 * one or a stale one (its drawing gone or renumbered, left by a writer that
 * died) by a compare-and-set on the lease's `version`. Of two writers of the
 * same number exactly one gets through, FerretDB included (no conditional
 * delete: FerretDB evaluates its filter in Go, then deletes by `_id`).
 */
@Injectable()
export class DrawingNumbers {
  private readonly leases: Leases;

  constructor(
    private readonly store: RegisterStore,
    @InjectConnection() connection: Connection,
  ) {
    this.leases = new Leases(connection, 'drawing_numbers');
  }

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
    await this.leases.release(this.key(projectId, number), drawingId);
  }

  private async claim(projectId: string, drawingId: string, number: string): Promise<void> {
    const key = this.key(projectId, number);
    for (let attempt = 0; attempt < 3; attempt++) {
      // free, released, or ours already (a retried attempt)
      if (await this.leases.acquire(key, drawingId, FOREVER)) return;
      const held = await this.leases.get(key);
      if (!held || held.holder === null || held.holder === drawingId) continue; // changed meanwhile
      const drawing = await this.store.drawings.find(projectId, held.holder);
      const stale = (!drawing || drawing.number !== number) && Date.now() - new Date(held.changedAt).getTime() > CLAIM_GRACE_MS;
      if (!stale) break;
      if (await this.leases.takeOver(held, drawingId, FOREVER)) return;
    }
    throw new DomainError('DRAWING_NUMBER_TAKEN', `drawing number ${number} is taken in this project`);
  }

  /** Unambiguous: project ids never contain ':' (and PostgreSQL JSON, under FerretDB, refuses NUL). */
  private key(projectId: string, number: string): string {
    return `${projectId}:${number}`;
  }
}
