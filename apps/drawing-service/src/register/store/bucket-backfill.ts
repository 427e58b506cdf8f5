import { DomainError } from '@connect/contracts';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Entity, EntityStore, stateOf } from './entity-store';
import { RegisterStore } from './register.store';

/**
 * Drawings and revisions written before the bucket keys existed (id-buckets.ts)
 * get them at startup, before the service takes messages (onModuleInit runs
 * before the consumers start): each is rewritten as a new version through the
 * change log, no events. Idempotent (only documents without `bucket3` are
 * read) and safe with two instances: the loser of a version race re-reads the
 * document and finds it keyed (or keys the newer version).
 */
@Injectable()
export class BucketBackfill implements OnModuleInit {
  private readonly logger = new Logger(BucketBackfill.name);

  constructor(private readonly store: RegisterStore) {}

  async onModuleInit(): Promise<void> {
    for (const entities of [this.store.drawings, this.store.revisions] as EntityStore<{ projectId: string }>[]) {
      // A deleted entity's tombstone (the change log's {_id, version, deletedAt}) is no document to key.
      const missing = await entities.model.find({ bucket3: { $exists: false }, deletedAt: { $exists: false } }).lean<Entity<{ projectId: string }>[]>().exec();
      if (missing.length === 0) continue;
      let next = 0;
      const worker = async () => {
        while (next < missing.length) await this.key(entities, missing[next++]);
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      this.logger.log(`${entities.aggregate}: bucket keys added to ${missing.length} documents`);
    }
  }

  private async key(entities: EntityStore<{ projectId: string }>, doc: Entity<{ projectId: string }>): Promise<void> {
    for (let current: Entity<{ projectId: string }> | null = doc; current && !('bucket3' in current); current = await entities.find(current.projectId, current._id)) {
      try {
        await entities.update(current, stateOf(current), { kind: 'bucket-keys' });
        return;
      } catch (err) {
        if (!(err instanceof DomainError && err.code === 'CONCURRENT_MODIFICATION')) throw err;
      }
    }
  }
}
