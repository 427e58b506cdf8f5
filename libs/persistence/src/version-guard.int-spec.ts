import { infrastructureFromEnv } from '@connect/testing';
import mongoose, { Connection, Schema } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Leases } from './leases';
import { applyIfNewer, isVersionConflictError } from './versioned-writes';

// Issue 12: conditional writes on FerretDB v1 are a read in Go plus an UPDATE by _id.
// The version guard (infra/postgres/version-guard.sql) makes every version-conditioned
// write atomic. Every writer here has a connection of its own, so the writes really
// run at once in the server (on MongoDB 7 they are atomic natively).
const pgUrl = process.env['PG_URL'];
const onFerret = pgUrl ? it : it.skip;

const WRITERS = 10;
const INCREMENTS = 30;

interface Counter {
  _id: string;
  version: number;
  n: number;
}
interface State {
  _id: string;
  version: number;
  label: string;
}
const StateSchema = new Schema<State>({ _id: String, version: Number, label: String }, { versionKey: false });

describe('the version guard (atomic conditional writes)', () => {
  const run = randomBytes(4).toString('hex');
  const dbName = `persistence_guard_test_${run}`;
  const { mongoUrl } = infrastructureFromEnv();
  let conns: Connection[];
  let pg: Client | undefined;

  beforeAll(async () => {
    conns = await Promise.all(Array.from({ length: WRITERS }, () => mongoose.createConnection(mongoUrl, { dbName, maxPoolSize: 1 }).asPromise()));
    if (pgUrl) {
      pg = new Client({ connectionString: pgUrl });
      await pg.connect();
    }
  });
  afterAll(async () => {
    await conns[0]?.dropDatabase();
    await Promise.all(conns.map((c) => c.close()));
    await pg?.end();
  });

  /** The PostgreSQL table FerretDB keeps a collection in (read from FerretDB's own metadata). */
  async function tableOf(collection: string): Promise<string> {
    const { rows } = await pg!.query<{ t: string }>(`SELECT _jsonb->>'table' AS t FROM "${dbName}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = $1`, [collection]);
    return `"${dbName}"."${rows[0].t}"`;
  }

  /** 10 writers × 30 compare-and-set increments, each retried on a miss; returns [successes, counted]. */
  async function compareAndSet(collection: string): Promise<[number, number]> {
    await conns[0].collection<Counter>(collection).insertOne({ _id: 'c', version: 0, n: 0 });
    let successes = 0;
    await Promise.all(
      conns.map(async (conn) => {
        const coll = conn.collection<Counter>(collection);
        for (let done = 0; done < INCREMENTS; ) {
          const cur = (await coll.findOne({ _id: 'c' }))!;
          try {
            const res = await coll.updateOne({ _id: 'c', version: cur.version }, { $set: { version: cur.version + 1 }, $inc: { n: 1 } });
            if (res.modifiedCount === 1) {
              done++;
              successes++;
            }
          } catch (err) {
            if (!isVersionConflictError(err)) throw err;
          }
        }
      }),
    );
    const doc = (await conns[0].collection<Counter>(collection).findOne({ _id: 'c' }))!;
    return [successes, doc.n];
  }

  it('loses nothing: 10 writers × 30 compare-and-set increments count 300', async () => {
    const [successes, counted] = await compareAndSet('cas_guarded');
    expect(successes).toBe(WRITERS * INCREMENTS);
    expect(counted).toBe(WRITERS * INCREMENTS);
  });

  onFerret('is what makes it atomic: on a table whose guard was dropped the same test loses updates', async () => {
    await conns[0].createCollection('cas_unguarded');
    await pg!.query(`DROP TRIGGER connect_version_guard ON ${await tableOf('cas_unguarded')}`);
    const [successes, counted] = await compareAndSet('cas_unguarded');
    expect(successes).toBe(WRITERS * INCREMENTS);
    expect(counted).toBeLessThan(WRITERS * INCREMENTS);
  });

  onFerret('refuses an in-place update that does not raise version with a conflict (SQLSTATE 40001)', async () => {
    const coll = conns[0].collection<Counter>('refusals');
    await coll.insertOne({ _id: 'r', version: 3, n: 0 });
    const same = await coll.updateOne({ _id: 'r' }, { $inc: { n: 1 } }).catch((e: unknown) => e);
    expect(isVersionConflictError(same)).toBe(true);
    const lower = await coll.replaceOne({ _id: 'r' }, { version: 2, n: 9 }).catch((e: unknown) => e);
    expect(isVersionConflictError(lower)).toBe(true);
    const gone = await coll.replaceOne({ _id: 'r' }, { n: 9 } as never).catch((e: unknown) => e);
    expect(isVersionConflictError(gone)).toBe(true);
    expect(await coll.findOne({ _id: 'r' })).toEqual({ _id: 'r', version: 3, n: 0 });
    // Raising it passes; documents without version are untouched by the guard.
    await coll.updateOne({ _id: 'r' }, { $set: { version: 4 }, $inc: { n: 1 } });
    await coll.insertOne({ _id: 'plain', n: 0 } as never as Counter);
    await coll.updateOne({ _id: 'plain' }, { $inc: { n: 1 } });
    expect(await coll.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'plain', n: 1 },
      { _id: 'r', version: 4, n: 1 },
    ]);
  });

  it('applyIfNewer: 10 writers applying 300 versions at once — the stored version never goes down, the newest wins', async () => {
    const models = conns.map((c) => c.model<State>('State', StateSchema, 'states'));
    const TOTAL = WRITERS * INCREMENTS;
    const regressions: string[] = [];
    const outcomes = { applied: 0, stale: 0 };
    await Promise.all(
      models.map(async (model, w) => {
        // Writer w writes versions w+1, w+11, …: every version once, all writers at once, each state then redelivered.
        for (let v = w + 1; v <= TOTAL; v += WRITERS) {
          for (const copy of [0, 1]) {
            const outcome = await applyIfNewer(model, { _id: 'newest', version: v, label: `v${v}` });
            outcomes[outcome]++;
            if (copy === 1 && outcome === 'applied') regressions.push(`v${v} applied twice`);
          }
          const stored = await model.findById('newest').lean();
          if (stored!.version < v) regressions.push(`after writing v${v} the document went back to v${stored!.version}`);
        }
      }),
    );
    expect(regressions).toEqual([]);
    expect(await models[0].findById('newest').lean()).toEqual({ _id: 'newest', version: TOTAL, label: `v${TOTAL}` });
    expect(outcomes.applied + outcomes.stale).toBe(2 * TOTAL);
  });

  it('Leases: of 10 contenders for an expired lease exactly one takes it over, every round', async () => {
    const leases = conns.map((c) => new Leases(c, 'leases'));
    const winners: number[] = [];
    for (let round = 0; round < 20; round++) {
      const key = `job-${round}`;
      expect(await leases[0].acquire(key, 'dead-holder', 1)).toBe(true);
      await new Promise((r) => setTimeout(r, 5)); // the holder died: its lease ran out
      const taken = await Promise.all(leases.map((l, i) => l.acquire(key, `contender-${i}`, 60_000)));
      winners.push(taken.filter(Boolean).length);
      const held = await leases[0].model.findById(key).lean();
      expect(held?.holder).toBe(`contender-${taken.indexOf(true)}`);
      // Renew and release only work for the holder.
      const other = (taken.indexOf(true) + 1) % WRITERS;
      expect(await leases[other].renew(key, `contender-${other}`, 60_000)).toBe(false);
      expect(await leases[taken.indexOf(true)].renew(key, `contender-${taken.indexOf(true)}`, 60_000)).toBe(true);
    }
    expect(winners).toEqual(Array(20).fill(1));
  });
});
