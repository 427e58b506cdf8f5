import { DomainError, FILE_CHUNK_BYTES, FileDescriptor } from '@connect/contracts';
import { insertAllOnce, insertOnce } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { DrawingServiceConfig } from '../config';
import { chunkCountOf } from './chunk-layout';
import { FILE_CHUNK_MODEL, FileChunkDoc, chunkId } from './file-chunk.schema';
import { FILE_COPY_MODEL, FileCopyDoc } from './file-copy.schema';
import { STORED_FILE_MODEL, StoredFileDoc } from './stored-file.schema';
import { UploadStore } from './upload-store';


/** Chunks read and written per round trip of a server-side copy (S1): 8 × 255 KiB, about 2 MiB per batch. */
const COPY_BATCH = 8;
/** A file copy recorded as under way (FileStore.copy with `unfinished`). */
export interface UnfinishedCopy {
  fileId: string;
  projectId: string;
  ownerId: string;
}

/** A stored drawing file, owned by one project. */
export interface StoredFile {
  fileId: string;
  projectId: string;
  sha256: string;
  size: number;
  contentType: string;
  filename: string;
}

function toStoredFile(doc: StoredFileDoc): StoredFile {
  return {
    fileId: doc._id,
    projectId: doc.metadata.projectId,
    sha256: doc.metadata.sha256,
    size: doc.length,
    contentType: doc.metadata.contentType,
    filename: doc.filename,
  };
}

/**
 * The files of every project's register (GridFS layout, see
 * stored-file.schema.ts). What the register uses: finalize an upload into a
 * revision's file, copy a file into another project (S1), delete one.
 */
@Injectable()
export class FileStore {
  constructor(
    @InjectModel(STORED_FILE_MODEL) private readonly files: Model<StoredFileDoc>,
    @InjectModel(FILE_CHUNK_MODEL) private readonly chunks: Model<FileChunkDoc>,
    @InjectModel(FILE_COPY_MODEL) private readonly copies: Model<FileCopyDoc>,
    private readonly uploads: UploadStore,
    private readonly config: DrawingServiceConfig,
  ) {}

  /**
   * Turns a completed upload of `projectId` into a file whose id is the
   * upload id. Idempotent: finalizing again returns the same file.
   * UPLOAD_NOT_FOUND / UPLOAD_INCOMPLETE when there is nothing to finalize.
   */
  async finalizeUpload(projectId: string, uploadId: string): Promise<StoredFile> {
    const existing = await this.find(projectId, uploadId);
    if (existing) return existing;
    const upload = await this.uploads.completedUpload(projectId, uploadId);
    const doc: StoredFileDoc = {
      _id: uploadId,
      length: upload.size!,
      chunkSize: FILE_CHUNK_BYTES,
      uploadDate: new Date(),
      filename: upload.filename!,
      metadata: { projectId, sha256: upload.sha256!, contentType: upload.contentType },
    };
    await insertOnce(this.files, doc);
    await this.uploads.release(uploadId);
    return toStoredFile(doc);
  }

  /**
   * Copies a file into a new file owned by `toProjectId`
   * (S1: each company retains its own data). Pass a deterministic
   * `targetFileId` to make a retried copy idempotent: chunks already copied
   * are skipped, and the file document is written last, so a copy that
   * stopped half-way is not a file until it is retried to the end.
   * `unfinished`: the copy is recorded as under way until `finished` is called (once its owner exists), so a copy
   * that is never resumed can be found and discarded (`unfinishedCopies`, `discardCopy`).
   */
  async copy(fileId: string, toProjectId: string, targetFileId: string = randomUUID(), unfinished?: { heldFor: string; ownerId: string }): Promise<StoredFile> {
    const done = await this.files.findById(targetFileId).lean<StoredFileDoc>();
    if (done) {
      if (done.metadata.projectId !== toProjectId) throw new DomainError('CONFLICT', `file ${targetFileId} belongs to another project`);
      return toStoredFile(done);
    }
    const source = await this.files.findById(fileId).lean<StoredFileDoc>();
    if (!source) throw new DomainError('FILE_NOT_FOUND', `file ${fileId} not found`);
    // `discarded` written, not left to the schema's default (insertOnce bypasses mongoose): the sweeps match on it.
    if (unfinished) await insertOnce(this.copies, { _id: targetFileId, projectId: toProjectId, ...unfinished, startedAt: new Date(), discarded: false });
    await this.copyChunks(fileId, chunkCountOf(source.length, source.chunkSize), targetFileId, toProjectId);
    const doc: StoredFileDoc = { ...source, _id: targetFileId, uploadDate: new Date(), metadata: { ...source.metadata, projectId: toProjectId } };
    await insertOnce(this.files, doc);
    return toStoredFile(doc);
  }

  /**
   * Issue 13 (publish → ready): one cursor over the source's chunks (an equality on the indexed `files_id`, in
   * batches of COPY_BATCH) and one insertMany per batch, instead of a lookup and an insert per chunk. The next batch
   * is read while the previous one is written, and only one write is ever in flight, so memory stays at about two
   * batches whatever the file's size. A failure (a read, a write, a missing chunk) throws only once that write has
   * settled: a stop handled after it (S6's fence released) finds every chunk this copy will ever write.
   */
  private async copyChunks(fileId: string, count: number, targetFileId: string, toProjectId: string): Promise<void> {
    const cursor = this.chunks.collection.find<FileChunkDoc>({ files_id: fileId }, { batchSize: COPY_BATCH });
    const seen = new Set<number>();
    let batch: object[] = [];
    let writing: Promise<void> = Promise.resolve();
    const write = async (docs: object[]) => {
      await writing;
      writing = insertAllOnce(this.chunks, docs);
      writing.catch(() => undefined); // awaited before the next write or at the end; not unhandled while the cursor reads
    };
    try {
      for await (const chunk of cursor) {
        if (chunk.n >= count || seen.has(chunk.n)) continue; // GridFS holds each n once; nothing past the file's length is its
        seen.add(chunk.n);
        batch.push({ _id: chunkId(targetFileId, chunk.n), files_id: targetFileId, n: chunk.n, data: chunk.data, projectId: toProjectId });
        if (batch.length === COPY_BATCH) {
          await write(batch);
          batch = [];
        }
      }
      if (batch.length) await write(batch);
      await writing;
      if (seen.size < count) {
        const missing = Array.from({ length: count }, (_, n) => n).find((n) => !seen.has(n));
        throw new Error(`file ${fileId} is missing chunk ${missing}`);
      }
    } catch (error) {
      await writing.catch(() => undefined);
      throw error;
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }

  /** The copy into `targetFileId` is owned now: no longer unfinished. Idempotent. */
  async finished(targetFileId: string): Promise<void> {
    await this.copies.deleteOne({ _id: targetFileId });
  }

  /**
   * Copies recorded for `heldFor` and not finished: resumed, finished or discarded, each one ends. Discarded ones
   * included, so a stop handled again (its discard failed half-way) deletes their files again.
   */
  async unfinishedCopies(heldFor: string): Promise<UnfinishedCopy[]> {
    const docs = await this.copies.find({ heldFor }).lean<FileCopyDoc[]>();
    return docs.map((d) => ({ fileId: d._id, projectId: d.projectId, ownerId: d.ownerId }));
  }

  /**
   * The connections (with their projects) that hold copies under way, not discarded, started before `before`: where a
   * copy may be left that nothing will finish or discard (its connection stopped for good, its own discard failed).
   * Equality on the `discarded` index; the few copies under way are filtered by age here (FerretDB pushes no range
   * down). A record written before `copy` wrote `discarded` is not found here: the stop's own cleanup still is.
   */
  async connectionsWithCopiesStartedBefore(before: Date): Promise<{ heldFor: string; projectId: string }[]> {
    const docs = await this.copies.find({ discarded: false }, { heldFor: 1, projectId: 1, startedAt: 1 }).lean<FileCopyDoc[]>();
    const found = new Map<string, { heldFor: string; projectId: string }>();
    for (const d of docs) if (d.startedAt <= before) found.set(JSON.stringify([d.heldFor, d.projectId]), { heldFor: d.heldFor, projectId: d.projectId });
    return [...found.values()];
  }

  /**
   * An unfinished copy that will never be resumed: its file and chunks go. Idempotent. Its record stays, marked
   * discarded, for DRAWING_COPY_TOMBSTONE_MS (from its last discard), and the sweep deletes the file and chunks once
   * more before it goes: a writer that died with an insert still waiting in the database (a lock) may land it after
   * this ran (S6).
   */
  async discardCopy(targetFileId: string): Promise<void> {
    await this.copies.updateOne({ _id: targetFileId }, { $set: { discarded: true, discardedAt: new Date() } });
    await this.delete(targetFileId);
  }

  /** Discarded copies past DRAWING_COPY_TOMBSTONE_MS: whatever of them landed late goes, then their records. */
  async sweepDiscardedCopies(now = Date.now()): Promise<number> {
    const before = now - this.config.DRAWING_COPY_TOMBSTONE_MS;
    const discarded = await this.copies.find({ discarded: true }, { _id: 1, discardedAt: 1 }).lean<Pick<FileCopyDoc, '_id' | 'discardedAt'>[]>();
    const due = discarded.filter((d) => !d.discardedAt || d.discardedAt.getTime() <= before);
    for (const copy of due) {
      await this.delete(copy._id);
      await this.finished(copy._id);
    }
    return due.length;
  }

  /** Discards an upload that will not become a file (e.g. its revision was refused): its chunks go now. Idempotent. */
  async discardUpload(projectId: string, uploadId: string): Promise<void> {
    await this.uploads.abort(projectId, uploadId);
  }

  /** Deletes a file: its document first (it stops existing), then its chunks. Idempotent. */
  async delete(fileId: string): Promise<void> {
    await this.files.deleteOne({ _id: fileId });
    await this.chunks.deleteMany({ files_id: fileId });
  }

  /** A file of `projectId`, or null (another project's file is not found either). */
  async find(projectId: string, fileId: string): Promise<StoredFile | null> {
    const doc = await this.files.findById(fileId).lean<StoredFileDoc>();
    return doc && doc.metadata.projectId === projectId ? toStoredFile(doc) : null;
  }

  /** What a reader needs to fetch the file chunk by chunk. */
  async describe(projectId: string, fileId: string): Promise<FileDescriptor> {
    const doc = await this.files.findById(fileId).lean<StoredFileDoc>();
    if (!doc || doc.metadata.projectId !== projectId) throw new DomainError('FILE_NOT_FOUND', `file ${fileId} not found`);
    const file = toStoredFile(doc);
    return {
      fileId,
      size: file.size,
      contentType: file.contentType,
      sha256: file.sha256,
      chunkCount: chunkCountOf(doc.length, doc.chunkSize),
      chunkSize: doc.chunkSize,
      filename: file.filename,
    };
  }

  /** Chunk `n` of a file of `projectId`, one `_id` lookup. */
  async readChunk(projectId: string, fileId: string, n: number): Promise<Buffer> {
    const chunk = await this.chunks.collection.findOne<FileChunkDoc>({ _id: chunkId(fileId, n) } as object);
    if (!chunk || chunk.projectId !== projectId) throw new DomainError('FILE_NOT_FOUND', `chunk ${n} of file ${fileId} not found`);
    const bytes = chunk.data.value();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}
