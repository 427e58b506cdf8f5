import { uuidFromKey } from '@connect/contracts';
import { randomUUID } from 'node:crypto';
import { decodeCursor, encodeCursor } from './cursor';

const forged = (after: unknown) => Buffer.from(JSON.stringify({ after })).toString('base64url');

describe('list cursors', () => {
  it('round-trips the last id, opaque to clients', () => {
    const id = randomUUID();
    const cursor = encodeCursor(id);
    expect(cursor).not.toContain(id.slice(0, 8));
    expect(decodeCursor(cursor)).toBe(id);
  });

  it('keeps the cursors given out before: the last id (a uuid, or a uuidFromKey id) as {"after": id}, base64url', () => {
    for (const id of [randomUUID(), uuidFromKey('markup\u0000p\u0000r\u00001'), `${randomUUID()}/${randomUUID()}`]) expect(decodeCursor(forged(id))).toBe(id);
  });

  it('starts from the beginning without a cursor and refuses a forged one with 400', () => {
    expect(decodeCursor(undefined)).toBeNull();
    expect(() => decodeCursor('not-a-cursor')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  // Review of issue 17.6: {"after":"g"} restarted the register walk somewhere (a bucket walk reads by prefix).
  it.each(['g', '0g', '', 'ffffffff-ffff', `${randomUUID()}x`, randomUUID().toUpperCase(), `${randomUUID()}/g`, 7, null])('refuses a cursor whose id is not one a list gives out (%p) with 400 VALIDATION_FAILED', (after) => {
    expect(() => decodeCursor(forged(after))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
