import { DrawingView, Page } from '@connect/contracts';
import { RegisterStamps } from '../store/register-stamps';
import { RegisterPageCache } from './register-page-cache';

/** The cache's own rules (issue 17.6); that a read after a write on another instance is fresh is register-page-cache.int-spec.ts. */
describe('RegisterPageCache', () => {
  const stamps = new Map<string, string | null>();
  const fake = { of: async (projectId: string) => stamps.get(projectId) ?? null } as unknown as RegisterStamps;
  const pageOf = (title: string, size = 1): Page<DrawingView> => ({ items: Array.from({ length: size }, () => ({ title }) as DrawingView), nextCursor: null });
  const cache = (maxBytes = 1024 * 1024) => new RegisterPageCache(fake, { REGISTER_PAGE_CACHE_MAX_BYTES: maxBytes } as never);
  beforeEach(() => stamps.clear());

  it('serves a page again only while its project stamp is the one read when it was built', async () => {
    const c = cache();
    let built = 0;
    const build = jest.fn(async (): Promise<Page<DrawingView>> => pageOf(`v${++built}`));
    const q = { projectId: 'p1', limit: 50 };
    expect((await c.page(q, build)).items[0].title).toBe('v1');
    expect((await c.page(q, build)).items[0].title).toBe('v1');
    expect(build).toHaveBeenCalledTimes(1);
    stamps.set('p1', 'moved');
    expect((await c.page(q, build)).items[0].title).toBe('v2');
    expect((await c.page(q, build)).items[0].title).toBe('v2');
    // Another project's change leaves p1's page alone.
    stamps.set('p2', 'moved');
    expect((await c.page(q, build)).items[0].title).toBe('v2');
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('keys by project, area, cursor and limit: none is given for another', async () => {
    const c = cache();
    const queries = [{ projectId: 'p1' }, { projectId: 'p2' }, { projectId: 'p1', areaId: 'a' }, { projectId: 'p1', cursor: 'x' }, { projectId: 'p1', limit: 10 }];
    for (const q of queries) await c.page(q, async () => pageOf(JSON.stringify(q)));
    for (const q of queries) expect((await c.page(q, async () => pageOf('rebuilt'))).items[0].title).toBe(JSON.stringify(q));
    // The default limit is the same page as limit 50.
    expect((await c.page({ projectId: 'p1', limit: 50 }, async () => pageOf('rebuilt'))).items[0].title).toBe(JSON.stringify({ projectId: 'p1' }));
  });

  it('stays within its size, dropping the least recently used first; off at 0', async () => {
    const one = JSON.stringify(pageOf('x', 10)).length;
    const c = cache(one * 3);
    for (const projectId of ['a', 'b', 'c']) await c.page({ projectId }, async () => pageOf('x', 10));
    await c.page({ projectId: 'a' }, async () => pageOf('rebuilt', 10)); // a used again: b is the oldest
    await c.page({ projectId: 'd' }, async () => pageOf('x', 10));
    const rebuilt = async (projectId: string) => (await c.page({ projectId }, async () => pageOf('rebuilt', 10))).items[0].title === 'rebuilt';
    expect(await rebuilt('a')).toBe(false);
    expect(await rebuilt('c')).toBe(false);
    expect(await rebuilt('d')).toBe(false);
    expect(await rebuilt('b')).toBe(true);

    const off = cache(0);
    const build = jest.fn(async () => pageOf('x'));
    await off.page({ projectId: 'a' }, build);
    await off.page({ projectId: 'a' }, build);
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('concurrent misses of one page at one stamp share one build (~54 queries); another stamp builds its own', async () => {
    const c = cache();
    const pending: Array<(page: Page<DrawingView>) => void> = [];
    const build = jest.fn(() => new Promise<Page<DrawingView>>((resolve) => pending.push(resolve)));
    const q = { projectId: 'p1' };
    const first = Array.from({ length: 10 }, () => c.page(q, build));
    await new Promise((r) => setImmediate(r));
    expect(build).toHaveBeenCalledTimes(1);
    stamps.set('p1', 'moved'); // a change answered meanwhile: a caller now must not get the build under way
    const later = c.page(q, build);
    await new Promise((r) => setImmediate(r));
    expect(build).toHaveBeenCalledTimes(2);
    pending[0](pageOf('old'));
    pending[1](pageOf('new'));
    expect((await Promise.all(first)).map((p) => p.items[0].title)).toEqual(first.map(() => 'old'));
    expect((await later).items[0].title).toBe('new');
    expect((await c.page(q, build)).items[0].title).toBe('new');
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('a failed shared build fails its sharers, and the next miss builds again', async () => {
    const c = cache();
    let fail = true;
    const build = jest.fn(async () => {
      await new Promise((r) => setImmediate(r));
      if (fail) throw new Error('database gone');
      return pageOf('x');
    });
    const q = { projectId: 'p1' };
    const shared = [c.page(q, build), c.page(q, build)];
    await expect(Promise.all(shared)).rejects.toThrow('database gone');
    await Promise.allSettled(shared);
    expect(build).toHaveBeenCalledTimes(1);
    fail = false;
    expect((await c.page(q, build)).items[0].title).toBe('x');
    expect(build).toHaveBeenCalledTimes(2);
  });
});
