import { ServiceConfig } from '@connect/platform';
import { IsInt, Min } from 'class-validator';

export class DrawingServiceConfig extends ServiceConfig {
  override PORT = 3102;

  /** D2: the largest drawing file accepted, in bytes; past it an upload is refused with 413 FILE_TOO_LARGE. */
  @IsInt() @Min(1) DRAWING_MAX_FILE_BYTES = 500 * 1024 * 1024;
  /** An upload neither finalized nor discarded after this long was abandoned (its gateway died): the sweeper removes it. */
  @IsInt() @Min(1000) DRAWING_UPLOAD_TTL_MS = 60 * 60 * 1000;
  /** How long a discarded upload still refuses its late chunks before the sweeper forgets it. */
  @IsInt() @Min(0) DRAWING_UPLOAD_TOMBSTONE_MS = 60 * 1000;
  /**
   * How long a discarded file copy is remembered before the sweeper deletes, once more, what of it landed late (S6: a
   * dead copier's insert still waiting in the database); a statement waiting longer leaks its file or chunks.
   */
  @IsInt() @Min(1000) DRAWING_COPY_TOMBSTONE_MS = 60 * 1000;
  /** Interval of the file sweeper (abandoned uploads, discarded file copies). */
  @IsInt() @Min(100) DRAWING_UPLOAD_SWEEP_MS = 5 * 60 * 1000;
  /** A revision takes at most this many markups of one project (issue 15, finding 1); past it 422 MARKUP_LIMIT_REACHED. */
  @IsInt() @Min(1) DRAWING_MAX_MARKUPS_PER_REVISION = 1000;
  /**
   * Register pages kept by each instance (issue 17.6), in bytes of their JSON; 0 turns the cache off.
   * Each is validated against its project's register stamp on every request (register-page-cache.ts).
   */
  @IsInt() @Min(0) REGISTER_PAGE_CACHE_MAX_BYTES = 16 * 1024 * 1024;
}
