import { queueNames } from '@connect/messaging';
import { RevisionsReadyV1 } from '@connect/contracts';
import { System, TestMailbox, directory, eventually, startSystem } from '@connect/testing';
import { batch, downstreamAdmins, emailOf, mailsOf, metric, publishSyncEvent } from './notice-support';

const DEAD_LETTERS = queueNames('notification-service', 3).dead;

// N3: sending is retried until it succeeds or is dead-lettered with its reason, visible to
// operators (a count on /metrics, the message in the dead-letter queue); a malformed event is
// dead-lettered with its reason and does not stop the next one.
describe('N3 dead letters', () => {
  let system: System;
  let mailbox: TestMailbox;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    // Greylisting that never ends (451: try later) and a mailbox that does not exist (550).
    mailbox.refuseRecipient = (address) =>
      address.startsWith('greylisted') ? { code: 451, message: 'Greylisted, try again later' } : address.startsWith('no-such') ? { code: 550, message: 'No such mailbox' } : null;
    system = await startSystem({
      services: ['gateway', 'notification-service'],
      env: { SMTP_URL: mailbox.url, MAIL_POLL_MS: '200', MAIL_RETRY_BASE_MS: '200', MAIL_RETRY_MAX_MS: '400', MAIL_MAX_ATTEMPTS: '3' },
    });
  });
  afterAll(async () => {
    await system?.stop();
    await mailbox?.stop();
  });

  const deadLetters = () => system.broker.peek(system.vhost, DEAD_LETTERS, 50);

  it('dead-letters an email after MAIL_MAX_ATTEMPTS temporary refusals, at once on a permanent one, and still sends the others', async () => {
    const s = await directory(system).scenario();
    const [greylisted, missing] = await downstreamAdmins(system, s, ['Greylisted Admin', 'No Such Admin']);
    const ready = batch(s, 'publish', ['D-1', 'D-2']);
    await publishSyncEvent(system, RevisionsReadyV1, ready);

    const dead = await eventually(() => metric(system, 'connect_notification_emails{state="dead"}'), (n) => n === 2, 30_000);
    expect(dead).toBe(2);
    const letters = await eventually(deadLetters, (l) => l.length >= 2);
    const byTo = Object.fromEntries(letters.map((l) => [JSON.parse(l.payload).to, l]));
    const grey = byTo[emailOf(greylisted)];
    expect(grey.properties.headers?.['x-dead-code']).toBe('MAIL_UNDELIVERABLE');
    expect(String(grey.properties.headers?.['x-dead-reason'])).toMatch(/^gave up after 3 attempts: .*451/);
    expect(JSON.parse(grey.payload)).toMatchObject({ kind: 'sync.revisions.ready', failures: 3, noticeKey: `sync.revisions.ready:${ready.batchId}` });
    const gone = byTo[emailOf(missing)];
    expect(String(gone.properties.headers?.['x-dead-reason'])).toMatch(/^refused by the mail server: .*550/);
    expect(JSON.parse(gone.payload)).toMatchObject({ failures: 1 });
    expect(await metric(system, 'connect_notification_email_attempts_total{outcome="dead-lettered"}')).toBe(2);
    // The other recipients of the same notice were told, once each.
    const sent = mailsOf(mailbox, 'sync.revisions.ready', ready.batchId).flatMap((m) => m.envelopeTo).sort();
    expect(sent).toEqual([emailOf(s.downstreamAdmin)]);
  });

  it('dead-letters a malformed event with its reason, and sends the next one', async () => {
    const s = await directory(system).scenario();
    await downstreamAdmins(system, s, []);
    const malformed = { ...batch(s, 'publish', ['X-1']), count: -3, drawingNumbers: 'X-1' };
    const malformedId = await publishSyncEvent(system, RevisionsReadyV1, malformed);
    const next = batch(s, 'publish', ['X-2']);
    await publishSyncEvent(system, RevisionsReadyV1, next);

    const mails = await eventually(() => mailsOf(mailbox, 'sync.revisions.ready', next.batchId), (m) => m.length === 1, 30_000);
    expect(mails.map((m) => m.envelopeTo)).toEqual([[emailOf(s.downstreamAdmin)]]);
    const letter = (await eventually(deadLetters, (l) => l.some((x) => x.properties.message_id === malformedId))).find((x) => x.properties.message_id === malformedId);
    expect(letter?.properties.headers?.['x-dead-code']).toBe('MESSAGE_INVALID');
    expect(String(letter?.properties.headers?.['x-dead-reason'])).toMatch(/count/);
    expect(String(letter?.properties.headers?.['x-dead-reason'])).toMatch(/drawingNumbers/);
    // Its body is kept as it came, for an operator to read or replay.
    expect(JSON.parse(letter?.payload ?? '{}').payload).toMatchObject({ batchId: malformed.batchId, count: -3 });
    expect(mailsOf(mailbox, 'sync.revisions.ready', malformed.batchId)).toEqual([]);
  });
});
