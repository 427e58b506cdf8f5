import { ChangeLog } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Page } from '@connect/contracts';
import { Model } from 'mongoose';
import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor } from '../domain/cursor';
import { BucketLevel, bucketField, bucketKeys, walkBuckets } from '../domain/id-buckets';
import { AreaState } from '../schemas/area.schema';
import { DeletedRevisionEntry } from '../schemas/deleted-revision.schema';
import { DisciplineState } from '../schemas/discipline.schema';
import { DrawingState } from '../schemas/drawing.schema';
import { MarkupDocument } from '../schemas/markup.schema';
import { RevisionState } from '../schemas/revision.schema';
import { SetState } from '../schemas/set.schema';
import { Entity, EntityStore } from './entity-store';
import { Filter } from './pagination';
import { RegisterStamps } from './register-stamps';

/** Per-instance register sizes seen (only the level of the next page depends on them); bounded. */
const MAX_ESTIMATES = 10_000;

/** Mongoose model names of the register (see register.models.ts). */
export const MODELS = {
  area: 'DrawingArea',
  discipline: 'DrawingDiscipline',
  set: 'DrawingSet',
  drawing: 'Drawing',
  revision: 'DrawingRevision',
  markup: 'DrawingMarkup',
  deletedRevision: 'DeletedDrawingRevision',
} as const;

/** The register's collections, each entity kind behind its project-scoped store. */
@Injectable()
export class RegisterStore {
  readonly areas: EntityStore<AreaState>;
  readonly disciplines: EntityStore<DisciplineState>;
  readonly sets: EntityStore<SetState>;
  readonly drawings: EntityStore<DrawingState>;
  readonly revisions: EntityStore<RevisionState>;
  private readonly estimates = new Map<string, { estimate: number; level: BucketLevel }>();

  constructor(
    changeLog: ChangeLog,
    @InjectModel(MODELS.area) areas: Model<AreaState>,
    @InjectModel(MODELS.discipline) disciplines: Model<DisciplineState>,
    @InjectModel(MODELS.set) sets: Model<SetState>,
    @InjectModel(MODELS.drawing) drawings: Model<DrawingState>,
    @InjectModel(MODELS.revision) revisions: Model<RevisionState>,
    @InjectModel(MODELS.markup) readonly markups: Model<MarkupDocument>,
    @InjectModel(MODELS.deletedRevision) readonly deletedRevisions: Model<DeletedRevisionEntry>,
    stamps: RegisterStamps,
  ) {
    // Every register page shows entities of these five kinds: each of their changes moves the project's stamp.
    const moved = (projectId: string) => stamps.move(projectId);
    this.areas = new EntityStore('drawing-area', areas, changeLog, 'AREA_NOT_FOUND', undefined, moved);
    this.disciplines = new EntityStore('drawing-discipline', disciplines, changeLog, 'DISCIPLINE_NOT_FOUND', undefined, moved);
    this.sets = new EntityStore('drawing-set', sets, changeLog, 'SET_NOT_FOUND', undefined, moved);
    this.drawings = new EntityStore('drawing', drawings, changeLog, 'DRAWING_NOT_FOUND', (id, s: DrawingState) => bucketKeys(s.projectId, id), moved);
    // A revision is bucketed by its drawing (the revision lists page by it).
    this.revisions = new EntityStore('drawing-revision', revisions, changeLog, 'REVISION_NOT_FOUND', (_id, s: RevisionState) => bucketKeys(s.projectId, s.drawingId), moved);
  }

  /**
   * A page of the project's drawings matching `filter` (equality), in `_id`
   * order, read bucket by bucket with equality queries only (id-buckets.ts):
   * never a range, a sort or a limit in the database. The documents read are
   * the walked set's (the filter is part of every query) in the buckets read:
   * the page plus what the last bucket holds beyond it (walkBuckets).
   */
  async drawingsPage(projectId: string, filter: Filter, request: { limit?: number; cursor?: string }): Promise<Page<Entity<DrawingState>>> {
    return this.bucketPage(this.drawings, projectId, filter, request, (d) => d._id);
  }

  /**
   * A page of the project's revisions matching `filter` (equality), in the
   * order of (drawingId, _id) — revisions are bucketed by their drawing — the
   * same way as drawingsPage; the cursor names `drawingId/_id` of the last one.
   */
  async revisionsPage(projectId: string, filter: Filter, request: { limit?: number; cursor?: string }): Promise<Page<Entity<RevisionState>>> {
    return this.bucketPage(this.revisions, projectId, filter, request, (r) => `${r.drawingId}/${r._id}`);
  }

  private async bucketPage<S extends { projectId: string }>(
    entities: EntityStore<S>,
    projectId: string,
    filter: Filter,
    request: { limit?: number; cursor?: string },
    keyOf: (e: Entity<S>) => string,
  ): Promise<Page<Entity<S>>> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const key = `${entities.aggregate}|${projectId}|${JSON.stringify(filter)}`;
    const walk = await walkBuckets<Entity<S>>(
      { after: decodeCursor(request.cursor), limit, ...this.estimates.get(key) },
      (level, prefix) =>
        entities.model
          .find(level === 0 ? { ...filter, projectId } : { ...filter, [bucketField(level)]: `${projectId}:${prefix}` })
          .lean<Entity<S>[]>()
          .exec(),
      keyOf,
    );
    if (this.estimates.size >= MAX_ESTIMATES) this.estimates.clear();
    this.estimates.set(key, { estimate: walk.estimate, level: walk.level });
    const items = walk.items;
    return { items, nextCursor: walk.more ? encodeCursor(keyOf(items[items.length - 1])) : null };
  }
}
