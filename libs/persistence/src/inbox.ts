import { MessageInbox } from '@connect/messaging';
import { Connection } from 'mongoose';
import { FOREVER, Leases } from './leases';

/** The holder of a message's lease once it was handled: later copies are duplicates. */
const DONE = '@done';

/**
 * Message ids claimed and handled by this service's consumers, one lease per
 * `<handler>:<messageId>` (collection `inbox_claims`). A claim is a lease
 * taken by insert or, once a dead holder's lease ran out, by a guarded
 * compare-and-set; completing hands the lease to DONE for good. So two copies
 * delivered at once are handled once, and a copy whose consumer died mid-way
 * is handled by the next one after the lease (FerretDB included).
 */
export class MongoMessageInbox implements MessageInbox {
  readonly leases: Leases;

  constructor(
    connection: Connection,
    readonly leaseMs = 120_000,
  ) {
    this.leases = new Leases(connection, 'inbox_claims');
  }

  async claim(key: string, holder: string): Promise<'run' | 'done' | 'busy'> {
    if (await this.leases.acquire(key, holder, this.leaseMs)) return 'run';
    const held = await this.leases.get(key);
    return held?.holder === DONE ? 'done' : 'busy';
  }

  renew(key: string, holder: string): Promise<boolean> {
    return this.leases.renew(key, holder, this.leaseMs);
  }

  complete(key: string, holder: string): Promise<boolean> {
    return this.leases.handOver(key, holder, DONE, FOREVER);
  }

  release(key: string, holder: string): Promise<void> {
    return this.leases.release(key, holder);
  }
}
