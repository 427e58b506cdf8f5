import { RevisionsReadyV1, SyncBatchPayload } from '@connect/contracts';
import { ReceivedMail, Scenario, System, TestMailbox, directory, eventually, startSystem } from '@connect/testing';
import { batch, downstreamAdmins, emailOf, mailsOf, metric, publishSyncEvent } from './notice-support';

// N3: each recipient gets each notification once; nothing is lost when the mail server is down
// or when notification-service dies mid-send. Real SMTP server in the test, real processes.
describe('N3 never lost, never twice', () => {
  let system: System;
  let mailbox: TestMailbox;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    system = await startSystem({
      services: ['gateway', 'notification-service'],
      // Two instances poll the same stored emails: each attempt is claimed by one of them only.
      instances: { 'notification-service': 2 },
      env: {
        SMTP_URL: mailbox.url,
        MAIL_POLL_MS: '200',
        MAIL_RETRY_BASE_MS: '300',
        MAIL_RETRY_MAX_MS: '1500',
        MAIL_MAX_ATTEMPTS: '100',
        MAIL_SEND_TIMEOUT_MS: '2000',
        MAIL_LEASE_MS: '4000',
      },
    });
  });
  afterAll(async () => {
    await system?.stop();
    await mailbox?.stop();
  });

  const mailsOfBatches = (batches: SyncBatchPayload[]): ReceivedMail[] => batches.flatMap((b) => mailsOf(mailbox, 'sync.revisions.ready', b.batchId));
  const messageIds = (mails: ReceivedMail[]) => mails.map((m) => m.messageId);

  async function readyScenario(extraAdmins: string[] = []): Promise<{ s: Scenario; recipients: string[] }> {
    const s = await directory(system).scenario();
    const extra = await downstreamAdmins(system, s, extraAdmins);
    return { s, recipients: [s.downstreamAdmin, ...extra].map(emailOf).sort() };
  }

  it('stores each email while the SMTP server is down, retries with back-off, and delivers each exactly once when it is back (two instances sending)', async () => {
    const { s, recipients } = await readyScenario(['Second Reviewer']);
    await mailbox.stop();
    const failedBefore = await metric(system, 'connect_notification_email_attempts_total{outcome="failed"}', 2);
    const batches = [batch(s, 'publish', ['A-1']), batch(s, 'publish', ['A-2']), batch(s, 'publish', ['A-3'])];
    for (const b of batches) await publishSyncEvent(system, RevisionsReadyV1, b);

    // Stored before any is sent: the feed shows all three while no mail can leave.
    const feed = await eventually(() => system.api(s.downstreamAdmin.token).get('/me/notifications'), (r) => r.body.items?.length === 3);
    expect(feed.body.items).toHaveLength(3);
    // Attempts fail and are retried (several per email while the server stays down).
    const failed = await eventually(() => metric(system, 'connect_notification_email_attempts_total{outcome="failed"}', 2), (n) => n - failedBefore >= 12, 30_000);
    expect(failed - failedBefore).toBeGreaterThanOrEqual(12);
    expect(mailsOfBatches(batches)).toEqual([]);
    expect(await metric(system, 'connect_notification_emails{state="pending"}')).toBeGreaterThanOrEqual(6);

    await mailbox.start();
    await eventually(() => mailsOfBatches(batches).length, (n) => n >= 6, 30_000);
    await new Promise((r) => setTimeout(r, 3000)); // any extra copy would arrive meanwhile
    const mails = mailsOfBatches(batches);
    expect(mails).toHaveLength(6);
    expect(new Set(messageIds(mails)).size).toBe(6);
    expect(mails.flatMap((m) => m.envelopeTo).sort()).toEqual([...recipients, ...recipients, ...recipients].sort());
    expect(await metric(system, 'connect_notification_emails{state="dead"}')).toBe(0);
  });

  it('loses none and sends none twice when every notification-service instance is SIGKILLed mid-send', async () => {
    const { s, recipients } = await readyScenario(['Reviewer One', 'Reviewer Two']);
    const batches = [1, 2, 3, 4].map((n) => batch(s, 'publish', [`K-${n}`]));
    const expected = batches.length * recipients.length; // 12
    // Four emails go through; from the fifth on the server takes the message and never answers.
    mailbox.holdAfter(4);
    for (const b of batches) await publishSyncEvent(system, RevisionsReadyV1, b);
    await eventually(() => mailbox.held, (n) => n >= 1, 30_000);
    expect(mailbox.held).toBeGreaterThanOrEqual(1);
    // Long enough for the accepted ones to be marked sent; sends are in flight, others not begun.
    await new Promise((r) => setTimeout(r, 500));
    const before = mailsOfBatches(batches).length;
    expect(before).toBe(4);
    await Promise.all([0, 1].map((i) => system.stopInstance('notification-service', i, 'SIGKILL')));

    await mailbox.stop();
    await mailbox.start(); // the mail server answers again
    await Promise.all([0, 1].map((i) => system.startInstance('notification-service', i)));
    await eventually(() => mailsOfBatches(batches).length, (n) => n >= expected, 60_000);
    await new Promise((r) => setTimeout(r, 3000));
    const mails = mailsOfBatches(batches);
    expect(mails).toHaveLength(expected);
    expect(new Set(messageIds(mails)).size).toBe(expected);
    const perRecipient = Object.fromEntries(recipients.map((r) => [r, mails.filter((m) => m.envelopeTo.includes(r)).length]));
    expect(perRecipient).toEqual(Object.fromEntries(recipients.map((r) => [r, batches.length])));
  });
});
