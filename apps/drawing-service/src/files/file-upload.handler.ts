import {
  CompletedUpload,
  FileChunkPutPayload,
  FileChunkPutReply,
  FileChunkPutV1,
  FileUploadAbortPayload,
  FileUploadAbortV1,
  FileUploadCompletePayload,
  FileUploadCompleteV1,
  MessageEnvelope,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { UploadStore } from './upload-store';

/** The upload protocol of file-upload-complete.v1.ts, as drawing-service answers it. */
@Injectable()
export class FileUploadHandler {
  constructor(private readonly uploads: UploadStore) {}

  /** The chunk's bytes are the message body (the consumer refuses a chunk without one as MESSAGE_INVALID). */
  @HandleMessage(FileChunkPutV1)
  putChunk(p: FileChunkPutPayload, _envelope: MessageEnvelope, bytes: Buffer): Promise<FileChunkPutReply> {
    return this.uploads.putChunk(p.projectId, p.uploadId, p.index, bytes);
  }

  @HandleMessage(FileUploadCompleteV1)
  complete(p: FileUploadCompletePayload): Promise<CompletedUpload> {
    return this.uploads.complete(p.projectId, p.uploadId, { size: p.size, sha256: p.sha256, chunkCount: p.chunkCount, filename: p.filename });
  }

  @HandleMessage(FileUploadAbortV1)
  abort(p: FileUploadAbortPayload): Promise<{ discarded: boolean }> {
    return this.uploads.abort(p.projectId, p.uploadId);
  }
}
