import { CopyFinishedV1, RevisionsReadyV1 } from '@connect/contracts';
import { PERMISSIONS, ReceivedMail, Scenario, System, TestMailbox, TestUser, directory, eventually, startSystem } from '@connect/testing';
import { batch, emailOf, mailsOf, publishSyncEvent, settledMailsOf } from './notice-support';

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

  const mailsOfKind = (kind: string, id: string) => mailsOf(mailbox, kind, id);
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

  describe('the in-app feed', () => {
    it('shows each user only their own notifications, newest first, the same notices as the emails', async () => {
      const s = await scenario('manual');
      const id = await request(s);
      await settledMailsOf(mailbox, 'connection.requested', id, 2);
      expect((await as(s.upstreamAdmin).post(`/connections/${id}/reject`, { reason: REJECT_REASON })).status).toBe(200);
      await settledMailsOf(mailbox, 'connection.rejected', id, 2);

      // The upstream admin heard of the request only; the downstream admin of the rejection only; the connector (both lists) of both.
      const feedOf = async (u: TestUser) => (await as(u).get('/me/notifications')).body;
      const upstream = await feedOf(s.upstreamAdmin);
      expect(upstream.items.map((n: { kind: string }) => n.kind)).toEqual(['connection.requested']);
      expect(upstream.items[0]).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        kind: 'connection.requested',
        title: expect.stringContaining(s.downstream.project.name),
        body: expect.stringContaining(`${s.connector.name} of ${s.downstream.company.name} asks to connect`),
        createdAt: expect.any(String),
        readAt: null,
      });
      expect((await feedOf(s.downstreamAdmin)).items.map((n: { kind: string }) => n.kind)).toEqual(['connection.rejected']);
      expect((await feedOf(s.connector)).items.map((n: { kind: string }) => n.kind)).toEqual(['connection.rejected', 'connection.requested']);
      for (const u of [s.viewer, s.downstreamMember, s.outsider]) expect(await feedOf(u)).toEqual({ items: [], nextCursor: null });
      // The feed item's id is the email's Message-ID.
      const [mail] = mailsOfKind('connection.requested', id).filter((m) => m.envelopeTo.includes(emailOf(s.upstreamAdmin)));
      expect(mail.messageId).toBe(`<${upstream.items[0].id}@connect.example>`);
    });

    it("never lets one user read or mark another's notification (404), and answers 401 without a token", async () => {
      const s = await scenario('automatic');
      const b = batch(s, 'publish', ['F-1']);
      await publishSyncEvent(system, CopyFinishedV1, b);
      await settledMailsOf(mailbox, 'sync.copy.finished', b.batchId, 1);
      const [item] = (await as(s.downstreamAdmin).get('/me/notifications')).body.items;
      const stranger = await as(s.upstreamAdmin).post(`/me/notifications/${item.id}/read`);
      expect(stranger.status).toBe(404);
      expect(stranger.body.code).toBe('NOTIFICATION_NOT_FOUND');
      expect((await as(s.downstreamAdmin).get('/me/notifications')).body.items[0].readAt).toBeNull();
      expect((await as(s.upstreamAdmin).post('/me/notifications/read-all')).body).toEqual({ marked: 0 });
      expect((await as(s.downstreamAdmin).get('/me/notifications?unread=true')).body.items).toHaveLength(1);

      expect((await system.api().get('/me/notifications')).status).toBe(401);
      expect((await system.api().post(`/me/notifications/${item.id}/read`)).status).toBe(401);
      expect((await system.api().post('/me/notifications/read-all')).status).toBe(401);
      expect((await system.api('pc_not-a-token').get('/me/notifications')).status).toBe(401);
    });

    it('pages newest first, filters ?unread=true, marks one read (keeping the first reading) and all read', async () => {
      const s = await scenario('automatic');
      const batches = [1, 2, 3].map((n) => ({ ...batch(s, 'publish', [`P-${n}`]), at: new Date(Date.UTC(2026, 0, n)).toISOString() }));
      for (const b of batches) await publishSyncEvent(system, RevisionsReadyV1, b);
      for (const b of batches) await settledMailsOf(mailbox, 'sync.revisions.ready', b.batchId, 1, 30_000);
      const me = as(s.downstreamAdmin);

      const first = await me.get('/me/notifications?limit=2');
      expect(first.status).toBe(200);
      expect(first.body.items.map((n: { createdAt: string }) => n.createdAt)).toEqual(['2026-01-03T00:00:00.000Z', '2026-01-02T00:00:00.000Z']);
      const second = await me.get(`/me/notifications?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items.map((n: { createdAt: string }) => n.createdAt)).toEqual(['2026-01-01T00:00:00.000Z']);
      expect(second.body.nextCursor).toBeNull();

      const newest = first.body.items[0];
      const read = await me.post(`/me/notifications/${newest.id}/read`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: newest.id, readAt: expect.any(String) });
      const again = await me.post(`/me/notifications/${newest.id}/read`);
      expect(again.body.readAt).toBe(read.body.readAt);
      const unread = await me.get('/me/notifications?unread=true');
      expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(newest.id);
      expect(unread.body.items).toHaveLength(2);

      expect((await me.post('/me/notifications/read-all')).body).toEqual({ marked: 2 });
      expect((await me.get('/me/notifications?unread=true')).body).toEqual({ items: [], nextCursor: null });
      expect((await me.get('/me/notifications')).body.items).toHaveLength(3);
      expect((await me.get('/me/notifications?limit=500')).status).toBe(400);
      expect((await me.get('/me/notifications?cursor=nope')).status).toBe(400);
      expect((await me.post('/me/notifications/no-such-id/read')).status).toBe(404);
    });
  });
});
