import { ServiceConfig } from '@connect/platform';
import { IsInt, Min } from 'class-validator';

export class SyncServiceConfig extends ServiceConfig {
  override PORT = 3103;

  /** How often each instance renews the connections it owns, reports their progress (S8) and takes over those nobody owns. */
  @IsInt() @Min(50) SYNC_TICK_MS = 1000;
  /** An owner that stops renewing (crashed) loses its connections after this long; another instance resumes from the checkpoint (S7). */
  @IsInt() @Min(500) SYNC_LEASE_MS = 10_000;
  /** A copy pending this long was lost with a killed consumer (or its outcome was): it is requested again (S7). */
  @IsInt() @Min(1000) SYNC_REREQUEST_AFTER_MS = 60_000;
  /** Scheduled resync of every active connection after this long since its last walk; 0 = only on request. */
  @IsInt() @Min(0) SYNC_RESYNC_EVERY_MS = 6 * 60 * 60 * 1000;
}
