import { DeletedRevisionView, ListDeletedRevisionsPayload, ListDeletedRevisionsV1, Page } from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { requireDrawings } from '../domain/access';
import { DeletedRevisionEntry } from '../schemas/deleted-revision.schema';
import { pageQuery } from '../store/pagination';
import { RegisterStore } from '../store/register.store';
import { deletedRevisionView } from '../views/register-views';

/** D4: the project's Deleted Drawing Revisions report, for Drawings admins. */
@Injectable()
export class DeletedRevisionsHandler {
  constructor(private readonly store: RegisterStore) {}

  @HandleMessage(ListDeletedRevisionsV1)
  async list(p: ListDeletedRevisionsPayload): Promise<Page<DeletedRevisionView>> {
    requireDrawings(p.actor, p.projectId, 'manage');
    const page = await pageQuery<DeletedRevisionEntry>(this.store.deletedRevisions, { projectId: p.projectId }, p);
    return { items: page.items.map(deletedRevisionView), nextCursor: page.nextCursor };
  }
}
