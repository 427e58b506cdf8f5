import {
  DeleteDrawingPayload,
  DeleteDrawingV1,
  DomainError,
  DrawingDetailView,
  DrawingUpdatedV1,
  DrawingView,
  GetDrawingPayload,
  GetDrawingV1,
  ListDrawingsPayload,
  ListDrawingsV1,
  Page,
  UpdateDrawingPayload,
  UpdateDrawingV1,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { may, requireDrawings } from '../domain/access';
import { givenFields, refuseConnectedEdit } from '../domain/connected';
import { applyPatch } from '../domain/patch';
import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor } from '../domain/cursor';
import { compareRevisionNumbers } from '../domain/revision-order';
import { RevisionState } from '../schemas/revision.schema';
import { Entity, stateOf } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';
import { areaFacts, disciplineFacts, drawingFacts } from '../views/facts';
import { RegisterPageCache } from '../views/register-page-cache';
import { RegisterViews } from '../views/register-views';
import { DrawingNumbers } from './drawing-numbers';
import { DrawingRemoval } from './drawing-removal';

const EDITABLE = ['number', 'title', 'obsolete', 'disciplineId', 'areaId'] as const;

/** The register (drawings with a published revision), drawing metadata edits (D3) and deletion (D4). */
@Injectable()
export class DrawingsHandler {
  constructor(
    private readonly store: RegisterStore,
    private readonly views: RegisterViews,
    private readonly removal: DrawingRemoval,
    private readonly numbers: DrawingNumbers,
    private readonly pages: RegisterPageCache,
  ) {}

  /** Drawings that have a published revision; obsolete ones stay listed, flagged `obsolete: true`. */
  @HandleMessage(ListDrawingsV1)
  async list(p: ListDrawingsPayload): Promise<Page<DrawingView>> {
    requireDrawings(p.actor, p.projectId, 'read');
    // The same page for every reader allowed this far: served from the cache while the register did not change.
    return this.pages.page(p, async () => {
      const filter = p.areaId ? { hasPublishedRevision: true, areaId: p.areaId } : { hasPublishedRevision: true };
      const page = await this.store.drawingsPage(p.projectId, filter, p);
      return { items: await this.views.drawings(p.projectId, page.items), nextCursor: page.nextCursor };
    });
  }

  /**
   * A drawing with the revisions the actor may see, highest first. Without
   * a published revision it exists only for Drawings admins (D1).
   */
  @HandleMessage(GetDrawingV1)
  async get(p: GetDrawingPayload): Promise<DrawingDetailView> {
    requireDrawings(p.actor, p.projectId, 'read');
    const drawing = await this.store.drawings.get(p.projectId, p.drawingId);
    const admin = may(p.actor, p.projectId, 'manage');
    const revisions = (await this.store.revisions.findMany(p.projectId, { drawingId: drawing._id }))
      .filter((r) => admin || r.published)
      .sort((a, b) => compareRevisionNumbers(b.revisionNumber, a.revisionNumber) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    if (!admin && !drawing.hasPublishedRevision) throw new DomainError('DRAWING_NOT_FOUND', `drawing ${p.drawingId} not found`);
    return this.views.drawingDetail(p.projectId, drawing, pageAfter(revisions, p));
  }

  @HandleMessage(UpdateDrawingV1)
  async update(p: UpdateDrawingPayload): Promise<DrawingView> {
    requireDrawings(p.actor, p.projectId, 'manage');
    const drawing = await this.store.drawings.get(p.projectId, p.drawingId);
    refuseConnectedEdit(drawing, `drawing ${drawing.number}`, givenFields(p, EDITABLE));
    const { next, changed } = applyPatch(stateOf(drawing), { ...p, number: p.number?.trim(), title: p.title?.trim() }, EDITABLE);
    let result = drawing;
    if (changed) {
      // Also refuses an unknown new area or discipline (404).
      const [area, discipline] = await Promise.all([this.store.areas.get(p.projectId, next.areaId), this.store.disciplines.get(p.projectId, next.disciplineId)]);
      result = await this.numbers.holding(p.projectId, drawing._id, drawing.number, next.number, () =>
        this.store.drawings.update(drawing, next, {
          kind: 'updated',
          actorId: p.actor.userId,
          events: (n) => [{ definition: DrawingUpdatedV1, payload: { projectId: p.projectId, drawing: drawingFacts(n), area: areaFacts(area), discipline: disciplineFacts(discipline) } }],
        }),
      );
    }
    const [view] = await this.views.drawings(p.projectId, [result]);
    return view;
  }

  @HandleMessage(DeleteDrawingV1)
  async delete(p: DeleteDrawingPayload): Promise<{ deletedRevisions: number }> {
    requireDrawings(p.actor, p.projectId, 'manage');
    const drawing = await this.store.drawings.get(p.projectId, p.drawingId);
    const deletedRevisions = await this.removal.remove(p.projectId, drawing, {
      by: { userId: p.actor.userId, name: p.actor.name },
      reason: p.reason ?? 'deleted',
    });
    return { deletedRevisions };
  }
}

/**
 * One page of a drawing's revisions, already in order (a drawing has few
 * enough to sort in memory; the reply is what must stay small). The cursor
 * names the last revision given, so a page stays put when others are added.
 */
function pageAfter(sorted: Entity<RevisionState>[], request: { limit?: number; cursor?: string }): Page<Entity<RevisionState>> {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  const after = decodeCursor(request.cursor);
  const start = after === null ? 0 : sorted.findIndex((r) => r._id === after) + 1;
  if (after !== null && start === 0) throw new DomainError('VALIDATION_FAILED', 'cursor: the revision it names is gone; start again without it');
  const items = sorted.slice(start, start + limit);
  return { items, nextCursor: start + limit < sorted.length ? encodeCursor(items[items.length - 1]._id) : null };
}
