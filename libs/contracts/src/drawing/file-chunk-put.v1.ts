import { IsInt, IsString, IsUUID, Min } from 'class-validator';
import { defineCommand } from '../core/message-definition';

/**
 * Bytes per chunk of a new file, on the broker and in GridFS (`fs.chunks`,
 * `fs.files.chunkSize`). Every chunk of a file but its last is exactly this
 * long, so a chunk's offset is `index * chunkSize` (a stored file keeps the
 * chunk size it was written with: older files have 64 KiB chunks).
 *
 * 255 KiB, GridFS's own default: each chunk costs three database writes
 * (its bytes, its receipt, the upload check) and a broker round trip, so the
 * chunk size sets how close a transfer comes to the raw GridFS rate. The
 * bytes travel as binary bodies (no base64 strings on the V8 heap), so a
 * chunk is one off-heap buffer whatever its size.
 */
export const FILE_CHUNK_BYTES = 255 * 1024;

/** Which chunk of which upload the request's body is; the bytes themselves are the AMQP body (envelope.ts). */
export class FileChunkPutPayload {
  @IsString() projectId!: string;
  /** Chosen by the gateway, one per HTTP upload; becomes the file id. */
  @IsUUID() uploadId!: string;
  @IsInt() @Min(0) index!: number;
}

export interface FileChunkPutReply {
  index: number;
  /** Bytes of this chunk. */
  size: number;
  /** Set on chunk 0: the content type detected from the first bytes (D2). */
  contentType?: string;
}

/**
 * Stores one chunk of an upload (protocol: file-upload-complete.v1.ts); the
 * chunk's bytes are the message body, at most FILE_CHUNK_BYTES of them.
 * Idempotent: the chunk's `_id` is `<uploadId>:<index>`, so a redelivery is harmless.
 * Refusals: MESSAGE_INVALID (no bytes body, or more than FILE_CHUNK_BYTES),
 * FILE_TYPE_UNSUPPORTED (chunk 0 is not PDF, PNG, JPEG or TIFF),
 * FILE_TOO_LARGE (the chunk ends past DRAWING_MAX_FILE_BYTES; the upload is discarded),
 * UPLOAD_NOT_FOUND (a later chunk of an upload that was not started, is of another project, or was discarded),
 * CONFLICT (a chunk of this index is stored already, with another size).
 */
export const FileChunkPutV1 = defineCommand<FileChunkPutPayload, FileChunkPutReply>('drawing.file.chunk.put', 1, FileChunkPutPayload, { bytes: 'request' });
