import { ChangeEvent, ChangeLog, Versioned } from '@connect/persistence';
import { Model } from 'mongoose';

export type Stored<S> = S & Versioned;

export interface SaveOptions<S> {
  /** Tenant key of the change record (a company, project or user id). */
  scope: string;
  /** What happened, as the audit trail names it. */
  kind: string;
  /** Who did it: a user id, or `operator`. */
  actorId: string;
  /** Extra facts for the audit trail. */
  data?: Record<string, unknown>;
  /** The events announcing the new state. */
  events?: (saved: Stored<S>) => ChangeEvent[];
}

/**
 * Reads an entity by `_id` and writes it through the ChangeLog: optimistic
 * concurrency on its version, an audit trail, and its events in the outbox.
 */
export class VersionedStore<S extends object> {
  constructor(
    readonly aggregate: string,
    readonly model: Model<Stored<S>>,
    private readonly changeLog: ChangeLog,
    /**
     * Told of the events of every write once it is committed, or failed (it may have landed):
     * how this instance's cache drops what its own writes change before they are answered.
     */
    private readonly written?: (events: ChangeEvent[]) => void,
  ) {
    changeLog.register(aggregate, model as unknown as Model<never>);
  }

  async get(id: string): Promise<Stored<S> | null> {
    return this.model.findById(id).lean<Stored<S>>().exec();
  }

  /** Entities whose `field` equals `value` (an indexed field: equality is what the database serves well). */
  async where(field: keyof S & string, value: unknown): Promise<Stored<S>[]> {
    return this.model.find({ [field]: value } as never).lean<Stored<S>[]>().exec();
  }

  /** Writes the whole new state over `expectedVersion` (0 to create); CONCURRENT_MODIFICATION if someone was faster. */
  async save(id: string, expectedVersion: number, state: S, options: SaveOptions<S>): Promise<Stored<S>> {
    const saved = { ...state, _id: id, version: expectedVersion + 1 } as Stored<S>;
    const events = options.events?.(saved) ?? [];
    try {
      await this.changeLog.commit({
        aggregate: this.aggregate,
        id,
        scope: options.scope,
        expectedVersion,
        state,
        kind: options.kind,
        actorId: options.actorId,
        data: options.data,
        events,
      });
    } finally {
      this.written?.(events);
    }
    return saved;
  }
}
