import { isDuplicateKeyError, retryOnConflict } from '@connect/persistence';
import {
  AreaFacts,
  ConnectedCopyUpsertPayload,
  ConnectedCopyUpsertResult,
  CopiedKind,
  DisciplineFacts,
  DomainError,
  SetFacts,
  connectedCopyId,
  uuidFromKey,
} from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { FileStore, StoredFile } from '../../files';
import { DrawingDerivation } from '../drawings/drawing-derivation';
import { DrawingNumbers } from '../drawings/drawing-numbers';
import { DrawingRemoval } from '../drawings/drawing-removal';
import { CopyOrigin } from '../schemas/copy-origin.schema';
import { DrawingState } from '../schemas/drawing.schema';
import { RevisionState } from '../schemas/revision.schema';
import { Entity, EntityStore, stateOf } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';
import { ConnectionFence } from './connection-fence';
import { UnpublishedCopyRemoval } from './unpublished-copy-removal';
import { COPY_TOMBSTONE_MODEL, CopyTombstoneDocument } from './connection-fence.schema';

interface Upstream {
  id: string;
  version: number;
}

/** One item's upsert: its result, or what it failed with (the caller tells a refusal from a transient error). */
export type UpsertOutcome = { result: ConnectedCopyUpsertResult } | { error: unknown };

/** What exists of an item's copies before it is written, and so what its write may create. */
interface WritePlan {
  revisionCopy: Entity<RevisionState> | null;
  /** Undefined: read it again when written. */
  drawingCopy: Entity<DrawingState> | null | undefined;
  createRevision: boolean;
  keepRevision: boolean;
  keepDrawing: boolean;
}

/** Drawings of one request written side by side (each copies its revisions' files with the file store's own parallelism). */
const WRITE_PARALLELISM = 8;

/** Like Promise.all, but rejects (with the first error) only once every promise settled: no write outlives the fence (S6). */
async function allDone<T>(promises: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Runs `each` over `items`, at most `limit` at once; resolves once all are done (`each` handles its own errors). */
async function inParallel<T>(items: T[], limit: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await each(items[next++]);
    }),
  );
}

/**
 * Connected copies in a downstream project (D6; S1–S4, S7). Every copy has
 * the deterministic id `connectedCopyId(connection, kind, upstream id)`, so
 * a redelivered or retried upsert finds the copy it made (and two at once
 * collide on the change log's version key: the loser re-reads). An existing
 * copy takes upstream state only when its version is newer than the one it
 * shows. The file is copied to a deterministic file id, so a retried copy
 * resumes instead of duplicating bytes.
 */
@Injectable()
export class ConnectedCopier {
  constructor(
    private readonly store: RegisterStore,
    private readonly files: FileStore,
    private readonly derivation: DrawingDerivation,
    private readonly removal: DrawingRemoval,
    private readonly numbers: DrawingNumbers,
    private readonly fence: ConnectionFence,
    private readonly unfinishedFiles: UnpublishedCopyRemoval,
    @InjectModel(COPY_TOMBSTONE_MODEL) private readonly tombstones: Model<CopyTombstoneDocument>,
  ) {}

  /** S6: written only while the connection is active (CONNECTION_NOT_ACTIVE after a stop); a stop waits for it. */
  async upsert(p: ConnectedCopyUpsertPayload, options: { repair?: boolean } = {}): Promise<ConnectedCopyUpsertResult> {
    const [outcome] = await this.fence.writing(p.source.connectionId, () => this.upsertManyLetIn([p], options));
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  }

  /**
   * Upserts of one connection's items for a caller already inside `fence.writing` of that connection (a copy
   * request holds the fence once for its reads, its writes and its catch-up rounds). The areas, disciplines and
   * sets the items name are written once first, then each drawing with its revisions, drawings in parallel
   * (bounded). Every item's outcome is its own: one that fails leaves the others written. Resolves once no write
   * is under way any more (the fence must not let a stop through while one is).
   */
  async upsertManyLetIn(ps: ConnectedCopyUpsertPayload[], options: { repair?: boolean } = {}): Promise<UpsertOutcome[]> {
    const repair = options.repair ?? false;
    const none = { drawingId: null, revisionId: null, created: false };
    const outcomes: UpsertOutcome[] = ps.map(() => ({ result: none }));
    // S4/S7: a drawing deleted upstream never comes back.
    // Found deleted at the start, the copy goes too: an earlier attempt may have written it (review, finding 2).
    const gone = await Promise.all(ps.map((p) => this.goneUpstream(p).then((deleted) => ({ deleted }), (error: unknown) => ({ error }))));
    for (const [i, g] of gone.entries()) if ('error' in g) outcomes[i] = { error: g.error };
    const live = ps.flatMap((_, i) => ('deleted' in gone[i] && !gone[i].deleted ? [i] : []));
    const plans = new Map<number, WritePlan>();
    try {
      await allDone(live.map(async (i) => plans.set(i, await this.plan(ps[i]))));
      // Copies this write saw or made: no need to look for them again below.
      const present = await this.writeParents(
        live.map((i) => [ps[i], plans.get(i)!]),
        repair,
      );
      // Revisions of one drawing one after the other (they write the same drawing copy), drawings side by side.
      const byDrawing = new Map<string, number[]>();
      for (const i of live) {
        const key = ps[i].drawing?.id ?? ps[i].revision?.drawingId ?? `item ${i}`;
        byDrawing.set(key, [...(byDrawing.get(key) ?? []), i]);
      }
      await inParallel([...byDrawing.values()], WRITE_PARALLELISM, async (group) => {
        for (const [n, i] of group.entries()) {
          // After the first revision of a drawing, the drawing copy as planned is out of date: read again.
          const plan = n === 0 ? plans.get(i)! : { ...plans.get(i)!, drawingCopy: undefined };
          outcomes[i] = await this.writeOwn(ps[i], plan, present, repair).then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          );
        }
      });
    } catch (error) {
      // A read or a shared write (an area, a discipline, a set) failed before any item was written: they all fail with it.
      for (const i of live) outcomes[i] = { error };
      return outcomes;
    }
    // A deletion that came while this was written found nothing to delete (the tombstone was not there when
    // checked above): the deletion writes its tombstone before it looks for the copy, this looks for the tombstone
    // after writing the copy, so one of the two always sees the other and what was written goes again.
    await allDone(
      live.map(async (i) => {
        const p = ps[i];
        if ('error' in outcomes[i]) return;
        outcomes[i] = await this.goneUpstream(p).then(
          (deleted) => (deleted ? { result: none } : outcomes[i]),
          (error: unknown) => ({ error }),
        );
      }),
    );
    return outcomes;
  }

  /**
   * Whether the drawing was deleted upstream; if so its copy goes, also when found at the start: an earlier attempt
   * of this copy may have written the drawing after the deletion looked for it, then failed before it looked for the
   * tombstone (review, finding 2).
   */
  private async goneUpstream(p: ConnectedCopyUpsertPayload): Promise<boolean> {
    if (!p.drawing || !(await this.tombstones.exists({ _id: connectedCopyId(p.source.connectionId, 'drawing', p.drawing.id) }))) return false;
    await this.removeCopy(p.projectId, p.source.connectionId, p.drawing.id, 'deleted upstream');
    return true;
  }

  /** What exists of the item's copies, and so what this write may create. */
  private async plan(p: ConnectedCopyUpsertPayload): Promise<WritePlan> {
    const idOf = (kind: CopiedKind, upstreamId: string) => connectedCopyId(p.source.connectionId, kind, upstreamId);
    const [revisionCopy, drawingCopy] = await Promise.all([
      p.revision ? this.store.revisions.find(p.projectId, idOf('revision', p.revision.id)) : null,
      p.drawing ? this.store.drawings.find(p.projectId, idOf('drawing', p.drawing.id)) : null,
    ]);
    const createRevision = !!(p.revision && !revisionCopy && p.file && p.drawing?.id === p.revision.drawingId);
    return {
      revisionCopy,
      drawingCopy,
      createRevision,
      keepRevision: !!p.revision && (revisionCopy !== null || createRevision),
      keepDrawing: !!p.drawing && (drawingCopy !== null || createRevision),
    };
  }

  /**
   * The areas, disciplines and sets the items carry, each written once (all items of one request read them at
   * one time: the same version), created when a kept drawing or revision names it. The ids of the copies there.
   */
  private async writeParents(items: [ConnectedCopyUpsertPayload, WritePlan][], repair: boolean): Promise<Set<string>> {
    const present = new Set<string>();
    if (!items.length) return present;
    const { projectId, source } = items[0][0];
    const idOf = (kind: CopiedKind, upstreamId: string) => connectedCopyId(source.connectionId, kind, upstreamId);
    const origin = (u: Upstream): CopyOrigin => ({ connectionId: source.connectionId, upstreamProjectId: source.projectId, upstreamId: u.id, upstreamVersion: u.version });
    const parents = new Map<string, { kind: 'area' | 'discipline' | 'set'; facts: AreaFacts | DisciplineFacts | SetFacts; create: boolean }>();
    const add = (kind: 'area' | 'discipline' | 'set', facts: AreaFacts | DisciplineFacts | SetFacts | null | undefined, create: boolean) => {
      if (!facts) return;
      const key = idOf(kind, facts.id);
      const known = parents.get(key);
      // The newest state given wins (one request reads them at once; an S3 upsert gives one).
      if (!known || facts.version > known.facts.version) parents.set(key, { kind, facts, create: create || !!known?.create });
      else known.create ||= create;
    };
    for (const [p, plan] of items) {
      add('area', p.area, plan.keepDrawing && p.drawing?.areaId === p.area?.id);
      add('discipline', p.discipline, plan.keepDrawing && p.drawing?.disciplineId === p.discipline?.id);
      add('set', p.set, plan.keepRevision && p.revision?.setId === p.set?.id);
    }
    await allDone(
      [...parents].map(async ([id, { kind, facts, create }]) => {
        const build = (prev: { createdAt: Date } | null) => ({ projectId, connected: true, origin: origin(facts), createdAt: prev?.createdAt ?? new Date() });
        let copy: { id: string } | null;
        if (kind === 'area') {
          const a = facts as AreaFacts;
          copy = await this.sync(this.store.areas, projectId, id, a, create, (prev) => ({ ...build(prev), name: a.name, description: a.description }), undefined, repair);
        } else if (kind === 'discipline') {
          const d = facts as DisciplineFacts;
          copy = await this.sync(this.store.disciplines, projectId, id, d, create, (prev) => ({ ...build(prev), name: d.name, position: d.position }), undefined, repair);
        } else {
          const s = facts as SetFacts;
          copy = await this.sync(this.store.sets, projectId, id, s, create, (prev) => ({ ...build(prev), name: s.name, date: s.date }), undefined, repair);
        }
        if (copy) present.add(copy.id);
      }),
    );
    return present;
  }

  /** The item's drawing and revision, once the areas, disciplines and sets they name are written (`present`). */
  private async writeOwn(p: ConnectedCopyUpsertPayload, plan: WritePlan, present: Set<string>, repair: boolean): Promise<ConnectedCopyUpsertResult> {
    const { projectId, source } = p;
    const { revisionCopy, drawingCopy, createRevision, keepRevision, keepDrawing } = plan;
    const idOf = (kind: CopiedKind, upstreamId: string) => connectedCopyId(source.connectionId, kind, upstreamId);
    const origin = (u: Upstream): CopyOrigin => ({
      connectionId: source.connectionId,
      upstreamProjectId: source.projectId,
      upstreamId: u.id,
      upstreamVersion: u.version,
    });

    let drawingId: string | null = null;
    if (p.drawing) {
      const d = p.drawing;
      const areaId = idOf('area', d.areaId);
      const disciplineId = idOf('discipline', d.disciplineId);
      if (keepDrawing) await this.requireCopies(projectId, present, [this.store.areas, areaId, 'area'], [this.store.disciplines, disciplineId, 'discipline']);
      const copyId = idOf('drawing', d.id);
      const copy = await this.sync(
        this.store.drawings,
        projectId,
        copyId,
        d,
        keepDrawing,
        (prev) => ({
          projectId,
          number: d.number,
          title: d.title,
          obsolete: d.obsolete,
          areaId,
          disciplineId,
          connected: true,
          source: {
            companyName: source.companyName,
            projectName: source.projectName,
          },
          origin: origin(d),
          currentRevisionId: prev?.currentRevisionId ?? null,
          hasPublishedRevision: prev?.hasPublishedRevision ?? false,
          // Derived by the refresh once the revision exists (D6): a copy whose revision never lands (its file copy
          // fails for good, or a kill and a disconnect come between) claims no update awaiting review.
          connectedUpdateAvailable: prev?.connectedUpdateAvailable ?? false,
          createdAt: prev?.createdAt ?? new Date(),
        }),
        (prev, next, write) => this.numbers.holding(projectId, copyId, prev?.number ?? null, next.number, write),
        repair,
        drawingCopy,
      );
      drawingId = copy?.id ?? null;
    }

    let revisionId: string | null = null;
    let created = false;
    if (p.revision) {
      const r = p.revision;
      const copyId = idOf('revision', r.id);
      const setId = r.setId ? idOf('set', r.setId) : null;
      if (keepRevision && setId) await this.requireCopies(projectId, present, [this.store.sets, setId, 'set']);
      const file = createRevision ? await this.copyFile(p, copyId) : null;
      const copy = await this.sync(
        this.store.revisions,
        projectId,
        copyId,
        r,
        createRevision,
        (prev) => {
          const synced = {
            revisionNumber: r.revisionNumber,
            revisionStatus: r.revisionStatus,
            drawingDate: r.drawingDate,
            receivedDate: r.receivedDate,
            setId,
            origin: origin(r),
          };
          if (prev) return { ...stateOf(prev), ...synced };
          return {
            ...synced,
            projectId,
            drawingId: idOf('drawing', r.drawingId),
            file: {
              fileId: file!.fileId,
              sha256: file!.sha256,
              size: file!.size,
              contentType: file!.contentType,
              filename: file!.filename,
            },
            // S1: a copy awaits review downstream, whatever its state upstream.
            published: false,
            publishedAt: null,
            uploadedBy: null,
            connected: true,
            sourceRevisionId: r.id,
            createdAt: new Date(),
          };
        },
        undefined,
        repair,
        revisionCopy,
      );
      if (file && copy) await this.files.finished(file.fileId);
      revisionId = copy?.id ?? null;
      created = copy?.created ?? false;
      // A new or renumbered copy may change what awaits review (D6) or which revision is current.
      if (copy?.changed) await this.derivation.refresh(projectId, idOf('drawing', r.drawingId));
    }
    return { drawingId, revisionId, created };
  }

  /**
   * The revision copy `copyId`'s file, recorded as unfinished until the revision owns it: a copy never resumed is
   * discarded when its connection stops. S6: the file's documents are no changes of the change log, so the fence is
   * looked at once they have landed (or the copy failed), as the change log does after its record: a writer stalled
   * past its lease may land them after the stop's cleanup ran, so a copy that finds its connection stopped for good
   * discards what it wrote itself (CONNECTION_NOT_ACTIVE). One that finds it otherwise landed before that stop: its
   * cleanup sees it (a connection pending again keeps it, to be resumed; its revision is refused by the change log).
   */
  private async copyFile(p: ConnectedCopyUpsertPayload, copyId: string): Promise<StoredFile> {
    const unfinished = { fileId: uuidFromKey(`connected-file\u0000${copyId}`), projectId: p.projectId, ownerId: copyId };
    const copied = await this.files
      .copy(p.file!.fileId, p.projectId, unfinished.fileId, { heldFor: p.source.connectionId, ownerId: copyId })
      .then((file) => ({ file }), (error: unknown) => ({ error }));
    const stopped = await this.fence.stoppedForGood(p.source.connectionId);
    if (stopped) {
      // Tried again while other copies' discards leave the project's changes unfinished; the copy reports the stop
      // whatever became of its discard (a failed one would else surface as a transient error, and its redelivery is
      // refused by the fence before it gets here: nothing would discard it).
      for (let attempt = 1; attempt <= 5; attempt++) {
        if (await this.unfinishedFiles.discardUnfinishedCopy(unfinished).then(() => true, () => false)) break;
        await sleep(200 * attempt);
      }
      throw stopped;
    }
    if ('error' in copied) throw copied.error;
    return copied.file;
  }

  /**
   * S4: the copy of an upstream drawing leaves the downstream register,
   * reported with the reason. The tombstone goes first, so a copy request
   * racing with the deletion cannot bring the drawing back.
   */
  delete(projectId: string, connectionId: string, upstreamDrawingId: string, reason: string): Promise<number> {
    return this.fence.writing(connectionId, async () => {
      const copyId = connectedCopyId(connectionId, 'drawing', upstreamDrawingId);
      await this.tombstones.updateOne({ _id: copyId }, { $setOnInsert: { projectId, connectionId, at: new Date() } }, { upsert: true }).catch((err) => {
        if (!isDuplicateKeyError(err)) throw err;
      });
      return this.removeCopy(projectId, connectionId, upstreamDrawingId, reason);
    });
  }

  /** The drawing copy and its revisions out of the register (reported); retried while a racing writer moves it on. */
  private removeCopy(projectId: string, connectionId: string, upstreamDrawingId: string, reason: string): Promise<number> {
    const copyId = connectedCopyId(connectionId, 'drawing', upstreamDrawingId);
    return retryOnConflict(async () => {
      const drawing = await this.store.drawings.find(projectId, copyId);
      if (!drawing) return 0;
      return this.removal.remove(projectId, drawing, { by: null, reason });
    }, 10);
  }

  /**
   * Resync: the connection's copies whose upstream revision is no longer
   * published go, like an S4 deletion (reported, tombstoned when the whole
   * drawing goes).
   */
  prune(projectId: string, connectionId: string, upstreamRevisionIds: string[]): Promise<number> {
    return this.fence.writing(connectionId, () => this.pruneActive(projectId, connectionId, upstreamRevisionIds));
  }

  private async pruneActive(projectId: string, connectionId: string, upstreamRevisionIds: string[]): Promise<number> {
    const upstream = new Set(upstreamRevisionIds);
    const copies = (await this.store.revisions.findMany(projectId)).filter((r) => r.origin?.connectionId === connectionId);
    const byDrawing = new Map<string, { all: number; extra: typeof copies }>();
    for (const r of copies) {
      const entry = byDrawing.get(r.drawingId) ?? { all: 0, extra: [] };
      entry.all++;
      if (!upstream.has(r.sourceRevisionId ?? '')) entry.extra.push(r);
      byDrawing.set(r.drawingId, entry);
    }
    let removed = 0;
    for (const [drawingId, { all, extra }] of byDrawing) {
      if (!extra.length) continue;
      const drawing = await this.store.drawings.find(projectId, drawingId);
      if (drawing && all === extra.length && drawing.origin) {
        removed += await this.delete(projectId, connectionId, drawing.origin.upstreamId, 'deleted upstream');
        continue;
      }
      for (const revision of extra) removed += await this.removal.removeRevision(projectId, drawing, revision, { by: null, reason: 'deleted upstream' });
      await this.derivation.refresh(projectId, drawingId);
    }
    return removed;
  }

  /**
   * Creates the copy when missing and `create` says so, or applies newer
   * upstream state to it, the write wrapped in `around` (a drawing holds its
   * number while it is written). Null when there is no copy and none was made.
   */
  private async sync<S extends { projectId: string; origin: CopyOrigin | null }>(
    entities: EntityStore<S>,
    projectId: string,
    id: string,
    upstream: Upstream,
    create: boolean,
    build: (previous: Entity<S> | null) => S,
    around: (previous: Entity<S> | null, next: S, write: () => Promise<unknown>) => Promise<unknown> = (_, __, write) => write(),
    repair = false,
    /** The copy as this write read it already: the first attempt starts from it (a conflict reads again). */
    known?: Entity<S> | null,
  ): Promise<{ id: string; created: boolean; changed: boolean } | null> {
    let read = known;
    return retryOnConflict(async () => {
      const existing = read !== undefined ? read : await entities.find(projectId, id);
      read = undefined;
      const data = {
        upstreamId: upstream.id,
        upstreamVersion: upstream.version,
      };
      if (!existing) {
        if (!create) return null;
        const next = build(null);
        // A repair may re-create a copy whose document was lost: its versions continue the change log's.
        const after = repair ? await entities.lastVersion(id) : 0;
        await around(null, next, () => entities.create(id, next, { kind: 'copied', data }, after));
        return { id, created: true, changed: true };
      }
      const current = (existing.origin?.upstreamVersion ?? 0) >= upstream.version;
      if (current && !repair) return { id, created: false, changed: false };
      const next = build(existing);
      if (current && sameState(stateOf(existing) as object, next as object)) return { id, created: false, changed: false };
      await around(existing, next, () => entities.update(existing, next, { kind: 'synced', data }));
      return { id, created: false, changed: true };
    }, 10);
  }

  private async requireCopies(projectId: string, present: Set<string>, ...needed: [EntityStore<{ projectId: string }>, string, CopiedKind][]): Promise<void> {
    for (const [entities, id, kind] of needed) {
      if (!present.has(id) && !(await entities.find(projectId, id))) {
        throw new DomainError('CONNECTED_COPY_INCOMPLETE', `the ${kind} this copy belongs to was never copied: send its facts along`);
      }
    }
  }
}

/** Whether writing `next` would change nothing: compared field by field as stored (dates as ISO strings). */
function sameState(current: object, next: object): boolean {
  const norm = (v: unknown) => JSON.stringify(v instanceof Date ? v.toISOString() : v);
  return Object.entries(next).every(([k, v]) => norm((current as Record<string, unknown>)[k]) === norm(v));
}
