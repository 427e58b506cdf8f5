import { retryOnConflict } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { connectedUpdateAvailable, currentRevisionOf } from '../domain/current-revision';
import { DrawingState } from '../schemas/drawing.schema';
import { Entity, stateOf } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';

/**
 * Keeps a drawing's derived fields (current revision, in the register or
 * not, connected update awaiting review) in step with its revisions. Called
 * after any change to its revisions. It reads the drawing before the
 * revisions and commits against the version it read, so of two concurrent
 * refreshes the one that commits last has seen every revision written
 * before it started; the other retries.
 */
@Injectable()
export class DrawingDerivation {
  constructor(private readonly store: RegisterStore) {}

  async refresh(projectId: string, drawingId: string): Promise<Entity<DrawingState> | null> {
    return retryOnConflict(async () => {
      const drawing = await this.store.drawings.find(projectId, drawingId);
      if (!drawing) return null;
      const revisions = await this.store.revisions.findMany(projectId, {
        drawingId,
      });
      const current = currentRevisionOf(revisions);
      const derived = {
        currentRevisionId: current?._id ?? null,
        hasPublishedRevision: current !== null,
        connectedUpdateAvailable: connectedUpdateAvailable(revisions),
      };
      const unchanged = (Object.keys(derived) as (keyof typeof derived)[]).every((k) => drawing[k] === derived[k]);
      if (unchanged) return drawing;
      return this.store.drawings.update(drawing, { ...stateOf(drawing), ...derived }, { kind: 'revisions-changed' });
    }, 10);
  }
}
