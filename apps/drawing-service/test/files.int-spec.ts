import { BINARY_CONTENT_TYPE, ENVELOPE_HEADER, FILE_CHUNK_BYTES, FileChunkGetV1, FileChunkPutV1 } from '@connect/contracts';
import { ApiClient, ApiResponse, Scenario, System, TestUser, directory, eventually, startSystem } from '@connect/testing';
import { Channel, ChannelModel, ConsumeMessage, connect } from 'amqplib';
import { Db, GridFSBucket, MongoClient } from 'mongodb';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { deflateSync } from 'node:zlib';

/*
 * Real drawing files, generated here: the smallest valid file of each
 * format (PDF with a correct xref table, PNG with CRCs and a zlib stream,
 * baseline JPEG, baseline TIFF), plus filler bytes where a test needs size.
 */

/** A one-page PDF; `padding` bytes go into a comment stream so the file can be any size. */
function pdfFile(padding = 0): Buffer {
  const filler = randomBytes(padding);
  const objects = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>'),
    Buffer.concat([Buffer.from(`<< /Length ${filler.length} >>\nstream\n`), filler, Buffer.from('\nendstream')]),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0].length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(obj);
    length += obj.length;
  });
  const xref = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  parts.push(Buffer.from(`${xref}\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A 2x2 RGB PNG. */
function pngFile(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0); // width
  header.writeUInt32BE(2, 4); // height
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method, no interlace
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]); // filter byte + 2 pixels per row
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** An 8x8 mid-grey baseline JPEG: one block, DC difference 0, end of block; one-code Huffman tables. */
function jpegFile(): Buffer {
  const segment = (marker: number, data: number[]) => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
  const oneCodeTable = (tableClass: number) => [(tableClass << 4) | 0, 1, ...new Array(15).fill(0), 0x00]; // one 1-bit code for symbol 0
  return Buffer.from([
    0xff, 0xd8, // SOI
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]), // APP0 JFIF
    ...segment(0xdb, [0x00, ...new Array(64).fill(1)]), // DQT 0, all ones
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]), // SOF0: 8 bits, 8x8, one component, table 0
    ...segment(0xc4, [...oneCodeTable(0), ...oneCodeTable(1)]), // DHT: DC 0 and AC 0
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS
    0x3f, // DC category 0 ("0"), EOB ("0"), padded with ones
    0xff, 0xd9, // EOI
  ]);
}

/** A 1x1 8-bit greyscale baseline TIFF, little-endian ("II*\0"). */
function tiffFile(): Buffer {
  const entries: Array<[tag: number, type: number, value: number]> = [
    [256, 3, 1], // ImageWidth
    [257, 3, 1], // ImageLength
    [258, 3, 8], // BitsPerSample
    [259, 3, 1], // Compression: none
    [262, 3, 1], // PhotometricInterpretation: BlackIsZero
    [273, 4, 0], // StripOffsets (set below)
    [277, 3, 1], // SamplesPerPixel
    [278, 3, 1], // RowsPerStrip
    [279, 4, 1], // StripByteCounts
  ];
  const ifdOffset = 8;
  const pixelOffset = ifdOffset + 2 + entries.length * 12 + 4;
  const out = Buffer.alloc(pixelOffset + 1);
  out.write('II*\0', 0, 'latin1');
  out.writeUInt32LE(ifdOffset, 4);
  out.writeUInt16LE(entries.length, ifdOffset);
  entries.forEach(([tag, type, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(1, at + 4);
    if (type === 3) out.writeUInt16LE(value, at + 8);
    else out.writeUInt32LE(tag === 273 ? pixelOffset : value, at + 8);
  });
  out.writeUInt32LE(0, pixelOffset - 4); // no next IFD
  out[pixelOffset] = 0x80;
  return out;
}

/** A valid PDF of exactly `size` bytes (the padding's digits shift the length, so adjust until it fits). */
function pdfOfSize(size: number): Buffer {
  let padding = size - pdfFile(0).length;
  for (;;) {
    const file = pdfFile(padding);
    if (file.length === size) return file;
    padding += size - file.length;
  }
}

const MiB = 1024 * 1024;
/** Small enough for the oversize test to stay quick; a file of several chunks fits under it. */
const MAX_FILE_BYTES = 2 * MiB + 4096;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('Drawing files (D2) through the gateway, over the broker', () => {
  let system: System;
  let mongo: MongoClient;
  let db: Db;
  let s: Scenario;
  let areaId: string;
  let disciplineId: string;
  let number = 0;

  const as = (user: TestUser): ApiClient => system.api(user.token);
  const projectId = () => s.upstream.projectId;

  function expectOk<T>(res: ApiResponse<T>, status: number): T {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  interface UploadOptions {
    user?: TestUser;
    filename?: string;
    clientType?: string;
    /** Form fields after the file part rather than before it. */
    fieldsAfterFile?: boolean;
  }

  function upload(bytes: Buffer, o: UploadOptions = {}) {
    const form = new FormData();
    const fields = { areaId, disciplineId, drawingNumber: `F-${++number}`, title: 'Plan', revisionNumber: '1' };
    const addFields = () => Object.entries(fields).forEach(([k, v]) => form.append(k, v));
    if (!o.fieldsAfterFile) addFields();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: o.clientType ?? 'application/octet-stream' }), o.filename ?? 'drawing.bin');
    if (o.fieldsAfterFile) addFields();
    return as(o.user ?? s.uploader).send('POST', `/projects/${projectId()}/drawing-revisions`, { body: form });
  }

  /** The raw bytes of a download, with its headers. */
  async function download(user: TestUser, revisionId: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${system.url()}/api/v1/projects/${projectId()}/drawing-revisions/${revisionId}/file`, {
      headers: { authorization: `Bearer ${user.token}`, ...headers },
    });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  /** What drawing-service holds of uploads and files (the test reads its database; services never do). */
  async function stored() {
    const count = (name: string, filter = {}) => db.collection(name).countDocuments(filter);
    return {
      files: await count('fs.files'),
      chunks: await count('fs.chunks'),
      parts: await count('file_upload_parts'),
      uploads: await count('file_uploads'),
      revisions: await count('drawing_revisions'),
    };
  }

  /** Polls the storage until it is back to `before` (discards and the sweeper work after the answer). */
  async function expectStoredBackTo(before: Awaited<ReturnType<typeof stored>>): Promise<void> {
    expect(await eventually(stored, (now) => JSON.stringify(now) === JSON.stringify(before))).toEqual(before);
  }

  beforeAll(async () => {
    system = await startSystem({
      services: ['gateway', 'drawing-service'],
      // A discarded upload's tombstone goes 1 s after the discard: long enough for chunks in flight beside the refused one.
      env: { DRAWING_MAX_FILE_BYTES: String(MAX_FILE_BYTES), DRAWING_UPLOAD_SWEEP_MS: '500', DRAWING_UPLOAD_TOMBSTONE_MS: '1000' },
    });
    mongo = await new MongoClient(system.env['MONGO_URL']).connect();
    db = mongo.db(`connect_drawing_service${system.env['MONGO_DB_SUFFIX']}`);
    s = await directory(system).scenario();
    const admin = as(s.upstreamAdmin);
    areaId = expectOk(await admin.post(`/projects/${projectId()}/drawing-areas`, { name: 'Level 1' }), 201).id;
    disciplineId = expectOk(await admin.post(`/projects/${projectId()}/drawing-disciplines`, { name: 'Architectural' }), 201).id;
  });

  afterAll(async () => {
    await mongo?.close();
    await system?.stop();
  });

  describe('D2: accepted formats, checked by content, stored and downloaded byte for byte', () => {
    it.each([
      ['PDF', pdfFile(), 'application/pdf'],
      ['PNG', pngFile(), 'image/png'],
      ['JPEG', jpegFile(), 'image/jpeg'],
      ['TIFF', tiffFile(), 'image/tiff'],
    ])('D2: a %s upload is stored with its SHA-256 and downloads byte for byte with ETag = SHA-256', async (_format, bytes, contentType) => {
      const revision = expectOk(await upload(bytes, { filename: `sheet.${contentType.split('/')[1]}` }), 201);
      expect(revision).toMatchObject({ sha256: sha256(bytes), size: bytes.length, contentType, published: false });

      const res = await download(s.upstreamAdmin, revision.id);
      expect(res.status).toBe(200);
      expect(res.bytes.equals(bytes)).toBe(true);
      expect(res.headers.get('content-type')).toBe(contentType);
      expect(res.headers.get('content-length')).toBe(String(bytes.length));
      expect(res.headers.get('etag')).toBe(`"${sha256(bytes)}"`);
    });

    it('D2: the content decides the type, not the name or the client Content-Type (a PNG named .pdf is a PNG)', async () => {
      const bytes = pngFile();
      const revision = expectOk(await upload(bytes, { filename: 'plan.pdf', clientType: 'application/pdf' }), 201);
      expect(revision.contentType).toBe('image/png');
      expect((await download(s.upstreamAdmin, revision.id)).headers.get('content-type')).toBe('image/png');
    });

    it('D2: a file of several chunks (fields after the file) is stored in GridFS layout and reads back byte for byte', async () => {
      const bytes = pdfFile(2 * MiB); // 9 chunks, the last one partial
      const revision = expectOk(await upload(bytes, { fieldsAfterFile: true }), 201);
      expect(revision.sha256).toBe(sha256(bytes));

      const res = await download(s.upstreamAdmin, revision.id);
      expect(res.bytes.length).toBe(bytes.length);
      expect(res.bytes.equals(bytes)).toBe(true);

      // Standard GridFS readers see the same file, tagged with its project.
      const file = await db.collection('fs.files').findOne({ _id: revision.fileId as never });
      expect(file).toMatchObject({ length: bytes.length, chunkSize: FILE_CHUNK_BYTES, metadata: { projectId: projectId(), sha256: sha256(bytes), contentType: 'application/pdf' } });
      const viaGridFs: Buffer[] = [];
      for await (const piece of new GridFSBucket(db).openDownloadStream(revision.fileId as never)) viaGridFs.push(piece as Buffer);
      expect(Buffer.concat(viaGridFs).equals(bytes)).toBe(true);
    });

    it('D2: If-None-Match with the current ETag answers 304 without a body; another ETag gets the file', async () => {
      const bytes = pdfFile(100);
      const revision = expectOk(await upload(bytes), 201);
      const etag = `"${sha256(bytes)}"`;
      const cached = await download(s.upstreamAdmin, revision.id, { 'if-none-match': etag });
      expect(cached.status).toBe(304);
      expect(cached.bytes.length).toBe(0);
      expect(cached.headers.get('etag')).toBe(etag);
      const stale = await download(s.upstreamAdmin, revision.id, { 'if-none-match': `"${'0'.repeat(64)}"` });
      expect(stale.status).toBe(200);
      expect(stale.bytes.equals(bytes)).toBe(true);
    });
  });

  describe('D2: refused files leave nothing stored', () => {
    it('D2: a text file renamed .pdf (and sent as application/pdf) is refused with 415 FILE_TYPE_UNSUPPORTED', async () => {
      const before = await stored();
      const res = await upload(Buffer.from('Meeting notes: this is plain text, not a drawing.\n'.repeat(100)), { filename: 'plan.pdf', clientType: 'application/pdf' });
      expect([res.status, res.body.code]).toEqual([415, 'FILE_TYPE_UNSUPPORTED']);
      await expectStoredBackTo(before);
    });

    it('D2: an empty file is refused with 415 FILE_TYPE_UNSUPPORTED', async () => {
      const res = await upload(Buffer.alloc(0), { filename: 'empty.pdf' });
      expect([res.status, res.body.code]).toEqual([415, 'FILE_TYPE_UNSUPPORTED']);
    });

    it('D2: a file over DRAWING_MAX_FILE_BYTES is refused with 413 FILE_TOO_LARGE and its stored chunks are removed', async () => {
      const before = await stored();
      const res = await upload(pdfFile(5 * MiB), { filename: 'huge.pdf' });
      expect([res.status, res.body.code]).toEqual([413, 'FILE_TOO_LARGE']);
      // The chunks under the limit were stored on the way; the discard and the sweeper take them and the upload's tombstone away.
      await expectStoredBackTo(before);
    });

    it('D2: an upload the client abandons half-way is discarded', async () => {
      const before = await stored();
      const boundary = 'abandoned-upload';
      const url = new URL(`${system.url()}/api/v1/projects/${projectId()}/drawing-revisions`);
      const req = request(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.uploader.token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(4 * MiB) },
      });
      req.on('error', () => undefined); // the socket is destroyed on purpose
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.pdf"\r\n\r\n`);
      req.write(pdfFile(MiB)); // 4 chunks arrive, then the client goes away
      expect((await eventually(stored, (now) => now.chunks > before.chunks)).chunks).toBeGreaterThan(before.chunks);
      req.destroy();
      await expectStoredBackTo(before);
    });

    it('D2: a file of exactly DRAWING_MAX_FILE_BYTES is accepted', async () => {
      const bytes = pdfOfSize(MAX_FILE_BYTES);
      expect(bytes.length).toBe(MAX_FILE_BYTES);
      expect((await upload(bytes)).status).toBe(201);
    });

    it('D2: two file parts, or none, is 400 VALIDATION_FAILED', async () => {
      const form = new FormData();
      for (const name of ['a.pdf', 'b.pdf']) form.append('file', new Blob([new Uint8Array(pdfFile())]), name);
      const two = await as(s.uploader).send('POST', `/projects/${projectId()}/drawing-revisions`, { body: form });
      expect([two.status, two.body.code]).toEqual([400, 'VALIDATION_FAILED']);

      const none = new FormData();
      none.append('areaId', areaId);
      const res = await as(s.uploader).send('POST', `/projects/${projectId()}/drawing-revisions`, { body: none });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });
  });

  describe('D1 applies to downloads', () => {
    it('D1: an unpublished revision\'s file is 404 for read_only users until it is published; outsiders get 404 for the project', async () => {
      const bytes = jpegFile();
      const revision = expectOk(await upload(bytes), 201);
      const hidden = await download(s.viewer, revision.id);
      expect(hidden.status).toBe(404);
      expect(JSON.parse(hidden.bytes.toString()).code).toBe('REVISION_NOT_FOUND');

      expectOk(await as(s.upstreamAdmin).post(`/projects/${projectId()}/drawing-revisions/publish`, { revisionIds: [revision.id] }), 200);
      const visible = await download(s.viewer, revision.id);
      expect(visible.status).toBe(200);
      expect(visible.bytes.equals(bytes)).toBe(true);

      for (const stranger of [s.outsider, s.downstreamAdmin]) {
        const res = await download(stranger, revision.id);
        expect([res.status, JSON.parse(res.bytes.toString()).code]).toEqual([404, 'PROJECT_NOT_FOUND']);
      }
    });

    it('an unknown revision is 404 REVISION_NOT_FOUND', async () => {
      const res = await download(s.upstreamAdmin, '00000000-0000-4000-8000-000000000000');
      expect([res.status, JSON.parse(res.bytes.toString()).code]).toEqual([404, 'REVISION_NOT_FOUND']);
    });
  });
  /*
   * Issue 17.5: chunk bytes travel as binary AMQP bodies, the envelope as JSON in the
   * ENVELOPE_HEADER header. Here a client of the test's own speaks that wire format to
   * drawing-service directly, and breaks it on purpose.
   */
  describe('issue 17.5 (D2): file chunks on the broker are binary bodies, and a malformed chunk is refused MESSAGE_INVALID', () => {
    let connection: ChannelModel;
    let channel: Channel;
    const waiting = new Map<string, (msg: ConsumeMessage) => void>();

    beforeAll(async () => {
      connection = await connect(system.env['AMQP_URL']);
      channel = await connection.createChannel();
      await channel.consume('amq.rabbitmq.reply-to', (msg) => msg && waiting.get(msg.properties.correlationId)?.(msg), { noAck: true });
    });
    afterAll(() => connection?.close());

    const envelopeOf = (definition: { type: string; version: number }, payload: object) => {
      const id = randomUUID();
      return { id, type: definition.type, version: definition.version, occurredAt: new Date().toISOString(), correlationId: id, causationId: null, producer: 'test', payload };
    };

    /** Sends one message as given (body, content type, headers) and returns the raw reply. */
    function send(routingKey: string, id: string, body: Buffer, contentType: string, headers: Record<string, unknown> = {}): Promise<ConsumeMessage> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply to ${routingKey} in 20 s`)), 20_000);
        waiting.set(id, (msg) => {
          clearTimeout(timer);
          resolve(msg);
        });
        channel.publish('connect', routingKey, body, { replyTo: 'amq.rabbitmq.reply-to', correlationId: id, messageId: id, contentType, headers, expiration: '20000' });
      });
    }

    /** A chunk of a new upload of this project, sent as the wire format says, with `change` applied to what is sent. */
    function putChunk(bytes: Buffer, change: (m: { body: Buffer; contentType: string; headers: Record<string, unknown> }) => void = () => undefined, uploadId = randomUUID()) {
      const envelope = envelopeOf(FileChunkPutV1, { projectId: projectId(), uploadId, index: 0 });
      const message = { body: bytes, contentType: BINARY_CONTENT_TYPE, headers: { [ENVELOPE_HEADER]: JSON.stringify(envelope) } as Record<string, unknown> };
      change(message);
      return send(FileChunkPutV1.routingKey, envelope.id, message.body, message.contentType, message.headers);
    }

    const json = (msg: ConsumeMessage) => JSON.parse(msg.content.toString('utf8'));
    const head = () => pdfFile(FILE_CHUNK_BYTES).subarray(0, FILE_CHUNK_BYTES);

    it('issue 17.5: a chunk is its bytes as the body, the envelope in its header; a chunk read comes back as bytes', async () => {
      const bytes = head();
      const reply = json(await putChunk(bytes));
      expect(reply).toEqual({ ok: true, result: { index: 0, size: FILE_CHUNK_BYTES, contentType: 'application/pdf' } });

      const file = pdfFile(3 * FILE_CHUNK_BYTES);
      expectOk(await upload(file), 201);
      const fileId = (await db.collection('fs.files').findOne({ 'metadata.sha256': sha256(file) }))!._id as unknown as string;
      const envelope = envelopeOf(FileChunkGetV1, { projectId: projectId(), fileId, index: 1 });
      const read = await send(FileChunkGetV1.routingKey, envelope.id, Buffer.from(JSON.stringify(envelope)), 'application/json');
      expect(read.properties.contentType).toBe(BINARY_CONTENT_TYPE);
      expect(read.content.equals(file.subarray(FILE_CHUNK_BYTES, 2 * FILE_CHUNK_BYTES))).toBe(true);
    });

    it.each<[string, (m: { body: Buffer; contentType: string; headers: Record<string, unknown> }) => void]>([
      ['without its envelope header', (m) => delete m.headers[ENVELOPE_HEADER]],
      ['with a corrupted (truncated) envelope header', (m) => (m.headers[ENVELOPE_HEADER] = String(m.headers[ENVELOPE_HEADER]).slice(0, 40))],
      ['whose envelope payload is invalid (index -1)', (m) => (m.headers[ENVELOPE_HEADER] = String(m.headers[ENVELOPE_HEADER]).replace('"index":0', '"index":-1'))],
      ['as the JSON of old (base64 data in the payload)', (m) => {
        const envelope = JSON.parse(String(m.headers[ENVELOPE_HEADER]));
        envelope.payload.data = m.body.toString('base64');
        m.body = Buffer.from(JSON.stringify(envelope));
        m.contentType = 'application/json';
        m.headers = {};
      }],
      ['longer than FILE_CHUNK_BYTES', (m) => (m.body = Buffer.concat([m.body, Buffer.alloc(1)]))],
    ])('issue 17.5: a chunk %s is refused at once with MESSAGE_INVALID and nothing is stored', async (_why, change) => {
      const before = await stored();
      const uploadId = randomUUID();
      const reply = json(await putChunk(head(), change, uploadId));
      expect(reply).toMatchObject({ ok: false, error: { code: 'MESSAGE_INVALID' } });
      expect(await db.collection('fs.chunks').countDocuments({ files_id: uploadId })).toBe(0);
      expect(await stored()).toEqual(before);
    });
  });
});
