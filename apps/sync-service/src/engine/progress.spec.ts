import { progressOf } from './connection-owner';

describe('S8 progress from the ledger', () => {
  const counts = { pending: 3, copied: 5, failed: 1, skipped: 4 };

  it('while the initial walk runs, the total is the upstream register size and the rest is pending', () => {
    expect(progressOf(counts, 100, true, 'active')).toEqual({
      state: 'copying',
      revisionsTotal: 100,
      revisionsCopied: 5,
      revisionsPending: 94,
      revisionsFailed: 1,
    });
  });

  it('after the walk, totals are what was asked for; skipped items (deleted upstream) do not count', () => {
    expect(progressOf(counts, 100, false, 'active')).toEqual({
      state: 'copying',
      revisionsTotal: 9,
      revisionsCopied: 5,
      revisionsPending: 3,
      revisionsFailed: 1,
    });
    expect(progressOf({ ...counts, pending: 0 }, 0, false, 'active').state).toBe('idle');
  });

  it('S6: a stopped connection says stopped whatever is left', () => {
    expect(progressOf(counts, 0, false, 'stopped')).toMatchObject({ state: 'stopped', revisionsPending: 3 });
  });
});
