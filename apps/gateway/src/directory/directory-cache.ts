import { ChangeEvent } from '@connect/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { GatewayConfig } from '../config';

/** What the cache holds, each by its key: tokens by hash, actors by user id, companies and projects by id. */
export type CacheKind = 'token' | 'actor' | 'company' | 'project';

const reads = new Counter({
  name: 'gateway_directory_cache_reads_total',
  help: 'Reads of directory answers (tokens, actors, companies, projects) by result: hit, miss (loaded, then kept) or bypass (the event feed is down)',
  labelNames: ['kind', 'result'],
});
const live = new Gauge({ name: 'gateway_directory_cache_live', help: '1 while the directory event feed is consumed and the cache serves; 0 while it is bypassed' });
const invalidations = new Counter({ name: 'gateway_directory_cache_invalidations_total', help: 'Directory events applied to the cache, by event type', labelNames: ['type'] });

/** The fields of a directory event the cache needs to know what to drop. */
interface Keys {
  userId?: unknown;
  companyId?: unknown;
  projectId?: unknown;
}

/**
 * The gateway's cache of authentication and permission answers (issue 17): a token by its hash,
 * a user's actor (companies, memberships, permission levels), company and project names.
 *
 * Invalidated by the directory's events only, never by a timer: this instance's own writes drop
 * what they change as soon as they are committed (before the HTTP answer), and every instance
 * drops it when the event arrives on its own exclusive queue (DirectoryCacheFeed). While that
 * queue is not consumed (broker gone, channel closed), events may be missed: the cache is emptied
 * and bypassed — every read goes to the database — until the feed is back, and emptied again then.
 *
 * A load that was under way while anything was invalidated is not kept (the `epoch`): it may have
 * read the state from before the change whose event just dropped the key.
 */
@Injectable()
export class DirectoryCache {
  private readonly logger = new Logger(DirectoryCache.name);
  private readonly maps: Record<CacheKind, Map<string, unknown>> = { token: new Map(), actor: new Map(), company: new Map(), project: new Map() };
  private live = false;
  private epoch = 0;
  private readonly maxEntries: number;
  private readonly enabled: boolean;

  constructor(config: GatewayConfig) {
    this.maxEntries = config.DIRECTORY_CACHE_MAX_ENTRIES;
    this.enabled = config.DIRECTORY_CACHE_MAX_ENTRIES > 0;
    live.set(0);
  }

  get serving(): boolean {
    return this.live;
  }

  /** The cached answer, or `load()`'s (kept when the feed is live and nothing was invalidated meanwhile). */
  async read<V extends object>(kind: CacheKind, key: string, load: () => Promise<V | null>): Promise<V | null> {
    if (!this.live) {
      reads.inc({ kind, result: 'bypass' });
      return load();
    }
    const map = this.maps[kind];
    const hit = map.get(key) as V | undefined;
    if (hit !== undefined) {
      reads.inc({ kind, result: 'hit' });
      return hit;
    }
    reads.inc({ kind, result: 'miss' });
    const epoch = this.epoch;
    const value = await load();
    if (value !== null && this.live && epoch === this.epoch) {
      if (map.size >= this.maxEntries) map.delete(map.keys().next().value as string);
      map.set(key, deepFreeze(value));
    }
    return value;
  }

  /** The feed consumes every directory event from now on: start serving, from empty. */
  resume(): void {
    if (!this.enabled) return;
    this.clear();
    if (!this.live) this.logger.log('directory event feed consumed: cache serving');
    this.live = true;
    live.set(1);
  }

  /** The feed is down (events may be missed from now on): empty and bypass the cache. */
  suspend(reason: string): void {
    if (this.live) this.logger.warn(`directory event feed lost (${reason}): cache bypassed until it is back`);
    this.live = false;
    live.set(0);
    this.clear();
  }

  /** Drops what a directory event (`type` as in the envelope, e.g. `directory.user.changed`) says changed. */
  invalidate(type: string, payload: unknown): void {
    this.epoch++;
    invalidations.inc({ type });
    const p = (payload ?? {}) as Keys;
    const id = (v: unknown) => (typeof v === 'string' ? v : null);
    switch (type) {
      case 'directory.access-token.changed': {
        const userId = id(p.userId);
        if (userId === null) return this.clear();
        for (const [hash, token] of this.maps.token) if ((token as { userId?: string }).userId === userId) this.maps.token.delete(hash);
        return;
      }
      case 'directory.user.changed':
      case 'directory.company-user.changed':
      case 'directory.project-member.changed':
        return this.drop('actor', id(p.userId));
      case 'directory.company.changed':
        return this.drop('company', id(p.companyId));
      case 'directory.project.changed':
        return this.drop('project', id(p.projectId));
      default:
        // A directory event this code does not know: whatever it changed, nothing stale is kept.
        return this.clear();
    }
  }

  /** This instance's own write, committed or failed: drop what its events say changed, at once. */
  written(events: ChangeEvent[]): void {
    // A write announcing nothing says nothing of what it changed: keep nothing.
    if (events.length === 0) return this.clear();
    for (const e of events) this.invalidate(e.definition.type, e.payload);
  }

  /** Everything dropped (an event that could not be read, a reconnection). */
  clear(): void {
    this.epoch++;
    for (const map of Object.values(this.maps)) map.clear();
  }

  private drop(kind: CacheKind, key: string | null): void {
    if (key === null) this.clear();
    else this.maps[kind].delete(key);
  }
}

/** Cached answers are shared by concurrent requests: none may change one in place. */
function deepFreeze<V>(value: V): V {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
