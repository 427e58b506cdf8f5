import { Injectable, Logger } from '@nestjs/common';
import { ChangeLog, retryOnConflict } from '@connect/persistence';
import { FileStore, UnfinishedCopy } from '../../files';
import { DrawingDerivation } from '../drawings/drawing-derivation';
import { DrawingNumbers } from '../drawings/drawing-numbers';
import { RegisterStore } from '../store/register.store';

/**
 * C14: a connection undone by the downstream side takes back the unpublished
 * copies it made (revisions, and drawings left without revisions). Published
 * copies stay. Idempotent: run again, it finds less to remove. After any final
 * stop, file copies left unfinished are discarded.
 */
@Injectable()
export class UnpublishedCopyRemoval {
  private readonly logger = new Logger(UnpublishedCopyRemoval.name);

  constructor(
    private readonly store: RegisterStore,
    private readonly files: FileStore,
    private readonly numbers: DrawingNumbers,
    private readonly derivation: DrawingDerivation,
    private readonly changeLog: ChangeLog,
  ) {}

  /** Called once no copy of the connection can be written any more (the fence stopped it and drained its writers). */
  async removeAll(projectId: string, connectionId: string): Promise<number> {
    // A copy whose writer died half-way left change records that the relay would apply later: applied first, removed below.
    await this.changeLog.finishPending(projectId);
    const unpublished = (await this.store.revisions.findMany(projectId, { published: false })).filter((r) => r.origin?.connectionId === connectionId);
    // Drawings the connection copied include those whose revision was never written (the copy stopped in between).
    const copiedDrawings = (await this.store.drawings.findMany(projectId)).filter((d) => d.origin?.connectionId === connectionId);
    const drawingIds = new Set<string>(copiedDrawings.map((d) => d._id));
    const touched = new Set<string>();
    for (const revision of unpublished) {
      await retryOnConflict(async () => {
        const latest = await this.store.revisions.find(projectId, revision._id);
        if (latest && !latest.published) await this.store.revisions.remove(latest, { kind: 'undone', data: { connectionId } });
      });
      await this.store.markups.deleteMany({ revisionId: revision._id });
      await this.files.delete(revision.file.fileId).catch((err: Error) => this.logger.warn(`file ${revision.file.fileId} left behind: ${err.message}`));
      drawingIds.add(revision.drawingId);
      touched.add(revision.drawingId);
    }
    for (const drawingId of drawingIds) {
      const left = await this.store.revisions.findMany(projectId, { drawingId });
      if (left.length) {
        if (touched.has(drawingId)) await this.derivation.refresh(projectId, drawingId);
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

  /**
   * Issue 13 item 6: after a stop (no copy of the connection can run any more), the file copies it left unfinished —
   * cut short by a crash and never resumed, the request then refused by the fence — are discarded, chunks and file,
   * unless the revision they were for owns the file (the copy got that far): then only the record goes. The project's
   * unfinished changes are finished first (a revision recorded but not written yet is written, or refused by the
   * fence), so no revision lands after its file was discarded.
   */
  async discardUnfinishedFiles(projectId: string, connectionId: string): Promise<number> {
    await this.changeLog.finishPending(projectId);
    let discarded = 0;
    for (const copy of await this.files.unfinishedCopies(connectionId)) if (await this.discardIfUnowned(copy)) discarded++;
    if (discarded) this.logger.log(`connection ${connectionId}: discarded ${discarded} unfinished file cop${discarded === 1 ? 'y' : 'ies'}`);
    return discarded;
  }

  /**
   * S6: one file copy of a stopped connection, discarded by its own writer once its writes landed (they may have landed
   * after the stop's `discardUnfinishedFiles` ran: a writer stalled past its lease). As there: the project's unfinished
   * changes are finished first, and a file its revision owns stays. Whether it was discarded.
   */
  async discardUnfinishedCopy(copy: UnfinishedCopy): Promise<boolean> {
    await this.changeLog.finishPending(copy.projectId);
    return this.discardIfUnowned(copy);
  }

  private async discardIfUnowned(copy: UnfinishedCopy): Promise<boolean> {
    const owner = await this.store.revisions.find(copy.projectId, copy.ownerId);
    if (owner?.file.fileId === copy.fileId) {
      await this.files.finished(copy.fileId);
      return false;
    }
    await this.files.discardCopy(copy.fileId);
    return true;
  }
}
