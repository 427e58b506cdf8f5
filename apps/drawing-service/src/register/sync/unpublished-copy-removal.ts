import { Injectable, Logger } from '@nestjs/common';
import { retryOnConflict } from '@connect/persistence';
import { FileStore } from '../../files';
import { DrawingDerivation } from '../drawings/drawing-derivation';
import { DrawingNumbers } from '../drawings/drawing-numbers';
import { RegisterStore } from '../store/register.store';

/**
 * C14: a connection undone by the downstream side takes back the unpublished
 * copies it made (revisions, and drawings left without revisions). Published
 * copies stay. Idempotent: run again, it finds less to remove.
 */
@Injectable()
export class UnpublishedCopyRemoval {
  private readonly logger = new Logger(UnpublishedCopyRemoval.name);

  constructor(
    private readonly store: RegisterStore,
    private readonly files: FileStore,
    private readonly numbers: DrawingNumbers,
    private readonly derivation: DrawingDerivation,
  ) {}

  async removeAll(projectId: string, connectionId: string): Promise<number> {
    const unpublished = (await this.store.revisions.findMany(projectId, { published: false })).filter((r) => r.origin?.connectionId === connectionId);
    const drawingIds = new Set<string>();
    for (const revision of unpublished) {
      await retryOnConflict(async () => {
        const latest = await this.store.revisions.find(projectId, revision._id);
        if (latest && !latest.published) await this.store.revisions.remove(latest, { kind: 'undone', data: { connectionId } });
      });
      await this.store.markups.deleteMany({ revisionId: revision._id });
      await this.files.delete(revision.file.fileId).catch((err: Error) => this.logger.warn(`file ${revision.file.fileId} left behind: ${err.message}`));
      drawingIds.add(revision.drawingId);
    }
    for (const drawingId of drawingIds) {
      const left = await this.store.revisions.findMany(projectId, { drawingId });
      if (left.length) {
        await this.derivation.refresh(projectId, drawingId);
        continue;
      }
      await retryOnConflict(async () => {
        const drawing = await this.store.drawings.find(projectId, drawingId);
        if (!drawing) return;
        await this.store.drawings.remove(drawing, { kind: 'undone', data: { connectionId } });
        await this.numbers.release(projectId, drawing._id, drawing.number);
      });
    }
    return unpublished.length;
  }
}
