import { BINARY_CONTENT_TYPE, CommandReply, DomainError, ENVELOPE_HEADER, ErrorCode, MessageEnvelope } from '@connect/contracts';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ChannelWrapper } from 'amqp-connection-manager';
import { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { BrokerConnection } from './broker-connection';
import { HandlerMetadata, MESSAGE_HANDLER } from './handle-message.decorator';
import { MessageBus } from './message-bus';
import { MessageContext } from './message-context';
import { messageMetrics } from './metrics';
import { HEADERS, MESSAGING_OPTIONS, QueueNames, ResolvedMessagingOptions, queueNames } from './messaging.options';
import { validatePayload } from './validation';
import { failureKind } from './error-policy';

interface Route {
  meta: HandlerMetadata;
  name: string;
  /** `body`: the bytes of a command whose definition says `bytes: 'request'`. */
  invoke(payload: object, envelope: MessageEnvelope, body: Buffer | undefined): Promise<unknown>;
}

/** What became of one delivery: acknowledged after it was handled, replied, retried or dead-lettered, or given back (requeued). */
export type Outcome = 'handled' | 'duplicate' | 'replied-error' | 'retried' | 'dead-lettered' | 'requeued';

/**
 * Consumes this service's queue: one durable queue per service, shared by all
 * its instances (competing consumers), manual acks, bounded prefetch.
 * Each delivery is decoded, validated against its contract, deduplicated by
 * message id, and handled; a failure is replied (commands), retried through
 * delay queues with back-off, or dead-lettered with its reason, and the
 * original is acknowledged only once that outcome is confirmed by the broker.
 */
@Injectable()
export class MessageConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MessageConsumer.name);
  private readonly routes = new Map<string, Route>();
  private channel?: ChannelWrapper;
  /** Bumped on every (re)connection: acks of deliveries from an older channel are void. */
  private generation = 0;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly queues: QueueNames;
  private migration?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly connection: BrokerConnection,
    private readonly bus: MessageBus,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
  ) {
    this.queues = queueNames(options.service, options.retryDelaysMs.length, options.queueType);
  }

  get routingKeys(): string[] {
    return [...this.routes.keys()];
  }

  async onApplicationBootstrap(): Promise<void> {
    this.collectRoutes();
    if (this.routes.size === 0) return;
    const { exchange, retryDelaysMs, prefetch } = this.options;
    const q = this.queues;
    this.channel = this.connection.channel({
      name: 'consumer',
      confirm: false,
      setup: async (ch: ConfirmChannel) => {
        this.generation++;
        await ch.assertExchange(exchange, 'topic', { durable: true });
        await declareQueues(ch, q, retryDelaysMs);
        for (const key of this.routes.keys()) await ch.bindQueue(q.main, exchange, key);
      },
    });
    // Topology first: until the queue is bound, events published to this service would be dropped.
    await this.channel.waitForConnect();
    await this.channel.consume(q.main, (msg) => this.track(msg), { prefetch });
    this.logger.log(`consuming ${q.main} (${q.type}): ${this.routingKeys.join(', ')}`);
    this.migration = this.migrateOtherQueues();
  }

  /**
   * Issue 18: a queue's type cannot change in place, so each type has its own queue names. What an
   * older start left in the other type's queues (the classic queues of a stack upgraded to quorum
   * queues, or the reverse) is moved into this type's queues, and those queues are deleted. Runs in
   * the background on every start (a few passive checks when there is nothing to move) and tries
   * again after a failure. Order:
   * - the other type's work queue is unbound first, before anything is moved: from then on a message
   *   published reaches this type's queue only (a command in both would run twice, the inbox
   *   deduplicates events only);
   * - nothing is moved or deleted while the other work queue has consumers (an instance of before the
   *   change, still running: its retries and dead letters go to the other type's queues, which must
   *   stay until it stopped — the upgrade is rolling);
   * - the delay queues first (they dead-letter into their work queue), then the dead letters, the
   *   work queue last.
   */
  private async migrateOtherQueues(): Promise<void> {
    const q = this.queues;
    const other = queueNames(this.options.service, this.options.retryDelaysMs.length, q.type === 'quorum' ? 'classic' : 'quorum');
    const moves: Array<[string, string]> = [...other.retry.map((from, i): [string, string] => [from, q.retry[i] ?? q.main]), [other.dead, q.dead], [other.main, q.main]];
    for (let pause = 1000; !this.stopping; pause = Math.min(pause * 2, 5000)) {
      try {
        if (await this.unbindOtherMain(other.main)) {
          for (const [from, to] of moves) {
            const moved = await this.moveQueue(from, to, other.type);
            if (moved !== undefined) this.logger.log(`moved ${moved} message(s) from the ${other.type} queue ${from} to ${to} and deleted ${from}`);
          }
        }
        return;
      } catch (err) {
        this.logger.warn(`moving the ${other.type} queues' messages failed, trying again in ${pause} ms: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  /**
   * Unbinds the other type's work queue from this service's routing keys; false when it does not exist
   * (then neither do its delay and dead-letter queues, deleted before it). Throws while it has consumers.
   */
  private async unbindOtherMain(name: string): Promise<boolean> {
    const ch = await this.connection.oneOffChannel();
    try {
      let consumers: number;
      try {
        consumers = (await ch.checkQueue(name)).consumerCount;
      } catch {
        return false; // 404 (the check closed this channel)
      }
      for (const key of this.routes.keys()) await ch.unbindQueue(name, this.options.exchange, key);
      if (consumers > 0) throw new Error(`${name} still has ${consumers} consumer(s) (an instance of before the change?): moving when they stopped`);
      return true;
    } finally {
      await ch.close().catch(() => undefined);
    }
  }

  /**
   * Moves every message of `from` to `to` and deletes `from`; undefined when `from` does not exist.
   * Each message is published with `mandatory` and acked only once the broker confirmed it and did not
   * return it. A message from a work queue gets the routing key it was published with as
   * `x-original-routing-key` (in `to` its routing key is the queue's name; dead letters record the header).
   */
  private async moveQueue(from: string, to: string, fromType: 'quorum' | 'classic'): Promise<number | undefined> {
    const ch = await this.connection.oneOffChannel({ confirm: true });
    try {
      try {
        await ch.checkQueue(from);
      } catch {
        return undefined; // 404: nothing to move (the check closed this channel)
      }
      let returned = 0;
      ch.on('return', () => returned++);
      let moved = 0;
      for (;;) {
        if (this.stopping) throw new Error('shutting down');
        const msg = await ch.get(from, { noAck: false });
        if (!msg) break;
        const headers = { ...msg.properties.headers, [HEADERS.originalRoutingKey]: msg.properties.headers?.[HEADERS.originalRoutingKey] ?? msg.fields.routingKey };
        ch.publish('', to, msg.content, { ...msg.properties, headers, persistent: true, mandatory: true });
        await ch.waitForConfirms();
        if (returned > 0) {
          ch.nack(msg, false, true);
          throw new Error(`${to} did not take a message from ${from} (returned unroutable)`);
        }
        ch.ack(msg);
        moved++;
      }
      // Ready messages only, not the ones another consumer holds unacked: a queue with consumers stays.
      const left = await ch.checkQueue(from);
      if (left.messageCount > 0 || left.consumerCount > 0) throw new Error(`${from} has ${left.messageCount} message(s) and ${left.consumerCount} consumer(s): not deleted yet`);
      // No `ifEmpty`: RabbitMQ 3.10's quorum queues answer it with not_implemented, a connection error.
      // Unbound (work queue) and drained, with no consumer, nothing else publishes to it.
      await ch.deleteQueue(from, fromType === 'classic' ? { ifEmpty: true } : {});
      return moved;
    } finally {
      await ch.close().catch(() => undefined);
    }
  }

  private collectRoutes(): void {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = proto[method] as (...args: unknown[]) => unknown;
        const meta = Reflect.getMetadata(MESSAGE_HANDLER, fn) as HandlerMetadata | undefined;
        if (!meta) continue;
        const key = meta.definition.routingKey;
        if (this.routes.has(key)) throw new Error(`Two handlers for ${key} in ${this.options.service}`);
        this.routes.set(key, {
          meta,
          name: `${proto.constructor.name}.${method}`,
          invoke: async (payload, envelope, body) => fn.call(instance, payload, envelope, body),
        });
      }
    }
  }

  private track(msg: ConsumeMessage): void {
    const generation = this.generation;
    const stopTimer = messageMetrics.handlerSeconds.startTimer({ routing_key: msg.fields.routingKey });
    const work = this.process(msg)
      .catch((err: Error) => {
        // Only reached when the outcome itself could not be published (the retry or dead-letter
        // copy was not confirmed): give the delivery back to the broker, which delivers it again.
        this.logger.error(`could not settle delivery ${msg.properties.messageId}: ${err.message}`);
        return 'requeued' as const;
      })
      .then((outcome) => {
        stopTimer();
        messageMetrics.consumed.inc({ routing_key: msg.fields.routingKey, outcome });
        if (generation !== this.generation) return; // that channel is gone: the broker redelivers
        if (outcome === 'requeued') this.channel?.nack(msg, false, true);
        else this.channel?.ack(msg);
      })
      .finally(() => this.inflight.delete(work));
    this.inflight.add(work);
  }

  /** Decides the outcome of one delivery. */
  private async process(msg: ConsumeMessage): Promise<Outcome> {
    const replyTo = msg.properties.replyTo as string | undefined;
    let envelope: MessageEnvelope;
    // A message with bytes: the body is the bytes, the envelope is JSON in a header (contracts' envelope.ts).
    const body = msg.properties.contentType === BINARY_CONTENT_TYPE ? msg.content : undefined;
    try {
      const header: unknown = msg.properties.headers?.[ENVELOPE_HEADER];
      if (body && typeof header !== 'string') throw new Error(`a message of ${BINARY_CONTENT_TYPE} carries its envelope in the ${ENVELOPE_HEADER} header`);
      envelope = JSON.parse(body ? (header as string) : msg.content.toString('utf8'));
      if (!envelope || typeof envelope !== 'object' || typeof envelope.id !== 'string' || typeof envelope.type !== 'string' || !Number.isInteger(envelope.version)) {
        throw new Error('not an envelope (id, type, version required)');
      }
    } catch (err) {
      return this.refuse(msg, 'MESSAGE_INVALID', `undecodable message: ${(err as Error).message}`);
    }
    const key = `${envelope.type}.v${envelope.version}`;
    const route = this.routes.get(key);
    if (!route) return this.deadLetter(msg, 'NO_HANDLER', `${this.options.service} has no handler for ${key}`);

    const definition = route.meta.definition;
    const isCommand = definition.kind === 'command';
    const takesBytes = isCommand && definition.bytes === 'request';
    if (takesBytes !== (body !== undefined)) {
      return this.refuse(msg, 'MESSAGE_INVALID', takesBytes ? `${key} carries its bytes as a ${BINARY_CONTENT_TYPE} body` : `${key} is a JSON message, not ${BINARY_CONTENT_TYPE}`);
    }
    // Events are deduplicated by message id; a command's reply must be recomputed for its caller.
    const dedupe = !isCommand && this.options.inbox;
    const inboxKey = `${route.name}:${envelope.id}`;

    let payload: object;
    try {
      payload = (await validatePayload(route.meta.definition.payload, envelope.payload)) as object;
    } catch (err) {
      const e = err as DomainError;
      return this.refuse(msg, e.code, e.message);
    }

    const inbox = dedupe ? this.options.inbox : undefined;
    // Unique per delivery: two copies of a message never share a claim, not even in one process.
    const holder = `${this.options.service}:${process.pid}:${randomUUID()}`;
    if (inbox) {
      let claim: 'run' | 'done' | 'busy';
      try {
        claim = await inbox.claim(inboxKey, holder);
      } catch (err) {
        return this.retryLater(msg, 'transient', `inbox unavailable: ${(err as Error).message}`);
      }
      if (claim === 'done') {
        this.logger.debug(`duplicate ${key} ${envelope.id} skipped`);
        return 'duplicate';
      }
      // Another delivery is handling it right now, or died doing so: look again after a delay
      // (its claim is taken over once the lease ran out).
      if (claim === 'busy') return this.retryLater(msg, 'transient', `${inboxKey} is being handled by another delivery`);
    }

    // A long handler keeps its claim alive; renewal failures only shorten the protection.
    const renewal = inbox ? setInterval(() => void inbox.renew(inboxKey, holder).catch(() => false), Math.max(50, inbox.leaseMs / 3)) : undefined;
    let result: unknown;
    try {
      result = await MessageContext.run({ correlationId: envelope.correlationId ?? envelope.id, causationId: envelope.id }, () => route.invoke(payload, envelope, body));
    } catch (err) {
      clearInterval(renewal);
      // Not handled: a retry of the same message id must be able to claim it again (if the
      // database is down too, the claim simply runs out).
      await inbox?.release(inboxKey, holder).catch((e: Error) => this.logger.warn(`could not release ${inboxKey}: ${e.message}`));
      return this.onHandlerFailure(msg, route, key, envelope, err);
    } finally {
      clearInterval(renewal);
    }
    if (replyTo && isCommand && definition.bytes === 'reply') await this.replyBytes(msg, route, result);
    else if (replyTo) await this.reply(msg, { ok: true, result: result ?? null });
    if (inbox) {
      // Handled: only the mark is missing. Keep trying while the claim protects the message
      // (a retry would run the handler again), then leave it to a later delivery.
      try {
        const kept = await this.untilStored(() => inbox.complete(inboxKey, holder), inbox.leaseMs / 2);
        if (!kept) this.logger.warn(`${inboxKey}: the claim ran out while handling; another delivery may handle it again`);
      } catch (err) {
        return this.retryLater(msg, 'transient', `could not record ${inboxKey} as handled: ${(err as Error).message}`);
      }
    }
    return 'handled';
  }

  /** Runs `write` until it succeeds, with back-off, for at most `budgetMs`; throws the last error. */
  private async untilStored<T>(write: () => Promise<T>, budgetMs: number): Promise<T> {
    const deadline = Date.now() + budgetMs;
    for (let pause = 100; ; pause = Math.min(pause * 2, 2000)) {
      try {
        return await write();
      } catch (err) {
        if (Date.now() + pause > deadline) throw err;
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  private async onHandlerFailure(msg: ConsumeMessage, route: Route, key: string, envelope: MessageEnvelope, err: unknown): Promise<Outcome> {
    const replyTo = msg.properties.replyTo as string | undefined;
    const kind = failureKind(err);
    const message = (err as Error)?.message ?? String(err);
    if (replyTo && err instanceof DomainError) {
      // The caller is waiting: it gets the code as it is (and decides itself whether to retry).
      await this.reply(msg, { ok: false, error: { code: err.code, message: err.message, details: err.details } });
      return 'replied-error';
    }
    if (kind === 'refusal') return this.deadLetter(msg, (err as DomainError).code, message);
    if (kind === 'unknown') this.logger.error(`${route.name} failed on ${key} ${envelope.id}: ${(err as Error)?.stack ?? String(err)}`);
    else this.logger.warn(`${route.name} failed on ${key} ${envelope.id} (transient): ${message}`);
    if (replyTo) {
      // The caller is waiting: answer now rather than retry behind its back.
      const code = kind === 'transient' ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR';
      await this.reply(msg, { ok: false, error: { code, message: kind === 'transient' ? message : `${key} failed` } });
      return 'replied-error';
    }
    return this.retryLater(msg, kind, message);
  }

  /** A message that cannot be handled as it is: the caller (if one waits) gets the code at once, the message goes to the dead letters. */
  private async refuse(msg: ConsumeMessage, code: ErrorCode, reason: string): Promise<Outcome> {
    if (msg.properties.replyTo) await this.reply(msg, { ok: false, error: { code, message: reason } });
    return this.deadLetter(msg, code, reason);
  }

  /** The successful reply of a command whose reply is bytes: the bytes as the body. */
  private async replyBytes(msg: ConsumeMessage, route: Route, result: unknown): Promise<void> {
    if (!Buffer.isBuffer(result)) {
      this.logger.error(`${route.name} returned no bytes for ${route.meta.definition.routingKey}`);
      await this.reply(msg, { ok: false, error: { code: 'INTERNAL_ERROR', message: `${route.meta.definition.routingKey} failed` } });
      return;
    }
    try {
      await this.bus.sendToQueue(msg.properties.replyTo, result, { correlationId: msg.properties.correlationId, contentType: BINARY_CONTENT_TYPE });
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'MESSAGE_TOO_LARGE')) throw err;
      await this.reply(msg, { ok: false, error: { code: err.code, message: `the reply is too large for the broker: ${err.message}` } });
    }
  }

  private async reply(msg: ConsumeMessage, reply: CommandReply<unknown>): Promise<void> {
    const send = (r: CommandReply<unknown>) =>
      this.bus.sendToQueue(msg.properties.replyTo, Buffer.from(JSON.stringify(r)), { correlationId: msg.properties.correlationId, contentType: 'application/json' });
    try {
      await send(reply);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'MESSAGE_TOO_LARGE')) throw err;
      // The caller gets a clear refusal instead of a reply the broker would not take.
      await send({ ok: false, error: { code: err.code, message: `the reply is too large for the broker: ${err.message}` } });
    }
  }

  /**
   * Retries through the delay queues (1 s, 5 s, 30 s, then 30 s again): transient failures up to
   * `transientRetries` times, unexpected ones up to once per delay; then dead-letters with the reason.
   */
  private async retryLater(msg: ConsumeMessage, kind: 'transient' | 'unknown', reason: string): Promise<Outcome> {
    const attempt = Number(msg.properties.headers?.[HEADERS.attempt] ?? 0);
    const budget = kind === 'transient' ? this.options.transientRetries : this.queues.retry.length;
    if (attempt >= budget) {
      return this.deadLetter(msg, kind === 'transient' ? 'SERVICE_UNAVAILABLE' : 'HANDLER_FAILED', `gave up after ${attempt + 1} attempts: ${reason}`);
    }
    const queue = this.queues.retry[Math.min(attempt, this.queues.retry.length - 1)];
    await this.bus.sendToQueue(queue, msg.content, {
      ...msg.properties,
      persistent: true,
      headers: { ...msg.properties.headers, [HEADERS.attempt]: attempt + 1, [HEADERS.originalRoutingKey]: this.originalKey(msg) },
    });
    return 'retried';
  }

  private async deadLetter(msg: ConsumeMessage, code: ErrorCode, reason: string): Promise<Outcome> {
    this.logger.warn(`dead-lettering ${msg.properties.messageId ?? '(no id)'} [${code}]: ${reason}`);
    await this.bus.sendToQueue(this.queues.dead, msg.content, {
      ...msg.properties,
      persistent: true,
      replyTo: undefined,
      expiration: undefined,
      headers: {
        ...msg.properties.headers,
        [HEADERS.deadCode]: code,
        [HEADERS.deadReason]: reason.slice(0, 2000),
        [HEADERS.deadAt]: new Date().toISOString(),
        [HEADERS.originalRoutingKey]: this.originalKey(msg),
      },
    });
    return 'dead-lettered';
  }

  private originalKey(msg: ConsumeMessage): string {
    return (msg.properties.headers?.[HEADERS.originalRoutingKey] as string | undefined) ?? msg.fields.routingKey;
  }

  /** Stops taking deliveries and lets the ones in hand finish before the connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.migration;
    if (!this.channel) return;
    await this.channel.cancelAll().catch(() => undefined);
    await Promise.allSettled([...this.inflight]);
  }
}

/**
 * Declares a service's queues of their type. Quorum queues (issue 18): replicated, durable by
 * nature; their delay queues dead-letter at-least-once (RabbitMQ 3.10+: a message leaves the delay
 * queue only once its main queue confirmed it; this strategy needs `overflow: reject-publish`).
 * No delivery limit: a message given back (nack with requeue) is delivered again, as on a classic
 * queue (a limit would drop it, or dead-letter expired commands too). Classic queues: as before issue 18.
 */
export async function declareQueues(ch: ConfirmChannel, q: QueueNames, retryDelaysMs: number[]): Promise<void> {
  const quorum = q.type === 'quorum';
  const typed = quorum ? { 'x-queue-type': 'quorum' } : {};
  await ch.assertQueue(q.main, { durable: true, arguments: typed });
  await ch.assertQueue(q.dead, { durable: true, arguments: typed });
  for (const [i, name] of q.retry.entries()) {
    await ch.assertQueue(name, {
      durable: true,
      arguments: {
        ...typed,
        'x-message-ttl': retryDelaysMs[i],
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': q.main,
        ...(quorum && { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' }),
      },
    });
  }
}
