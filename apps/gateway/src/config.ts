import { ServiceConfig } from '@connect/platform';

export class GatewayConfig extends ServiceConfig {
  override PORT = 3000;
}
