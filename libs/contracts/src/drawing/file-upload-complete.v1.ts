import { IsInt, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { defineCommand } from '../core/message-definition';

export class FileUploadCompletePayload {
  @IsString() projectId!: string;
  @IsUUID() uploadId!: string;
  @IsInt() @Min(1) size!: number;
  /** Lower-case hex SHA-256 of the whole file, computed by the gateway while streaming. */
  @Matches(/^[0-9a-f]{64}$/) sha256!: string;
  @IsInt() @Min(1) chunkCount!: number;
  /** As the client named it; informative only (the type comes from the content). */
  @IsString() @MaxLength(255) filename!: string;
}

export interface CompletedUpload {
  /** The id the file will have once a revision claims it (= uploadId). */
  fileId: string;
  size: number;
  sha256: string;
  contentType: string;
  filename: string;
}

/**
 * How file bytes travel from an HTTP upload into drawing-service's storage
 * (D2), over the broker only:
 *
 *  1. The gateway streams the multipart body, cuts the file into chunks of
 *     FILE_CHUNK_BYTES and sends each with `drawing.file.chunk.put.v1`
 *     (request/reply, the bytes as the message body). Chunk 0 goes alone and first: drawing-service sniffs
 *     the content type from it, so a refused type stores nothing. Later
 *     chunks go with a few in flight; the gateway pauses reading the HTTP
 *     body while its window is full, so memory stays flat whatever the size.
 *  2. `drawing.file.upload.complete.v1` (this command): drawing-service checks
 *     that chunks 0..chunkCount-1 are all there, contiguous, and add up to
 *     `size`; it records the SHA-256 and filename. Idempotent.
 *  3. `drawing.revision.create.v1` {uploadId}: the register turns the
 *     completed upload into the revision's file (FileStore.finalizeUpload).
 *
 *  On any refusal or failure the gateway answers the client at once, waits
 *  for its chunks in flight to settle, and sends `drawing.file.upload.abort.v1`.
 *  Uploads neither finalized nor aborted (a gateway that died) are removed by
 *  drawing-service's sweeper after DRAWING_UPLOAD_TTL_MS.
 *
 * Refusals: UPLOAD_NOT_FOUND, UPLOAD_INCOMPLETE (chunks missing or of the wrong
 * size), FILE_TOO_LARGE, CONFLICT (completed before with other values).
 */
export const FileUploadCompleteV1 = defineCommand<FileUploadCompletePayload, CompletedUpload>('drawing.file.upload.complete', 1, FileUploadCompletePayload);
