import { CompletedUpload, DomainError, FILE_CHUNK_BYTES, FileChunkPutReply } from '@connect/contracts';
import { insertAllOnce, insertOnce } from '@connect/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DrawingServiceConfig } from '../config';
import { crossesLimit, verifyParts } from './chunk-layout';
import { sniffContentType } from './content-type';
import { FILE_CHUNK_MODEL, FileChunkDoc, chunkId } from './file-chunk.schema';
import { STORED_FILE_MODEL, StoredFileDoc } from './stored-file.schema';
import { UPLOAD_PART_MODEL, UploadPartDoc } from './upload-part.schema';
import { UPLOAD_MODEL, UploadDoc } from './upload.schema';

/** Receipts written in one round trip at most (a window of chunks in flight from the gateway is 8). */
const RECEIPT_BATCH = 32;

export interface CompleteUpload {
  size: number;
  sha256: string;
  chunkCount: number;
  filename: string;
}

/**
 * Uploads in progress: chunks written straight into GridFS's `fs.chunks`
 * under the upload id (the future file id), so finalizing a file writes one
 * document and copies nothing. Every write is an insert with a deterministic
 * `_id` (the only concurrency-safe write on FerretDB), so redeliveries and
 * retries are harmless.
 */
@Injectable()
export class UploadStore {
  private readonly logger = new Logger(UploadStore.name);
  /** Receipts of stored chunks waiting for the next batched write (`receipt`). */
  private readonly receipts: { doc: UploadPartDoc; resolve(): void; reject(err: unknown): void }[] = [];
  private writingReceipts = false;

  constructor(
    @InjectModel(UPLOAD_MODEL) private readonly uploads: Model<UploadDoc>,
    @InjectModel(UPLOAD_PART_MODEL) private readonly parts: Model<UploadPartDoc>,
    @InjectModel(FILE_CHUNK_MODEL) private readonly chunks: Model<FileChunkDoc>,
    @InjectModel(STORED_FILE_MODEL) private readonly files: Model<StoredFileDoc>,
    private readonly config: DrawingServiceConfig,
  ) {}

  /** Stores chunk `index` of an upload; chunk 0 decides the type (D2) and opens the upload. */
  async putChunk(projectId: string, uploadId: string, index: number, bytes: Buffer): Promise<FileChunkPutReply> {
    if (bytes.length > FILE_CHUNK_BYTES) throw new DomainError('MESSAGE_INVALID', `a chunk holds at most ${FILE_CHUNK_BYTES} bytes`);
    const max = this.config.DRAWING_MAX_FILE_BYTES;
    const tooLarge = () => new DomainError('FILE_TOO_LARGE', `the file is larger than ${max} bytes`, { maxBytes: max });
    if (crossesLimit(index, bytes.length, max)) {
      await this.abort(projectId, uploadId, { tooLarge: true }).catch(() => undefined);
      throw tooLarge();
    }
    let contentType: string | undefined;
    if (index === 0) {
      contentType = sniffContentType(bytes) ?? undefined;
      if (!contentType) throw new DomainError('FILE_TYPE_UNSUPPORTED', 'the file is not a PDF, PNG, JPEG or TIFF (checked by its content, not its name)');
      await insertOnce(this.uploads, { _id: uploadId, projectId, state: 'open', contentType, startedAt: new Date() });
    }
    // Issue 17.5: the upload is looked up while the chunk is written (one round trip less per chunk). The put decides
    // once both settled, so no write of a failed put is still under way (it could land after an abort removed the
    // upload's bytes); a chunk this put stored for an upload that is not open here, or not known, is taken away again.
    const id = chunkId(uploadId, index);
    const [lookup, insert] = await Promise.allSettled([
      this.uploads.collection.findOne<UploadDoc>({ _id: uploadId } as object),
      insertOnce(this.chunks, { _id: id, files_id: uploadId, n: index, data: bytes, projectId }),
    ]);
    const stored = insert.status === 'fulfilled' && insert.value;
    const upload = lookup.status === 'fulfilled' ? lookup.value : null;
    if (!upload || upload.projectId !== projectId || upload.state === 'aborted') {
      if (stored) await this.chunks.collection.deleteOne({ _id: id } as object);
      if (lookup.status === 'rejected') throw lookup.reason;
      // A chunk in flight beside the one that crossed the limit (the gateway sends a window of them) answers the same
      // refusal, whichever answer reaches the gateway first (D2: 413, never 404).
      if (upload?.projectId === projectId && upload.tooLarge) throw tooLarge();
      throw new DomainError('UPLOAD_NOT_FOUND', `upload ${uploadId} was not started or was discarded`);
    }
    if (insert.status === 'rejected') throw insert.reason;
    if (!insert.value) await this.verifyStored(projectId, uploadId, index, bytes.length);
    // The receipt comes after its chunk: a receipt proves the chunk is stored.
    await this.receipt({ _id: id, uploadId, n: index, size: bytes.length });
    return { index, size: bytes.length, ...(contentType ? { contentType } : {}) };
  }

  /** A chunk found stored under this put's id (a redelivery, a retry) proves this chunk only if it is this project's, of this size. */
  private async verifyStored(projectId: string, uploadId: string, index: number, size: number): Promise<void> {
    const chunk = await this.chunks.collection.findOne<FileChunkDoc>({ _id: chunkId(uploadId, index) } as object);
    if (!chunk || chunk.projectId !== projectId) throw new DomainError('UPLOAD_NOT_FOUND', `upload ${uploadId} was not started or was discarded`);
    if (chunk.data.length() !== size) throw new DomainError('CONFLICT', `chunk ${index} of upload ${uploadId} was stored with another size`);
  }

  /**
   * Writes a chunk's receipt together with the receipts of the chunks stored meanwhile (issue 17.5: a group commit,
   * one insertMany per batch instead of one insert per chunk). Resolves once its batch is stored; a batch that fails
   * fails each of its puts (the gateway then fails the upload). A receipt waits for nothing when no batch is being
   * written, so a lone chunk is not delayed.
   */
  private receipt(doc: UploadPartDoc): Promise<void> {
    return new Promise((resolve, reject) => {
      this.receipts.push({ doc, resolve, reject });
      if (!this.writingReceipts) void this.writeReceipts();
    });
  }

  private async writeReceipts(): Promise<void> {
    this.writingReceipts = true;
    while (this.receipts.length) {
      const batch = this.receipts.splice(0, RECEIPT_BATCH);
      try {
        await insertAllOnce(this.parts, batch.map((r) => r.doc));
        for (const r of batch) r.resolve();
      } catch (err) {
        for (const r of batch) r.reject(err);
      }
    }
    this.writingReceipts = false;
  }

  /** Verifies that every chunk is there and records what the file is; idempotent. */
  async complete(projectId: string, uploadId: string, given: CompleteUpload): Promise<CompletedUpload> {
    const upload = await this.openUpload(projectId, uploadId);
    const answer = (u: UploadDoc): CompletedUpload => ({ fileId: u._id, size: u.size!, sha256: u.sha256!, contentType: u.contentType, filename: u.filename! });
    if (upload.state === 'complete') {
      if (upload.size !== given.size || upload.sha256 !== given.sha256) throw new DomainError('CONFLICT', `upload ${uploadId} was completed with another size or checksum`);
      return answer(upload);
    }
    const max = this.config.DRAWING_MAX_FILE_BYTES;
    if (given.size > max) throw new DomainError('FILE_TOO_LARGE', `the file is larger than ${max} bytes`, { maxBytes: max });
    const parts = await this.parts.find({ uploadId }, { n: 1, size: 1 }).lean<UploadPartDoc[]>();
    verifyParts(parts, given);
    const completed: UploadDoc = { ...upload, state: 'complete', ...given, filename: given.filename || 'drawing' };
    await this.uploads.replaceOne({ _id: uploadId }, completed);
    return answer(completed);
  }

  /** A complete upload of this project, ready to become a file; throws otherwise. */
  async completedUpload(projectId: string, uploadId: string): Promise<UploadDoc> {
    const upload = await this.openUpload(projectId, uploadId);
    if (upload.state !== 'complete') throw new DomainError('UPLOAD_INCOMPLETE', `upload ${uploadId} was not completed`);
    return upload;
  }

  /** Forgets an upload that became a file: its chunks now belong to the file. */
  async release(uploadId: string): Promise<void> {
    await this.parts.deleteMany({ uploadId });
    await this.uploads.deleteOne({ _id: uploadId });
  }

  /** Discards an upload: its chunks go now, its tombstone refuses late chunks until the sweeper removes it. */
  async abort(projectId: string, uploadId: string, why: { tooLarge?: boolean } = {}): Promise<{ discarded: boolean }> {
    const upload = await this.uploads.findById(uploadId).lean<UploadDoc>();
    if (!upload) return { discarded: false };
    if (upload.projectId !== projectId) throw new DomainError('UPLOAD_NOT_FOUND', `upload ${uploadId} not found`);
    if (await this.files.exists({ _id: uploadId })) return { discarded: false };
    if (upload.state !== 'aborted' || (why.tooLarge && !upload.tooLarge))
      await this.uploads.replaceOne({ _id: uploadId }, { ...upload, state: 'aborted', abortedAt: new Date(), ...(why.tooLarge && { tooLarge: true }) });
    await this.removeBytes(uploadId);
    return { discarded: true };
  }

  /**
   * Removes abandoned uploads (open or complete for longer than the TTL) and
   * expired tombstones. Runs on every instance; deletes are idempotent.
   * The `uploads` collection only holds uploads in flight, so a scan is cheap.
   */
  async sweep(now = Date.now()): Promise<number> {
    const { DRAWING_UPLOAD_TTL_MS: ttl, DRAWING_UPLOAD_TOMBSTONE_MS: tombstone } = this.config;
    const candidates = await this.uploads.find({ startedAt: { $lt: new Date(now - Math.min(ttl, tombstone)) } }).lean<UploadDoc[]>();
    const due = candidates.filter((u) =>
      u.state === 'aborted' ? (u.abortedAt ?? u.startedAt).getTime() <= now - tombstone : u.startedAt.getTime() <= now - ttl,
    );
    for (const upload of due) {
      // A file finalized just before a crash keeps its chunks; only the bookkeeping goes.
      if (!(await this.files.exists({ _id: upload._id }))) await this.removeBytes(upload._id);
      await this.release(upload._id);
    }
    if (due.length) this.logger.log(`swept ${due.length} abandoned or discarded upload(s)`);
    return due.length;
  }

  private async openUpload(projectId: string, uploadId: string): Promise<UploadDoc> {
    const upload = await this.uploads.findById(uploadId).lean<UploadDoc>();
    if (!upload || upload.projectId !== projectId || upload.state === 'aborted') {
      throw new DomainError('UPLOAD_NOT_FOUND', `upload ${uploadId} not found`);
    }
    return upload;
  }

  private async removeBytes(uploadId: string): Promise<void> {
    await this.chunks.deleteMany({ files_id: uploadId });
    await this.parts.deleteMany({ uploadId });
  }
}
