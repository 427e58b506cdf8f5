import { Counter, Gauge } from 'prom-client';
import { MAIL_STATES, MailState } from './outbox-mail.schema';

/** Reads how many stored emails are in each state; set by the sender once its database is there. */
let countByState: ((state: MailState) => Promise<number>) | undefined;

export function countEmailsWith(fn: (state: MailState) => Promise<number>): void {
  countByState = fn;
}

/** N3, for operators: emails by state from the database (so `dead` survives restarts), and attempts by outcome. */
export const mailMetrics = {
  emails: new Gauge({
    name: 'connect_notification_emails',
    help: 'Stored notification emails by state (pending, sent, dead = dead-lettered after its attempts or a permanent refusal)',
    labelNames: ['state'],
    async collect() {
      if (!countByState) return;
      for (const state of MAIL_STATES) this.set({ state }, await countByState(state));
    },
  }),
  attempts: new Counter({
    name: 'connect_notification_email_attempts_total',
    help: 'SMTP attempts by outcome (sent, failed, dead-lettered)',
    labelNames: ['outcome'],
  }),
};
