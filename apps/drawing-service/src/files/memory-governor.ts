import { Injectable, Logger } from '@nestjs/common';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DrawingServiceConfig } from '../config';

type CollectGarbage = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => unknown;

/** V8's own collector, made callable (the switch is harmless: it only exposes the function). */
function exposeGc(): CollectGarbage {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as CollectGarbage;
}

/**
 * Keeps resident memory flat while file bytes stream through. Each chunk
 * leaves a few short-lived strings and buffers (base64 in JSON, the decoded
 * bytes, the driver's copy); the ones still in flight at a scavenge are
 * promoted, and V8 frees promoted garbage only at a full collection, which
 * its heuristics put off until the heap has grown by 60–120 MB (measured
 * with tools/bench/upload-memory.mjs: peaks of 220–260 MB on a 150 MB
 * baseline). A full collection of this service's small heap takes a few ms,
 * so one is asked for after every DRAWING_FILE_GC_EVERY_BYTES of file bytes.
 */
@Injectable()
export class MemoryGovernor {
  private readonly logger = new Logger(MemoryGovernor.name);
  private readonly collect: CollectGarbage | null;
  private sinceLast = 0;

  constructor(private readonly config: DrawingServiceConfig) {
    this.collect = config.DRAWING_FILE_GC_EVERY_BYTES > 0 ? exposeGc() : null;
  }

  /** Counts bytes moved; asks for a full collection (in a task, not inline) when enough have passed. */
  moved(bytes: number): void {
    if (!this.collect) return;
    this.sinceLast += bytes;
    if (this.sinceLast < this.config.DRAWING_FILE_GC_EVERY_BYTES) return;
    this.sinceLast = 0;
    try {
      void this.collect({ type: 'major', execution: 'async' });
    } catch (err) {
      this.logger.warn(`could not request a collection: ${(err as Error).message}`);
    }
  }
}
