import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DrawingServiceConfig } from '../config';
import { UploadStore } from './upload-store';

/** Runs UploadStore.sweep on a timer, so uploads whose gateway died do not keep their chunks forever. */
@Injectable()
export class UploadSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UploadSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly uploads: UploadStore,
    private readonly config: DrawingServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running = this.uploads
        .sweep()
        .catch((err: Error) => this.logger.warn(`upload sweep failed: ${err.message}`))
        .finally(() => {
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
