import { DirectoryAccessTokenChangedV1, DirectoryProjectMemberChangedV1 } from '@connect/contracts';
import { GatewayConfig } from '../config';
import { DirectoryCache } from './directory-cache';

/** Issue 17: the cache of authentication and permission answers, invalidated by directory events only. */
describe('DirectoryCache (issue 17)', () => {
  const config = Object.assign(new GatewayConfig(), { DIRECTORY_CACHE_MAX_ENTRIES: 3 });
  const loader = (value: object | null) => jest.fn(async () => value);

  it('bypasses (loads every time, keeps nothing) until the event feed is consumed', async () => {
    const cache = new DirectoryCache(config);
    const load = loader({ userId: 'u1' });
    await cache.read('actor', 'u1', load);
    await cache.read('actor', 'u1', load);
    expect(load).toHaveBeenCalledTimes(2);
    cache.resume();
    await cache.read('actor', 'u1', load);
    await cache.read('actor', 'u1', load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('is emptied and bypassed when the feed is lost, and starts from empty when it is back', async () => {
    const cache = new DirectoryCache(config);
    cache.resume();
    const load = loader({ userId: 'u1' });
    await cache.read('actor', 'u1', load);
    cache.suspend('test');
    await cache.read('actor', 'u1', load);
    await cache.read('actor', 'u1', load);
    expect(load).toHaveBeenCalledTimes(3);
    cache.resume();
    await cache.read('actor', 'u1', load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('drops a user’s actor on a membership event and their tokens on a token event, nothing else', async () => {
    const cache = new DirectoryCache(config);
    cache.resume();
    const actor1 = loader({ userId: 'u1' });
    const actor2 = loader({ userId: 'u2' });
    const token1 = loader({ id: 't1', userId: 'u1' });
    for (let i = 0; i < 2; i++) {
      await cache.read('actor', 'u1', actor1);
      await cache.read('actor', 'u2', actor2);
      await cache.read('token', 'h1', token1);
    }
    cache.invalidate(DirectoryProjectMemberChangedV1.type, { userId: 'u1', projectId: 'p' });
    await cache.read('actor', 'u1', actor1);
    await cache.read('actor', 'u2', actor2);
    await cache.read('token', 'h1', token1);
    expect([actor1.mock.calls.length, actor2.mock.calls.length, token1.mock.calls.length]).toEqual([2, 1, 1]);
    cache.invalidate(DirectoryAccessTokenChangedV1.type, { tokenId: 't1', userId: 'u1' });
    await cache.read('token', 'h1', token1);
    expect(token1).toHaveBeenCalledTimes(2);
  });

  it('does not keep a load that was under way while something was invalidated (it may predate the change)', async () => {
    const cache = new DirectoryCache(config);
    cache.resume();
    let finish!: (v: object) => void;
    const slow = jest.fn(() => new Promise<object | null>((resolve) => (finish = resolve)));
    const reading = cache.read('actor', 'u1', slow);
    cache.invalidate(DirectoryProjectMemberChangedV1.type, { userId: 'u1' });
    finish({ userId: 'u1', stale: true });
    await reading;
    const fresh = loader({ userId: 'u1' });
    expect(await cache.read('actor', 'u1', fresh)).toEqual({ userId: 'u1' });
    expect(fresh).toHaveBeenCalledTimes(1);
  });

  it('empties itself on an unknown directory event or a write that announces nothing', async () => {
    const cache = new DirectoryCache(config);
    cache.resume();
    const load = loader({ name: 'P' });
    await cache.read('project', 'p1', load);
    cache.invalidate('directory.something-new.changed', {});
    await cache.read('project', 'p1', load);
    cache.written([]);
    await cache.read('project', 'p1', load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('keeps at most DIRECTORY_CACHE_MAX_ENTRIES per kind; cached answers are frozen; 0 turns it off', async () => {
    const cache = new DirectoryCache(config);
    cache.resume();
    for (const id of ['a', 'b', 'c', 'd']) await cache.read('company', id, loader({ id }));
    const a = loader({ id: 'a' });
    const d = loader({ id: 'd' });
    await cache.read('company', 'a', a);
    const got = await cache.read('company', 'd', d);
    expect([a.mock.calls.length, d.mock.calls.length]).toEqual([1, 0]);
    expect(Object.isFrozen(got)).toBe(true);
    const off = new DirectoryCache(Object.assign(new GatewayConfig(), { DIRECTORY_CACHE_MAX_ENTRIES: 0 }));
    off.resume();
    expect(off.serving).toBe(false);
  });
});
