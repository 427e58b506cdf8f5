import { validateSync } from 'class-validator';
import { IsBoundedJsonObject, containsNul, jsonBytes, jsonDepth } from './json-shape';

class Holder {
  @IsBoundedJsonObject({ maxDepth: 3, maxBytes: 20 }) data!: unknown;
}

const holding = (data: unknown) => Object.assign(new Holder(), { data });

describe('json-shape (issue 15, findings 1 and 2)', () => {
  it('measures depth: scalars 0, empty containers 1, each level one more', () => {
    expect([jsonDepth(7), jsonDepth(null), jsonDepth([]), jsonDepth({}), jsonDepth([[1]]), jsonDepth({ a: [{ b: 1 }] })]).toEqual([0, 0, 1, 1, 2, 3]);
  });

  it('walks 100,000 levels without a stack overflow, and stops early when asked', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(jsonDepth(deep)).toBe(100_000);
    expect(jsonDepth(deep, 32)).toBe(33);
  });

  it('finds U+0000 in any string, keys included, and nothing else', () => {
    expect([containsNul('a\u0000'), containsNul({ k: ['x', { y: 'b\u0000' }] }), containsNul({ ['k\u0000']: 1 })]).toEqual([true, true, true]);
    expect([containsNul('a\\u0000'), containsNul({ k: ['x', 1, null] }), containsNul('\u0001')]).toEqual([false, false, false]);
  });

  it('measures bytes as UTF-8 JSON', () => {
    expect(jsonBytes({ a: 'é' })).toBe(Buffer.byteLength('{"a":"é"}'));
  });

  it('IsBoundedJsonObject accepts an object within both bounds and refuses the rest', () => {
    expect(validateSync(holding({ a: { b: {} } }))).toEqual([]);
    for (const bad of [{ a: { b: { c: {} } } }, { a: 'x'.repeat(20) }, [1], 'text', 3, null]) expect(validateSync(holding(bad))).toHaveLength(1);
  });
});
