import { BINARY_CONTENT_TYPE, DomainError, ENVELOPE_HEADER, MessageEnvelope, defineCommand, defineEvent } from '@connect/contracts';
import { BrokerAdmin, infrastructureFromEnv, ownsBroker, restartBroker, waitFor } from '@connect/testing';
import { Injectable } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { connect } from 'amqplib';
import { IsIn, IsInt, IsString, Min } from 'class-validator';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { HandleMessage } from './handle-message.decorator';
import { MessageBus } from './message-bus';
import { MessageContext } from './message-context';
import { MessagingModule } from './messaging.module';
import { HEADERS, QueueType, queueNames } from './messaging.options';

class Probe {
  @IsString() text!: string;
  @IsIn(['ok', 'fail-once', 'fail-always', 'refuse', 'slow', 'unavailable-4-times', 'db-down-4-times', 'forbidden', 'huge'])
  mode!: 'ok' | 'fail-once' | 'fail-always' | 'refuse' | 'slow' | 'unavailable-4-times' | 'db-down-4-times' | 'forbidden' | 'huge';
}
const Probed = defineEvent('test.probed', 1, Probe);
const Echo = defineCommand<Probe, { echo: string }>('test.echo', 1, Probe);
const Nobody = defineCommand<Probe, unknown>('test.nobody', 1, Probe);
class BlobRef {
  @IsString() name!: string;
  @IsInt() @Min(0) size!: number;
}
/** Bytes as the request's body (issue 17.5), and bytes as the reply. */
const StoreBlob = defineCommand<BlobRef, { name: string; size: number; sha: string }>('test.blob.store', 1, BlobRef, { bytes: 'request' });
const FetchBlob = defineCommand<BlobRef, Buffer>('test.blob.fetch', 1, BlobRef, { bytes: 'reply' });
/** Every byte value, many times: not UTF-8, not JSON-safe. */
const blobOf = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 7) % 256));

@Injectable()
class Recorder {
  readonly seen: string[] = [];
  readonly delivered: MessageEnvelope[] = [];
  readonly attempts = new Map<string, number>();

  @HandleMessage(Probed)
  async onProbed(p: Probe, envelope: MessageEnvelope): Promise<void> {
    this.delivered.push(envelope);
    const n = (this.attempts.get(p.text) ?? 0) + 1;
    this.attempts.set(p.text, n);
    if (p.mode === 'fail-always' || (p.mode === 'fail-once' && n === 1)) throw new Error(`boom ${p.text}`);
    // e.g. a request/reply to a slow service timing out while handling an event
    if (p.mode === 'unavailable-4-times' && n <= 4) throw new DomainError('SERVICE_UNAVAILABLE', `no reply to x within 10 ms`);
    if (p.mode === 'db-down-4-times' && n <= 4) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoNetworkError' });
    if (p.mode === 'forbidden') throw new DomainError('FORBIDDEN', `not allowed: ${p.text}`);
    this.seen.push(p.text);
  }

  @HandleMessage(StoreBlob)
  async storeBlob(p: BlobRef, _envelope: MessageEnvelope, body: Buffer): Promise<{ name: string; size: number; sha: string }> {
    return { name: p.name, size: body.length, sha: createHash('sha256').update(body).digest('hex') };
  }

  @HandleMessage(FetchBlob)
  async fetchBlob(p: BlobRef): Promise<Buffer> {
    return blobOf(p.size);
  }

  @HandleMessage(Echo)
  async echo(p: Probe): Promise<{ echo: string }> {
    if (p.mode === 'refuse') throw new DomainError('CONFLICT', `refused ${p.text}`);
    if (p.mode === 'slow') await new Promise((r) => setTimeout(r, 1500));
    if (p.mode === 'huge') return { echo: p.text.repeat(200_000) }; // far above the spec's 64 KiB limit
    return { echo: p.text };
  }
}

describe('messaging over a real RabbitMQ', () => {
  const vhost = `test_msg_${randomBytes(4).toString('hex')}`;
  const admin = new BrokerAdmin();
  const url = `${infrastructureFromEnv().amqpUrl}/${vhost}`;
  const service = 'probe-service';
  let consumer: TestingModule;
  let producer: TestingModule;
  let recorder: Recorder;
  let bus: MessageBus;

  const moduleFor = (name: string, providers: Array<typeof Recorder>, queueType?: QueueType) =>
    Test.createTestingModule({
      imports: [MessagingModule.forRootAsync({ useFactory: () => ({ url, service: name, retryDelaysMs: [300, 600], rpcTimeoutMs: 1000, prefetch: 4, maxMessageBytes: 65536, queueType }) })],
      providers,
    }).compile();
  const queues = queueNames(service, 2);

  beforeAll(async () => {
    await admin.createVhost(vhost);
    consumer = await moduleFor(service, [Recorder]);
    await consumer.init();
    recorder = consumer.get(Recorder);
    producer = await moduleFor('probe-producer', []);
    await producer.init();
    bus = producer.get(MessageBus);
  });

  afterAll(async () => {
    await producer?.close();
    await consumer?.close();
    await admin.deleteVhost(vhost);
  });

  const parseOrNull = (text: string) => {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  };
  const deadLetters = async () => (await admin.peek(vhost, queues.dead, 50)).map((m) => ({ ...m, body: parseOrNull(m.payload) }));

  // Issue 18: quorum queues by default — the work queue, the delay queues and the dead letters.
  it('issue 18: declares its work, delay and dead-letter queues as quorum queues', async () => {
    expect(queues).toEqual({ type: 'quorum', main: 'probe-service.quorum', dead: 'probe-service.quorum.dead', retry: ['probe-service.quorum.retry.1', 'probe-service.quorum.retry.2'] });
    for (const name of [queues.main, queues.dead, ...queues.retry]) expect({ name, type: (await admin.queue(vhost, name))?.type }).toEqual({ name, type: 'quorum' });
  });

  it('delivers a published event to the subscribed service', async () => {
    await bus.publish(Probed, { text: 'hello', mode: 'ok' });
    await waitFor(() => recorder.seen.includes('hello'));
  });

  it('answers a command over request/reply, and carries a DomainError back with its code', async () => {
    await expect(bus.request(Echo, { text: 'ping', mode: 'ok' })).resolves.toEqual({ echo: 'ping' });
    await expect(bus.request(Echo, { text: 'x', mode: 'refuse' })).rejects.toMatchObject({ code: 'CONFLICT', message: 'refused x' });
  });

  it('fails a command fast when no service takes it, and on timeout when the reply is too late', async () => {
    await expect(bus.request(Nobody, { text: 'x', mode: 'ok' })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(bus.request(Echo, { text: 'late', mode: 'slow' }, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('refuses to publish an invalid payload at the producer', async () => {
    await expect(bus.publish(Probed, { text: 1, mode: 'ok' } as never)).rejects.toMatchObject({ code: 'MESSAGE_INVALID' });
  });

  it('dead-letters a poison message with its reason and keeps consuming the queue', async () => {
    const conn = await connect(url);
    const ch = await conn.createConfirmChannel();
    ch.publish('connect', Probed.routingKey, Buffer.from('{not json'), { persistent: true, messageId: 'poison-1' });
    const invalid = { id: 'poison-2', type: 'test.probed', version: 1, occurredAt: new Date().toISOString(), correlationId: 'c', causationId: null, producer: 't', payload: { text: 42, mode: 'ok' } };
    ch.publish('connect', Probed.routingKey, Buffer.from(JSON.stringify(invalid)), { persistent: true, messageId: 'poison-2' });
    await ch.waitForConfirms();
    await conn.close();
    await bus.publish(Probed, { text: 'after-poison', mode: 'ok' });
    await waitFor(() => recorder.seen.includes('after-poison'));
    await waitFor(async () => (await deadLetters()).filter((m) => ['poison-1', 'poison-2'].includes(m.properties.message_id ?? '')).length === 2);
    const dead = await deadLetters();
    const byId = (id: string) => dead.find((m) => m.properties.message_id === id)!;
    expect(byId('poison-1').properties.headers?.[HEADERS.deadCode]).toBe('MESSAGE_INVALID');
    expect(byId('poison-1').payload).toBe('{not json');
    expect(byId('poison-2').properties.headers?.[HEADERS.deadCode]).toBe('MESSAGE_INVALID');
    expect(String(byId('poison-2').properties.headers?.[HEADERS.deadReason])).toContain('text');
    // Nothing is stuck behind the poison: the queue drains (management stats lag a few seconds).
    await waitFor(async () => (await admin.queue(vhost, queues.main))?.messages === 0);
  });

  it('retries a failing handler with back-off, then dead-letters it with the reason after the last retry', async () => {
    await bus.publish(Probed, { text: 'flaky', mode: 'fail-once' });
    await waitFor(() => recorder.seen.includes('flaky'));
    expect(recorder.attempts.get('flaky')).toBe(2);

    const envelope = await bus.publish(Probed, { text: 'broken', mode: 'fail-always' });
    await waitFor(async () => (await deadLetters()).some((m) => m.body?.id === envelope.id));
    expect(recorder.attempts.get('broken')).toBe(3); // first try + two retries
    const dead = (await deadLetters()).find((m) => m.body?.id === envelope.id)!;
    expect(dead.properties.headers?.[HEADERS.deadCode]).toBe('HANDLER_FAILED');
    expect(String(dead.properties.headers?.[HEADERS.deadReason])).toContain('boom broken');
    expect(dead.body.payload).toEqual({ text: 'broken', mode: 'fail-always' });
  });

  // Issue 12, error policy as data: transient failures are retried with back-off (beyond the
  // budget of unexpected ones); a refusal that cannot succeed is dead-lettered at once with its code.
  it('retries transient failures (SERVICE_UNAVAILABLE, the database unreachable) until they pass, and dead-letters a refusal at once', async () => {
    await bus.publish(Probed, { text: 'timeout', mode: 'unavailable-4-times' });
    await bus.publish(Probed, { text: 'db', mode: 'db-down-4-times' });
    const refused = await bus.publish(Probed, { text: 'nope', mode: 'forbidden' });
    await waitFor(() => recorder.seen.includes('timeout') && recorder.seen.includes('db'), 30_000);
    expect([recorder.attempts.get('timeout'), recorder.attempts.get('db')]).toEqual([5, 5]);
    await waitFor(async () => (await deadLetters()).some((m) => m.body?.id === refused.id));
    const dead = (await deadLetters()).find((m) => m.body?.id === refused.id)!;
    expect(dead.properties.headers?.[HEADERS.deadCode]).toBe('FORBIDDEN');
    expect(String(dead.properties.headers?.[HEADERS.deadReason])).toBe('not allowed: nope');
    expect(recorder.attempts.get('nope')).toBe(1);
    expect((await deadLetters()).filter((m) => ['timeout', 'db'].includes(m.body?.payload?.text))).toEqual([]);
  });

  // Issue 12: a reply larger than the broker takes is refused before it is sent, with a clear error
  // for the caller, and the service goes on answering.
  it('answers a command whose reply is too large with MESSAGE_TOO_LARGE, then answers the next request', async () => {
    await expect(bus.request(Echo, { text: 'abcd', mode: 'huge' })).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE', message: expect.stringContaining('too large') });
    await expect(bus.request(Echo, { text: 'next', mode: 'ok' })).resolves.toEqual({ echo: 'next' });
    await expect(bus.publish(Probed, { text: 'x'.repeat(70_000), mode: 'ok' })).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
  });

  // Issue 17.5: bytes travel as the AMQP body, the envelope as JSON in a header, validated like any message.
  it('issue 17.5: carries bytes as a binary body both ways; a bytes message without or with a broken envelope header is refused MESSAGE_INVALID at once', async () => {
    const bytes = blobOf(50_000);
    await expect(bus.request(StoreBlob, { name: 'b', size: bytes.length }, { body: bytes })).resolves.toEqual({ name: 'b', size: 50_000, sha: createHash('sha256').update(bytes).digest('hex') });
    expect((await bus.request(FetchBlob, { name: 'f', size: 50_000 })).equals(bytes)).toBe(true);

    // At the producer: a bytes command without its bytes, and bytes past the broker's limit (header included).
    await expect(bus.request(StoreBlob, { name: 'b', size: 0 })).rejects.toMatchObject({ code: 'MESSAGE_INVALID' });
    await expect(bus.request(StoreBlob, { name: 'b', size: 0 }, { body: Buffer.alloc(65_400) })).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
    // At the consumer: a bytes reply larger than the broker takes.
    await expect(bus.request(FetchBlob, { name: 'f', size: 70_000 })).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE' });

    // Raw messages, broken on purpose: each answered at once with MESSAGE_INVALID and dead-lettered with that code.
    const conn = await connect(url);
    const ch = await conn.createChannel();
    const replies = new Map<string, (body: { ok: boolean; error?: { code: string } }) => void>();
    await ch.consume('amq.rabbitmq.reply-to', (msg) => msg && replies.get(msg.properties.correlationId)?.(JSON.parse(msg.content.toString())), { noAck: true });
    const envelope = (id: string) => ({ id, type: 'test.blob.store', version: 1, occurredAt: new Date().toISOString(), correlationId: id, causationId: null, producer: 't', payload: { name: 'raw', size: 3 } });
    const send = (id: string, body: Buffer, contentType: string, headers: Record<string, unknown>) =>
      new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => {
        replies.set(id, resolve);
        ch.publish('connect', StoreBlob.routingKey, body, { replyTo: 'amq.rabbitmq.reply-to', correlationId: id, messageId: id, contentType, headers });
      });
    const cases: Array<[string, Buffer, string, Record<string, unknown>]> = [
      ['bytes-no-header', Buffer.from([1, 2, 3]), BINARY_CONTENT_TYPE, {}],
      ['bytes-corrupt-header', Buffer.from([1, 2, 3]), BINARY_CONTENT_TYPE, { [ENVELOPE_HEADER]: JSON.stringify(envelope('bytes-corrupt-header')).slice(0, 30) }],
      ['bytes-bad-payload', Buffer.from([1, 2, 3]), BINARY_CONTENT_TYPE, { [ENVELOPE_HEADER]: JSON.stringify({ ...envelope('bytes-bad-payload'), payload: { name: 'raw', size: 'three' } }) }],
      ['bytes-as-json', Buffer.from(JSON.stringify(envelope('bytes-as-json'))), 'application/json', {}],
    ];
    try {
      for (const [id, body, contentType, headers] of cases) {
        await expect(send(id, body, contentType, headers)).resolves.toMatchObject({ ok: false, error: { code: 'MESSAGE_INVALID' } });
      }
    } finally {
      await conn.close();
    }
    const ids = cases.map(([id]) => id);
    await waitFor(async () => (await deadLetters()).filter((m) => ids.includes(m.properties.message_id ?? '')).length === ids.length);
    for (const m of (await deadLetters()).filter((d) => ids.includes(d.properties.message_id ?? ''))) expect(m.properties.headers?.[HEADERS.deadCode]).toBe('MESSAGE_INVALID');
    await expect(bus.request(StoreBlob, { name: 'after', size: 1 }, { body: Buffer.from([0]) })).resolves.toMatchObject({ name: 'after', size: 1 });
  });

  // Issue 18: a queue's type cannot change in place. A stack upgraded from classic queues keeps what
  // sat in them: on start the service moves it into its quorum queues and deletes the classic ones —
  // and back (BROKER_QUEUE_TYPE=classic) the other way.
  const changeQueueType = async (name: string, from: QueueType, to: QueueType) => {
    const old = queueNames(name, 2, from);
    const now = queueNames(name, 2, to);
    // Before the change: the service ran on `from` queues and is stopped; events reach its queue meanwhile,
    // one waits in a delay queue, one was dead-lettered, one will be refused (dead-lettered) after the move.
    const before = await moduleFor(name, [Recorder], from);
    await before.init();
    await before.close();
    expect((await admin.queue(vhost, old.main))?.type).toBe(from);
    const texts = Array.from({ length: 20 }, (_, i) => `kept-${i}-${randomUUID()}`);
    for (const text of texts) await bus.publish(Probed, { text, mode: 'ok' });
    const refused = await bus.publish(Probed, { text: `refused-${randomUUID()}`, mode: 'forbidden' });
    const conn = await connect(url);
    try {
      const ch = await conn.createConfirmChannel();
      const delayed = { id: randomUUID(), type: 'test.probed', version: 1, occurredAt: new Date().toISOString(), correlationId: 'c', causationId: null, producer: 't', payload: { text: `delayed-${randomUUID()}`, mode: 'ok' } };
      ch.sendToQueue(old.retry[1], Buffer.from(JSON.stringify(delayed)), { persistent: true, messageId: delayed.id, headers: { [HEADERS.attempt]: 2 } });
      ch.sendToQueue(old.dead, Buffer.from('{"dead":true}'), { persistent: true, messageId: `dead-before-${to}`, headers: { [HEADERS.deadCode]: 'HANDLER_FAILED' } });
      await ch.waitForConfirms();
      texts.push(delayed.payload.text);
    } finally {
      await conn.close();
    }
    await waitFor(async () => ((await admin.queue(vhost, old.main))?.messages ?? 0) >= 21, 15_000);

    const after = await moduleFor(name, [Recorder], to);
    await after.init();
    try {
      const recorded = after.get(Recorder);
      await waitFor(() => texts.every((t) => recorded.seen.includes(t)), 30_000);
      expect(recorded.seen.filter((t) => texts.includes(t)).sort()).toEqual([...texts].sort());
      await waitFor(async () => (await admin.peek(vhost, now.dead, 10)).some((m) => m.properties.message_id === `dead-before-${to}`), 15_000);
      // Issue 18 review 4: a moved message keeps the routing key it was published with.
      await waitFor(async () => (await admin.peek(vhost, now.dead, 10)).some((m) => m.properties.message_id === refused.id), 15_000);
      const dead = (await admin.peek(vhost, now.dead, 10)).find((m) => m.properties.message_id === refused.id)!;
      expect(dead.properties.headers?.[HEADERS.originalRoutingKey]).toBe(Probed.routingKey);
      for (const gone of [old.main, old.dead, ...old.retry]) await waitFor(async () => (await admin.queue(vhost, gone)) === null, 15_000);
      expect((await admin.queue(vhost, now.main))?.type).toBe(to);
    } finally {
      await after.close();
    }
  };

  it('issue 18: messages left in the classic queues of before the upgrade are consumed after it, and the classic queues are deleted', async () => {
    expect(queueNames('probe-upgraded', 2, 'classic')).toEqual({ type: 'classic', main: 'probe-upgraded', dead: 'probe-upgraded.dead', retry: ['probe-upgraded.retry.1', 'probe-upgraded.retry.2'] });
    await changeQueueType('probe-upgraded', 'classic', 'quorum');
  });

  // Issue 18 review 1: RabbitMQ 3.10 answers a quorum queue's delete if-empty with not_implemented (a connection error).
  it('issue 18: back to classic queues (BROKER_QUEUE_TYPE=classic), what is left in the quorum queues is moved the other way and they are deleted', async () => {
    await changeQueueType('probe-downgraded', 'quorum', 'classic');
  });

  // Issue 18 review 2 and 3: the upgrade is rolling. An instance of before the change still consumes its
  // classic queue: the new instance unbinds it at once (a message published then reaches the new queue
  // only) and deletes none of the classic queues (the old instance's retries and dead letters go there)
  // until the old instance stopped.
  it('issue 18: during a rolling upgrade the old work queue is unbound at once, and the old queues stay until their last consumer stopped', async () => {
    const name = 'probe-rolling';
    const classic = queueNames(name, 2, 'classic');
    const old = await moduleFor(name, [Recorder], 'classic');
    await old.init();
    let oldOpen = true;
    const after = await moduleFor(name, [Recorder]);
    try {
      await after.init();
      const boundToOld = async () => (await admin.bindings(vhost, 'connect')).some((b) => b.destination === classic.main);
      await waitFor(async () => !(await boundToOld()), 15_000);
      const text = `rolling-${randomUUID()}`;
      await bus.publish(Probed, { text, mode: 'ok' });
      await waitFor(() => after.get(Recorder).seen.includes(text));
      expect(old.get(Recorder).seen).not.toContain(text);
      // The move retries every few seconds: past a few of its passes, the old instance's queues are all still there.
      await new Promise((r) => setTimeout(r, 4000));
      for (const kept of [classic.main, classic.dead, ...classic.retry]) expect({ kept, exists: (await admin.queue(vhost, kept)) !== null }).toEqual({ kept, exists: true });

      await old.close();
      oldOpen = false;
      for (const gone of [classic.main, classic.dead, ...classic.retry]) await waitFor(async () => (await admin.queue(vhost, gone)) === null, 30_000);
      expect(old.get(Recorder).seen).not.toContain(text);
    } finally {
      if (oldOpen) await old.close();
      await after.close();
    }
  });

  it('carries the id, correlation and causation of the current context to the consumer', async () => {
    await MessageContext.run({ correlationId: 'corr-7', causationId: 'cause-7' }, () => bus.publish(Probed, { text: 'ids', mode: 'ok' }, { id: 'fixed-id-1' }));
    await waitFor(() => recorder.seen.includes('ids'));
    expect(recorder.delivered.find((e) => e.id === 'fixed-id-1')).toMatchObject({
      type: 'test.probed',
      version: 1,
      producer: 'probe-producer',
      correlationId: 'corr-7',
      causationId: 'cause-7',
    });
  });

  // Only where this run owns the broker (native stack or its container); `make test` always does.
  (ownsBroker() ? it : it.skip)('recovers when the broker restarts under a running consumer, without losing a persisted message', async () => {
    // A second service's queue holds a persistent message across the restart (its consumer is stopped),
    // while the first service's consumer keeps running through it.
    const later = await moduleFor('probe-later', [Recorder]);
    await later.init();
    await later.close();
    const text = `persisted-${randomUUID()}`;
    await bus.publish(Probed, { text, mode: 'ok' });
    await waitFor(async () => ((await admin.queue(vhost, queueNames('probe-later', 2).main))?.messages ?? 0) >= 1);

    expect(restartBroker()).toBe(true);

    await waitFor(async () => {
      try {
        await bus.publish(Probed, { text: 'after-restart', mode: 'ok' });
        return true;
      } catch {
        return false;
      }
    }, 60_000);
    await waitFor(() => recorder.seen.includes('after-restart'), 60_000);

    const resumed = await moduleFor('probe-later', [Recorder]);
    await resumed.init();
    try {
      await waitFor(() => resumed.get(Recorder).seen.includes(text), 30_000);
    } finally {
      await resumed.close();
    }
  });
});
