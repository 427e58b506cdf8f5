import { IsInt, IsString, Min } from 'class-validator';
import { defineCommand } from '../core/message-definition';

export class FileChunkGetPayload {
  /** The project that owns the file: a chunk of another project's file is FILE_NOT_FOUND. */
  @IsString() projectId!: string;
  @IsString() fileId!: string;
  @IsInt() @Min(0) index!: number;
}

/** The chunk's bytes: the reply's AMQP body as it is (envelope.ts). */
export type FileChunkGetReply = Buffer;

/** One chunk of a stored file (FileDescriptor from `drawing.file.open.v1` says how many). */
export const FileChunkGetV1 = defineCommand<FileChunkGetPayload, FileChunkGetReply>('drawing.file.chunk.get', 1, FileChunkGetPayload, { bytes: 'reply' });
