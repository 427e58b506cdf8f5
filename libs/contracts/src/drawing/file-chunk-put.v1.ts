import { IsInt, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { defineCommand } from '../core/message-definition';

/**
 * Bytes per chunk of a stored file, on the broker and in GridFS (`fs.chunks`,
 * `fs.files.chunkSize`). Every chunk of a file but its last is exactly this
 * long, so a chunk's offset is `index * FILE_CHUNK_BYTES`.
 *
 * Why 64 KiB: chunks travel as base64 inside JSON envelopes, so each one
 * becomes several strings and buffers on both sides. At 64 KiB every one of
 * them stays under V8's large-object threshold (128 KiB) and dies young in
 * cheap scavenges, and a message fits one AMQP frame; at 1 MiB they are large
 * objects freed only by full collections, and measured peak RSS grew by
 * 90-180 MB during a 200 MB transfer (tools/bench/upload-memory.mjs).
 */
export const FILE_CHUNK_BYTES = 64 * 1024;

/** Longest base64 text of one chunk. */
export const FILE_CHUNK_BASE64_MAX = Math.ceil(FILE_CHUNK_BYTES / 3) * 4;

export class FileChunkPutPayload {
  @IsString() projectId!: string;
  /** Chosen by the gateway, one per HTTP upload; becomes the file id. */
  @IsUUID() uploadId!: string;
  @IsInt() @Min(0) index!: number;
  /** The chunk's bytes, base64; checked to be canonical base64 by the handler (cheaper than a regex on 1.4 MB). */
  @IsString() @MaxLength(FILE_CHUNK_BASE64_MAX) data!: string;
}

export interface FileChunkPutReply {
  index: number;
  /** Bytes of this chunk. */
  size: number;
  /** Set on chunk 0: the content type detected from the first bytes (D2). */
  contentType?: string;
}

/**
 * Stores one chunk of an upload (protocol: file-upload-complete.v1.ts).
 * Idempotent: the chunk's `_id` is `<uploadId>:<index>`, so a redelivery is harmless.
 * Refusals: FILE_TYPE_UNSUPPORTED (chunk 0 is not PDF, PNG, JPEG or TIFF),
 * FILE_TOO_LARGE (the chunk ends past DRAWING_MAX_FILE_BYTES; the upload is discarded),
 * UPLOAD_NOT_FOUND (a later chunk of an upload that was not started, is of another project, or was discarded).
 */
export const FileChunkPutV1 = defineCommand<FileChunkPutPayload, FileChunkPutReply>('drawing.file.chunk.put', 1, FileChunkPutPayload);
