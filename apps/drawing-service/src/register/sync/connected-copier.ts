import { isDuplicateKeyError, retryOnConflict } from '@connect/persistence';
import { ConnectedCopyUpsertPayload, ConnectedCopyUpsertResult, CopiedKind, DomainError, connectedCopyId, uuidFromKey } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { FileStore } from '../../files';
import { DrawingDerivation } from '../drawings/drawing-derivation';
import { DrawingNumbers } from '../drawings/drawing-numbers';
import { DrawingRemoval } from '../drawings/drawing-removal';
import { CopyOrigin } from '../schemas/copy-origin.schema';
import { Entity, EntityStore, stateOf } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';
import { ConnectionFence } from './connection-fence';
import { COPY_TOMBSTONE_MODEL, CopyTombstoneDocument } from './connection-fence.schema';

interface Upstream {
  id: string;
  version: number;
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
    @InjectModel(COPY_TOMBSTONE_MODEL) private readonly tombstones: Model<CopyTombstoneDocument>,
  ) {}

  /** S6: written only while the connection is active (CONNECTION_NOT_ACTIVE after a stop); a stop waits for it. */
  upsert(p: ConnectedCopyUpsertPayload, options: { repair?: boolean } = {}): Promise<ConnectedCopyUpsertResult> {
    return this.fence.writing(p.source.connectionId, () => this.upsertLetIn(p, options));
  }

  /**
   * The upsert for a caller already inside `fence.writing` of the same connection (a copy request holds the
   * fence once for its reads, its write and its catch-up rounds).
   */
  async upsertLetIn(p: ConnectedCopyUpsertPayload, options: { repair?: boolean } = {}): Promise<ConnectedCopyUpsertResult> {
    const none = { drawingId: null, revisionId: null, created: false };
    // S4/S7: a drawing deleted upstream never comes back.
    if (await this.goneUpstream(p)) return none;
    const result = await this.write(p, options.repair ?? false);
    // A deletion that came while this was written found nothing to delete (the tombstone was not there when
    // checked above): the deletion writes its tombstone before it looks for the copy, this looks for the tombstone
    // after writing the copy, so one of the two always sees the other and what was written goes again.
    if (await this.goneUpstream(p)) return none;
    return result;
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

  private async write(p: ConnectedCopyUpsertPayload, repair: boolean): Promise<ConnectedCopyUpsertResult> {
    const { projectId, source } = p;
    const idOf = (kind: CopiedKind, upstreamId: string) => connectedCopyId(source.connectionId, kind, upstreamId);
    const origin = (u: Upstream): CopyOrigin => ({
      connectionId: source.connectionId,
      upstreamProjectId: source.projectId,
      upstreamId: u.id,
      upstreamVersion: u.version,
    });

    const revisionCopy = p.revision ? await this.store.revisions.find(projectId, idOf('revision', p.revision.id)) : null;
    const createRevision = !!(p.revision && !revisionCopy && p.file && p.drawing?.id === p.revision.drawingId);
    const keepRevision = !!p.revision && (revisionCopy !== null || createRevision);
    const drawingCopy = p.drawing ? await this.store.drawings.find(projectId, idOf('drawing', p.drawing.id)) : null;
    const keepDrawing = !!p.drawing && (drawingCopy !== null || createRevision);

    // Copies this write saw or made: no need to look for them again below.
    const present = new Set<string>();
    const noted = (copy: { id: string } | null) => {
      if (copy) present.add(copy.id);
    };
    if (p.area) {
      const a = p.area;
      noted(
        await this.sync(
          this.store.areas,
          projectId,
          idOf('area', a.id),
          a,
          keepDrawing && p.drawing?.areaId === a.id,
          (prev) => ({
            projectId,
            name: a.name,
            description: a.description,
            connected: true,
            origin: origin(a),
            createdAt: prev?.createdAt ?? new Date(),
          }),
          undefined,
          repair,
        ),
      );
    }
    if (p.discipline) {
      const d = p.discipline;
      noted(
        await this.sync(
          this.store.disciplines,
          projectId,
          idOf('discipline', d.id),
          d,
          keepDrawing && p.drawing?.disciplineId === d.id,
          (prev) => ({
            projectId,
            name: d.name,
            position: d.position,
            connected: true,
            origin: origin(d),
            createdAt: prev?.createdAt ?? new Date(),
          }),
          undefined,
          repair,
        ),
      );
    }
    if (p.set) {
      const s = p.set;
      noted(
        await this.sync(
          this.store.sets,
          projectId,
          idOf('set', s.id),
          s,
          keepRevision && p.revision?.setId === s.id,
          (prev) => ({
            projectId,
            name: s.name,
            date: s.date,
            connected: true,
            origin: origin(s),
            createdAt: prev?.createdAt ?? new Date(),
          }),
          undefined,
          repair,
        ),
      );
    }

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
      // Recorded as unfinished until the revision owns the file: a copy never resumed is discarded when its connection stops.
      const unfinished = { heldFor: source.connectionId, ownerId: copyId };
      const file = createRevision ? await this.files.copy(p.file!.fileId, projectId, uuidFromKey(`connected-file\u0000${copyId}`), unfinished) : null;
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
