import {
  Actor,
  BINARY_CONTENT_TYPE,
  CommandDefinition,
  CommandReply,
  CreateRevisionV1,
  DomainError,
  ENVELOPE_HEADER,
  EventDefinition,
  FILE_CHUNK_BYTES,
  FileChunkPutV1,
  FileUploadCompleteV1,
  MessageEnvelope,
  PublishRevisionsV1,
} from '@connect/contracts';
import { Channel, ChannelModel, connect } from 'amqplib';
import { createHash, randomUUID } from 'node:crypto';

const REPLY_QUEUE = 'amq.rabbitmq.reply-to';

/** Connects to the first of the comma-separated URLs that answers. */
export async function connectFirst(amqpUrls: string): Promise<ChannelModel> {
  let last: unknown;
  for (const url of amqpUrls.split(',').filter(Boolean)) {
    try {
      return await connect(url);
    } catch (err) {
      last = err;
    }
  }
  throw last ?? new Error('no broker URL');
}

/**
 * A broker client of the test's own on a system's vhost: sends services the
 * commands only services send, publishes events as their owner would, and
 * taps events. What sync specs and the sync benchmark seed and watch with.
 */
export class BrokerRpc {
  readonly events: MessageEnvelope[] = [];
  private readonly pending = new Map<string, (reply: CommandReply<unknown>) => void>();

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
    private readonly exchange: string,
  ) {}

  /** `amqpUrl`: one URL, or a cluster's (comma-separated): the first node that answers. */
  static async open(amqpUrl: string, tapKeys: string[] = [], exchange = 'connect'): Promise<BrokerRpc> {
    const connection = await connectFirst(amqpUrl);
    const channel = await connection.createChannel();
    const client = new BrokerRpc(connection, channel, exchange);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.consume(
      REPLY_QUEUE,
      (msg) => {
        if (!msg) return;
        // A bytes reply is the bytes alone (contracts' envelope.ts); everything else is a JSON CommandReply.
        const reply = msg.properties.contentType === BINARY_CONTENT_TYPE ? { ok: true as const, result: msg.content } : JSON.parse(msg.content.toString('utf8'));
        client.pending.get(msg.properties.correlationId)?.(reply);
      },
      { noAck: true },
    );
    if (tapKeys.length) {
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      for (const key of tapKeys) await channel.bindQueue(queue, exchange, key);
      // Taps JSON messages; a command carrying bytes (a file chunk: binary body, envelope in a header) is not an event to replay.
      await channel.consume(queue, (msg) => msg && msg.properties.contentType !== BINARY_CONTENT_TYPE && client.events.push(JSON.parse(msg.content.toString('utf8'))), {
        noAck: true,
      });
    }
    return client;
  }

  private envelope<P>(definition: { type: string; version: number }, payload: P, id: string = randomUUID()): MessageEnvelope<P> {
    return { id, type: definition.type, version: definition.version, occurredAt: new Date().toISOString(), correlationId: id, causationId: null, producer: 'test', payload };
  }

  /** Sends a command; `body`: the bytes of a command with `bytes: 'request'`, sent as the AMQP body with the envelope in a header. */
  request<P extends object, R>(definition: CommandDefinition<P, R>, payload: P, timeoutMs = 30_000, body?: Buffer): Promise<R> {
    const envelope = this.envelope(definition, payload);
    const json = Buffer.from(JSON.stringify(envelope));
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelope.id);
        reject(new Error(`no reply to ${definition.routingKey}`));
      }, timeoutMs);
      this.pending.set(envelope.id, (reply) => {
        clearTimeout(timer);
        this.pending.delete(envelope.id);
        if (reply.ok) resolve(reply.result as R);
        else reject(new DomainError(reply.error.code, reply.error.message, reply.error.details));
      });
      this.channel.publish(this.exchange, definition.routingKey, body ?? json, {
        replyTo: REPLY_QUEUE,
        correlationId: envelope.id,
        messageId: envelope.id,
        contentType: body ? BINARY_CONTENT_TYPE : 'application/json',
        expiration: String(timeoutMs),
        ...(body && { headers: { [ENVELOPE_HEADER]: json.toString('utf8') } }),
      });
    });
  }

  /** Publishes an event (or re-publishes a tapped envelope under a new id with `asNew`). */
  publish<P extends object>(definition: EventDefinition<P>, payload: P, id?: string): void {
    this.publishEnvelope(this.envelope(definition, payload, id));
  }

  publishEnvelope(envelope: MessageEnvelope): void {
    this.channel.publish(this.exchange, `${envelope.type}.v${envelope.version}`, Buffer.from(JSON.stringify(envelope)), {
      messageId: envelope.id,
      contentType: 'application/json',
      persistent: true,
    });
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}

export interface SeedTarget {
  projectId: string;
  companyId: string;
  areaId: string;
  disciplineId: string;
  setId?: string;
  /** A Drawings admin of the project. */
  admin: { id: string; email: string; name: string };
}

/** A small PDF (or one padded to `bytes`), different for each label. */
export function seedPdf(label: string, bytes = 0): Buffer {
  const head = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n% ${label}\n`);
  const tail = Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, bytes - head.length - tail.length), 0x20), tail]);
}

/**
 * Uploads and publishes `count` revisions through drawing-service's own
 * commands (the ones the gateway sends for an HTTP upload: chunks, complete,
 * create; then publish in bulk), `concurrency` at a time. Fast enough to seed
 * thousands, and what it makes is exactly what users make.
 */
export async function seedPublishedRevisions(
  rpc: BrokerRpc,
  target: SeedTarget,
  count: number,
  /** `publishEach: 0` uploads without publishing. */
  options: { prefix?: string; concurrency?: number; fileBytes?: number; publishEach?: number } = {},
): Promise<string[]> {
  const { prefix = 'S', concurrency = 8, fileBytes = 0, publishEach = 200 } = options;
  const actor: Actor = {
    userId: target.admin.id,
    email: target.admin.email,
    name: target.admin.name,
    companies: [{ companyId: target.companyId, admin: false }],
    memberships: [{ projectId: target.projectId, companyId: target.companyId, connectionManager: 'admin', drawings: 'admin' }],
  };
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const file = seedPdf(`${prefix}-${n}`, fileBytes);
      const uploadId = randomUUID();
      const chunks = Math.max(1, Math.ceil(file.length / FILE_CHUNK_BYTES));
      for (let i = 0; i < chunks; i++) {
        const bytes = file.subarray(i * FILE_CHUNK_BYTES, (i + 1) * FILE_CHUNK_BYTES);
        await rpc.request(FileChunkPutV1, { projectId: target.projectId, uploadId, index: i }, 30_000, bytes);
      }
      const sha256 = createHash('sha256').update(file).digest('hex');
      await rpc.request(FileUploadCompleteV1, { projectId: target.projectId, uploadId, size: file.length, sha256, chunkCount: chunks, filename: `${prefix}-${n}.pdf` });
      const revision = await rpc.request(CreateRevisionV1, {
        actor,
        projectId: target.projectId,
        uploadId,
        fields: {
          areaId: target.areaId,
          disciplineId: target.disciplineId,
          ...(target.setId && { setId: target.setId }),
          drawingNumber: `${prefix}-${String(n).padStart(6, '0')}`,
          title: `Seeded ${prefix}-${n}`,
          revisionNumber: '1',
        },
      });
      ids.push(revision.id);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  for (let i = 0; publishEach > 0 && i < ids.length; i += publishEach) {
    await rpc.request(PublishRevisionsV1, { actor, projectId: target.projectId, revisionIds: ids.slice(i, i + publishEach) }, 120_000);
  }
  return ids;
}
