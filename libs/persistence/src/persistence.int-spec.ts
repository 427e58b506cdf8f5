import { defineEvent } from '@connect/contracts';
import { HandleMessage, MessageBus, MessagingModule, messageMetrics } from '@connect/messaging';
import { BrokerAdmin, infrastructureFromEnv, waitFor } from '@connect/testing';
import { Injectable } from '@nestjs/common';
import { InjectModel, MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { connect } from 'amqplib';
import { IsInt, IsString } from 'class-validator';
import { Connection, Model, Schema } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { ChangeLog } from './change-log';
import { databaseName } from './database-name';
import { applyIfNewer } from './versioned-writes';
import { MongoMessageInbox } from './inbox';
import { insertAllOnce } from './insert-once';
import { PersistenceModule } from './persistence.module';

class Counted {
  @IsString() id!: string;
  @IsInt() value!: number;
}
const CounterChanged = defineEvent('test.counter.changed', 1, Counted);

interface Counter {
  _id: string;
  version: number;
  value: number;
}
const CounterSchema = new Schema<Counter>({ _id: String, version: Number, value: Number }, { versionKey: false });
/** Tags have unique codes: a state that takes a code in use can never be applied. */
const TagSchema = new Schema({ _id: String, version: Number, code: String }, { versionKey: false });
TagSchema.index({ code: 1 }, { unique: true });

@Injectable()
class Counters {
  constructor(
    @InjectModel('Counter') readonly model: Model<Counter>,
    readonly log: ChangeLog,
  ) {
    log.register('counter', model as never);
  }

  set(id: string, expectedVersion: number, value: number) {
    return this.log.commit({ aggregate: 'counter', id, scope: 'p1', expectedVersion, state: { value }, kind: 'set', events: [{ definition: CounterChanged, payload: { id, value } }] });
  }
}

@Injectable()
class Listener {
  readonly seen: Counted[] = [];
  @HandleMessage(CounterChanged)
  onChanged(p: Counted) {
    this.seen.push(p);
  }
}

describe('persistence on the real database server', () => {
  const run = randomBytes(4).toString('hex');
  const vhost = `test_db_${run}`;
  const admin = new BrokerAdmin();
  const infra = infrastructureFromEnv();
  const url = `${infra.amqpUrl}/${vhost}`;
  let app: TestingModule;
  let counters: Counters;
  let listener: Listener;

  beforeAll(async () => {
    await admin.createVhost(vhost);
    app = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRootAsync({ useFactory: () => ({ url: infra.mongoUrl, dbName: databaseName('persistence-spec', `_test_${run}`, 'test') }) }),
        MongooseModule.forFeature([
          { name: 'Counter', schema: CounterSchema, collection: 'counters' },
          { name: 'Tag', schema: TagSchema, collection: 'tags' },
        ]),
        MessagingModule.forRootAsync({
          inject: [getConnectionToken()],
          useFactory: (c: Connection) => ({ url, service: 'persistence-spec', retryDelaysMs: [200], inbox: new MongoMessageInbox(c) }),
        }),
      ],
      providers: [Counters, Listener],
    }).compile();
    await app.init();
    counters = app.get(Counters);
    listener = app.get(Listener);
  });

  afterAll(async () => {
    await app.get<Connection>(getConnectionToken()).dropDatabase();
    await app.close();
    await admin.deleteVhost(vhost);
  });

  it('handles a redelivered message (same message id) once', async () => {
    const bus = app.get(MessageBus);
    const envelope = bus.envelope(CounterChanged, { id: 'dup', value: 7 }, { id: 'duplicate-delivery-1' });
    const conn = await connect(url);
    const ch = await conn.createConfirmChannel();
    for (let i = 0; i < 3; i++) ch.publish('connect', CounterChanged.routingKey, Buffer.from(JSON.stringify(envelope)), { persistent: true, messageId: envelope.id });
    await ch.waitForConfirms();
    await conn.close();
    // All three copies settled: one handled, two recognised as duplicates.
    const duplicates = async () => (await messageMetrics.consumed.get()).values.find((v) => v.labels['routing_key'] === CounterChanged.routingKey && v.labels['outcome'] === 'duplicate')?.value ?? 0;
    await waitFor(async () => (await duplicates()) >= 2);
    expect(await duplicates()).toBe(2);
    expect(listener.seen.filter((p) => p.id === 'dup')).toHaveLength(1);
  });

  it('takes over the claim of a consumer that died while handling a message, once its lease ran out', async () => {
    const bus = app.get(MessageBus);
    const envelope = bus.envelope(CounterChanged, { id: 'orphan', value: 1 }, { id: 'orphaned-delivery-1' });
    const inbox = app.get<Connection>(getConnectionToken()).collection('inbox_claims');
    await inbox.insertOne({ _id: `Listener.onChanged:${envelope.id}` as never, holder: 'dead-consumer', expiresAt: new Date(Date.now() - 60_000), version: 1 });
    await bus.publishEnvelope(envelope);
    await waitFor(() => listener.seen.some((p) => p.id === 'orphan'));
    await waitFor(async () => (await inbox.findOne({ _id: `Listener.onChanged:${envelope.id}` as never }))?.['holder'] === '@done');
  });

  it('lets exactly one of concurrent writers of the same version win (optimistic concurrency)', async () => {
    await counters.set('c1', 0, 1);
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => counters.set('c1', 1, 100 + i)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((r) => r.reason.code === 'CONCURRENT_MODIFICATION')).toBe(true);
    const doc = await counters.model.findById('c1').lean();
    expect(doc).toMatchObject({ version: 2 });
    const history = await app.get(ChangeLog).history('counter', 'c1');
    expect(history.map((h) => h.entityVersion)).toEqual([1, 2]);
  });

  it('publishes each change once, with an id derived from the change', async () => {
    await counters.set('c2', 0, 5);
    await waitFor(() => listener.seen.some((p) => p.id === 'c2'));
    expect(listener.seen.filter((p) => p.id === 'c2')).toEqual([{ id: 'c2', value: 5 }]);
  });

  it("publishes one entity's events in version order: a change whose previous one is unpublished (its writer died) leaves its events to the relay, which sends the previous one's first", async () => {
    const log = app.get(ChangeLog);
    const bus = app.get(MessageBus);
    // A writer that died right after inserting version 1's record: within the grace a live writer gets, so the relay waits.
    await log.records.create({
      _id: 'counter:c8:1', aggregate: 'counter', aggregateId: 'c8', scope: 'p1', entityVersion: 1, kind: 'set', actorId: null, data: {},
      at: new Date(), state: { value: 1 }, published: false,
      events: [bus.envelope(CounterChanged, { id: 'c8', value: 1 }, { id: 'counter:c8:1:0' })],
    });
    await counters.set('c8', 1, 2);
    expect((await counters.model.findById('c8').lean())?.value).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(listener.seen.filter((p) => p.id === 'c8')).toEqual([]);
    await waitFor(() => listener.seen.filter((p) => p.id === 'c8').length === 2);
    expect(listener.seen.filter((p) => p.id === 'c8')).toEqual([{ id: 'c8', value: 1 }, { id: 'c8', value: 2 }]);
    // Once published, the next change of the entity goes out at once (its writer published the previous one).
    await counters.set('c8', 2, 3);
    await counters.set('c8', 3, 4);
    await waitFor(() => listener.seen.filter((p) => p.id === 'c8').length === 4, 1000);
    expect(listener.seen.filter((p) => p.id === 'c8').map((p) => p.value)).toEqual([1, 2, 3, 4]);
  });

  it('rolls a change forward and publishes it when its writer crashed after recording it', async () => {
    const log = app.get(ChangeLog);
    const bus = app.get(MessageBus);
    // A writer that died right after inserting its change record: state not applied, events not published.
    await log.records.create({
      _id: 'counter:c3:1', aggregate: 'counter', aggregateId: 'c3', scope: 'p1', entityVersion: 1, kind: 'set', actorId: null, data: {},
      at: new Date(Date.now() - 60_000), state: { value: 42 }, published: false,
      events: [bus.envelope(CounterChanged, { id: 'c3', value: 42 }, { id: 'counter:c3:1:0' })],
    });
    await waitFor(async () => (await counters.model.findById('c3').lean())?.value === 42);
    await waitFor(() => listener.seen.some((p) => p.id === 'c3'));
    await waitFor(async () => (await log.records.findById('counter:c3:1').lean())?.published === true);
    expect(await log.relayOnce()).toBe(0);
    expect(listener.seen.filter((p) => p.id === 'c3')).toHaveLength(1);
  });

  it("issue 17.6: tells an aggregate's `applied` hook the scope of every state applied — by the writer before commit returns, by the relay — and a failing hook leaves the change to the relay", async () => {
    const log = app.get(ChangeLog);
    const gauges = app.get<Connection>(getConnectionToken()).model('Gauge', CounterSchema, 'gauges');
    const told: string[] = [];
    let failures = 0;
    log.register('gauge', gauges as never, async (scope) => {
      if (failures > 0) {
        failures--;
        throw new Error('hook down');
      }
      told.push(scope);
    });
    const set = (id: string, expectedVersion: number, state: { value: number } | null, scope: string) =>
      log.commit({ aggregate: 'gauge', id, scope, expectedVersion, state, kind: state ? 'set' : 'deleted', events: [] });
    await set('g1', 0, { value: 1 }, 'p7');
    expect(told).toEqual(['p7']);
    await set('g1', 1, null, 'p7');
    expect(told).toEqual(['p7', 'p7']);
    // The state lands, the hook fails: the commit fails and the change stays unfinished; the relay applies it again and tells the hook.
    failures = 1;
    await expect(set('g2', 0, { value: 5 }, 'p8')).rejects.toThrow('hook down');
    expect((await gauges.findById('g2').lean())?.value).toBe(5);
    expect((await log.records.findById('gauge:g2:1').lean())?.published).toBe(false);
    await log.finishPending('p8');
    expect(told).toEqual(['p7', 'p7', 'p8']);
    expect((await log.records.findById('gauge:g2:1').lean())?.published).toBe(true);
  });

  it("issue 17.6 (review of the S3 stamp check): the relay tells the `applied` hook before it publishes a change that landed untold — when a newer record of the entity exists, and when its fence shut after it landed", async () => {
    const log = app.get(ChangeLog);
    const dials = app.get<Connection>(getConnectionToken()).model('Dial', CounterSchema, 'dials');
    const watched = { id: '' };
    const told: { scope: string; published: boolean | undefined }[] = [];
    let failures = 0;
    log.register('dial', dials as never, async (scope) => {
      if (failures > 0) {
        failures--;
        throw new Error('hook down');
      }
      // Whether the watched record's events had gone out when the hook was told.
      told.push({ scope, published: (await log.records.findById(watched.id).lean())?.published });
    });
    const fence = `dial-fence-${run}`;
    const shut = new Set<string>();
    log.fenceWith(async (f) => (shut.has(f) ? new Error(`fence ${f} shut`) : null));
    try {
      // A newer record exists: the relay publishes the older one without applying it.
      watched.id = `dial:d1-${run}:1`;
      failures = 1;
      await expect(log.commit({ aggregate: 'dial', id: `d1-${run}`, scope: 'pd1', expectedVersion: 0, state: { value: 1 }, kind: 'set', events: [] })).rejects.toThrow('hook down');
      await log.records.create({ ...(await log.records.findById(watched.id).lean())!, _id: `dial:d1-${run}:2`, entityVersion: 2, state: { value: 2 }, published: true });
      await log.finishPending('pd1');
      expect(told).toEqual([{ scope: 'pd1', published: false }]);
      expect((await log.records.findById(watched.id).lean())?.published).toBe(true);
      // Landed, then the fence shut: the relay's refusal finds it landed and publishes it as it is.
      told.length = 0;
      watched.id = `dial:d2-${run}:1`;
      failures = 1;
      await expect(log.fenced(fence, () => log.commit({ aggregate: 'dial', id: `d2-${run}`, scope: 'pd2', expectedVersion: 0, state: { value: 1 }, kind: 'set', events: [] }))).rejects.toThrow('hook down');
      shut.add(fence);
      await log.finishPending('pd2');
      expect(await dials.findById(`d2-${run}`).lean()).toMatchObject({ version: 1, value: 1 });
      expect(told).toEqual([{ scope: 'pd2', published: false }]);
      expect((await log.records.findById(watched.id).lean())?.published).toBe(true);
    } finally {
      log.fenceWith(async () => null);
    }
  });

  it("issue 17.6: a hook failing with a duplicate key or a mongoose-named error after the state landed is not the change's refusal — the record stays, the relay publishes", async () => {
    const log = app.get(ChangeLog);
    const meters = app.get<Connection>(getConnectionToken()).model('Meter', CounterSchema, 'meters');
    const failWith: Error[] = [];
    log.register('meter', meters as never, async () => {
      const err = failWith.shift();
      if (err) throw err;
    });
    const duplicate = Object.assign(new Error("E11000 duplicate key (the hook's own write)"), { code: 11000 });
    const castError = Object.assign(new Error('hook cast failed'), { name: 'CastError' });
    for (const [i, err] of [duplicate, castError].entries()) {
      const id = `m${i}-${run}`;
      failWith.push(err);
      const commit = log.commit({ aggregate: 'meter', id, scope: `pm${i}`, expectedVersion: 0, state: { value: i }, kind: 'set', events: [{ definition: CounterChanged, payload: { id, value: i } }] });
      await expect(commit).rejects.toThrow(err.message);
      await expect(commit).rejects.not.toMatchObject({ code: 'ALREADY_EXISTS' });
      expect((await meters.findById(id).lean())?.value).toBe(i);
      expect((await log.records.findById(`meter:${id}:1`).lean())?.published).toBe(false);
      await log.finishPending(`pm${i}`);
      expect((await log.records.findById(`meter:${id}:1`).lean())?.published).toBe(true);
      await waitFor(() => listener.seen.some((p) => p.id === id));
    }
  });

  it('insertAllOnce keeps what is there already, but throws when another document failed after a duplicate (the bulk error carries the first code, 11000)', async () => {
    const tags = app.get<Connection>(getConnectionToken()).model('Tag', TagSchema, 'tags') as unknown as Model<object>;
    const id = (n: string) => `once-${run}-${n}`;
    await insertAllOnce(tags, [{ _id: id('a'), version: 1, code: id('a') }]);
    await insertAllOnce(tags, [{ _id: id('a'), version: 1, code: id('a') }, { _id: id('b'), version: 1, code: id('b') }]);
    expect(await tags.countDocuments({ _id: { $in: [id('a'), id('b')] } })).toBe(2);
    // The server refuses an array _id (code 53 on FerretDB): a write error after the duplicate's.
    const mixed = insertAllOnce(tags, [{ _id: id('a'), version: 1, code: id('a') }, { _id: [id('c')], version: 1, code: id('c') }]);
    await expect(mixed).rejects.toMatchObject({ name: 'MongoBulkWriteError', code: 11000 });
  });

  // Issue 12 leftover: conditional deletes are not atomic on FerretDB (INFRA.md), so a deletion is a guarded tombstone.
  it('issue 12: a deletion and a newer change applied at the same moment end in the newer change, whichever lands first (many concurrent writers)', async () => {
    const log = app.get(ChangeLog);
    const docs = counters.model.collection;
    const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 4));
    const ids = Array.from({ length: 60 }, (_, i) => `deleted-${run}-${i}`);
    await Promise.all(ids.map((id, i) => counters.set(id, 0, i)));
    // v2 deletes each counter; v3 makes it again at once (as a resync's repair does, numbering after the change log's last
    // version): both records are in, and their applies race — the deletion must never remove v3 nor win over it.
    await Promise.all(
      ids.flatMap((id, i) => [
        jitter().then(() => log.commit({ aggregate: 'counter', id, scope: 'p1', expectedVersion: 1, state: null, kind: 'deleted', events: [] })),
        jitter().then(() => log.commit({ aggregate: 'counter', id, scope: 'p1', expectedVersion: 2, state: { value: 1000 + i }, kind: 'set', events: [] })),
      ]),
    );
    const left = new Map((await docs.find({ _id: { $in: ids } } as never).toArray()).map((d) => [String(d._id), d]));
    const lost = ids.filter((id, i) => left.get(id)?.['version'] !== 3 || left.get(id)?.['value'] !== 1000 + i);
    expect(lost).toEqual([]);
  });

  it('issue 12: a deleted entity is a tombstone no older state can replace, removed once no older change can be on its way', async () => {
    const log = app.get(ChangeLog);
    const docs = counters.model.collection;
    const id = `tombstone-${run}`;
    await counters.set(id, 0, 1);
    await log.commit({ aggregate: 'counter', id, scope: 'p1', expectedVersion: 1, state: null, kind: 'deleted', events: [] });
    expect(await docs.findOne({ _id: id } as never)).toEqual({ _id: id, version: 2, deletedAt: expect.any(Date) });
    // The first change again, as a relay round that had read it before the deletion would apply it: stale.
    const first = (await log.records.findById(`counter:${id}:1`).lean())!;
    await log.records.updateOne({ _id: first._id }, { $set: { published: false, at: new Date(Date.now() - 60_000) } });
    await log.records.deleteOne({ _id: `counter:${id}:2` });
    await log.relayOnce();
    expect(await docs.findOne({ _id: id } as never)).toMatchObject({ version: 2, deletedAt: expect.any(Date) });
    log.tombstoneMs = 0;
    try {
      await log.sweepTombstones();
    } finally {
      log.tombstoneMs = 10 * 60_000;
    }
    expect(await docs.findOne({ _id: id } as never)).toBeNull();
  });

  // Issue 12: one record that can never be applied does not hold the others back.
  it('relays the other unfinished changes when one record is poisoned', async () => {
    const log = app.get(ChangeLog);
    const bus = app.get(MessageBus);
    const tags = app.get<Connection>(getConnectionToken()).model('Tag');
    log.register('tag', tags as never);
    await tags.create({ _id: 't0', version: 1, code: 'X' });
    const record = (aggregate: string, id: string, state: object) => ({
      _id: `${aggregate}:${id}:1`, aggregate, aggregateId: id, scope: 'p1', entityVersion: 1, kind: 'set', actorId: null, data: {},
      at: new Date(Date.now() - 60_000), state, published: false,
      events: [bus.envelope(CounterChanged, { id, value: 1 }, { id: `${aggregate}:${id}:1:0` })],
    });
    // Sorted first by the relay; its state takes tag t0's code: applying it always fails.
    await log.records.create([record('tag', 'a-poisoned', { code: 'X' }), record('counter', 'b-healthy', { value: 8 })]);
    await waitFor(async () => (await counters.model.findById('b-healthy').lean())?.value === 8);
    await waitFor(async () => (await log.records.findById('counter:b-healthy:1').lean())?.published === true);
    await waitFor(() => listener.seen.some((p) => p.id === 'b-healthy'));
    expect((await log.records.findById('tag:a-poisoned:1').lean())?.published).toBe(false);
    await log.records.deleteOne({ _id: 'tag:a-poisoned:1' });
  });

  // Review finding 1 (S6, C14): a caller of finishPending (an undo, a disconnect) never goes on with a change left unfinished.
  it('finishPending throws while a change of its scope is left unfinished, and resolves once none is', async () => {
    const log = app.get(ChangeLog);
    const tags = app.get<Connection>(getConnectionToken()).model('Tag');
    log.register('tag', tags as never);
    await tags.create({ _id: `held-owner-${run}`, version: 1, code: `H-${run}` });
    const _id = `tag:held-${run}:1`;
    await log.records.create({
      _id, aggregate: 'tag', aggregateId: `held-${run}`, scope: `held-${run}`, entityVersion: 1, kind: 'set', actorId: null, data: {},
      at: new Date(), state: { code: `H-${run}` }, published: false, events: [],
    });
    await expect(log.finishPending(`held-${run}`)).rejects.toThrow(/still unfinished/);
    await log.records.deleteOne({ _id });
    await expect(log.finishPending(`held-${run}`)).resolves.toBeUndefined();
  });

  it('S6 (review, finding 1): a change held to a fence that shut is refused, by its writer and by the relay, and a late write of it loses', async () => {
    const log = app.get(ChangeLog);
    const bus = app.get(MessageBus);
    const shut = new Set<string>();
    const fence = `fence-${run}`;
    log.fenceWith(async (f) => (shut.has(f) ? new Error(`fence ${f} shut`) : null));
    try {
      const id = `fenced-${run}`;
      const doc = () => counters.model.findById(id).lean();
      await log.fenced(fence, () => counters.set(id, 0, 1));
      expect(await doc()).toMatchObject({ version: 1, value: 1 });
      shut.add(fence);
      // A writer let in before the fence shut: its record goes in, its change does not happen.
      await expect(log.fenced(fence, () => counters.set(id, 1, 2))).rejects.toThrow(`fence ${fence} shut`);
      expect(await doc()).toMatchObject({ version: 2, value: 1 });
      expect(await log.records.findById(`counter:${id}:2`).lean()).toMatchObject({ kind: 'refused-by-fence', published: true, events: [] });
      // A dead writer's record, landed after the fence shut: refused by the relay, and its own write, arriving late, loses.
      await log.records.create({
        _id: `counter:${id}:3`, aggregate: 'counter', aggregateId: id, scope: 'p1', entityVersion: 3, kind: 'set', actorId: null, data: {},
        at: new Date(), state: { value: 3 }, published: false, fence,
        events: [bus.envelope(CounterChanged, { id, value: 3 }, { id: `counter:${id}:3:0` })],
      });
      await log.finishPending('p1');
      expect(await doc()).toMatchObject({ version: 3, value: 1 });
      expect(await applyIfNewer(counters.model, { _id: id, version: 3, value: 3 })).toBe('stale');
      // Never created: the refusal is a tombstone.
      const never = `fenced-never-${run}`;
      await expect(log.fenced(fence, () => counters.set(never, 0, 7))).rejects.toThrow(`fence ${fence} shut`);
      expect(await counters.model.findById(never).lean()).toMatchObject({ version: 1, deletedAt: expect.any(Date) });
      await new Promise((r) => setTimeout(r, 500));
      expect(listener.seen.filter((p) => p.id === id || p.id === never).map((p) => p.value)).toEqual([1]);
    } finally {
      log.fenceWith(async () => null);
    }
  });

  // Review finding 4: the tombstone's record is guarded like the entity, so an older deletion applied late cannot
  // lower the version it holds (then the sweep would look for a tombstone of that version and keep the real one).
  it('a deletion applied again late leaves the tombstone record at the newest deletion: the sweep removes the tombstone', async () => {
    const log = app.get(ChangeLog);
    const id = `tombstone-again-${run}`;
    await counters.set(id, 0, 1);
    await log.commit({ aggregate: 'counter', id, scope: 'p1', expectedVersion: 1, state: null, kind: 'deleted', events: [] });
    await counters.set(id, 2, 3);
    await log.commit({ aggregate: 'counter', id, scope: 'p1', expectedVersion: 3, state: null, kind: 'deleted', events: [] });
    // The first deletion again, as a relay round that had read it before the later changes would apply it.
    await log.records.updateOne({ _id: `counter:${id}:2` }, { $set: { published: false, at: new Date(Date.now() - 60_000) } });
    await log.records.deleteOne({ _id: `counter:${id}:3` });
    await log.relayOnce();
    expect(await counters.model.collection.findOne({ _id: id } as never)).toMatchObject({ version: 4, deletedAt: expect.any(Date) });
    log.tombstoneMs = 0;
    try {
      await log.sweepTombstones();
    } finally {
      log.tombstoneMs = 10 * 60_000;
    }
    expect(await counters.model.collection.findOne({ _id: id } as never)).toBeNull();
  });

});
