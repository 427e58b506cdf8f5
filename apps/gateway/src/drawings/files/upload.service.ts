import {
  CompletedUpload,
  DomainError,
  FILE_CHUNK_BYTES,
  FileChunkPutV1,
  FileUploadAbortV1,
  FileUploadCompleteV1,
} from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Injectable, Logger } from '@nestjs/common';
import busboy, { Busboy, FileInfo } from 'busboy';
import type { IncomingMessage } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ChunkCutter } from './chunk-cutter';
import { SendWindow } from './send-window';

/** Chunks in flight to drawing-service at once (after chunk 0, which goes alone): about 2 MiB. */
export const UPLOAD_WINDOW = 8;
/** The multipart part that carries the file. */
export const FILE_FIELD = 'file';

const FORM_LIMITS = { fields: 50, fieldSize: 64 * 1024, parts: 60, headerPairs: 200 };

export interface StreamedUpload {
  /** Pass to `drawing.revision.create.v1`: the completed upload of this project. */
  uploadId: string;
  /** The other form fields, before or after the file. */
  fields: Record<string, string>;
  file: CompletedUpload;
}

interface SentFile {
  size: number;
  sha256: string;
  chunkCount: number;
}

function invalid(message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message);
}

/** The client's file name without any path, control characters, or excess length; informative only. */
export function cleanFilename(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? '').split(/[/\\]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(0, 255) || 'drawing';
}

/**
 * Streams a multipart upload into drawing-service over the broker (protocol:
 * libs/contracts/src/drawing/file-upload-complete.v1.ts). The file is never
 * held whole: busboy parses the body as it arrives, the bytes are cut into
 * chunks sent with a small window in flight, and reading the body pauses
 * while the window is full. The SHA-256 is computed on the way through.
 */
@Injectable()
export class UploadService {
  private readonly logger = new Logger(UploadService.name);

  constructor(private readonly bus: MessageBus) {}

  /**
   * Reads the whole request: exactly one file part named `file` (else 400
   * VALIDATION_FAILED) and any other fields. On a refusal (415, 413, 400)
   * it rejects at once, discards the rest of the body unread, and removes
   * whatever of the upload was stored.
   */
  streamUpload(req: IncomingMessage, projectId: string): Promise<StreamedUpload> {
    const uploadId = randomUUID();
    let parser: Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: FORM_LIMITS, defParamCharset: 'utf8' });
    } catch (err) {
      return Promise.reject(invalid(`expected a multipart/form-data body: ${(err as Error).message}`));
    }
    return new Promise<StreamedUpload>((resolve, reject) => {
      const fields: Record<string, string> = {};
      let fileStream: Readable | undefined;
      let sent: Promise<SentFile> | undefined;
      let filename = 'drawing';
      let failed = false;

      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        // Stop reading: the rest of the body is discarded as it arrives, never parsed nor stored.
        req.unpipe(parser);
        req.resume();
        fileStream?.destroy();
        reject(err);
        if (sent) void this.discard(projectId, uploadId, sent);
      };

      parser.on('field', (name: string, value: string, info: { valueTruncated: boolean }) => {
        if (info.valueTruncated) return fail(invalid(`field "${name}" is longer than ${FORM_LIMITS.fieldSize} bytes`));
        if (value.includes('\u0000')) return fail(invalid(`field "${name}" contains the character U+0000`));
        fields[name] = value;
      });
      parser.on('file', (name: string, stream: Readable, info: FileInfo) => {
        if (name !== FILE_FIELD || fileStream) {
          stream.resume();
          return fail(invalid(name === FILE_FIELD ? 'exactly one file is expected' : `unexpected file field "${name}"; the file goes in "${FILE_FIELD}"`));
        }
        fileStream = stream;
        filename = cleanFilename(info.filename);
        sent = this.sendChunks(stream, projectId, uploadId);
        sent.catch(fail);
      });
      for (const limit of ['partsLimit', 'fieldsLimit'] as const) parser.on(limit, () => fail(invalid(`too many form ${limit === 'partsLimit' ? 'parts' : 'fields'}`)));
      parser.on('error', (err: Error) => fail(invalid(`malformed multipart body: ${err.message}`)));
      parser.on('close', () => {
        if (failed) return;
        if (!sent) return fail(invalid(`a file is required in the "${FILE_FIELD}" field`));
        sent
          .then((file) => this.bus.request(FileUploadCompleteV1, { projectId, uploadId, filename, ...file }))
          .then((completed) => {
            if (!failed) resolve({ uploadId, fields, file: completed });
          })
          .catch(fail);
      });
      // A client that goes away mid-body never ends the form: give up rather than wait for bytes that will not come.
      req.once('close', () => {
        if (!req.complete) fail(invalid('the request body ended before the form did (client disconnected)'));
      });
      req.pipe(parser);
    });
  }

  /** Sends the file's chunks: chunk 0 alone (its type is checked before anything else is stored), then a window of them. */
  private async sendChunks(stream: Readable, projectId: string, uploadId: string): Promise<SentFile> {
    const cutter = new ChunkCutter(FILE_CHUNK_BYTES);
    const hash = createHash('sha256');
    const window = new SendWindow(UPLOAD_WINDOW);
    let size = 0;
    let index = 0;
    const put = (chunk: Buffer, i: number) => this.bus.request(FileChunkPutV1, { projectId, uploadId, index: i }, { body: chunk });
    const send = async (chunk: Buffer) => {
      const i = index++;
      if (i === 0) await put(chunk, 0);
      else await window.add(() => put(chunk, i));
    };
    try {
      for await (const piece of stream) {
        hash.update(piece);
        size += piece.length;
        for (const chunk of cutter.push(piece)) await send(chunk);
      }
      const last = cutter.flush();
      // An empty file still sends its (empty) chunk 0, refused by the type check.
      if (last || index === 0) await send(last ?? Buffer.alloc(0));
      await window.drain();
    } catch (err) {
      await window.settled();
      throw err;
    }
    return { size, sha256: hash.digest('hex'), chunkCount: index };
  }

  /**
   * Removes what a refused upload stored, once its chunks in flight have
   * settled (a late chunk would otherwise land after the removal). Harmless
   * when nothing was stored (chunk 0 refused).
   */
  private async discard(projectId: string, uploadId: string, sent: Promise<unknown>): Promise<void> {
    await sent.catch(() => undefined);
    try {
      await this.bus.request(FileUploadAbortV1, { projectId, uploadId });
    } catch (err) {
      this.logger.warn(`upload ${uploadId} not discarded now (the sweeper will): ${(err as Error).message}`);
    }
  }
}
