import { DomainError, FILE_CHUNK_BYTES, FileDescriptor } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { chunkCountOf } from './chunk-layout';
import { FILE_CHUNK_MODEL, FileChunkDoc, chunkId } from './file-chunk.schema';
import { FILE_COPY_MODEL, FileCopyDoc } from './file-copy.schema';
import { insertOnce } from './insert-once';
import { STORED_FILE_MODEL, StoredFileDoc } from './stored-file.schema';
import { UploadStore } from './upload-store';


/** Chunks of one file copied at once (server-side copies, S1). */
const COPY_WINDOW = 4;
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
   * Copies a file chunk by chunk into a new file owned by `toProjectId`
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
    if (unfinished) await insertOnce(this.copies, { _id: targetFileId, projectId: toProjectId, ...unfinished, startedAt: new Date() });
    const count = chunkCountOf(source.length, source.chunkSize);
    // Bounded parallelism (issue 13, files): a few chunks at a time, so a large file's copy takes less than the sum of
    // its round trips while memory stays at COPY_WINDOW chunks per copy, whatever the file's size.
    // A failure stops every worker, and the copy fails only once none is still writing: a stop handled after it (S6's
    // fence released) finds every chunk this copy will ever write.
    let next = 0;
    let failed = false;
    const worker = async () => {
      try {
        for (let n = next++; n < count && !failed; n = next++) {
          const chunk = await this.chunks.collection.findOne<FileChunkDoc>({ _id: chunkId(fileId, n) } as object);
          if (!chunk) throw new Error(`file ${fileId} is missing chunk ${n}`);
          await insertOnce(this.chunks, { _id: chunkId(targetFileId, n), files_id: targetFileId, n, data: chunk.data, projectId: toProjectId });
        }
      } catch (error) {
        failed = true;
        throw error;
      }
    };
    const settled = await Promise.allSettled(Array.from({ length: Math.min(COPY_WINDOW, count) }, worker));
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) throw failure.reason;
    const doc: StoredFileDoc = { ...source, _id: targetFileId, uploadDate: new Date(), metadata: { ...source.metadata, projectId: toProjectId } };
    await insertOnce(this.files, doc);
    return toStoredFile(doc);
  }

  /** The copy into `targetFileId` is owned now: no longer unfinished. Idempotent. */
  async finished(targetFileId: string): Promise<void> {
    await this.copies.deleteOne({ _id: targetFileId });
  }

  /** Copies recorded as under way for `heldFor`: resumed, finished or discarded, each one ends. */
  async unfinishedCopies(heldFor: string): Promise<UnfinishedCopy[]> {
    const docs = await this.copies.find({ heldFor }).lean<FileCopyDoc[]>();
    return docs.map((d) => ({ fileId: d._id, projectId: d.projectId, ownerId: d.ownerId }));
  }

  /** An unfinished copy that will never be resumed: its file and chunks go, then the record of it. Idempotent. */
  async discardCopy(targetFileId: string): Promise<void> {
    await this.delete(targetFileId);
    await this.finished(targetFileId);
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
