import { BINARY_CONTENT_TYPE, CommandDefinition, CommandReply, DomainError, EventDefinition, MessageEnvelope } from '@connect/contracts';
import { Channel, ChannelModel, connect } from 'amqplib';
import { randomUUID } from 'node:crypto';

const REPLY_QUEUE = 'amq.rabbitmq.reply-to';

/**
 * The test's own broker client on the system's vhost: sends drawing-service
 * the commands only services send (sync, C5), and taps the events it
 * publishes, exactly as sync-service would see them.
 */
export class BrokerClient {
  readonly events: MessageEnvelope[] = [];
  private readonly pending = new Map<string, (reply: CommandReply<unknown>) => void>();

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
    private readonly exchange: string,
  ) {}

  static async open(amqpUrl: string, eventKeys: string[], exchange = 'connect'): Promise<BrokerClient> {
    const connection = await connect(amqpUrl);
    const channel = await connection.createChannel();
    const client = new BrokerClient(connection, channel, exchange);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.consume(REPLY_QUEUE, (msg) => msg && client.pending.get(msg.properties.correlationId)?.(JSON.parse(msg.content.toString('utf8'))), {
      noAck: true,
    });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const key of eventKeys) await channel.bindQueue(queue, exchange, key);
    // Taps JSON messages; a command carrying bytes (a file chunk: binary body, envelope in a header) is no event.
    await channel.consume(queue, (msg) => msg && msg.properties.contentType !== BINARY_CONTENT_TYPE && client.events.push(JSON.parse(msg.content.toString('utf8'))), { noAck: true });
    return client;
  }

  /** Sends a command; resolves with its result or rejects with the DomainError it was refused with. */
  request<P extends object, R>(definition: CommandDefinition<P, R>, payload: P, timeoutMs = 15_000): Promise<R> {
    const id = randomUUID();
    const envelope: MessageEnvelope<P> = {
      id,
      type: definition.type,
      version: definition.version,
      occurredAt: new Date().toISOString(),
      correlationId: id,
      causationId: null,
      producer: 'drawings-int-spec',
      payload,
    };
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no reply to ${definition.routingKey}`));
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (reply.ok) resolve(reply.result as R);
        else reject(new DomainError(reply.error.code, reply.error.message, reply.error.details));
      });
      this.channel.publish(this.exchange, definition.routingKey, Buffer.from(JSON.stringify(envelope)), {
        replyTo: REPLY_QUEUE,
        correlationId: id,
        messageId: id,
        contentType: 'application/json',
        expiration: String(timeoutMs),
      });
    });
  }

  /** Publishes an event as its owning service would (e.g. connection-service's connection events); `id` repeated: a redelivery. */
  publish<P extends object>(definition: EventDefinition<P>, payload: P, id: string = randomUUID()): void {
    const envelope: MessageEnvelope<P> = {
      id,
      type: definition.type,
      version: definition.version,
      occurredAt: new Date().toISOString(),
      correlationId: id,
      causationId: null,
      producer: 'drawings-int-spec',
      payload,
    };
    this.channel.publish(this.exchange, definition.routingKey, Buffer.from(JSON.stringify(envelope)), {
      messageId: id,
      contentType: 'application/json',
      persistent: true,
    });
  }

  /** Events of one routing key (type + version) matching `where`, once `count` have arrived. */
  async awaitEvents<P>(routingKey: string, where: (payload: P) => boolean, count = 1, timeoutMs = 10_000): Promise<MessageEnvelope<P>[]> {
    const deadline = Date.now() + timeoutMs;
    const matching = () => this.events.filter((e) => `${e.type}.v${e.version}` === routingKey && where(e.payload as P)) as MessageEnvelope<P>[];
    while (matching().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return matching();
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}
