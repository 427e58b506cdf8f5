import { CreateMarkupPayload, CreateMarkupV1, DomainError, ListMarkupsPayload, ListMarkupsV1, MarkupView, Page, uuidFromKey } from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { isDuplicateKeyError } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { DrawingServiceConfig } from '../../config';
import { visibleRevision } from '../revisions/visible-revision';
import { MarkupDocument } from '../schemas/markup.schema';
import { pageQuery } from '../store/pagination';
import { RegisterStore } from '../store/register.store';
import { markupView } from '../views/register-views';

/**
 * D5: markups belong to one project and one revision. Anyone who can see
 * the revision (read_only+) adds them, connected copies included (D6). A
 * connected copy is a revision of its own project with its own id, and
 * nothing copies markups, so they never cross projects (S5).
 *
 * Bounded (issue 15, finding 1): `data` by its contract (depth and bytes),
 * and the markups of one project on one revision by
 * DRAWING_MAX_MARKUPS_PER_REVISION, so a page of them is a few MiB at most.
 * The bound holds under concurrency: markup n of a revision has the id of
 * slot n, and only an insert hitting the unique `_id` is atomic on FerretDB.
 */
@Injectable()
export class MarkupsHandler {
  constructor(
    private readonly store: RegisterStore,
    private readonly config: DrawingServiceConfig,
  ) {}

  @HandleMessage(CreateMarkupV1)
  async create(p: CreateMarkupPayload): Promise<MarkupView> {
    const revision = await visibleRevision(this.store, p.actor, p.projectId, p.revisionId);
    const max = this.config.DRAWING_MAX_MARKUPS_PER_REVISION;
    // Markups are never deleted, so the count is a lower bound of the first free slot.
    for (let slot = await this.store.markups.countDocuments({ projectId: p.projectId, revisionId: revision._id }); slot < max; slot++) {
      const markup: MarkupDocument = {
        _id: uuidFromKey(`markup\u0000${p.projectId}\u0000${revision._id}\u0000${slot}`),
        projectId: p.projectId,
        revisionId: revision._id,
        kind: p.kind,
        dataJson: JSON.stringify(p.data),
        createdBy: p.actor.userId,
        createdAt: new Date(),
      };
      try {
        await this.store.markups.create(markup);
        return markupView(markup);
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    throw new DomainError('MARKUP_LIMIT_REACHED', `revision ${p.revisionId} has the most markups allowed (${max})`);
  }

  @HandleMessage(ListMarkupsV1)
  async list(p: ListMarkupsPayload): Promise<Page<MarkupView>> {
    const revision = await visibleRevision(this.store, p.actor, p.projectId, p.revisionId);
    const page = await pageQuery<MarkupDocument>(this.store.markups, { projectId: p.projectId, revisionId: revision._id }, p);
    return { items: page.items.map(markupView), nextCursor: page.nextCursor };
  }
}
