import { defineEvent } from '@connect/contracts';
import { MessagingModule } from '@connect/messaging';
import { BrokerAdmin, infrastructureFromEnv } from '@connect/testing';
import { Injectable } from '@nestjs/common';
import { InjectModel, MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { IsInt, IsString } from 'class-validator';
import type { CommandStartedEvent } from 'mongodb';
import { Connection, Model, Schema } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { ChangeLog } from './change-log';
import { databaseName } from './database-name';
import { MongoMessageInbox } from './inbox';
import { Leases } from './leases';
import { PersistenceModule } from './persistence.module';

class Counted {
  @IsString() id!: string;
  @IsInt() value!: number;
}
const CounterChanged = defineEvent('test.durable.changed', 1, Counted);
const CounterSchema = new Schema({ _id: String, version: Number, value: Number }, { versionKey: false });

@Injectable()
class Counters {
  constructor(
    @InjectModel('Counter') readonly model: Model<{ _id: string; version: number; value: number }>,
    readonly log: ChangeLog,
  ) {
    log.register('counter', model as never);
  }
}

const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);
const READS = new Set(['find', 'aggregate', 'count', 'distinct']);

/** With several hosts or a query already in the URL, the driver's own URI option turns command monitoring on. */
function monitored(url: string): string {
  const [base, query] = url.split('?');
  return query === undefined ? `${(base ?? "").replace(/\/?$/, '/')}?monitorCommands=true` : `${base}?${query}&monitorCommands=true`;
}

// Issue 18 (item 3): the writes that must not be lost (outbox, inbox, leases, states) wait for a majority,
// journaled, and the reads that decide read what a majority committed — set once on the connection, and
// accepted by the server the tests run on (FerretDB here, MongoDB 7 in docker-compose).
describe('write and read concerns on the real database server (issue 18)', () => {
  const run = randomBytes(4).toString('hex');
  const vhost = `test_wc_${run}`;
  const admin = new BrokerAdmin();
  const infra = infrastructureFromEnv();
  const dbName = databaseName('write-concern-spec', `_test_${run}`, 'test');
  const seen: CommandStartedEvent[] = [];
  let app: TestingModule;

  beforeAll(async () => {
    await admin.createVhost(vhost);
    app = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRootAsync({ useFactory: () => ({ url: monitored(infra.mongoUrl), dbName }) }),
        MongooseModule.forFeature([{ name: 'Counter', schema: CounterSchema, collection: 'counters' }]),
        MessagingModule.forRootAsync({
          inject: [getConnectionToken()],
          useFactory: (c: Connection) => ({ url: `${infra.amqpUrl}/${vhost}`, service: 'write-concern-spec', inbox: new MongoMessageInbox(c) }),
        }),
      ],
      providers: [Counters],
    }).compile();
    app.get<Connection>(getConnectionToken()).getClient().on('commandStarted', (e: CommandStartedEvent) => {
      if (e.databaseName === dbName) seen.push(e);
    });
    await app.init();
  });

  afterAll(async () => {
    await app?.get<Connection>(getConnectionToken()).dropDatabase();
    await app?.close();
    await admin.deleteVhost(vhost);
  });

  it('sends w: majority, j: true with every write of a change, a lease and an inbox claim, and readConcern majority with every read', async () => {
    const connection = app.get<Connection>(getConnectionToken());
    const counters = app.get(Counters);
    seen.length = 0;

    await counters.log.commit({ aggregate: 'counter', id: 'c1', scope: 'p1', expectedVersion: 0, state: { value: 1 }, kind: 'set', events: [{ definition: CounterChanged, payload: { id: 'c1', value: 1 } }] });
    const leases = new Leases(connection);
    expect(await leases.acquire('job', 'instance-a', 60_000)).toBe(true);
    expect(await leases.renew('job', 'instance-a', 60_000)).toBe(true);
    const inbox = new MongoMessageInbox(connection);
    expect(await inbox.claim('handler:m1', 'instance-a')).toBe('run');
    expect(await inbox.complete('handler:m1', 'instance-a')).toBe(true);
    expect(await inbox.claim('handler:m1', 'instance-b')).toBe('done');
    await counters.model.findOneAndUpdate({ _id: 'c1', version: 1 }, { $set: { version: 2, value: 2 } }).exec();
    expect(await counters.model.countDocuments({ _id: 'c1' }).exec()).toBe(1);
    await connection.collection('scratch').insertOne({ _id: 'raw' as never });
    await connection.collection('scratch').deleteOne({ _id: 'raw' as never });

    const writes = seen.filter((e) => WRITES.has(e.commandName));
    const reads = seen.filter((e) => READS.has(e.commandName));
    // Each kind of command was observed, in each collection the writes above touch.
    expect(new Set(writes.map((e) => e.commandName))).toEqual(WRITES);
    expect(new Set(writes.map((e) => String(e.command[e.commandName])))).toEqual(new Set(['changes', 'counters', 'leases', 'inbox_claims', 'scratch']));
    expect(reads.length).toBeGreaterThan(0);
    for (const e of writes) expect({ [e.commandName]: e.command['writeConcern'] }).toEqual({ [e.commandName]: { w: 'majority', j: true, wtimeout: 10_000 } });
    for (const e of reads) expect({ [e.commandName]: e.command['readConcern'] }).toEqual({ [e.commandName]: { level: 'majority' } });
  });
});
