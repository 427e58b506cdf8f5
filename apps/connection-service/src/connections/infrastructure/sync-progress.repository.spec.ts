import { isNewer, shownProgress } from './sync-progress.repository';

const progress = { state: 'idle' as const, revisionsTotal: 0, revisionsCopied: 0, revisionsPending: 0, revisionsFailed: 0, lastSyncedAt: null };
const at = (ms: number) => new Date(Date.UTC(2026, 11, 2) + ms);

describe('S8 (issue 13, review 10): the order of sync progress reports', () => {
  it('a newer connection version wins whatever the times, an older one never does', () => {
    expect(isNewer({ progress, connectionVersion: 4, reportedAt: at(0) }, { connectionVersion: 2, reportedAt: at(50) })).toBe(true);
    expect(isNewer({ progress, connectionVersion: 2, reportedAt: at(50) }, { connectionVersion: 4, reportedAt: at(0) })).toBe(false);
  });

  it('within one connection version the later report wins; a repeated one is not newer', () => {
    expect(isNewer({ progress, connectionVersion: 4, reportedAt: at(10) }, { connectionVersion: 4, reportedAt: at(0) })).toBe(true);
    expect(isNewer({ progress, connectionVersion: 4, reportedAt: at(0) }, { connectionVersion: 4, reportedAt: at(0) })).toBe(false);
  });

  it('a report without a version (an older producer) is ordered by time against the held one, and a held one without a version is older than any versioned one', () => {
    expect(isNewer({ progress, reportedAt: at(10) }, { connectionVersion: 4, reportedAt: at(0) })).toBe(true);
    expect(isNewer({ progress, reportedAt: at(0) }, { connectionVersion: 4, reportedAt: at(10) })).toBe(false);
    expect(isNewer({ progress, connectionVersion: 1, reportedAt: at(0) }, { reportedAt: at(10) })).toBe(true);
  });
});

describe('S8: a connection that is no longer active shows its sync stopped', () => {
  const synced = { ...progress, state: 'copying' as const, lastSyncedAt: at(0).toISOString() };

  it('disconnected or undone: stopped, whatever the report held says', () => {
    expect(shownProgress('disconnected', progress).state).toBe('stopped');
    expect(shownProgress('undone', synced).state).toBe('stopped');
  });

  it('pending, rejected or cancelled after it synced (its approval undone first): stopped; never synced: as reported', () => {
    for (const status of ['pending', 'rejected', 'cancelled'] as const) {
      expect(shownProgress(status, synced).state).toBe('stopped');
      expect(shownProgress(status, progress).state).toBe('idle');
    }
  });

  it('active: as reported', () => {
    expect(shownProgress('active', synced)).toEqual(synced);
  });
});
