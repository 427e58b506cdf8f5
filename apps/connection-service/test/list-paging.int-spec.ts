import { ChangeLog } from '@connect/persistence';
import { infrastructureFromEnv, provideInfrastructure } from '@connect/testing';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { ConnectionQueriesHandler } from '../src/connections/application/connection-queries.handler';
import { ConnectionLifecycle } from '../src/connections/application/connection-lifecycle.service';
import { actor, project } from '../src/connections/domain/connection.fixtures';
import { ConnectionRepository } from '../src/connections/infrastructure/connection.repository';
import { ConnectionDocument, ConnectionSchema } from '../src/connections/infrastructure/connection.schema';
import { SyncProgressRepository } from '../src/connections/infrastructure/sync-progress.repository';
import { SyncProgressSchema } from '../src/connections/infrastructure/sync-progress.schema';

/**
 * Issue 15, finding 8: the connection list (C12) pages in the database —
 * the service asks the database for one page (equality on the indexed
 * project field, the order and the limit in the query), never for every
 * connection of the project. Real database; the queries the service sends
 * are read from mongoose's debug hook.
 */
describe('connection list paging in the database (issue 15, finding 8)', () => {
  let release: () => Promise<void>;
  let db: mongoose.Connection;
  let handler: ConnectionQueriesHandler;
  const queries: Array<{ collection: string; method: string; filter: unknown; options: Record<string, unknown> }> = [];
  const UP = project(`p-up-${randomBytes(3).toString('hex')}`, 'c-up');
  const viewer = actor('viewer', [UP, 'read_only', 'read_only']);
  const TOTAL = 120;
  const UNDONE = new Set([5, 17, 64]);

  beforeAll(async () => {
    release = await provideInfrastructure();
    db = await mongoose.createConnection(infrastructureFromEnv().mongoUrl, { dbName: `connect_list_paging_test_${randomBytes(4).toString('hex')}` }).asPromise();
    const connections = db.model<ConnectionDocument>('Connection', ConnectionSchema);
    const progress = db.model('SyncProgress', SyncProgressSchema);
    await connections.syncIndexes();
    const docs = Array.from({ length: TOTAL }, (_, i) => {
      const down = project(`p-down-${i}`, `c-down-${i}`);
      const side = (ref: typeof UP) => ({ companyId: ref.companyId, companyName: ref.companyName, projectId: ref.projectId, projectName: ref.projectName });
      return {
        _id: `conn-${String(i).padStart(4, '0')}`,
        version: 1,
        status: UNDONE.has(i) ? 'undone' : 'active',
        features: ['drawings'],
        upstream: side(UP),
        downstream: side(down),
        approval: 'automatic',
        requestedBy: 'requester',
        // Two connections per second: equal times are ordered by id.
        requestedAt: new Date(Date.UTC(2030, 0, 1, 10, 0, Math.floor(i / 2))).toISOString(),
        upstreamProjectId: UP.projectId,
        downstreamProjectId: down.projectId,
      };
    });
    await connections.insertMany(docs);
    const changeLog = { register: () => undefined } as unknown as ChangeLog;
    const repository = new ConnectionRepository(connections, changeLog);
    const syncProgress = new SyncProgressRepository(progress as never);
    handler = new ConnectionQueriesHandler({} as ConnectionLifecycle, repository, syncProgress);
    db.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      // find is logged as (filter, projection, options); the options hold the limit
      const options = (args.find((a, i) => i > 0 && a !== null && typeof a === 'object' && 'limit' in a) ?? {}) as Record<string, unknown>;
      if (collection === 'connections') queries.push({ collection, method, filter: args[0], options });
    });
  });

  afterAll(async () => {
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
    await release?.();
  });

  it('walks every listed connection newest first, none twice, undone ones left out, each page one bounded query per side', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      queries.length = 0;
      const page = await handler.list({ actor: viewer, projectId: UP.projectId, limit: 25, ...(cursor && { cursor }) });
      pages += 1;
      expect(page.items.length).toBeLessThanOrEqual(25);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
      const finds = queries.filter((q) => q.method === 'find');
      expect(finds.length).toBeGreaterThan(0);
      for (const q of finds) expect(q.options['limit']).toBe(26);
    } while (cursor && pages < 20);
    const expected = Array.from({ length: TOTAL }, (_, i) => i)
      .filter((i) => !UNDONE.has(i))
      .reverse()
      .map((i) => `conn-${String(i).padStart(4, '0')}`);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 25));
  });

  it('a cursor it did not give out is 400 VALIDATION_FAILED', async () => {
    await expect(handler.list({ actor: viewer, projectId: UP.projectId, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
