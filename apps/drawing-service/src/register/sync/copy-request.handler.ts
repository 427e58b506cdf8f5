import {
  ConnectedCopySettledPayload,
  ConnectedCopySettledV1,
  CopyRequestedPayload,
  CopyRequestedV1,
  DomainError,
  MessageEnvelope,
  PublishedRevisionItem,
  uuidFromKey,
} from '@connect/contracts';
import { HandleMessage, MessageBus } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { EntityStore } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';
import { PublishedItems } from '../views/published-items';
import { ConnectedCopier } from './connected-copier';
import { ConnectionFence } from './connection-fence';

const TRANSIENT = new Set(['CONCURRENT_MODIFICATION', 'SERVICE_UNAVAILABLE', 'INTERNAL_ERROR']);

/**
 * S1/S2: copies one upstream revision downstream on sync-service's request.
 * A one-way message, not request/reply: a large file's copy takes as long as
 * it needs (bounded parallelism: this service's prefetch), and a copy cut
 * short by a crash is redelivered and resumes (deterministic chunk ids).
 * The revision's current upstream state is read here, so whatever order
 * requests and metadata changes arrive in, the copy shows the newest state.
 * The outcome is announced with an id derived from the request's, so
 * sync-service counts it once however often the request is redelivered.
 */
@Injectable()
export class CopyRequestHandler {
  constructor(
    private readonly store: RegisterStore,
    private readonly published: PublishedItems,
    private readonly copier: ConnectedCopier,
    private readonly fence: ConnectionFence,
    private readonly bus: MessageBus,
  ) {}

  @HandleMessage(CopyRequestedV1)
  async onCopyRequested(p: CopyRequestedPayload, request: MessageEnvelope): Promise<void> {
    const settle = (outcome: ConnectedCopySettledPayload['outcome'], rest: Partial<ConnectedCopySettledPayload> = {}) =>
      this.bus.publish(
        ConnectedCopySettledV1,
        {
          connectionId: p.source.connectionId,
          projectId: p.projectId,
          upstreamRevisionId: p.upstreamRevisionId,
          batchId: p.batchId,
          outcome,
          revisionId: null,
          drawingNumber: null,
          code: null,
          reason: null,
          ...rest,
        },
        // Derived from the request: a redelivered request announces the same outcome (deduplicated), a request asked again a new one.
        { id: uuidFromKey(`copy-settled\u0000${request.id}`) },
      );

    try {
      // S6: the fence is read once, and one writer entry covers the reads, the write and the catch-up rounds.
      const [outcome, rest] = await this.fence.writing(p.source.connectionId, async (): Promise<Parameters<typeof settle>> => {
        let item = await this.upstreamItem(p);
        if (!item) return ['skipped', { code: 'REVISION_NOT_FOUND', reason: 'the upstream revision is no longer published' }];
        let result = await this.copier.upsertLetIn({ projectId: p.projectId, source: p.source, ...item }, { repair: p.repair });
        // S3: an upstream edit made after the state was read above may have reached the copier before this copy existed
        // (and found nothing to update). The edit is written upstream before its event goes out, so reading the upstream
        // again after the copy is written sees it: the newer state is applied (versions keep it from going backwards).
        // The versions alone are read first (one parallel round); the whole item only when one moved.
        for (let round = 0; result.revisionId && round < MAX_CATCH_UP; round++) {
          if ((await this.upstreamVersions(p.source.projectId, item)) === versionsOf(item)) break;
          const latest = await this.upstreamItem(p);
          if (!latest || versionsOf(latest) === versionsOf(item)) break;
          item = latest;
          result = await this.copier.upsertLetIn({ projectId: p.projectId, source: p.source, ...item }, { repair: p.repair });
        }
        if (!result.revisionId) return ['skipped', { code: 'DRAWING_DELETED', reason: 'the drawing was deleted upstream' }];
        return ['copied', { revisionId: result.revisionId, drawingNumber: item.drawing.number }];
      });
      await settle(outcome, rest);
    } catch (err) {
      // Transient: retried with back-off. CONCURRENT_MODIFICATION outlasting the copier's own retries is a change
      // whose writer died half-way (a SIGKILL): the change log's relay finishes it within seconds.
      if (!(err instanceof DomainError) || TRANSIENT.has(err.code)) throw err;
      await settle(err.code === 'CONNECTION_NOT_ACTIVE' ? 'skipped' : 'failed', { code: err.code, reason: err.message });
    }
  }

  /**
   * The versions of what `item` was built from, as the upstream holds them now (the revision's, its drawing's,
   * area's, discipline's and set's), read at once; '' when the revision is no longer published. A drawing moved to
   * another area, or a revision to another set, shows as a new version of the drawing or revision.
   */
  private async upstreamVersions(projectId: string, item: PublishedRevisionItem): Promise<string> {
    const versionOf = (store: EntityStore<{ projectId: string }>, id: string) =>
      store.model.findOne({ _id: id, projectId }, { version: 1, published: 1 }).lean<{ version: number; published?: boolean }>().exec();
    const [revision, drawing, area, discipline, set] = await Promise.all([
      versionOf(this.store.revisions, item.revision.id),
      versionOf(this.store.drawings, item.drawing.id),
      versionOf(this.store.areas, item.area.id),
      versionOf(this.store.disciplines, item.discipline.id),
      item.set ? versionOf(this.store.sets, item.set.id) : null,
    ]);
    if (!revision?.published) return '';
    return [revision.version, drawing?.version, area?.version, discipline?.version, set?.version ?? null].join(':');
  }

  /** The upstream revision's current state with everything a copy needs; null once it is no longer published. */
  private async upstreamItem(p: CopyRequestedPayload): Promise<PublishedRevisionItem | null> {
    const upstream = await this.store.revisions.find(p.source.projectId, p.upstreamRevisionId);
    const [item] = upstream?.published ? await this.published.of(p.source.projectId, [upstream]) : [];
    return item ?? null;
  }
}

/** Rounds of catching up with upstream edits made while the copy was written (each edit also reaches the copy by its own event). */
const MAX_CATCH_UP = 3;

function versionsOf(item: PublishedRevisionItem): string {
  return [item.revision.version, item.drawing.version, item.area.version, item.discipline.version, item.set?.version ?? null].join(':');
}
