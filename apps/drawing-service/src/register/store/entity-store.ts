import { DomainError, ErrorCode, Page } from '@connect/contracts';
import { ChangeEvent, ChangeLog } from '@connect/persistence';
import { Model } from 'mongoose';
import { Filter, pageQuery } from './pagination';

/** An entity as stored: its state plus the change log's `_id` and `version`. */
export type Entity<S> = S & { _id: string; version: number };

export interface CommitOptions<S> {
  /** What happened, for the audit trail. */
  kind: string;
  actorId?: string | null;
  data?: Record<string, unknown>;
  /** Events to publish with the change (outbox), built from the entity as it will be. */
  events?: (next: Entity<S>) => ChangeEvent[];
}

/** Method-typed (bivariant), so a store of a narrower state still passes as `EntityStore<{projectId}>`. */
type DeriveKeys<S> = { keys(id: string, state: S): Record<string, unknown> }['keys'];

export function stateOf<S>(entity: Entity<S>): S {
  const { _id, version, ...state } = entity;
  void _id;
  void version;
  return state as unknown as S;
}

/**
 * One kind of register entity of a project. Every read is scoped by
 * projectId (tenant safety: an id from another project is not found), every
 * change goes through the ChangeLog (versioned, concurrency-safe, emits its
 * events).
 */
export class EntityStore<S extends { projectId: string }> {
  constructor(
    readonly aggregate: string,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readonly model: Model<any>,
    private readonly changeLog: ChangeLog,
    private readonly notFoundCode: ErrorCode,
    /** Index keys derived from the id and state, stored with every version (see id-buckets.ts). */
    private readonly derive?: DeriveKeys<S>,
    /** Told the project id after each state of this kind written (ChangeLog.register's `applied`). */
    applied?: (projectId: string) => Promise<void>,
  ) {
    changeLog.register(aggregate, model as unknown as Model<never>, applied);
  }

  async find(projectId: string, id: string): Promise<Entity<S> | null> {
    return this.model.findOne({ _id: id, projectId }).lean<Entity<S>>().exec();
  }

  async get(projectId: string, id: string): Promise<Entity<S>> {
    const found = await this.find(projectId, id);
    if (!found) throw new DomainError(this.notFoundCode, `${this.aggregate} ${id} not found`);
    return found;
  }

  /** Every entity of the project matching equality filters on indexed fields. */
  async findMany(projectId: string, filter: Filter = {}): Promise<Entity<S>[]> {
    return this.model
      .find({ ...filter, projectId })
      .lean<Entity<S>[]>()
      .exec();
  }

  /** By id, one index-served lookup each (FerretDB scans for `$in`); ids of other projects are left out. */
  async findByIds(projectId: string, ids: Iterable<string>): Promise<Map<string, Entity<S>>> {
    const unique = [...new Set(ids)];
    const found = new Map<string, Entity<S>>();
    await Promise.all(
      unique.map(async (id) => {
        const entity = await this.find(projectId, id);
        if (entity) found.set(id, entity);
      }),
    );
    return found;
  }

  /** A page of the project's entities matching `filter`, in `_id` order. */
  page(projectId: string, filter: Filter, request: { limit?: number; cursor?: string }): Promise<Page<Entity<S>>> {
    return pageQuery<Entity<S>>(this.model, { ...filter, projectId }, request);
  }

  async count(projectId: string): Promise<number> {
    return this.model.countDocuments({ projectId }).exec();
  }

  /** `afterVersion`: the last version the id had, when it is made again after its document was lost (a resync repair). */
  async create(id: string, state: S, options: CommitOptions<S>, afterVersion = 0): Promise<Entity<S>> {
    const next = { ...state, _id: id, version: afterVersion + 1 } as Entity<S>;
    await this.commit(id, afterVersion, next, options);
    return next;
  }

  /** The last version the change log holds for `id` (0: never written). */
  async lastVersion(id: string): Promise<number> {
    const history = await this.changeLog.history(this.aggregate, id);
    return history.length ? history[history.length - 1].entityVersion : 0;
  }

  async update(current: Entity<S>, state: S, options: CommitOptions<S>): Promise<Entity<S>> {
    const next = {
      ...state,
      _id: current._id,
      version: current.version + 1,
    } as Entity<S>;
    await this.commit(current._id, current.version, next, options);
    return next;
  }

  async remove(current: Entity<S>, options: CommitOptions<S>): Promise<void> {
    const last = { ...current, version: current.version + 1 };
    await this.changeLog.commit({
      aggregate: this.aggregate,
      id: current._id,
      scope: current.projectId,
      expectedVersion: current.version,
      state: null,
      kind: options.kind,
      actorId: options.actorId ?? null,
      data: options.data,
      events: options.events?.(last) ?? [],
    });
  }

  private async commit(id: string, expectedVersion: number, next: Entity<S>, options: CommitOptions<S>): Promise<void> {
    const state = stateOf(next);
    await this.changeLog.commit({
      aggregate: this.aggregate,
      id,
      scope: next.projectId,
      expectedVersion,
      state: this.derive ? { ...state, ...this.derive(id, state) } : state,
      kind: options.kind,
      actorId: options.actorId ?? null,
      data: options.data,
      events: options.events?.(next) ?? [],
    });
  }
}
