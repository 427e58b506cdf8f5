import { CreateMarkupPayload, CreateMarkupV1, ListMarkupsPayload, ListMarkupsV1, MarkupView, Page } from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
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
 */
@Injectable()
export class MarkupsHandler {
  constructor(private readonly store: RegisterStore) {}

  @HandleMessage(CreateMarkupV1)
  async create(p: CreateMarkupPayload): Promise<MarkupView> {
    const revision = await visibleRevision(this.store, p.actor, p.projectId, p.revisionId);
    const markup: MarkupDocument = {
      _id: randomUUID(),
      projectId: p.projectId,
      revisionId: revision._id,
      kind: p.kind,
      data: p.data,
      createdBy: p.actor.userId,
      createdAt: new Date(),
    };
    await this.store.markups.create(markup);
    return markupView(markup);
  }

  @HandleMessage(ListMarkupsV1)
  async list(p: ListMarkupsPayload): Promise<Page<MarkupView>> {
    const revision = await visibleRevision(this.store, p.actor, p.projectId, p.revisionId);
    const page = await pageQuery<MarkupDocument>(this.store.markups, { projectId: p.projectId, revisionId: revision._id }, p);
    return { items: page.items.map(markupView), nextCursor: page.nextCursor };
  }
}
