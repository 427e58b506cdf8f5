import { ServiceConfig } from '@connect/platform';

export class ConnectionServiceConfig extends ServiceConfig {
  override PORT = 3101;
}
