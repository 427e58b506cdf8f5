import { DrawingDeletedV1 } from '@connect/contracts';
import { isDuplicateKeyError, retryOnConflict } from '@connect/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { FileStore } from '../../files';
import { DeletedRevisionEntry } from '../schemas/deleted-revision.schema';
import { DrawingState } from '../schemas/drawing.schema';
import { RevisionState } from '../schemas/revision.schema';
import { Entity } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';
import { DrawingNumbers } from './drawing-numbers';

export interface Deletion {
  /** Who deleted; null when the deletion came from upstream (S4). */
  by: { userId: string; name: string } | null;
  reason: string;
}

/**
 * D4: removes a drawing and all its revisions from the register. Each
 * revision is first written to the Deleted Drawing Revisions report (keyed
 * by revision id, so a retried delete writes one line), then removed with
 * its markups and file; the drawing goes last, with `drawing.deleted`
 * naming every revision reported for it. A delete that stopped half-way
 * leaves a drawing with fewer revisions that a retry finishes.
 */
@Injectable()
export class DrawingRemoval {
  private readonly logger = new Logger(DrawingRemoval.name);

  constructor(
    private readonly store: RegisterStore,
    private readonly files: FileStore,
    private readonly numbers: DrawingNumbers,
  ) {}

  /** Returns how many revisions were deleted by this call. */
  async remove(projectId: string, drawing: Entity<DrawingState>, deletion: Deletion): Promise<number> {
    const revisions = await this.store.revisions.findMany(projectId, {
      drawingId: drawing._id,
    });
    const deletedAt = new Date();
    for (const revision of revisions) await this.removeRevision(projectId, drawing, revision, deletion, deletedAt);
    const reported = await this.store.deletedRevisions.find({ drawingId: drawing._id }, { _id: 1 }).lean();
    await retryOnConflict(async () => {
      const latest = await this.store.drawings.find(projectId, drawing._id);
      if (!latest) return;
      await this.store.drawings.remove(latest, {
        kind: 'deleted',
        actorId: deletion.by?.userId,
        data: { reason: deletion.reason },
        events: (last) => [
          {
            definition: DrawingDeletedV1,
            payload: {
              projectId,
              drawingId: latest._id,
              version: last.version,
              number: latest.number,
              revisionIds: reported.map((r) => r._id),
              deletedAt: deletedAt.toISOString(),
            },
          },
        ],
      });
      await this.numbers.release(projectId, latest._id, latest.number);
    });
    return revisions.length;
  }

  /** One revision out of the register: reported first (D4), then removed with its markups and file. Returns 1. */
  async removeRevision(projectId: string, drawing: Entity<DrawingState> | null, revision: Entity<RevisionState>, deletion: Deletion, deletedAt = new Date()): Promise<number> {
    await this.report({
      _id: revision._id,
      projectId,
      drawingId: revision.drawingId,
      drawingNumber: drawing?.number ?? '',
      title: drawing?.title ?? '',
      revisionNumber: revision.revisionNumber,
      deletedAt,
      deletedBy: deletion.by?.userId ?? null,
      deletedByName: deletion.by?.name ?? null,
      reason: deletion.reason,
    });
    await retryOnConflict(async () => {
      const latest = await this.store.revisions.find(projectId, revision._id);
      if (latest)
        await this.store.revisions.remove(latest, {
          kind: 'deleted',
          actorId: deletion.by?.userId,
          data: { reason: deletion.reason },
        });
    });
    await this.store.markups.deleteMany({ revisionId: revision._id });
    await this.files
      .delete(revision.file.fileId)
      .catch((err: Error) => this.logger.warn(`file ${revision.file.fileId} of deleted revision ${revision._id} left behind: ${err.message}`));
    return 1;
  }

  private async report(entry: DeletedRevisionEntry): Promise<void> {
    try {
      await this.store.deletedRevisions.create(entry);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
}
