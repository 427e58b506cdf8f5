import { pageOf } from './paging';

const items = ['a', 'b', 'c', 'd', 'e'];

describe('cursor pages', () => {
  it('walks every item once, in order, then ends with a null cursor', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = pageOf(items, (x) => x, 'desc', { limit: 2, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('ends with a null cursor when the last page is exactly full', () => {
    expect(pageOf(items, (x) => x, 'asc', { limit: 5 })).toEqual({ items, nextCursor: null });
  });

  it('refuses a cursor it did not make with VALIDATION_FAILED', () => {
    expect(() => pageOf(items, (x) => x, 'asc', { cursor: '%%%' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
