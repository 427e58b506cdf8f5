import { ServiceConfig } from '@connect/platform';

export class SyncServiceConfig extends ServiceConfig {
  override PORT = 3103;
}
