import { NotificationKind } from '@connect/contracts';
import { Schema } from 'mongoose';

export const OUTBOX_MAIL_MODEL = 'OutboxMail';
export const CLAIM_MODEL = 'MailClaim';

/** `pending` until sent; `dead` after MAIL_MAX_ATTEMPTS failures or a permanent refusal (N3). */
export const MAIL_STATES = ['pending', 'sent', 'dead'] as const;
export type MailState = (typeof MAIL_STATES)[number];

/**
 * N3: one email of one notice to one recipient, stored (rendered) before any
 * attempt to send it. Changed in place only by the holder of its current claim.
 */
export interface OutboxMail {
  /** The notice id: the same for every copy of the same (event, recipient). */
  _id: string;
  noticeKey: string;
  kind: NotificationKind;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@domain>`: stable per (event, recipient), so a receiver can tell copies apart from new mail. */
  messageId: string;
  state: MailState;
  /** Claims taken so far; the next attempt claims `claims + 1`. */
  claims: number;
  failures: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export const OutboxMailSchema = new Schema<OutboxMail>(
  {
    _id: { type: String, required: true },
    noticeKey: { type: String, required: true },
    kind: { type: String, required: true },
    to: { type: String, required: true },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    html: { type: String, required: true },
    messageId: { type: String, required: true },
    state: { type: String, required: true, index: true },
    claims: { type: Number, required: true },
    failures: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'outbox_mails' },
);

/**
 * The right to make attempt `n` of one email: `_id = <mailId>#<n>`. Taking it
 * is an insert on the unique `_id`, the one write that is atomic on FerretDB
 * as on MongoDB, so two instances never send the same attempt. A claim whose
 * `until` has passed (its holder died, or released it after a failure) lets
 * the next attempt be claimed.
 */
export interface MailClaim {
  _id: string;
  mailId: string;
  holder: string;
  until: Date;
}

export const MailClaimSchema = new Schema<MailClaim>(
  {
    _id: { type: String, required: true },
    mailId: { type: String, required: true },
    holder: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { versionKey: false, collection: 'mail_claims' },
);
