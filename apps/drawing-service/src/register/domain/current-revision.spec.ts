import { RankedRevision, connectedUpdateAvailable, currentRevisionOf } from './current-revision';

const rev = (id: string, revisionNumber: string, published: boolean, connected = false): RankedRevision => ({ _id: id, revisionNumber, published, connected });

describe('currentRevisionOf (a drawing’s current revision is its highest published revision)', () => {
  it('is null while nothing is published (D1: unpublished revisions do not count)', () => {
    expect(currentRevisionOf([rev('a', '1', false)])).toBeNull();
    expect(currentRevisionOf([])).toBeNull();
  });

  it('picks the highest published revision number, not the latest upload', () => {
    const revisions = [rev('a', '2', true), rev('b', '10', true), rev('c', '3', true)];
    expect(currentRevisionOf(revisions)?._id).toBe('b');
  });

  it('skips a higher unpublished revision', () => {
    expect(currentRevisionOf([rev('a', '1', true), rev('b', '2', false)])?._id).toBe('a');
  });

  it('breaks ties deterministically whatever the input order', () => {
    const a = [rev('x', '1', true), rev('y', '1', true)];
    expect(currentRevisionOf(a)?._id).toBe(currentRevisionOf([...a].reverse())?._id);
  });
});

describe('connectedUpdateAvailable (D6)', () => {
  it('is true when an unpublished connected revision is newer than the current one', () => {
    expect(connectedUpdateAvailable([rev('a', 'A', true, true), rev('b', 'B', false, true)])).toBe(true);
  });

  it('is true for a first connected copy awaiting review', () => {
    expect(connectedUpdateAvailable([rev('a', '1', false, true)])).toBe(true);
  });

  it('is false once the newer copy is published', () => {
    expect(connectedUpdateAvailable([rev('a', 'A', true, true), rev('b', 'B', true, true)])).toBe(false);
  });

  it('is false for an older connected copy or a local unpublished upload', () => {
    expect(connectedUpdateAvailable([rev('a', '3', true, true), rev('b', '2', false, true)])).toBe(false);
    expect(connectedUpdateAvailable([rev('a', '1', true), rev('b', '2', false)])).toBe(false);
  });
});
