import 'reflect-metadata';
import { DomainError } from '@connect/contracts';
import { chunkCountOf, crossesLimit, verifyParts } from './chunk-layout';

const C = 10; // chunk size for the examples

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as DomainError).code;
  }
  return undefined;
}

describe('chunk layout (D2: byte-for-byte storage)', () => {
  it('counts chunks of a size', () => {
    expect([1, 9, 10, 11, 20, 21].map((s) => chunkCountOf(s, C))).toEqual([1, 1, 1, 2, 2, 3]);
  });

  it('crossesLimit: refused as soon as a chunk ends past the limit', () => {
    expect(crossesLimit(0, 10, 25, C)).toBe(false);
    expect(crossesLimit(2, 5, 25, C)).toBe(false); // ends exactly at the limit
    expect(crossesLimit(2, 6, 25, C)).toBe(true);
    expect(crossesLimit(3, 1, 25, C)).toBe(true);
  });

  describe('verifyParts', () => {
    const parts = (...sizes: number[]) => sizes.map((size, n) => ({ n, size }));

    it('accepts every chunk present, full but the last, adding up to the size (in any order)', () => {
      expect(() => verifyParts(parts(10, 10, 3), { size: 23, chunkCount: 3 }, C)).not.toThrow();
      expect(() => verifyParts(parts(10, 10, 3).reverse(), { size: 23, chunkCount: 3 }, C)).not.toThrow();
      expect(() => verifyParts(parts(10, 10), { size: 20, chunkCount: 2 }, C)).not.toThrow();
      expect(() => verifyParts(parts(1), { size: 1, chunkCount: 1 }, C)).not.toThrow();
    });

    it('accepts a redelivered chunk listed twice', () => {
      expect(() => verifyParts([...parts(10, 3), { n: 1, size: 3 }], { size: 13, chunkCount: 2 }, C)).not.toThrow();
    });

    it.each([
      ['a missing chunk', [{ n: 0, size: 10 }, { n: 2, size: 3 }], { size: 23, chunkCount: 3 }],
      ['a short chunk in the middle', parts(10, 9, 4), { size: 23, chunkCount: 3 }],
      ['a last chunk of the wrong size', parts(10, 10, 2), { size: 23, chunkCount: 3 }],
      ['a chunk past the end', parts(10, 10, 3, 1), { size: 23, chunkCount: 3 }],
      ['a chunk count that cannot hold the size', parts(10, 10, 3), { size: 23, chunkCount: 4 }],
      ['no chunks at all', [], { size: 5, chunkCount: 1 }],
    ])('refuses %s with UPLOAD_INCOMPLETE', (_why, given, expected) => {
      expect(codeOf(() => verifyParts(given, expected, C))).toBe('UPLOAD_INCOMPLETE');
    });
  });
});
