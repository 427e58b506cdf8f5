import 'reflect-metadata';
import { DomainError, ErrorCode, FILE_CHUNK_BYTES, FileChunkPutV1, FileUploadAbortV1, FileUploadCompleteV1 } from '@connect/contracts';
import type { MessageBus } from '@connect/messaging';
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { UPLOAD_WINDOW, UploadService, cleanFilename } from './upload.service';

const BOUNDARY = 'spec-boundary';

type Part = { name: string; value: string } | { name: string; filename: string; data: Buffer };

function multipart(parts: Part[]): Buffer {
  const pieces = parts.flatMap((p) =>
    'data' in p
      ? [Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: application/pdf\r\n\r\n`), p.data, Buffer.from('\r\n')]
      : [Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`)],
  );
  return Buffer.concat([...pieces, Buffer.from(`--${BOUNDARY}--\r\n`)]);
}

/** An HTTP request as the service reads it: headers and a body arriving in pieces. */
function requestOf(body: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`): IncomingMessage {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += 16 * 1024) pieces.push(body.subarray(i, i + 16 * 1024));
  const req = Readable.from(pieces, { objectMode: false }) as unknown as IncomingMessage & { complete: boolean };
  req.headers = { 'content-type': contentType };
  req.complete = false;
  req.once('end', () => (req.complete = true));
  return req;
}

/** A broker that stores chunks, watches the window, and can refuse one chunk. */
class FakeBus {
  readonly chunks = new Map<number, Buffer>();
  readonly calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  sentBeforeFirstReply = 0;
  firstReplied = false;
  refuse?: { index: number; code: ErrorCode };
  inFlightAtAbort?: number;

  async request(definition: { routingKey: string }, payload: Record<string, unknown>, opts: { body?: Buffer } = {}): Promise<unknown> {
    this.calls.push(definition.routingKey);
    if (definition === FileChunkPutV1) {
      const index = payload['index'] as number;
      if (!this.firstReplied && index > 0) this.sentBeforeFirstReply++;
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      await new Promise((r) => setTimeout(r, 1));
      this.inFlight--;
      if (index === 0) this.firstReplied = true;
      if (this.refuse?.index === index) throw new DomainError(this.refuse.code, 'refused');
      this.chunks.set(index, opts.body!);
      return { index, size: 0 };
    }
    if (definition === FileUploadCompleteV1) return { fileId: payload['uploadId'], contentType: 'application/pdf', ...payload };
    if (definition === FileUploadAbortV1) {
      this.inFlightAtAbort = this.inFlight;
      return { discarded: true };
    }
    throw new Error(`unexpected ${definition.routingKey}`);
  }

  file(): Buffer {
    return Buffer.concat([...this.chunks.keys()].sort((a, b) => a - b).map((i) => this.chunks.get(i)!));
  }
}

function service(bus: FakeBus): UploadService {
  return new UploadService(bus as unknown as MessageBus);
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return (err as DomainError).code;
  }
  return undefined;
}

describe('UploadService.streamUpload (D2: streamed in chunks over the broker)', () => {
  const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(5 * FILE_CHUNK_BYTES + 123)]);

  it('cuts the file into fixed chunks that reassemble byte for byte, with its SHA-256, and keeps fields before and after the file', async () => {
    const bus = new FakeBus();
    const body = multipart([
      { name: 'drawingNumber', value: 'A-101' },
      { name: 'file', filename: 'C:\\plans\\A-101.pdf', data: bytes },
      { name: 'title', value: 'Ground floor' },
    ]);
    const upload = await service(bus).streamUpload(requestOf(body), 'p1');
    expect(upload.fields).toEqual({ drawingNumber: 'A-101', title: 'Ground floor' });
    expect(bus.file().equals(bytes)).toBe(true);
    expect([...bus.chunks.values()].slice(0, -1).every((c) => c.length === FILE_CHUNK_BYTES)).toBe(true);
    expect(upload.file).toMatchObject({
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      chunkCount: 6,
      filename: 'A-101.pdf',
    });
    expect(bus.calls.at(-1)).toBe(FileUploadCompleteV1.routingKey);
  });

  it('sends chunk 0 alone (its type is checked before anything else is stored), then at most UPLOAD_WINDOW chunks in flight', async () => {
    const bus = new FakeBus();
    const big = Buffer.concat([bytes, randomBytes(3 * UPLOAD_WINDOW * FILE_CHUNK_BYTES)]);
    await service(bus).streamUpload(requestOf(multipart([{ name: 'file', filename: 'a.pdf', data: big }])), 'p1');
    expect(bus.sentBeforeFirstReply).toBe(0);
    expect(bus.maxInFlight).toBe(UPLOAD_WINDOW);
  });

  it.each([
    ['chunk 0 (type refused)', 0, 'FILE_TYPE_UNSUPPORTED' as ErrorCode],
    ['a later chunk (too large)', 3, 'FILE_TOO_LARGE' as ErrorCode],
  ])('a refusal of %s rejects with its code, never completes, and discards after the chunks in flight settle', async (_why, index, code) => {
    const bus = new FakeBus();
    bus.refuse = { index, code };
    const req = requestOf(multipart([{ name: 'file', filename: 'a.pdf', data: bytes }]));
    expect(await codeOf(service(bus).streamUpload(req, 'p1'))).toBe(code);
    await new Promise((r) => setTimeout(r, 50));
    expect(bus.calls).not.toContain(FileUploadCompleteV1.routingKey);
    expect(bus.calls.at(-1)).toBe(FileUploadAbortV1.routingKey);
    expect(bus.inFlightAtAbort).toBe(0);
  });

  it.each([
    ['two files', multipart([{ name: 'file', filename: 'a.pdf', data: bytes }, { name: 'file', filename: 'b.pdf', data: bytes }])],
    ['no file', multipart([{ name: 'title', value: 'x' }])],
    ['the file under another name', multipart([{ name: 'drawing', filename: 'a.pdf', data: bytes }])],
  ])('%s is 400 VALIDATION_FAILED', async (_why, body) => {
    expect(await codeOf(service(new FakeBus()).streamUpload(requestOf(body), 'p1'))).toBe('VALIDATION_FAILED');
  });

  it('a body that is not multipart is 400 VALIDATION_FAILED', async () => {
    expect(await codeOf(service(new FakeBus()).streamUpload(requestOf(Buffer.from('{}'), 'application/json'), 'p1'))).toBe('VALIDATION_FAILED');
  });

  it('keeps only the base name of the client file name', () => {
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('C:\\Users\\me\\plan\u0000.pdf')).toBe('plan.pdf');
    expect(cleanFilename(undefined)).toBe('drawing');
    expect(cleanFilename('x'.repeat(300))).toHaveLength(255);
  });
});
