import { ServiceConfig } from '@connect/platform';
import { IsInt, Min } from 'class-validator';

export class ConnectionServiceConfig extends ServiceConfig {
  override PORT = 3101;
  /** C5: a project with more drawing revisions than this cannot be connected. */
  @IsInt() @Min(0) CONNECTION_MAX_REVISIONS = 100_000;
  /** C14: how long after requesting (downstream) or approving (upstream) an undo is possible. */
  @IsInt() @Min(1) CONNECTION_UNDO_WINDOW_SECONDS = 300;
}
