import { CommandReply, DomainError, MessageEnvelope } from '@connect/contracts';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ChannelWrapper } from 'amqp-connection-manager';
import { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { BrokerConnection } from './broker-connection';
import { HandlerMetadata, MESSAGE_HANDLER } from './handle-message.decorator';
import { MessageBus } from './message-bus';
import { MessageContext } from './message-context';
import { messageMetrics } from './metrics';
import { HEADERS, MESSAGING_OPTIONS, ResolvedMessagingOptions, queueNames } from './messaging.options';
import { validatePayload } from './validation';

interface Route {
  meta: HandlerMetadata;
  name: string;
  invoke(payload: object, envelope: MessageEnvelope): Promise<unknown>;
}

/** What became of one delivery; every outcome ends with the delivery acknowledged. */
export type Outcome = 'handled' | 'duplicate' | 'replied-error' | 'retried' | 'dead-lettered';

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
  private readonly queues: ReturnType<typeof queueNames>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly connection: BrokerConnection,
    private readonly bus: MessageBus,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
  ) {
    this.queues = queueNames(options.service, options.retryDelaysMs.length);
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
        await ch.assertQueue(q.main, { durable: true });
        await ch.assertQueue(q.dead, { durable: true });
        for (const [i, name] of q.retry.entries()) {
          await ch.assertQueue(name, {
            durable: true,
            arguments: {
              'x-message-ttl': retryDelaysMs[i],
              'x-dead-letter-exchange': '',
              'x-dead-letter-routing-key': q.main,
            },
          });
        }
        for (const key of this.routes.keys()) await ch.bindQueue(q.main, exchange, key);
      },
    });
    // Topology first: until the queue is bound, events published to this service would be dropped.
    await this.channel.waitForConnect();
    await this.channel.consume(q.main, (msg) => this.track(msg), { prefetch });
    this.logger.log(`consuming ${q.main}: ${this.routingKeys.join(', ')}`);
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
          invoke: async (payload, envelope) => fn.call(instance, payload, envelope),
        });
      }
    }
  }

  private track(msg: ConsumeMessage): void {
    const generation = this.generation;
    const stopTimer = messageMetrics.handlerSeconds.startTimer({ routing_key: msg.fields.routingKey });
    const work = this.process(msg)
      .catch((err: Error) => {
        // Only reached when the outcome itself could not be published (broker gone):
        // leave the delivery unacked; the broker redelivers it.
        this.logger.error(`could not settle delivery ${msg.properties.messageId}: ${err.message}`);
        return undefined;
      })
      .then((outcome) => {
        stopTimer();
        if (!outcome) return;
        messageMetrics.consumed.inc({ routing_key: msg.fields.routingKey, outcome });
        if (generation === this.generation) this.channel?.ack(msg);
      })
      .finally(() => this.inflight.delete(work));
    this.inflight.add(work);
  }

  /** Decides the outcome of one delivery. */
  private async process(msg: ConsumeMessage): Promise<Outcome> {
    let envelope: MessageEnvelope;
    try {
      envelope = JSON.parse(msg.content.toString('utf8'));
      if (!envelope || typeof envelope !== 'object' || typeof envelope.id !== 'string' || typeof envelope.type !== 'string' || !Number.isInteger(envelope.version)) {
        throw new Error('not an envelope (id, type, version required)');
      }
    } catch (err) {
      return this.deadLetter(msg, 'MESSAGE_INVALID', `undecodable message: ${(err as Error).message}`);
    }
    const key = `${envelope.type}.v${envelope.version}`;
    const route = this.routes.get(key);
    if (!route) return this.deadLetter(msg, 'NO_HANDLER', `${this.options.service} has no handler for ${key}`);

    const isCommand = route.meta.definition.kind === 'command';
    const replyTo = msg.properties.replyTo as string | undefined;
    // Events are deduplicated by message id; a command's reply must be recomputed for its caller.
    const dedupe = !isCommand && this.options.inbox;
    const inboxKey = `${route.name}:${envelope.id}`;

    let payload: object;
    try {
      payload = (await validatePayload(route.meta.definition.payload, envelope.payload)) as object;
    } catch (err) {
      const e = err as DomainError;
      if (replyTo) await this.reply(msg, { ok: false, error: { code: e.code, message: e.message } });
      return this.deadLetter(msg, e.code, e.message);
    }

    const inbox = dedupe ? this.options.inbox : undefined;
    if (inbox && (await inbox.claim(inboxKey)) === 'duplicate') {
      this.logger.debug(`duplicate ${key} ${envelope.id} skipped`);
      return 'duplicate';
    }

    return MessageContext.run({ correlationId: envelope.correlationId ?? envelope.id, causationId: envelope.id }, async () => {
      try {
        const result = await route.invoke(payload, envelope);
        if (replyTo) await this.reply(msg, { ok: true, result: result ?? null });
        await inbox?.complete(inboxKey);
        return 'handled' as const;
      } catch (err) {
        // Not handled: a retry of the same message id must be able to claim it again.
        await inbox?.release(inboxKey);
        if (err instanceof DomainError) {
          if (replyTo) {
            await this.reply(msg, { ok: false, error: { code: err.code, message: err.message, details: err.details } });
            return 'replied-error' as const;
          }
          return this.deadLetter(msg, err.code, err.message);
        }
        const reason = (err as Error)?.stack ?? String(err);
        this.logger.error(`${route.name} failed on ${key} ${envelope.id}: ${reason}`);
        if (replyTo) {
          // The caller is waiting: answer now rather than retry behind its back.
          await this.reply(msg, { ok: false, error: { code: 'INTERNAL_ERROR', message: `${key} failed` } });
          return 'replied-error' as const;
        }
        return this.retryOrDeadLetter(msg, (err as Error)?.message ?? String(err));
      }
    });
  }

  private async reply(msg: ConsumeMessage, reply: CommandReply<unknown>): Promise<void> {
    await this.bus.sendToQueue(msg.properties.replyTo, Buffer.from(JSON.stringify(reply)), {
      correlationId: msg.properties.correlationId,
      contentType: 'application/json',
    });
  }

  private async retryOrDeadLetter(msg: ConsumeMessage, reason: string): Promise<Outcome> {
    const attempt = Number(msg.properties.headers?.[HEADERS.attempt] ?? 0);
    if (attempt >= this.queues.retry.length) {
      return this.deadLetter(msg, 'HANDLER_FAILED', `gave up after ${attempt + 1} attempts: ${reason}`);
    }
    await this.bus.sendToQueue(this.queues.retry[attempt], msg.content, {
      ...msg.properties,
      persistent: true,
      headers: { ...msg.properties.headers, [HEADERS.attempt]: attempt + 1, [HEADERS.originalRoutingKey]: this.originalKey(msg) },
    });
    return 'retried';
  }

  private async deadLetter(msg: ConsumeMessage, code: string, reason: string): Promise<Outcome> {
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
    if (!this.channel) return;
    await this.channel.cancelAll().catch(() => undefined);
    await Promise.allSettled([...this.inflight]);
  }
}
