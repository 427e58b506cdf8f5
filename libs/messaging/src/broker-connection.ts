import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AmqpConnectionManager, ChannelWrapper, CreateChannelOpts, connect } from 'amqp-connection-manager';
import { Channel, ConfirmChannel } from 'amqplib';
import { MESSAGING_OPTIONS, ResolvedMessagingOptions, brokerUrls } from './messaging.options';

/**
 * One AMQP connection per process. amqp-connection-manager reconnects by
 * itself and replays channel setup (topology, consumers) on every new channel.
 *
 * A channel the broker closes (a bad ack, a publish to a missing exchange, a message over
 * `max_message_size`) is not reopened by amqp-connection-manager on its own. It is reopened
 * because amqplib raises the channel's `error` event with no listener on the raw channel: the
 * throw ends the whole connection, and the manager reconnects it with every channel, its
 * topology and its consumers. So never listen for `error` on a raw amqplib channel here (that
 * leaves the closed channel dead: apps/connection-service/test/broker-channels.int-spec.ts).
 *
 * With several URLs (a cluster's nodes, issue 18) each process starts at one of them chosen at random
 * (the connections spread over the nodes) and, when its connection is lost, tries the next one in turn.
 */
@Injectable()
export class BrokerConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(BrokerConnection.name);
  private readonly manager: AmqpConnectionManager;
  private readonly channels: ChannelWrapper[] = [];
  private readonly control: ChannelWrapper;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions) {
    const urls = brokerUrls(options.url);
    const first = Math.floor(Math.random() * urls.length);
    this.manager = connect([...urls.slice(first), ...urls.slice(0, first)], {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: 1,
      connectionOptions: { clientProperties: { connection_name: options.service } },
    });
    this.manager.on('connect', ({ url }) => this.logger.log(`connected to broker ${typeof url === 'string' ? new URL(url).host : ''}`));
    this.manager.on('disconnect', ({ err }) => this.logger.warn(`broker connection lost: ${err?.message ?? 'closed'}`));
    this.control = this.channel({ name: 'control', confirm: false });
  }

  channel(opts: CreateChannelOpts): ChannelWrapper {
    const ch = this.manager.createChannel(opts);
    ch.on('error', (err: Error) => this.logger.warn(`channel ${opts.name ?? ''} error: ${err.message}`));
    this.channels.push(ch);
    return ch;
  }

  /**
   * A plain channel on the current connection, for one-off work whose failures close it (a check of a
   * queue that may be missing): its errors are listened to, so they end only this channel. Close it.
   */
  async oneOffChannel(opts: { confirm: true }): Promise<ConfirmChannel>;
  async oneOffChannel(opts?: { confirm?: false }): Promise<Channel>;
  async oneOffChannel(opts: { confirm?: boolean } = {}): Promise<Channel> {
    const connection = this.manager.connection;
    if (!connection) throw new Error('not connected to the broker');
    const ch = opts.confirm ? await connection.createConfirmChannel() : await connection.createChannel();
    ch.on('error', () => undefined);
    return ch;
  }

  /** Round trip to the broker: the exchange must exist and answer. */
  async ping(timeoutMs = 2000): Promise<void> {
    if (!this.manager.isConnected()) throw new Error('not connected to the broker');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('broker did not answer in time')), timeoutMs);
    });
    try {
      await Promise.race([this.control.assertExchange(this.options.exchange, 'topic', { durable: true }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.channels.map((c) => c.close()));
    await this.manager.close();
  }
}
