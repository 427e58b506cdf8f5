import { ServiceConfig } from '@connect/platform';

export class DrawingServiceConfig extends ServiceConfig {
  override PORT = 3102;
}
