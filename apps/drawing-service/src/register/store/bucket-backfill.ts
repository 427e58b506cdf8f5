import { DomainError } from '@connect/contracts';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Entity, EntityStore, stateOf } from './entity-store';
import { RegisterStore } from './register.store';

type Doc = Entity<{ projectId: string }>;

/** The collection of one-time register migrations done, one document each. */
export const MIGRATIONS_COLLECTION = 'drawing_register_migrations';
export const BUCKET_KEYS_MIGRATION = 'drawing-bucket-keys';

/** Pauses (ms) before trying a drawing again while another instance's change of it is unfinished. */
const UNFINISHED_BACKOFF_MS = [50, 200, 800];

/**
 * Drawings and revisions written before the bucket keys existed (id-buckets.ts) get them at
 * startup, before the service takes messages (onModuleInit runs before the
 * consumers start): each is rewritten as a new version through the change
 * log, no events.
 *
 * Once: `$exists` is not pushed down (INFRA.md), so the search for unkeyed
 * documents reads every drawing and revision. When a pass has keyed all it found,
 * a marker document is written and later starts skip the backfill. Documents
 * are walked with one cursor (bounded memory, not an array of them all).
 * Safe with two instances starting at once (both walk; the loser of a version
 * race re-reads and finds the drawing keyed, or keys the newer version; the
 * marker is written once, a duplicate ignored) and with a crash mid-way (no
 * marker: the next start walks again, keyed drawings are left alone).
 *
 * A drawing whose next version is already in the change log but not applied
 * (another instance crashed between the two; the relay applies it later) is
 * tried a few times with a pause, then left for the next start: no marker.
 *
 * The upgrade to keyed drawings is stop-the-world: an older instance
 * running beside a newer one writes drawings without keys (its replaceOne
 * drops them), which the register's bucket pages do not see (README).
 */
@Injectable()
export class BucketBackfill implements OnModuleInit {
  private readonly logger = new Logger(BucketBackfill.name);

  constructor(private readonly store: RegisterStore) {}

  async onModuleInit(): Promise<void> {
    const migrations = this.store.drawings.model.db.collection<{ _id: string; at: Date }>(MIGRATIONS_COLLECTION);
    if (await migrations.findOne({ _id: BUCKET_KEYS_MIGRATION })) return;
    let left = 0;
    for (const entities of [this.store.drawings, this.store.revisions] as EntityStore<{ projectId: string }>[]) {
      let keyed = 0;
      // A deleted entity's tombstone (the change log's {_id, version, deletedAt}) is no document to key.
      const cursor = entities.model
        .find({ bucket3: { $exists: false }, deletedAt: { $exists: false } })
        .lean<Doc>()
        .cursor({ batchSize: 200 });
      let batch: Doc[] = [];
      const flush = async () => {
        const done = await Promise.all(batch.map((doc) => this.key(entities, doc)));
        keyed += done.filter(Boolean).length;
        left += done.length - done.filter(Boolean).length;
        batch = [];
      };
      for await (const doc of cursor) {
        batch.push(doc as Doc);
        if (batch.length === 8) await flush();
      }
      await flush();
      if (keyed) this.logger.log(`${entities.aggregate}: bucket keys added to ${keyed} documents`);
    }
    if (left) {
      this.logger.warn(`${left} documents have an unfinished change; their bucket keys are added at the next start`);
      return;
    }
    try {
      await migrations.insertOne({ _id: BUCKET_KEYS_MIGRATION, at: new Date() });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  /** False: left for the next start (another instance's change of it is unfinished). */
  private async key(entities: EntityStore<{ projectId: string }>, doc: Doc): Promise<boolean> {
    let unfinished = 0;
    for (let current: Doc | null = doc; current && !('bucket3' in current); ) {
      try {
        await entities.update(current, stateOf(current), { kind: 'bucket-keys' });
        return true;
      } catch (err) {
        if (!(err instanceof DomainError && err.code === 'CONCURRENT_MODIFICATION')) throw err;
      }
      const reread: Doc | null = await entities.find(current.projectId, current._id);
      if (reread && reread.version === current.version) {
        // The next version is in the change log, not applied yet: pause, then leave it.
        if (unfinished === UNFINISHED_BACKOFF_MS.length) return false;
        await new Promise((r) => setTimeout(r, UNFINISHED_BACKOFF_MS[unfinished++]));
      }
      current = reread;
    }
    return true;
  }
}
