import { compareRevisionNumbers } from './revision-order';

const sorted = (xs: string[]) => [...xs].sort(compareRevisionNumbers);

describe('compareRevisionNumbers (current revision = highest published, PRODUCT.md)', () => {
  it('compares all-digit numbers as integers, not as text', () => {
    expect(sorted(['10', '2', '1', '0'])).toEqual(['0', '1', '2', '10']);
    expect(compareRevisionNumbers('9', '10')).toBeLessThan(0);
  });

  it('handles numbers beyond the safe integer range', () => {
    expect(compareRevisionNumbers('90071992547409930', '90071992547409931')).toBeLessThan(0);
  });

  it('orders letters alphabetically, case-insensitively', () => {
    expect(sorted(['C', 'a', 'B'])).toEqual(['a', 'B', 'C']);
  });

  it('orders mixed text naturally, digit runs as numbers', () => {
    expect(sorted(['Rev 10', 'Rev 2', 'Rev 1'])).toEqual(['Rev 1', 'Rev 2', 'Rev 10']);
    expect(sorted(['C10', 'C2', 'B7'])).toEqual(['B7', 'C2', 'C10']);
  });

  it('is a total order: numerically or textually equal values still differ deterministically', () => {
    expect(compareRevisionNumbers('01', '1')).not.toBe(0);
    expect(Math.sign(compareRevisionNumbers('01', '1'))).toBe(-Math.sign(compareRevisionNumbers('1', '01')));
    expect(compareRevisionNumbers('a', 'A')).not.toBe(0);
    expect(compareRevisionNumbers('B', 'B')).toBe(0);
  });

  it('ignores surrounding whitespace', () => {
    expect(compareRevisionNumbers(' 2', '2 ')).toBe(0);
  });
});
