const DIGITS = /^\d+$/;
const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Orders revision numbers the way people read them:
 *   - both all digits: as integers ("2" < "10", "01" == "1" numerically);
 *   - otherwise: naturally, i.e. case-insensitive text whose digit runs
 *     compare as numbers ("A" < "B" < "C2" < "C10");
 * and, when those say equal ("01" vs "1", "a" vs "A"), by code points, so
 * the order is total and every instance picks the same current revision.
 */
export function compareRevisionNumbers(a: string, b: string): number {
  const x = a.trim();
  const y = b.trim();
  let order: number;
  if (DIGITS.test(x) && DIGITS.test(y)) {
    const bx = BigInt(x);
    const by = BigInt(y);
    order = bx < by ? -1 : bx > by ? 1 : 0;
  } else {
    order = Math.sign(natural.compare(x, y));
  }
  if (order !== 0) return order;
  return x < y ? -1 : x > y ? 1 : 0;
}
