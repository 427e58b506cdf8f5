import { IsString } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';

export class FileOpenPayload extends ProjectCommand {
  @IsString() revisionId!: string;
}

/** What a reader needs to stream a revision's file with `drawing.file.chunk.get.v1`. */
export interface FileDescriptor {
  fileId: string;
  size: number;
  contentType: string;
  sha256: string;
  chunkCount: number;
  chunkSize: number;
  filename: string;
}

/**
 * Opens the file of a revision the actor may see (D1: unpublished ones only
 * for Drawings admins; otherwise REVISION_NOT_FOUND, as if it did not exist).
 */
export const FileOpenV1 = defineCommand<FileOpenPayload, FileDescriptor>('drawing.file.open', 1, FileOpenPayload);
