import { NOTIFICATION_KINDS } from '@connect/contracts';
import { backoffMs, isPermanentRefusal } from '../mail/mail-sender';
import { newestFirst } from '../feed/paging';
import { N2_AUDIENCES, recipientsOf } from './audience';
import { noticeId } from './notices.service';
import { renderNotice } from './render';

const sides = { upstream: { companyName: 'Summit GC', projectName: 'Tower A' }, downstream: { companyName: 'Apex Electrical', projectName: 'Tower A Electrical' } };

describe('N2 audiences', () => {
  it('is exactly PRODUCT.md’s table', () => {
    expect(N2_AUDIENCES).toEqual({
      'connection.requested': ['upstream-list'],
      'connection.established': ['upstream-list', 'downstream-list'],
      'connection.rejected': ['downstream-list'],
      'connection.cancelled': ['upstream-list'],
      'connection.disconnected': ['upstream-list', 'downstream-list'],
      'connection.undone': ['upstream-list', 'downstream-list'],
      'sync.revisions.ready': ['downstream-drawings-admins'],
      'sync.copy.finished': ['downstream-drawings-admins'],
    });
  });

  it('N3: someone on two lists is one recipient', () => {
    expect(recipientsOf([['PM@apex.example', 'a@gc.example'], ['pm@apex.example ', 'b@apex.example']])).toEqual(['a@gc.example', 'b@apex.example', 'pm@apex.example']);
  });

  it('gives a (notice, recipient) one id, and another recipient or notice another', () => {
    expect(noticeId('connection.established:c1:2', 'a@x.example')).toBe(noticeId('connection.established:c1:2', 'a@x.example'));
    expect(noticeId('connection.established:c1:2', 'a@x.example')).not.toBe(noticeId('connection.established:c1:2', 'b@x.example'));
    expect(noticeId('connection.established:c1:2', 'a@x.example')).not.toBe(noticeId('connection.disconnected:c1:3', 'a@x.example'));
  });
});

describe('notice templates', () => {
  it('renders every kind with both projects and companies in the subject', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const r = renderNotice(kind, { ...sides, actor: { name: 'Dana', email: 'd@x.example' }, reason: 'why', count: 2, drawingNumbers: ['A-1', 'A-2'] }, 'r@x.example');
      for (const name of ['Summit GC', 'Tower A', 'Apex Electrical', 'Tower A Electrical']) expect(r.title).toContain(name);
      expect(r.text).toContain(r.summary);
    }
  });

  it('escapes user input in HTML only, and keeps the subject on one line', () => {
    const r = renderNotice('connection.rejected', { ...sides, upstream: { companyName: 'A & B', projectName: '<script>x</script>\r\nBcc: evil@x' }, actor: { name: 'D', email: 'd@x' }, reason: '<i>no</i>' }, 'r@x.example');
    expect(r.html).not.toMatch(/<script>|<i>/);
    expect(r.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(r.html).toContain('A &amp; B');
    expect(r.html).toContain('&lt;i&gt;no&lt;/i&gt;');
    expect(r.text).toContain('<i>no</i>');
    expect(r.title).not.toMatch(/[\r\n]/);
  });

  it('lists the drawing numbers of a batch and says how many it leaves out', () => {
    const r = renderNotice('sync.revisions.ready', { ...sides, count: 4, drawingNumbers: ['M-1', 'M-2'] }, 'r@x.example');
    expect(r.title).toMatch(/^4 drawing revisions ready for review/);
    expect(r.text).toContain('- M-1\n- M-2\n… and 2 more');
    expect(renderNotice('sync.copy.finished', { ...sides, count: 1, drawingNumbers: ['M-1'], initial: false }, 'r').title).toMatch(/^Copy finished \(1 revision\)/);
  });
});

describe('N3 sending', () => {
  it('backs off by doubling up to the cap, with jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 10].map((f) => backoffMs(f, 1000, 5000, mid))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(backoffMs(1, 1000, 5000, () => 0)).toBe(800);
    expect(backoffMs(1, 1000, 5000, () => 1)).toBe(1200);
  });

  it('takes an SMTP 5xx as permanent, anything else (4xx, connection refused) as worth retrying', () => {
    expect(isPermanentRefusal({ responseCode: 550 })).toBe(true);
    expect(isPermanentRefusal({ responseCode: 451 })).toBe(false);
    expect(isPermanentRefusal(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
  });
});

describe('feed paging', () => {
  const items = ['2026-01-01|a', '2026-01-03|c', '2026-01-02|b'];
  it('pages newest first with a cursor, and refuses a cursor it did not give', () => {
    const first = newestFirst(items, (i) => i, { limit: 2 });
    expect(first.items).toEqual(['2026-01-03|c', '2026-01-02|b']);
    const second = newestFirst(items, (i) => i, { limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second).toEqual({ items: ['2026-01-01|a'], nextCursor: null });
    expect(() => newestFirst(items, (i) => i, { cursor: '%%%' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
