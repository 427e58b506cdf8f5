import { retryOnConflict } from '@connect/persistence';
import {
  DomainError,
  GetRevisionPayload,
  GetRevisionV1,
  ListRevisionsPayload,
  ListRevisionsV1,
  Page,
  PublishRevisionsPayload,
  PublishRevisionsV1,
  RevisionUpdatedV1,
  RevisionView,
  RevisionsPublishedV1,
  UpdateRevisionPayload,
  UpdateRevisionV1,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { requireDrawings } from '../domain/access';
import { givenFields, refuseConnectedEdit } from '../domain/connected';
import { applyPatch } from '../domain/patch';
import { DrawingDerivation } from '../drawings/drawing-derivation';
import { RevisionState } from '../schemas/revision.schema';
import { stateOf } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';
import { revisionFacts, setFacts } from '../views/facts';
import { PublishedItems } from '../views/published-items';
import { RegisterViews } from '../views/register-views';
import { visibleRevision } from './visible-revision';

const EDITABLE = ['revisionNumber', 'revisionStatus', 'drawingDate', 'receivedDate'] as const;

/** Review and publishing (D1), reading revisions, and revision metadata edits (D3). */
@Injectable()
export class RevisionsHandler {
  constructor(
    private readonly store: RegisterStore,
    private readonly views: RegisterViews,
    private readonly published: PublishedItems,
    private readonly derivation: DrawingDerivation,
  ) {}

  /**
   * D1: only Drawings admins publish. All ids must name revisions of the
   * project, or nothing is published. Each revision is published by its own
   * change, which carries its `drawing.revisions.published` event (outbox).
   */
  @HandleMessage(PublishRevisionsV1)
  async publish(p: PublishRevisionsPayload): Promise<{ published: number }> {
    requireDrawings(p.actor, p.projectId, 'manage');
    const ids = [...new Set(p.revisionIds)];
    const found = await this.store.revisions.findByIds(p.projectId, ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw new DomainError('REVISION_NOT_FOUND', `revision(s) not found: ${missing.join(', ')}`, { revisionIds: missing });
    let published = 0;
    const drawings = new Set<string>();
    // N2/S2: the events of this one request carry its id and size, so a follower sees one batch.
    const publishId = randomUUID();
    const publishCount = ids.filter((id) => !found.get(id)!.published).length;
    for (const id of ids) {
      const done = await retryOnConflict(async () => {
        const revision = await this.store.revisions.get(p.projectId, id);
        if (revision.published) return false;
        const next: RevisionState = {
          ...stateOf(revision),
          published: true,
          publishedAt: new Date(),
        };
        const items = await this.published.of(p.projectId, [{ ...next, _id: revision._id, version: revision.version + 1 }]);
        if (!items.length) throw new DomainError('REVISION_NOT_FOUND', `revision ${id} is being deleted`);
        await this.store.revisions.update(revision, next, {
          kind: 'published',
          actorId: p.actor.userId,
          events: () => [
            {
              definition: RevisionsPublishedV1,
              payload: { projectId: p.projectId, items, publishId, publishCount },
            },
          ],
        });
        return true;
      });
      if (done) published++;
      drawings.add(found.get(id)!.drawingId);
    }
    for (const drawingId of drawings) await this.derivation.refresh(p.projectId, drawingId);
    return { published };
  }

  /**
   * Published revisions: read_only+. Unpublished ones (`published: false`, the
   * review queue): Drawings admins only (D1). Paged by equality on buckets
   * (RegisterStore.revisionsPage), in (drawingId, _id) order (issue 17.6).
   */
  @HandleMessage(ListRevisionsV1)
  async list(p: ListRevisionsPayload): Promise<Page<RevisionView>> {
    const published = p.published ?? true;
    requireDrawings(p.actor, p.projectId, published ? 'read' : 'manage');
    const page = await this.store.revisionsPage(p.projectId, { published }, p);
    return {
      items: await this.views.revisions(p.projectId, page.items),
      nextCursor: page.nextCursor,
    };
  }

  @HandleMessage(GetRevisionV1)
  async get(p: GetRevisionPayload): Promise<RevisionView> {
    const revision = await visibleRevision(this.store, p.actor, p.projectId, p.revisionId);
    const [view] = await this.views.revisions(p.projectId, [revision]);
    return view;
  }

  @HandleMessage(UpdateRevisionV1)
  async update(p: UpdateRevisionPayload): Promise<RevisionView> {
    requireDrawings(p.actor, p.projectId, 'manage');
    const revision = await this.store.revisions.get(p.projectId, p.revisionId);
    refuseConnectedEdit(revision, `revision ${revision.revisionNumber}`, givenFields(p, EDITABLE));
    const { next, changed } = applyPatch(stateOf(revision), { ...p, revisionNumber: p.revisionNumber?.trim() }, EDITABLE);
    if (changed) {
      const set = revision.setId ? await this.store.sets.find(p.projectId, revision.setId) : null;
      await this.store.revisions.update(revision, next, {
        kind: 'updated',
        actorId: p.actor.userId,
        events: (n) => [
          {
            definition: RevisionUpdatedV1,
            payload: {
              projectId: p.projectId,
              revision: revisionFacts(n),
              set: set ? setFacts(set) : null,
            },
          },
        ],
      });
      // A new number may change which revision is current.
      if (next.revisionNumber !== revision.revisionNumber) await this.derivation.refresh(p.projectId, revision.drawingId);
    }
    return this.get(p);
  }
}
