import { ServiceConfig } from '@connect/platform';
import { IsInt, Matches, Max, Min } from 'class-validator';

export class NotificationServiceConfig extends ServiceConfig {
  override PORT = 3104;
  /** Where every email goes (N2); `make up` points it at the local mail catcher. */
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' }) SMTP_URL = 'smtp://127.0.0.1:1025';
  /** The sender of every email; its domain also names the Message-IDs. */
  @Matches(/^[^<>\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, { message: 'MAIL_FROM must be an address, optionally with a display name' })
  MAIL_FROM = 'Project Connect <notifications@connect.example>';
  /** N3: attempts before an email is dead-lettered (a permanent SMTP refusal, 5xx, dead-letters at once). */
  @IsInt() @Min(1) @Max(100) MAIL_MAX_ATTEMPTS = 12;
  /** N3: back-off before the second attempt; doubled after each failure up to MAIL_RETRY_MAX_MS. */
  @IsInt() @Min(10) MAIL_RETRY_BASE_MS = 1000;
  @IsInt() @Min(10) MAIL_RETRY_MAX_MS = 300_000;
  /** How long one attempt owns an email; an instance that dies mid-send loses it after this. Above MAIL_SEND_TIMEOUT_MS. */
  @IsInt() @Min(100) MAIL_LEASE_MS = 60_000;
  /** SMTP connect/greeting/socket timeout of one attempt. */
  @IsInt() @Min(100) MAIL_SEND_TIMEOUT_MS = 20_000;
  /** How often the sender looks for due emails (it is also woken when new ones are stored). */
  @IsInt() @Min(10) MAIL_POLL_MS = 1000;
  /** Emails sent at once by one instance. */
  @IsInt() @Min(1) @Max(64) MAIL_CONCURRENCY = 4;
}
