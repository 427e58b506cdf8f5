import { ServiceConfig } from '@connect/platform';

export class NotificationServiceConfig extends ServiceConfig {
  override PORT = 3104;
}
