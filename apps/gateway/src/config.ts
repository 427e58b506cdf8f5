import { ServiceConfig } from '@connect/platform';
import { IsInt, IsString, Min, MinLength, NotEquals, ValidateIf } from 'class-validator';

/**
 * Operator token of development and test runs only, so that a fresh checkout
 * starts without setup. Production refuses to start with it (or without one).
 */
export const DEV_ADMIN_TOKEN = 'dev-admin-token-not-for-production';

export class GatewayConfig extends ServiceConfig {
  override PORT = 3000;

  /** Bearer token of the operator, who may call every directory endpoint. */
  @ValidateIf((c: GatewayConfig) => c.NODE_ENV === 'production')
  @NotEquals(DEV_ADMIN_TOKEN, { message: 'ADMIN_TOKEN must be set in production (the development default is refused)' })
  @MinLength(32, { message: 'ADMIN_TOKEN must be at least 32 characters in production' })
  ADMIN_TOKEN = DEV_ADMIN_TOKEN;

  /** Uploads of one user streaming through one gateway at once (issue 15, finding 8); the next is 429 with Retry-After. */
  @IsInt() @Min(1) UPLOADS_PER_USER = 4;
  /**
   * Entries per kind (tokens, actors, companies, projects) in the directory cache of authentication
   * and permission answers, invalidated by the directory's events (issue 17); 0 turns it off.
   */
  @IsInt() @Min(0) DIRECTORY_CACHE_MAX_ENTRIES = 10000;
  /** The built web app (apps/web), served at `/`; relative paths are taken from the working directory. */
  @IsString() WEB_DIST_DIR = 'dist/apps/web';
}
