import { HEADERS, MessageBus } from '@connect/messaging';
import { isDuplicateKeyError } from '@connect/persistence';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { createTransport, Transporter } from 'nodemailer';
import { NotificationServiceConfig } from '../config';
import { countEmailsWith, mailMetrics } from './mail.metrics';
import { CLAIM_MODEL, MailClaim, OUTBOX_MAIL_MODEL, OutboxMail } from './outbox-mail.schema';


/** Delay before the attempt after `failures` failed ones: doubling from the base, capped, with ±20 % jitter. */
export function backoffMs(failures: number, baseMs: number, maxMs: number, random = Math.random): number {
  const plain = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(plain * (0.8 + 0.4 * random()));
}

/** SMTP 5xx: the server refuses this email for good (unknown mailbox, policy); trying again cannot help. */
export function isPermanentRefusal(err: unknown): boolean {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * N3: sends the stored emails. Each attempt first claims the email (an insert
 * on a unique key), sends it over SMTP with its stable Message-ID, then marks
 * it sent; a failure schedules the next attempt with back-off, and after
 * MAIL_MAX_ATTEMPTS (or a permanent refusal) the email is dead-lettered with
 * its reason. An instance that dies mid-send leaves its claim to expire, and
 * the email is sent by the next attempt.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailSender.name);
  private readonly holder = randomUUID();
  private readonly transport: Transporter;
  private readonly domain: string;
  private readonly inHand = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    @InjectModel(OUTBOX_MAIL_MODEL) private readonly mails: Model<OutboxMail>,
    @InjectModel(CLAIM_MODEL) private readonly claims: Model<MailClaim>,
    private readonly bus: MessageBus,
    private readonly config: NotificationServiceConfig,
  ) {
    const timeout = config.MAIL_SEND_TIMEOUT_MS;
    this.transport = createTransport({ url: config.SMTP_URL, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
    this.domain = /@([^\s>]+)/.exec(config.MAIL_FROM)?.[1] ?? 'connect.example';
    countEmailsWith((state) => this.mails.countDocuments({ state }));
  }

  /** The Message-ID of a notice's email: one per (event, recipient), whatever the number of attempts. */
  messageIdOf(noticeId: string): string {
    return `<${noticeId}@${this.domain}>`;
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** New emails were stored: look now rather than at the next poll. */
  wake(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: Error) => this.logger.warn(`mail round failed: ${err.message}`))
        .finally(() => {
          this.running = undefined;
          const next = this.again ? 0 : this.config.MAIL_POLL_MS;
          this.again = false;
          this.schedule(next);
        });
    }, ms);
  }

  /** One round: every due email, MAIL_CONCURRENCY at a time. */
  private async tick(): Promise<void> {
    const now = Date.now();
    const pending = await this.mails.find({ state: 'pending' }, { _id: 1, nextAttemptAt: 1, createdAt: 1 }).lean<Pick<OutboxMail, '_id' | 'nextAttemptAt' | 'createdAt'>[]>();
    const due = pending
      .filter((m) => m.nextAttemptAt.getTime() <= now && !this.inHand.has(m._id))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((m) => m._id);
    const workers = Array.from({ length: Math.min(this.config.MAIL_CONCURRENCY, due.length) }, async () => {
      for (let id = due.shift(); id !== undefined && !this.stopped; id = due.shift()) await this.attempt(id);
    });
    await Promise.all(workers);
  }

  private async attempt(id: string): Promise<void> {
    this.inHand.add(id);
    try {
      const mail = await this.mails.findById(id).lean<OutboxMail>();
      if (!mail || mail.state !== 'pending' || mail.nextAttemptAt.getTime() > Date.now()) return;
      const claim = await this.claim(mail);
      if (claim === null) return; // another instance is sending it right now
      // Re-read under the claim: the previous holder may have finished just before its claim ran out.
      const held = await this.mails.findById(id).lean<OutboxMail>();
      if (!held || held.state !== 'pending' || held.nextAttemptAt.getTime() > Date.now()) return;
      await this.mails.updateOne({ _id: id }, { $set: { claims: claim } });
      try {
        await this.transport.sendMail({
          from: this.config.MAIL_FROM,
          to: held.to,
          subject: held.subject,
          text: held.text,
          html: held.html,
          messageId: held.messageId,
          date: held.createdAt,
          headers: { 'X-Connect-Notice': held.noticeKey },
        });
      } catch (err) {
        await this.failed(held, claim, err);
        return;
      }
      await this.mails.updateOne({ _id: id }, { $set: { state: 'sent', sentAt: new Date(), lastError: null } });
      mailMetrics.attempts.inc({ outcome: 'sent' });
    } finally {
      this.inHand.delete(id);
    }
  }

  /** Takes the next attempt of `mail`; null while another holder's claim runs. */
  private async claim(mail: OutboxMail): Promise<number | null> {
    // The email may name the claim of an attempt that is still running (its holder wrote it): wait for that one.
    if (mail.claims > 0 && (await this.isLive(`${mail._id}#${mail.claims}`))) return null;
    for (let n = mail.claims + 1; ; n++) {
      try {
        await this.claims.create({ _id: `${mail._id}#${n}`, mailId: mail._id, holder: this.holder, until: new Date(Date.now() + this.config.MAIL_LEASE_MS) });
        return n;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      if (await this.isLive(`${mail._id}#${n}`)) return null;
      // That attempt is over (released after a failure, or its holder died): claim the next one.
    }
  }

  private async isLive(claimId: string): Promise<boolean> {
    const claim = await this.claims.findById(claimId).lean<MailClaim>();
    return !!claim && claim.until.getTime() > Date.now();
  }

  private async failed(mail: OutboxMail, claim: number, err: unknown): Promise<void> {
    const reason = `${(err as Error)?.message ?? String(err)}`.slice(0, 1000);
    const failures = mail.failures + 1;
    if (isPermanentRefusal(err) || failures >= this.config.MAIL_MAX_ATTEMPTS) {
      await this.deadLetter(mail, failures, isPermanentRefusal(err) ? `refused by the mail server: ${reason}` : `gave up after ${failures} attempts: ${reason}`);
    } else {
      const delay = backoffMs(failures, this.config.MAIL_RETRY_BASE_MS, this.config.MAIL_RETRY_MAX_MS);
      await this.mails.updateOne({ _id: mail._id }, { $set: { failures, lastError: reason, nextAttemptAt: new Date(Date.now() + delay) } });
      mailMetrics.attempts.inc({ outcome: 'failed' });
      this.logger.warn(`email ${mail._id} to ${mail.to} failed (attempt ${failures}), next in ${delay} ms: ${reason}`);
    }
    // The attempt is over: the next one may be claimed as soon as it is due.
    await this.claims.updateOne({ _id: `${mail._id}#${claim}` }, { $set: { until: new Date(0) } });
  }

  /** The email goes to the dead-letter queue with its reason (the message is kept for operators) and is marked dead. */
  private async deadLetter(mail: OutboxMail, failures: number, reason: string): Promise<void> {
    const body = { noticeId: mail._id, noticeKey: mail.noticeKey, kind: mail.kind, to: mail.to, subject: mail.subject, messageId: mail.messageId, failures, createdAt: mail.createdAt };
    await this.bus.sendToQueue(this.bus.queues.dead, Buffer.from(JSON.stringify(body)), {
      persistent: true,
      messageId: mail._id,
      contentType: 'application/json',
      type: 'notification.email',
      headers: { [HEADERS.deadCode]: 'MAIL_UNDELIVERABLE', [HEADERS.deadReason]: reason, [HEADERS.deadAt]: new Date().toISOString() },
    });
    await this.mails.updateOne({ _id: mail._id }, { $set: { state: 'dead', failures, lastError: reason } });
    mailMetrics.attempts.inc({ outcome: 'dead-lettered' });
    this.logger.error(`email ${mail._id} to ${mail.to} dead-lettered: ${reason}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.transport.close();
  }
}
