import { queueNames } from '@connect/messaging';
import { BrokerRpc, REPO_ROOT, Scenario, ServiceName, System, TestMailbox, directory, eventually, ownsBroker, restartBroker, seedPublishedRevisions, startSystem } from '@connect/testing';
import { MongoClient } from 'mongodb';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, connectionWhen, upstreamRegister } from './sync-helpers';

/*
 * Issue 17, the resilience suite: one initial copy while everything breaks,
 * with two instances of every service. In turn: each service's first
 * instance SIGKILLed and started again, the SMTP server down meanwhile,
 * RabbitMQ restarted, the database (FerretDB) killed for 10 s. Then the
 * final state is asserted exactly: every upstream revision once downstream
 * with one file of its own, each email once per recipient, nothing in any
 * dead-letter queue. Needs a stack the run owns (the native stack of
 * `make test`): elsewhere it is skipped.
 */
const SERVICES: ServiceName[] = ['gateway', 'connection-service', 'drawing-service', 'sync-service', 'notification-service'];
const ownStack = ownsBroker() && process.env['TEST_NATIVE_STACK'] === '1' && process.env['PG_URL'] !== undefined;

(ownStack ? describe : describe.skip)('resilience (issue 17): an initial copy while every part fails in turn', () => {
  const N = Number(process.env['RESILIENCE_REVISIONS'] ?? 300);
  let system: System;
  let mailbox: TestMailbox;
  let s: Scenario;
  let mongo: MongoClient;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    system = await startSystem({
      services: SERVICES,
      instances: Object.fromEntries(SERVICES.map((x) => [x, 2])),
      env: {
        SMTP_URL: mailbox.url,
        MAIL_POLL_MS: '200',
        MAIL_RETRY_BASE_MS: '200',
        MAIL_RETRY_MAX_MS: '2000',
        MAIL_MAX_ATTEMPTS: '100',
        SYNC_LEASE_MS: '3000',
        SYNC_TICK_MS: '500',
        SYNC_REREQUEST_AFTER_MS: '10000',
      },
    });
    s = await directory(system).scenario();
    mongo = await MongoClient.connect(system.env['MONGO_URL']);
    const up = await upstreamRegister(system, s);
    // The seeding client is closed before the broker is restarted under the system (it does not reconnect).
    const rpc = await BrokerRpc.open(system.env['AMQP_URL']);
    try {
      await seedPublishedRevisions(rpc, { ...up, companyId: s.upstream.companyId, admin: s.upstreamAdmin }, N, { prefix: 'R' });
    } finally {
      await rpc.close();
    }
  }, 900_000);

  afterAll(async () => {
    await mongo?.close();
    await system?.stop();
    await mailbox?.stop();
  });

  /** Stops FerretDB (SIGKILL by its pid file) for `ms`, then starts the run's stack again. */
  async function databaseOutage(ms: number): Promise<void> {
    const pid = Number(readFileSync(join(process.env['STACK_DIR'] ?? join(REPO_ROOT, '.stack'), 'run', 'ferretdb.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, ms));
    // Given URLs make stack.sh leave the database alone: start the stack's FerretDB again without them.
    const env = { ...process.env };
    delete env['MONGO_URL'];
    delete env['AMQP_URL'];
    execFileSync('bash', [join(REPO_ROOT, 'scripts/stack.sh'), 'up'], { stdio: 'ignore', env });
  }

  it('every revision copied once, every email sent once, nothing dead-lettered', async () => {
    const connection = await connect(system, s);
    const copiedAtLeast = (n: number) => connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.revisionsCopied >= n, 600_000);
    await copiedAtLeast(N / 10);

    await mailbox.stop();
    for (const service of SERVICES) {
      await system.stopInstance(service, 0, 'SIGKILL');
      await system.startInstance(service, 0);
    }
    expect(restartBroker()).toBe(true);
    await databaseOutage(10_000);
    await mailbox.start();

    const done = await connectionWhen(system, s.connector.token, connection.id, (c) => c.sync.state === 'idle' && c.sync.revisionsCopied === N, 900_000);
    expect(done.sync).toMatchObject({ state: 'idle', revisionsTotal: N, revisionsCopied: N, revisionsPending: 0, revisionsFailed: 0 });

    // Every upstream revision exactly once downstream, each with a file (and its chunks) of its own.
    const db = mongo.db(`connect_drawing_service${system.env['MONGO_DB_SUFFIX']}`);
    const projectId = s.downstream.projectId;
    const revisions = await db.collection('drawing_revisions').find({ projectId }, { projection: { sourceRevisionId: 1 } }).toArray();
    expect({
      revisions: revisions.length,
      distinct: new Set(revisions.map((r) => r['sourceRevisionId'])).size,
      files: await db.collection('fs.files').countDocuments({ 'metadata.projectId': projectId }),
      chunks: await db.collection('fs.chunks').countDocuments({ projectId }),
    }).toEqual({ revisions: N, distinct: N, files: N, chunks: N });

    // N2/N3: the initial batch's two notices reach the downstream Drawings admin once each, and no email came twice.
    const notice = (kind: string) => (m: TestMailbox['received'][number]) => String(m.headers.get('x-connect-notice') ?? '').startsWith(`${kind}:${connection.id}:initial`);
    const admin = s.downstreamAdmin.email.toLowerCase();
    // Each awaited on its own: an email whose attempt was under way when the database went down waits out its lease
    // (MAIL_LEASE_MS) before it is tried again, so the two may arrive far apart (seen: the batch announced before the outages).
    for (const kind of ['sync.copy.finished', 'sync.revisions.ready']) await eventually(() => mailbox.to(admin).filter(notice(kind)).length, (n) => n >= 1, 120_000);
    await new Promise((r) => setTimeout(r, 3_000)); // any second copy of an email would have arrived by now
    expect(mailbox.to(admin).filter(notice('sync.copy.finished'))).toHaveLength(1);
    expect(mailbox.to(admin).filter(notice('sync.revisions.ready'))).toHaveLength(1);
    const deliveries = mailbox.received.flatMap((m) => m.envelopeTo.map((to) => `${m.messageId} → ${to}`));
    expect(deliveries.filter((d, i) => deliveries.indexOf(d) !== i)).toEqual([]);

    // Nothing that should have been handled was dead-lettered.
    for (const service of SERVICES.filter((x) => x !== 'gateway')) {
      expect({ service, dead: (await system.broker.peek(system.vhost, queueNames(service, 3).dead, 20)).map((l) => l.properties.headers?.['x-dead-reason']) }).toEqual({ service, dead: [] });
    }
  }, 1_800_000);
});
