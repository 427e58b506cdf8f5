import {
  ConnectedCopiesSettledV1,
  ConnectedCopyOutcome,
  CopiesRequestedPayload,
  CopiesRequestedV1,
  DomainError,
  MessageEnvelope,
  PublishedRevisionItem,
  uuidFromKey,
} from '@connect/contracts';
import { HandleMessage, MessageBus } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { EntityStore } from '../store/entity-store';
import { RegisterStamps } from '../store/register-stamps';
import { RegisterStore } from '../store/register.store';
import { PublishedItems } from '../views/published-items';
import { ConnectedCopier, UpsertOutcome } from './connected-copier';
import { ConnectionFence } from './connection-fence';

const TRANSIENT = new Set(['CONCURRENT_MODIFICATION', 'SERVICE_UNAVAILABLE', 'INTERNAL_ERROR']);

/** Transient: the whole request is retried with back-off (every item's write is idempotent: deterministic ids, versions). */
function isTransient(err: unknown): boolean {
  return !(err instanceof DomainError) || TRANSIENT.has(err.code);
}

/** A refused copy: skipped when its connection is no longer active (S6), failed otherwise. */
function refusalOutcome(refused: DomainError): 'skipped' | 'failed' {
  return refused.code === 'CONNECTION_NOT_ACTIVE' ? 'skipped' : 'failed';
}

type Outcome = Omit<ConnectedCopyOutcome, 'upstreamRevisionId'>;
const outcome = (o: Pick<Outcome, 'outcome'> & Partial<Outcome>): Outcome => ({ revisionId: null, drawingNumber: null, code: null, reason: null, ...o });

/**
 * S1/S2: copies a batch of upstream revisions downstream on sync-service's
 * request (a chunk of the initial copy, or one upstream publish). A one-way
 * message, not request/reply: large files' copies take as long as they need
 * (bounded parallelism), and a request cut short by a crash is redelivered
 * and resumes (deterministic ids and chunk ids). One inbox claim, one fence
 * entry and one read of the upstream state serve the whole batch (S9). The
 * revisions' current upstream state is read here, so whatever order requests
 * and metadata changes arrive in, the copies show the newest state. Each
 * revision's outcome is its own (one file missing upstream fails that copy
 * alone); all are announced in one event whose id is derived from the
 * request's, so sync-service counts them once however often the request is
 * redelivered.
 */
@Injectable()
export class CopyRequestHandler {
  constructor(
    private readonly store: RegisterStore,
    private readonly published: PublishedItems,
    private readonly copier: ConnectedCopier,
    private readonly fence: ConnectionFence,
    private readonly stamps: RegisterStamps,
    private readonly bus: MessageBus,
  ) {}

  @HandleMessage(CopiesRequestedV1)
  async onCopiesRequested(p: CopiesRequestedPayload, request: MessageEnvelope): Promise<void> {
    const ids = [...new Set(p.upstreamRevisionIds)];
    let outcomes: Map<string, Outcome>;
    try {
      // S6: the fence is read once, and one writer entry covers the reads, the writes and the catch-up rounds.
      outcomes = await this.fence.writing(p.source.connectionId, () => this.copy(p, ids));
    } catch (err) {
      if (isTransient(err)) throw err;
      const refused = err as DomainError;
      const all = outcome({ outcome: refusalOutcome(refused), code: refused.code, reason: refused.message });
      outcomes = new Map(ids.map((id) => [id, all]));
    }
    await this.bus.publish(
      ConnectedCopiesSettledV1,
      {
        connectionId: p.source.connectionId,
        projectId: p.projectId,
        batchId: p.batchId,
        items: ids.map((upstreamRevisionId) => ({ upstreamRevisionId, ...outcomes.get(upstreamRevisionId)! })),
      },
      // Derived from the request: a redelivered request announces the same outcomes (deduplicated), a request asked again new ones.
      { id: uuidFromKey(`copy-settled\u0000${request.id}`) },
    );
  }

  /** The copies of `ids`, inside the fence; throws a transient error of any item once no write is under way. */
  private async copy(p: CopiesRequestedPayload, ids: string[]): Promise<Map<string, Outcome>> {
    const outcomes = new Map<string, Outcome>();
    const gone = outcome({ outcome: 'skipped', code: 'REVISION_NOT_FOUND', reason: 'the upstream revision is no longer published' });
    // Read before the items: any change of the upstream register that lands after it moves the stamp on.
    let stamp = await this.stamps.of(p.source.projectId);
    const items = await this.upstreamItems(p.source.projectId, ids);
    for (const id of ids) if (!items.has(id)) outcomes.set(id, gone);
    let written = await this.write(p, [...items.values()]);
    // S3: an upstream edit made after the state was read above may have reached the copier before a copy existed (and
    // found nothing to update). The edit is written upstream, and the upstream's register stamp moved, before its
    // event goes out, so reading the upstream again after the copies are written sees it: the newer state is applied
    // (versions keep it from going backwards). An unmoved stamp says no such edit landed (one read for the batch);
    // else the versions alone are read (one parallel round, each entity once), the whole items only of those that moved.
    for (let round = 0; round < MAX_CATCH_UP; round++) {
      const latestStamp = await this.stamps.of(p.source.projectId);
      if (latestStamp === stamp) break;
      stamp = latestStamp;
      const copied = [...items.values()].filter((item) => revisionIdOf(written.get(item.revision.id)));
      const now = await this.upstreamVersions(p.source.projectId, copied);
      const moved = copied.filter((item) => now.get(item.revision.id) !== versionsOf(item)).map((item) => item.revision.id);
      if (!moved.length) break;
      const latest = await this.upstreamItems(p.source.projectId, moved);
      const newer = [...latest.values()].filter((item) => versionsOf(item) !== versionsOf(items.get(item.revision.id)!));
      if (!newer.length) break;
      for (const item of newer) items.set(item.revision.id, item);
      const again = await this.write(p, newer);
      written = new Map([...written, ...again]);
    }
    for (const item of items.values()) {
      const result = written.get(item.revision.id)!;
      const revisionId = revisionIdOf(result);
      if ('error' in result) {
        const refused = result.error as DomainError;
        // S6: a write its fence refused (the connection stopped meanwhile) is skipped, as a whole request refused is.
        outcomes.set(item.revision.id, outcome({ outcome: refusalOutcome(refused), code: refused.code, reason: refused.message }));
      } else if (revisionId) outcomes.set(item.revision.id, outcome({ outcome: 'copied', revisionId, drawingNumber: item.drawing.number }));
      else outcomes.set(item.revision.id, outcome({ outcome: 'skipped', code: 'DRAWING_DELETED', reason: 'the drawing was deleted upstream' }));
    }
    return outcomes;
  }

  /** Writes the items: per item its result or its refusal; a transient error of any item throws, once every write of the call finished. */
  private async write(p: CopiesRequestedPayload, items: PublishedRevisionItem[]): Promise<Map<string, UpsertOutcome>> {
    const results = await this.copier.upsertManyLetIn(
      items.map((item) => ({ projectId: p.projectId, source: p.source, ...item })),
      { repair: p.repair },
    );
    const transient = results.find((r): r is Extract<UpsertOutcome, { error: unknown }> => 'error' in r && isTransient(r.error));
    // CONCURRENT_MODIFICATION outlasting the copier's own retries is a change whose writer died half-way (a SIGKILL):
    // the change log's relay finishes it within seconds.
    if (transient) throw transient.error;
    return new Map(items.map((item, i) => [item.revision.id, results[i]]));
  }

  /**
   * The versions of what each item was built from, as the upstream holds them now (the revision's, its drawing's,
   * area's, discipline's and set's), by revision id; '' when the revision is no longer published. Each entity is read
   * once for the batch (one parallel round). A drawing moved to another area, or a revision to another set, shows as
   * a new version of the drawing or revision.
   */
  private async upstreamVersions(projectId: string, items: PublishedRevisionItem[]): Promise<Map<string, string>> {
    type Version = { version: number; published?: boolean } | null;
    const versionsOf = async (store: EntityStore<{ projectId: string }>, ids: string[]) => {
      const unique = [...new Set(ids)];
      const found = await Promise.all(unique.map((id) => store.model.findOne({ _id: id, projectId }, { version: 1, published: 1 }).lean<Version>().exec()));
      return new Map(unique.map((id, i) => [id, found[i]]));
    };
    const [revisions, drawings, areas, disciplines, sets] = await Promise.all([
      versionsOf(this.store.revisions, items.map((i) => i.revision.id)),
      versionsOf(this.store.drawings, items.map((i) => i.drawing.id)),
      versionsOf(this.store.areas, items.map((i) => i.area.id)),
      versionsOf(this.store.disciplines, items.map((i) => i.discipline.id)),
      versionsOf(this.store.sets, items.flatMap((i) => (i.set ? [i.set.id] : []))),
    ]);
    return new Map(
      items.map((item) => {
        const revision = revisions.get(item.revision.id);
        if (!revision?.published) return [item.revision.id, ''];
        const set = item.set ? sets.get(item.set.id) : null;
        const parts = [revision.version, drawings.get(item.drawing.id)?.version, areas.get(item.area.id)?.version, disciplines.get(item.discipline.id)?.version];
        return [item.revision.id, [...parts, set?.version ?? null].join(':')];
      }),
    );
  }

  /** The upstream revisions' current state with everything a copy needs, by revision id; those no longer published are left out. */
  private async upstreamItems(projectId: string, ids: string[]): Promise<Map<string, PublishedRevisionItem>> {
    const revisions = [...(await this.store.revisions.findByIds(projectId, ids)).values()].filter((r) => r.published);
    const items = revisions.length ? await this.published.of(projectId, revisions) : [];
    return new Map(items.map((item) => [item.revision.id, item]));
  }
}

/** Rounds of catching up with upstream edits made while the copies were written (each edit also reaches the copy by its own event). */
const MAX_CATCH_UP = 3;

function revisionIdOf(written: UpsertOutcome | undefined): string | null {
  return written && 'result' in written ? written.result.revisionId : null;
}

function versionsOf(item: PublishedRevisionItem): string {
  return [item.revision.version, item.drawing.version, item.area.version, item.discipline.version, item.set?.version ?? null].join(':');
}
