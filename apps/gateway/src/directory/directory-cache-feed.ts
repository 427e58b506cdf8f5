import { BrokerConnection, MESSAGING_OPTIONS, ResolvedMessagingOptions } from '@connect/messaging';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ChannelWrapper } from 'amqp-connection-manager';
import { Channel, ConsumeMessage } from 'amqplib';
import { DirectoryCache } from './directory-cache';

/** How long after losing its channel (the connection staying up) the feed opens a new one. */
const REOPEN_MS = 1000;

/**
 * Every `directory.*` event, to this gateway instance: an exclusive, server-named queue of its
 * own (several gateways each get every event), consumed without acks — an invalidation is
 * idempotent, and a queue that lived only as long as its channel has nothing to redeliver.
 *
 * The cache serves only while this queue is consumed: it is resumed (from empty) once the
 * consumer is registered on a new channel, and suspended as soon as that channel closes (the
 * connection lost, the broker stopped, the consumer cancelled). amqp-connection-manager sets the
 * channel up again on every reconnection; a channel that closed on its own is replaced here.
 */
@Injectable()
export class DirectoryCacheFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DirectoryCacheFeed.name);
  private channel?: ChannelWrapper;
  private reopen?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly broker: BrokerConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    private readonly cache: DirectoryCache,
  ) {}

  onApplicationBootstrap(): void {
    this.open();
  }

  private open(): void {
    const { exchange } = this.options;
    const wrapper: ChannelWrapper = this.broker.channel({
      name: 'directory-cache',
      confirm: false,
      setup: async (ch: Channel) => {
        ch.once('close', () => this.lost(wrapper, 'channel closed'));
        await ch.assertExchange(exchange, 'topic', { durable: true });
        const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
        await ch.bindQueue(queue, exchange, 'directory.#');
        await ch.consume(queue, (msg) => (msg ? this.onEvent(msg) : this.lost(wrapper, 'consumer cancelled by the broker')), { noAck: true });
        if (this.channel === wrapper && !this.stopped) this.cache.resume();
      },
    });
    this.channel = wrapper;
  }

  private onEvent(msg: ConsumeMessage): void {
    try {
      const envelope = JSON.parse(msg.content.toString('utf8')) as { type?: unknown; payload?: unknown };
      if (typeof envelope?.type !== 'string') throw new Error('no type');
      this.cache.invalidate(envelope.type, envelope.payload);
    } catch (err) {
      this.logger.warn(`unreadable directory event ${msg.fields.routingKey} (${(err as Error).message}): cache emptied`);
      this.cache.clear();
    }
  }

  private lost(wrapper: ChannelWrapper, reason: string): void {
    if (this.channel !== wrapper || this.stopped) return;
    this.cache.suspend(reason);
    clearTimeout(this.reopen);
    // After a reconnection amqp-connection-manager runs the setup again (and resumes the cache);
    // a channel that closed while the connection stayed is not replaced by it: replace it here.
    this.reopen = setTimeout(() => {
      if (this.channel !== wrapper || this.stopped || this.cache.serving) return;
      void wrapper.close().catch(() => undefined);
      this.open();
    }, REOPEN_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reopen);
    this.cache.suspend('shutting down');
    await this.channel?.close().catch(() => undefined);
  }
}
