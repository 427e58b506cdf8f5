import { FileChunkGetPayload, FileChunkGetReply, FileChunkGetV1 } from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { FileStore } from './file-store';
import { MemoryGovernor } from './memory-governor';

/** Serves a file one chunk per request, so neither side ever holds more than a chunk or two of it. */
@Injectable()
export class FileChunkGetHandler {
  constructor(
    private readonly files: FileStore,
    private readonly memory: MemoryGovernor,
  ) {}

  @HandleMessage(FileChunkGetV1)
  async getChunk(p: FileChunkGetPayload): Promise<FileChunkGetReply> {
    const bytes = await this.files.readChunk(p.projectId, p.fileId, p.index);
    this.memory.moved(bytes.length);
    return { data: bytes.toString('base64') };
  }
}
