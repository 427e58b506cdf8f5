import { retryOnConflict } from '@connect/persistence';
import {
  Actor,
  CreateRevisionPayload,
  CreateRevisionV1,
  DomainError,
  PrecheckRevisionPayload,
  PrecheckRevisionV1,
  RevisionUploadFields,
  RevisionView,
  uuidFromKey,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { FileStore } from '../../files';
import { requireDrawings } from '../domain/access';
import { refuseConnectedEdit } from '../domain/connected';
import { UploadFields, checkUploadFields } from '../domain/upload-fields';
import { DrawingNumbers } from '../drawings/drawing-numbers';
import { DrawingState } from '../schemas/drawing.schema';
import { Entity } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';
import { RegisterViews } from '../views/register-views';

/**
 * D1 upload: `standard`+ turns a completed file upload into a new
 * unpublished revision. The gateway first asks `precheck` (permission, before
 * it takes any byte), streams the file (files protocol), then `create`.
 */
@Injectable()
export class RevisionUploadHandler {
  constructor(
    private readonly store: RegisterStore,
    private readonly files: FileStore,
    private readonly views: RegisterViews,
    private readonly numbers: DrawingNumbers,
  ) {}

  @HandleMessage(PrecheckRevisionV1)
  async precheck(p: PrecheckRevisionPayload): Promise<{ ok: true }> {
    requireDrawings(p.actor, p.projectId, 'upload');
    if (p.fields) await this.check(p.projectId, p.fields);
    return { ok: true };
  }

  @HandleMessage(CreateRevisionV1)
  async create(p: CreateRevisionPayload): Promise<RevisionView> {
    // One revision per upload: a retried create finds the one it made.
    const revisionId = uuidFromKey(`upload\u0000${p.projectId}\u0000${p.uploadId}`);
    const made = await this.store.revisions.find(p.projectId, revisionId);
    if (made) {
      requireDrawings(p.actor, p.projectId, 'upload');
      return this.view(p.projectId, made._id);
    }
    let checked: { fields: UploadFields; drawing: Entity<DrawingState> | null };
    try {
      requireDrawings(p.actor, p.projectId, 'upload');
      checked = await this.check(p.projectId, p.fields);
    } catch (err) {
      if (err instanceof DomainError) await this.files.discardUpload(p.projectId, p.uploadId);
      throw err;
    }
    const { fields } = checked;
    const file = await this.files.finalizeUpload(p.projectId, p.uploadId);
    const drawing = checked.drawing ?? (await this.createDrawing(p.projectId, fields, p.actor));
    try {
      await this.store.revisions.create(
        revisionId,
        {
          projectId: p.projectId,
          drawingId: drawing._id,
          revisionNumber: fields.revisionNumber,
          revisionStatus: fields.revisionStatus,
          drawingDate: fields.drawingDate,
          receivedDate: fields.receivedDate,
          setId: fields.setId,
          file: {
            fileId: file.fileId,
            sha256: file.sha256,
            size: file.size,
            contentType: file.contentType,
            filename: file.filename,
          },
          published: false,
          publishedAt: null,
          uploadedBy: p.actor.userId,
          connected: false,
          sourceRevisionId: null,
          origin: null,
          createdAt: new Date(),
        },
        { kind: 'uploaded', actorId: p.actor.userId },
      );
    } catch (err) {
      // The same upload's create ran twice at once: the other one made it.
      if (!(err instanceof DomainError && err.code === 'CONCURRENT_MODIFICATION')) throw err;
    }
    return this.view(p.projectId, revisionId);
  }

  /**
   * The form, the area, discipline and set it names, and the drawing its
   * number names (null when new). A connected drawing takes revisions from
   * its source project only (D6).
   */
  private async check(projectId: string, given: RevisionUploadFields): Promise<{ fields: UploadFields; drawing: Entity<DrawingState> | null }> {
    const fields = checkUploadFields(given);
    await this.store.areas.get(projectId, fields.areaId);
    await this.store.disciplines.get(projectId, fields.disciplineId);
    if (fields.setId) await this.store.sets.get(projectId, fields.setId);
    const [drawing] = await this.store.drawings.findMany(projectId, {
      number: fields.drawingNumber,
    });
    if (drawing) refuseConnectedEdit(drawing, `drawing ${drawing.number}`, ['revisions']);
    return { fields, drawing: drawing ?? null };
  }

  /**
   * A new number makes a new drawing. Two uploads of the same new number at
   * once race for its claim: the loser takes the winner's drawing.
   */
  private async createDrawing(projectId: string, fields: UploadFields, actor: Actor): Promise<Entity<DrawingState>> {
    return retryOnConflict(async () => {
      const [existing] = await this.store.drawings.findMany(projectId, {
        number: fields.drawingNumber,
      });
      if (existing) return existing;
      const id = randomUUID();
      try {
        return await this.numbers.holding(projectId, id, null, fields.drawingNumber, () =>
          this.store.drawings.create(
            id,
            {
              projectId,
              number: fields.drawingNumber,
              title: fields.title,
              areaId: fields.areaId,
              disciplineId: fields.disciplineId,
              obsolete: false,
              connected: false,
              source: null,
              origin: null,
              currentRevisionId: null,
              hasPublishedRevision: false,
              connectedUpdateAvailable: false,
              createdAt: new Date(),
            },
            { kind: 'created', actorId: actor.userId },
          ),
        );
      } catch (err) {
        // Taken meanwhile: the drawing that took it is (about to be) there.
        if (err instanceof DomainError && err.code === 'DRAWING_NUMBER_TAKEN') throw new DomainError('CONCURRENT_MODIFICATION', err.message);
        throw err;
      }
    }, 10);
  }

  private async view(projectId: string, revisionId: string): Promise<RevisionView> {
    const revision = await this.store.revisions.get(projectId, revisionId);
    const [view] = await this.views.revisions(projectId, [revision]);
    return view;
  }
}
