import {
  BINARY_CONTENT_TYPE,
  CommandDefinition,
  CommandReply,
  DomainError,
  ENVELOPE_HEADER,
  EventDefinition,
  MessageEnvelope,
  isErrorCode,
} from '@connect/contracts';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ChannelWrapper } from 'amqp-connection-manager';
import { ConfirmChannel, ConsumeMessage, Message } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { BrokerConnection } from './broker-connection';
import { MessageContext } from './message-context';
import { messageMetrics } from './metrics';
import { MESSAGING_OPTIONS, QueueNames, ResolvedMessagingOptions, queueNames } from './messaging.options';
import { validatePayload } from './validation';

const REPLY_QUEUE = 'amq.rabbitmq.reply-to';

export interface PublishOptions {
  /** Deterministic message id, so that publishing the same fact twice is deduplicated downstream. */
  id?: string;
  occurredAt?: Date;
}

export interface RequestOptions {
  timeoutMs?: number;
  /** The bytes of a command whose definition says `bytes: 'request'`: sent as the AMQP body. */
  body?: Buffer;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  /** The command's reply is bytes (`bytes: 'reply'`). */
  bytesReply: boolean;
}

function encode(envelope: MessageEnvelope): Buffer {
  return Buffer.from(JSON.stringify(envelope));
}

/**
 * Publishes events (persistent, confirmed by the broker before the promise
 * resolves) and sends commands with request/reply over RabbitMQ's direct
 * reply-to, with a timeout. Payloads are validated before they leave, so a
 * producer bug fails at its source.
 */
@Injectable()
export class MessageBus implements OnModuleDestroy {
  private readonly logger = new Logger(MessageBus.name);
  private readonly publisher: ChannelWrapper;
  private readonly rpc: ChannelWrapper;
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly connection: BrokerConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
  ) {
    this.publisher = connection.channel({
      name: 'publisher',
      confirm: true,
      publishTimeout: 30000,
      setup: (ch: ConfirmChannel) => ch.assertExchange(options.exchange, 'topic', { durable: true }),
    });
    this.rpc = connection.channel({
      name: 'rpc',
      confirm: false,
      setup: async (ch: ConfirmChannel) => {
        ch.on('return', (msg: Message) => this.onReturned(msg));
        await ch.consume(REPLY_QUEUE, (msg) => msg && this.onReply(msg), { noAck: true });
      },
    });
  }

  /** This service's own queues, of its queue type (issue 18): its work queue, delay queues and dead letters. */
  get queues(): QueueNames {
    return queueNames(this.options.service, this.options.retryDelaysMs.length, this.options.queueType);
  }

  envelope<P>(definition: { type: string; version: number }, payload: P, opts: PublishOptions = {}): MessageEnvelope<P> {
    const ctx = MessageContext.current();
    return {
      id: opts.id ?? randomUUID(),
      type: definition.type,
      version: definition.version,
      occurredAt: (opts.occurredAt ?? new Date()).toISOString(),
      correlationId: ctx?.correlationId ?? randomUUID(),
      causationId: ctx?.causationId ?? null,
      producer: this.options.service,
      payload,
    };
  }

  /** Validates and publishes an event; resolves once the broker has confirmed it. */
  async publish<P extends object>(definition: EventDefinition<P>, payload: P, opts: PublishOptions = {}): Promise<MessageEnvelope<P>> {
    await validatePayload(definition.payload, payload);
    const envelope = this.envelope(definition, payload, opts);
    await this.publishEnvelope(envelope);
    return envelope;
  }

  /** Publishes an already built envelope (e.g. from an outbox), confirmed by the broker. */
  async publishEnvelope(envelope: MessageEnvelope): Promise<void> {
    await this.publisher.publish(this.options.exchange, `${envelope.type}.v${envelope.version}`, this.fitting(encode(envelope), `${envelope.type}.v${envelope.version}`), {
      persistent: true,
      contentType: 'application/json',
      messageId: envelope.id,
      type: envelope.type,
      correlationId: envelope.correlationId,
      timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
      appId: envelope.producer,
      headers: { version: envelope.version, causationId: envelope.causationId },
    });
    messageMetrics.published.inc({ routing_key: `${envelope.type}.v${envelope.version}` });
  }

  /** Raw publish to a queue through the confirm channel (retries, dead letters, replies). */
  sendToQueue(queue: string, content: Buffer, properties: Parameters<ChannelWrapper['sendToQueue']>[2]): Promise<boolean> {
    const envelopeHeader = properties?.headers?.[ENVELOPE_HEADER];
    return this.publisher.sendToQueue(queue, this.fitting(content, `a message to ${queue}`, typeof envelopeHeader === 'string' ? envelopeHeader.length : 0), properties);
  }

  /**
   * Refuses, before it is sent, a body larger than the broker takes: sent, it would make the
   * broker close the channel (and every later publish on it would wait in vain).
   */
  private fitting(body: Buffer, what: string, headerBytes = 0): Buffer {
    const size = body.length + headerBytes;
    if (size > this.options.maxMessageBytes) {
      throw new DomainError('MESSAGE_TOO_LARGE', `${what} is ${size} bytes; the broker takes at most ${this.options.maxMessageBytes} (BROKER_MAX_MESSAGE_BYTES)`);
    }
    return body;
  }

  /**
   * Sends a command to the service that owns it and waits for its reply.
   * Rejects with the DomainError the handler raised, or SERVICE_UNAVAILABLE
   * when no service takes it or none answers in time. The request expires
   * with the timeout, so a late consumer never acts on an abandoned request.
   */
  async request<P extends object, R>(definition: CommandDefinition<P, R>, payload: P, opts: RequestOptions = {}): Promise<R> {
    await validatePayload(definition.payload, payload);
    const withBytes = definition.bytes === 'request';
    if (withBytes !== Buffer.isBuffer(opts.body)) {
      throw new DomainError('MESSAGE_INVALID', `${definition.routingKey} ${withBytes ? 'needs its bytes as the body' : 'takes no bytes body'}`);
    }
    const envelope = this.envelope(definition, payload);
    const timeoutMs = opts.timeoutMs ?? this.options.rpcTimeoutMs;
    // Bytes go as the body, the envelope beside them in a header (envelope.ts); the whole message must fit the broker.
    const json = encode(envelope);
    const content = this.fitting(withBytes ? opts.body! : json, definition.routingKey, withBytes ? json.length : 0);
    const reply = new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelope.id);
        reject(new DomainError('SERVICE_UNAVAILABLE', `no reply to ${definition.routingKey} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelope.id, { resolve: resolve as (v: unknown) => void, reject, timer, bytesReply: definition.bytes === 'reply' });
    });
    try {
      await this.rpc.publish(this.options.exchange, definition.routingKey, content, {
        replyTo: REPLY_QUEUE,
        correlationId: envelope.id,
        messageId: envelope.id,
        type: envelope.type,
        contentType: withBytes ? BINARY_CONTENT_TYPE : 'application/json',
        expiration: String(timeoutMs),
        mandatory: true,
        persistent: false,
        appId: envelope.producer,
        headers: { version: envelope.version, causationId: envelope.causationId, ...(withBytes && { [ENVELOPE_HEADER]: json.toString('utf8') }) },
      });
    } catch (err) {
      this.settle(envelope.id, (p) => p.reject(new DomainError('SERVICE_UNAVAILABLE', `could not send ${definition.routingKey}: ${(err as Error).message}`)));
    }
    return reply;
  }

  private settle(id: string, fn: (p: Pending) => void): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    fn(p);
  }

  private onReply(msg: ConsumeMessage): void {
    const id = msg.properties.correlationId as string;
    this.settle(id, (p) => {
      if (msg.properties.contentType === BINARY_CONTENT_TYPE) {
        if (p.bytesReply) p.resolve(msg.content);
        else p.reject(new DomainError('INTERNAL_ERROR', 'a bytes reply to a command whose reply is JSON'));
        return;
      }
      let reply: CommandReply<unknown>;
      try {
        reply = JSON.parse(msg.content.toString());
      } catch {
        p.reject(new DomainError('INTERNAL_ERROR', 'malformed reply'));
        return;
      }
      if (reply.ok && p.bytesReply) p.reject(new DomainError('INTERNAL_ERROR', 'a JSON reply to a command whose reply is bytes'));
      else if (reply.ok) p.resolve(reply.result);
      else if (isErrorCode(reply.error?.code)) p.reject(new DomainError(reply.error.code, reply.error.message, reply.error.details));
      else p.reject(new DomainError('INTERNAL_ERROR', `reply with an unknown error code ${String(reply.error?.code)}: ${reply.error?.message}`));
    });
  }

  private onReturned(msg: Message): void {
    const id = msg.properties.correlationId as string;
    this.logger.warn(`command ${msg.fields.routingKey} was unroutable`);
    this.settle(id, (p) => p.reject(new DomainError('SERVICE_UNAVAILABLE', `no service takes ${msg.fields.routingKey}`)));
  }

  onModuleDestroy(): void {
    for (const id of [...this.pending.keys()]) {
      this.settle(id, (p) => p.reject(new DomainError('SERVICE_UNAVAILABLE', 'shutting down')));
    }
  }
}
