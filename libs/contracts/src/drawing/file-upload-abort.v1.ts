import { IsString, IsUUID } from 'class-validator';
import { defineCommand } from '../core/message-definition';

export class FileUploadAbortPayload {
  @IsString() projectId!: string;
  @IsUUID() uploadId!: string;
}

/**
 * Discards an upload that will not become a file: its stored chunks are
 * deleted at once and later chunks of it are refused. Idempotent; an upload
 * already finalized into a file is left alone (delete that file instead).
 */
export const FileUploadAbortV1 = defineCommand<FileUploadAbortPayload, { discarded: boolean }>('drawing.file.upload.abort', 1, FileUploadAbortPayload);
