import { CopyFinishedV1, RevisionsReadyV1 } from '@connect/contracts';
import { PERMISSIONS, ReceivedMail, Scenario, System, TestMailbox, TestUser, directory, eventually, startSystem } from '@connect/testing';
import { batch, emailOf, publishSyncEvent, settledMailsOf } from './notice-support';

const REJECT_REASON = 'Sheet numbering must follow the owner standard';
const DISCONNECT_REASON = 'Mechanical scope complete';

// N2: who hears what, by email — every row of PRODUCT.md's table, against a real SMTP server:
// exactly the expected recipients (one email each, even when on two lists), a subject naming both
// projects and companies, and bodies saying what happened; and nobody else gets mail.
describe('N2 who hears what, by email', () => {
  let system: System;
  let mailbox: TestMailbox;
  const scenarios: Scenario[] = [];

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    system = await startSystem({
      services: ['gateway', 'connection-service', 'drawing-service', 'notification-service'],
      env: { SMTP_URL: mailbox.url, MAIL_POLL_MS: '200' },
    });
  });
  afterAll(async () => {
    // Nobody outside the lists ever got anything, in any test.
    for (const s of scenarios) {
      for (const u of [s.viewer, s.uploader, s.downstreamMember, s.outsider]) expect(mailbox.to(u.email)).toEqual([]);
    }
    await system?.stop();
    await mailbox?.stop();
  });

  async function scenario(approval: 'automatic' | 'manual'): Promise<Scenario> {
    const s = await directory(system).scenario({ upstream: { connectionApproval: approval } });
    scenarios.push(s);
    // The replica has the memberships once both unedited lists show their CM admins.
    for (const [p, admin] of [
      [s.upstream.projectId, s.upstreamAdmin],
      [s.downstream.projectId, s.downstreamAdmin],
    ] as const) {
      await expectEventually(() => system.api(admin.token).get(`/projects/${p}/connection-settings`), (r) => r.body.distributionList?.length === 2);
    }
    return s;
  }

  async function expectEventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<void> {
    expect(ok(await eventually(read, ok))).toBe(true);
  }

  const as = (u: TestUser) => system.api(u.token);
  async function request(s: Scenario): Promise<string> {
    const res = await as(s.connector).post(`/projects/${s.downstream.projectId}/connections`, { upstreamProjectId: s.upstream.projectId, features: ['drawings'] });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  /** The subject and bodies name both projects and both companies; the bodies say `what`. */
  function expectNamesBoth(mail: ReceivedMail, s: Scenario, ...what: string[]): void {
    for (const name of [s.upstream.company.name, s.upstream.project.name, s.downstream.company.name, s.downstream.project.name]) {
      expect(mail.subject).toContain(name);
      expect(mail.text).toContain(name);
      expect(mail.html).toContain(name);
    }
    for (const w of what) {
      expect(mail.text).toContain(w);
      expect(mail.html).toContain(w);
    }
  }

  const recipients = (mails: ReceivedMail[]) => mails.flatMap((m) => m.envelopeTo).sort();

  it('connection requested under manual approval → the upstream list; approved → both lists, one email to someone on both', async () => {
    const s = await scenario('manual');
    const id = await request(s);
    const requested = await settledMailsOf(mailbox, 'connection.requested', id, 2);
    expect(recipients(requested)).toEqual([emailOf(s.connector), emailOf(s.upstreamAdmin)].sort());
    expect(requested[0].subject).toMatch(/^Connection requested: /);
    expectNamesBoth(requested[0], s, s.connector.name, 'approve or reject');

    expect((await as(s.upstreamAdmin).post(`/connections/${id}/approve`)).status).toBe(200);
    // The connector is on both lists: one email, not two.
    const established = await settledMailsOf(mailbox, 'connection.established', id, 3);
    expect(recipients(established)).toEqual([emailOf(s.connector), emailOf(s.upstreamAdmin), emailOf(s.downstreamAdmin)].sort());
    expect(established[0].subject).toMatch(/^Connection established: /);
    expectNamesBoth(established[0], s, `approved by ${s.upstreamAdmin.name}`);
    // Each email went to one recipient only (no list of other people's addresses).
    for (const m of [...requested, ...established]) expect(m.to).toEqual(m.envelopeTo);
  });

  it('under automatic approval: no "requested" email, the established one to both lists', async () => {
    const s = await scenario('automatic');
    const id = await request(s);
    const established = await settledMailsOf(mailbox, 'connection.established', id, 3);
    expect(recipients(established)).toEqual([emailOf(s.connector), emailOf(s.upstreamAdmin), emailOf(s.downstreamAdmin)].sort());
    expectNamesBoth(established[0], s, 'is now connected');
    expect(await settledMailsOf(mailbox, 'connection.requested', id, 0)).toEqual([]);
  });

  it('connection rejected → the downstream list, as edited (N1), with the reason', async () => {
    const s = await scenario('manual');
    const edited = await as(s.downstreamAdmin).put(`/projects/${s.downstream.projectId}/connection-settings`, {
      distributionList: [s.downstreamAdmin.email, 'Site-Office@apex.example'],
    });
    expect(edited.status).toBe(200);
    const id = await request(s);
    await settledMailsOf(mailbox, 'connection.requested', id, 2);
    expect((await as(s.upstreamAdmin).post(`/connections/${id}/reject`, { reason: REJECT_REASON })).status).toBe(200);
    const rejected = await settledMailsOf(mailbox, 'connection.rejected', id, 2);
    // The connector (a CM admin downstream) was taken off the edited list: they hear nothing.
    expect(recipients(rejected)).toEqual([emailOf(s.downstreamAdmin), 'site-office@apex.example'].sort());
    expect(rejected[0].subject).toMatch(/^Connection rejected: /);
    expectNamesBoth(rejected[0], s, REJECT_REASON, s.upstreamAdmin.name);
  });

  it('request cancelled → the upstream list', async () => {
    const s = await scenario('manual');
    const id = await request(s);
    await settledMailsOf(mailbox, 'connection.requested', id, 2);
    expect((await as(s.downstreamAdmin).post(`/connections/${id}/cancel`)).status).toBe(200);
    const cancelled = await settledMailsOf(mailbox, 'connection.cancelled', id, 2);
    expect(recipients(cancelled)).toEqual([emailOf(s.connector), emailOf(s.upstreamAdmin)].sort());
    expect(cancelled[0].subject).toMatch(/^Connection request cancelled: /);
    expectNamesBoth(cancelled[0], s, `${s.downstreamAdmin.name} of ${s.downstream.company.name} cancelled`);
  });

  it('disconnected → both lists, with the reason', async () => {
    const s = await scenario('automatic');
    const id = await request(s);
    await settledMailsOf(mailbox, 'connection.established', id, 3);
    expect((await as(s.upstreamAdmin).post(`/connections/${id}/disconnect`, { acceptTerms: true, reason: DISCONNECT_REASON })).status).toBe(200);
    const disconnected = await settledMailsOf(mailbox, 'connection.disconnected', id, 3);
    expect(recipients(disconnected)).toEqual([emailOf(s.connector), emailOf(s.upstreamAdmin), emailOf(s.downstreamAdmin)].sort());
    expect(disconnected[0].subject).toMatch(/^Projects disconnected: /);
    expectNamesBoth(disconnected[0], s, DISCONNECT_REASON, s.upstreamAdmin.name);
  });

  it('connection undone (C14) → both lists', async () => {
    const s = await scenario('automatic');
    const id = await request(s);
    await settledMailsOf(mailbox, 'connection.established', id, 3);
    expect((await as(s.downstreamAdmin).post(`/connections/${id}/undo`)).status).toBe(200);
    const undone = await settledMailsOf(mailbox, 'connection.undone', id, 3);
    expect(recipients(undone)).toEqual([emailOf(s.connector), emailOf(s.upstreamAdmin), emailOf(s.downstreamAdmin)].sort());
    expect(undone[0].subject).toMatch(/^Connection undone: /);
    expectNamesBoth(undone[0], s, `${s.downstreamAdmin.name} undid`);
  });

  it('drawings ready for review → the downstream Drawings admins only, one email per batch with the count and the drawing numbers', async () => {
    const s = await scenario('automatic');
    // A second Drawings admin downstream who is no Connection Manager: on no list, yet told.
    const reviewer = await directory(system).userWithToken('Reviewer', [[s.downstream.projectId, { connectionManager: 'none', drawings: 'admin' }]]);
    // Then a CM admin: once the list shows them, the replica has seen the reviewer's membership too.
    await directory(system).userWithToken('Sentinel', [[s.downstream.projectId, PERMISSIONS.connector]]);
    await expectEventually(() => as(s.downstreamAdmin).get(`/projects/${s.downstream.projectId}/connection-settings`), (r) => r.body.distributionList?.length === 3);
    const ready = batch(s, 'publish', ['M-101', 'M-102', 'M-201'], 5);
    await publishSyncEvent(system, RevisionsReadyV1, ready);
    // Redelivered under another message id (a re-derived batch): still the same batch, no second email.
    await publishSyncEvent(system, RevisionsReadyV1, ready);
    const mails = await settledMailsOf(mailbox, 'sync.revisions.ready', ready.batchId, 2);
    expect(recipients(mails)).toEqual([emailOf(s.downstreamAdmin), emailOf(reviewer)].sort());
    expect(mails[0].subject).toMatch(/^5 drawing revisions ready for review: /);
    expectNamesBoth(mails[0], s, 'M-101', 'M-102', 'M-201', 'and 2 more', '5 revisions');
    expect(mails[0].text).toMatch(/- M-101\n- M-102\n- M-201\n/);
  });

  it('copy finished (the first full copy, and a batch) → the downstream Drawings admins', async () => {
    const s = await scenario('automatic');
    const initial = batch(s, 'initial', ['A-001', 'A-101'], 2);
    await publishSyncEvent(system, CopyFinishedV1, initial);
    const first = await settledMailsOf(mailbox, 'sync.copy.finished', initial.batchId, 1);
    expect(recipients(first)).toEqual([emailOf(s.downstreamAdmin)]);
    expect(first[0].subject).toMatch(/^First copy finished \(2 revisions\): /);
    expectNamesBoth(first[0], s, 'The first full copy', 'A-001', 'A-101');

    const one = batch(s, 'publish', ['E-301']);
    await publishSyncEvent(system, CopyFinishedV1, one);
    const later = await settledMailsOf(mailbox, 'sync.copy.finished', one.batchId, 1);
    expect(recipients(later)).toEqual([emailOf(s.downstreamAdmin)]);
    expect(later[0].subject).toMatch(/^Copy finished \(1 revision\): /);
    expectNamesBoth(later[0], s, 'E-301', '1 revision copied');
  });

  it('gives each (event, recipient) one stable Message-ID, and escapes what users typed in the HTML body', async () => {
    const s = await scenario('automatic');
    const hostile = { ...batch(s, 'publish', ['<img src=x onerror=alert(1)>']) };
    hostile.upstream = { ...hostile.upstream, projectName: '<script>alert("x")</script> Tower', companyName: 'Summit & <b>Sons</b>' };
    await publishSyncEvent(system, RevisionsReadyV1, hostile);
    const [mail] = await settledMailsOf(mailbox, 'sync.revisions.ready', hostile.batchId, 1);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>Sons');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tower');
    expect(mail.html).toContain('Summit &amp; &lt;b&gt;Sons&lt;/b&gt;');
    expect(mail.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    // The plain-text body and the subject carry the names as typed.
    expect(mail.text).toContain('<script>alert("x")</script> Tower');
    expect(mail.subject).toContain('Summit & <b>Sons</b>');
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@connect\.example>$/);
  });
});
