import { FileChunkGetPayload, FileChunkGetReply, FileChunkGetV1 } from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { FileStore } from './file-store';

/** Serves a file one chunk per request, its bytes as the reply's body, so neither side ever holds more than a few chunks of it. */
@Injectable()
export class FileChunkGetHandler {
  constructor(private readonly files: FileStore) {}

  @HandleMessage(FileChunkGetV1)
  getChunk(p: FileChunkGetPayload): Promise<FileChunkGetReply> {
    return this.files.readChunk(p.projectId, p.fileId, p.index);
  }
}
