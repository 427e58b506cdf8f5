import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DrawingServiceConfig } from '../../config';
import { FileStore, FileSweeper } from '../../files';
import { ConnectionFence } from './connection-fence';
import { UnpublishedCopyRemoval } from './unpublished-copy-removal';

/**
 * Issue 13 item 6, on the file sweeper's tick: a file copy still under way DRAWING_COPY_TOMBSTONE_MS after it started,
 * of a connection stopped for good with no write of it under way, is one that the stop's cleanup missed (it landed
 * after it) and whose copier's own discard failed every try. It is discarded as the stop would have (the project's
 * unfinished changes finished first; a file its revision owns stays). Idempotent beside the stop's handler, the
 * copier, and other instances doing the same.
 */
@Injectable()
export class StoppedCopySweep implements OnModuleInit {
  private readonly logger = new Logger(StoppedCopySweep.name);

  constructor(
    private readonly files: FileStore,
    private readonly fence: ConnectionFence,
    private readonly removal: UnpublishedCopyRemoval,
    private readonly config: DrawingServiceConfig,
    private readonly sweeper: FileSweeper,
  ) {}

  onModuleInit(): void {
    this.sweeper.add({ name: 'unfinished file copies of stopped connections', run: () => this.sweep() });
  }

  /** How many copies it discarded. One connection that fails (its project's changes unfinished) does not hold up the others. */
  async sweep(): Promise<number> {
    let discarded = 0;
    const before = new Date(Date.now() - this.config.DRAWING_COPY_TOMBSTONE_MS);
    for (const { heldFor, projectId } of await this.files.connectionsWithCopiesStartedBefore(before)) {
      try {
        if (!(await this.fence.stoppedForGood(heldFor)) || (await this.fence.hasWriters(heldFor))) continue;
        discarded += await this.removal.discardUnfinishedFiles(projectId, heldFor);
      } catch (err) {
        this.logger.warn(`unfinished file copies of connection ${heldFor} not swept, tried again next time: ${(err as Error).message}`);
      }
    }
    return discarded;
  }
}
