import { FileChunkGetV1, FileDescriptor } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Injectable, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';

/** Chunks fetched ahead of the one being written (about 2 MiB), so broker round trips overlap the client's download. */
export const DOWNLOAD_PREFETCH = 8;

/** Resolves when the response can take more bytes, or has closed (client gone). */
function writable(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Streams a stored file to an HTTP response chunk by chunk over the broker:
 * chunks are fetched in order with a couple ahead, and a chunk is written
 * only when the client takes it, so memory stays at a few chunks whatever
 * the file's size.
 */
@Injectable()
export class FileDownloadService {
  private readonly logger = new Logger(FileDownloadService.name);

  constructor(private readonly bus: MessageBus) {}

  /** Writes the body (headers are the caller's) and ends the response; destroys it if the file cannot be read to the end. */
  async streamTo(res: ServerResponse, projectId: string, file: FileDescriptor): Promise<void> {
    const fetchChunk = (index: number) => {
      const chunk = this.bus.request(FileChunkGetV1, { projectId, fileId: file.fileId, index });
      chunk.catch(() => undefined); // awaited below in order; not an unhandled rejection while it waits its turn
      return chunk;
    };
    const ahead: Promise<Buffer>[] = [];
    let next = 0;
    try {
      for (let index = 0; index < file.chunkCount; index++) {
        while (next < file.chunkCount && ahead.length <= DOWNLOAD_PREFETCH) ahead.push(fetchChunk(next++));
        const bytes = await ahead.shift()!;
        const expected = Math.min(file.chunkSize, file.size - index * file.chunkSize);
        if (bytes.length !== expected) throw new Error(`chunk ${index} of file ${file.fileId} holds ${bytes.length} bytes, expected ${expected}`);
        if (res.destroyed) return; // the client went away: stop fetching
        if (!res.write(bytes)) await writable(res);
      }
      res.end();
    } catch (err) {
      // Headers are sent: the client sees a body shorter than Content-Length, never a wrong file.
      this.logger.error(`download of file ${file.fileId} broke off: ${(err as Error).message}`);
      res.destroy(err as Error);
    }
  }
}
