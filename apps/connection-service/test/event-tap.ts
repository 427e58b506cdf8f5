import { ConnectionChangedPayload, MessageEnvelope } from '@connect/contracts';
import { Channel, ChannelModel, connect } from 'amqplib';

export const CONNECTION_EVENTS = ['requested', 'established', 'rejected', 'cancelled', 'disconnected', 'undone'].map((e) => `connection.${e}.v1`);

export type ConnectionEvent = MessageEnvelope<ConnectionChangedPayload>;

/**
 * A queue of the test's own on the system's exchange, bound to the connection
 * events: what sync-service and notification-service would receive.
 */
export class EventTap {
  readonly events: ConnectionEvent[] = [];

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async open(amqpUrl: string, exchange = 'connect'): Promise<EventTap> {
    const connection = await connect(amqpUrl);
    const channel = await connection.createChannel();
    const tap = new EventTap(connection, channel);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const key of CONNECTION_EVENTS) await channel.bindQueue(queue, exchange, key);
    await channel.consume(queue, (msg) => msg && tap.events.push(JSON.parse(msg.content.toString('utf8'))), { noAck: true });
    return tap;
  }

  of(connectionId: string): ConnectionEvent[] {
    return this.events.filter((e) => e.payload.connection.id === connectionId);
  }

  /** The events of one connection once `count` of them have arrived. */
  async await(connectionId: string, count: number, timeoutMs = 10_000): Promise<ConnectionEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.of(connectionId).length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return this.of(connectionId);
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}
