import {
  ConnectedCopyDeletePayload,
  ConnectedCopyDeleteV1,
  ConnectedCopyPrunePayload,
  ConnectedCopyPruneV1,
  ConnectedCopyUpsertPayload,
  ConnectedCopyUpsertResult,
  ConnectedCopyUpsertV1,
  GetRevisionCountV1,
  ListPublishedRevisionIdsPayload,
  ListPublishedRevisionIdsV1,
  ListPublishedRevisionsPayload,
  ListPublishedRevisionsV1,
  Page,
  PublishedRevisionItem,
  RevisionCountQuery,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { RegisterStore } from '../store/register.store';
import { PublishedItems } from '../views/published-items';
import { ConnectedCopier } from './connected-copier';

/**
 * Service-to-service commands (no actor): what the sync engine needs to
 * follow an upstream register (S1–S4) and what connection rules count (C5).
 */
@Injectable()
export class SyncHandler {
  constructor(
    private readonly store: RegisterStore,
    private readonly published: PublishedItems,
    private readonly copier: ConnectedCopier,
  ) {}

  @HandleMessage(ListPublishedRevisionsV1)
  async listPublished(p: ListPublishedRevisionsPayload): Promise<Page<PublishedRevisionItem>> {
    const page = await this.store.revisions.page(p.projectId, { published: true }, p);
    return { items: await this.published.of(p.projectId, page.items), nextCursor: page.nextCursor };
  }

  /** S1: one cursor over the project's published revisions, ids only (equality on the indexed `{projectId, published}`). */
  @HandleMessage(ListPublishedRevisionIdsV1)
  async listPublishedIds(p: ListPublishedRevisionIdsPayload): Promise<{ ids: string[] }> {
    const ids: string[] = [];
    const cursor = this.store.revisions.model
      .find({ projectId: p.projectId, published: true }, { _id: 1 })
      .lean<{ _id: string }[]>()
      .cursor({ batchSize: 2000 });
    for await (const row of cursor) ids.push((row as unknown as { _id: string })._id);
    return { ids };
  }

  @HandleMessage(ConnectedCopyUpsertV1)
  upsert(p: ConnectedCopyUpsertPayload): Promise<ConnectedCopyUpsertResult> {
    return this.copier.upsert(p);
  }

  @HandleMessage(ConnectedCopyDeleteV1)
  async delete(p: ConnectedCopyDeletePayload): Promise<{ deletedRevisions: number }> {
    return { deletedRevisions: await this.copier.delete(p.projectId, p.connectionId, p.upstreamDrawingId, p.reason ?? 'deleted upstream') };
  }

  @HandleMessage(ConnectedCopyPruneV1)
  async prune(p: ConnectedCopyPrunePayload): Promise<{ removedRevisions: number }> {
    return { removedRevisions: await this.copier.prune(p.projectId, p.connectionId, p.upstreamRevisionIds) };
  }

  /** C5: every revision, published or not; a count of documents, so concurrent uploads are never lost from it. */
  @HandleMessage(GetRevisionCountV1)
  async revisionCount(p: RevisionCountQuery): Promise<{ counts: Record<string, number> }> {
    const ids = [...new Set(p.projectIds)];
    const counts = await Promise.all(ids.map((id) => this.store.revisions.count(id)));
    return { counts: Object.fromEntries(ids.map((id, i) => [id, counts[i]])) };
  }
}
