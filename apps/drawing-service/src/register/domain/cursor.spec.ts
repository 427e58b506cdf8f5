import { decodeCursor, encodeCursor } from './cursor';

describe('list cursors', () => {
  it('round-trips the last id, opaque to clients', () => {
    const cursor = encodeCursor('0f3c-uuid');
    expect(cursor).not.toContain('0f3c');
    expect(decodeCursor(cursor)).toBe('0f3c-uuid');
  });

  it('starts from the beginning without a cursor and refuses a forged one with 400', () => {
    expect(decodeCursor(undefined)).toBeNull();
    expect(() => decodeCursor('not-a-cursor')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
