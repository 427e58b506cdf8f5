import { DrawingView, Page } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DrawingServiceConfig } from '../../config';
import { DEFAULT_PAGE_SIZE } from '../domain/cursor';
import { RegisterStamps } from '../store/register-stamps';

const reads = new Counter({
  name: 'drawing_register_page_cache_reads_total',
  help: 'Register pages asked for, by result: hit (the cached page, its stamp still current), miss (built, then kept) or shared (the build under way for the same page and stamp)',
  labelNames: ['result'],
});

export interface RegisterPageQuery {
  projectId: string;
  areaId?: string;
  cursor?: string;
  limit?: number;
}

interface Entry {
  /** The project's register stamp read before the page was built. */
  stamp: string | null;
  page: Page<DrawingView>;
  bytes: number;
}

/**
 * Register pages (`GET /projects/:id/drawings`) as built, by (project, area, cursor, limit), each
 * with the project's register stamp read before it was built (issue 17.6). A page is served again
 * only while the stamp read for the request is still that one: one `_id` lookup instead of the
 * page's ~50 (its drawings' buckets, each current revision, area, discipline and set). Every change
 * of the project's register moves the stamp before it is answered (register-stamps.ts), so a read
 * after a write — on this instance or any other — never gets a page from before it; no timer.
 *
 * A page is the same for every reader allowed to read the register: the handler checks the
 * actor's permission before asking, and the project is part of the key. Bounded by the JSON size
 * of the pages kept; the least recently used go first. Concurrent misses of one page at one stamp
 * share one build: the stamp they read was written after every change they must see had landed, so
 * a build begun after reading it is as fresh for each of them as their own would be.
 */
@Injectable()
export class RegisterPageCache {
  private readonly pages = new Map<string, Entry>();
  /** Builds under way, by page key and the stamp read before each began. */
  private readonly building = new Map<string, Promise<Page<DrawingView>>>();
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(
    private readonly stamps: RegisterStamps,
    config: DrawingServiceConfig,
  ) {
    this.maxBytes = config.REGISTER_PAGE_CACHE_MAX_BYTES;
  }

  async page(query: RegisterPageQuery, build: () => Promise<Page<DrawingView>>): Promise<Page<DrawingView>> {
    if (this.maxBytes === 0) return build();
    const stamp = await this.stamps.of(query.projectId);
    const key = JSON.stringify([query.projectId, query.areaId ?? null, query.cursor ?? null, query.limit ?? DEFAULT_PAGE_SIZE]);
    const hit = this.pages.get(key);
    if (hit && hit.stamp === stamp) {
      reads.inc({ result: 'hit' });
      // Most recently used last.
      this.pages.delete(key);
      this.pages.set(key, hit);
      return hit.page;
    }
    const flight = JSON.stringify([key, stamp]);
    const underWay = this.building.get(flight);
    if (underWay) {
      reads.inc({ result: 'shared' });
      return underWay;
    }
    reads.inc({ result: 'miss' });
    const built = build().then((page) => {
      this.keep(key, { stamp, page, bytes: JSON.stringify(page).length });
      return page;
    });
    this.building.set(flight, built);
    const done = () => this.building.delete(flight);
    built.then(done, done);
    return built;
  }

  private keep(key: string, entry: Entry): void {
    const old = this.pages.get(key);
    if (old) {
      this.pages.delete(key);
      this.bytes -= old.bytes;
    }
    if (entry.bytes > this.maxBytes) return;
    this.pages.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldest, e] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= e.bytes;
    }
  }
}
