import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DrawingServiceConfig } from '../config';
import { FileStore } from './file-store';
import { UploadStore } from './upload-store';

/** A sweep another module adds to the file sweeper's tick (it knows what files do not: e.g. which connections stopped). */
export interface AddedSweep {
  /** What it sweeps, for the log. */
  name: string;
  /** Sweeps once; how many things it removed. */
  run(): Promise<number>;
}

/**
 * Runs UploadStore.sweep, FileStore.sweepDiscardedCopies and the sweeps added to it on a timer, so uploads whose
 * gateway died do not keep their chunks forever, and what a dead copier landed after its copy was discarded goes too.
 */
@Injectable()
export class FileSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FileSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly added: AddedSweep[] = [];

  constructor(
    private readonly uploads: UploadStore,
    private readonly files: FileStore,
    private readonly config: DrawingServiceConfig,
  ) {}

  /** Runs `sweep` on every tick from now on. */
  add(sweep: AddedSweep): void {
    this.added.push(sweep);
  }

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running = Promise.all([
        this.uploads.sweep().catch((err: Error) => this.logger.warn(`upload sweep failed: ${err.message}`)),
        this.files
          .sweepDiscardedCopies()
          .then((n) => n && this.logger.log(`swept ${n} discarded file cop${n === 1 ? 'y' : 'ies'} once more`))
          .catch((err: Error) => this.logger.warn(`sweep of discarded file copies failed: ${err.message}`)),
        ...this.added.map((sweep) =>
          // Inside a promise: a sweep that throws before it returns one fails its own sweep, not the timer.
          Promise.resolve()
            .then(() => sweep.run())
            .then((n) => n && this.logger.log(`swept ${n} ${sweep.name}`))
            .catch((err: Error) => this.logger.warn(`sweep of ${sweep.name} failed: ${err.message}`)),
        ),
      ]).finally(() => {
        this.timer = setTimeout(tick, this.config.DRAWING_UPLOAD_SWEEP_MS);
      });
    };
    this.timer = setTimeout(tick, this.config.DRAWING_UPLOAD_SWEEP_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
    clearTimeout(this.timer);
  }
}
