import { System, startSystem } from '@connect/testing';
import { Client } from 'pg';

// Issue 9: on FerretDB (PostgreSQL), every index a service declares must really serve queries.
// FerretDB creates a btree on `(_jsonb -> 'field')` per MongoDB index but filters with
// `(_jsonb -> $1) @> $2`, which only a GIN index serves: each btree key needs its GIN twin.
const pgUrl = process.env['PG_URL'];
const describeOnFerret = pgUrl ? describe : describe.skip; // MongoDB 7 (Docker) uses its own indexes

interface IndexRow {
  schemaname: string;
  tablename: string;
  indexname: string;
  indexdef: string;
}

const KEY = /\(_jsonb -> '((?:[^']|'')*)'::text\)/g;

describeOnFerret('FerretDB tables of every service: GIN twins and the version guard', () => {
  let system: System;
  let pg: Client;
  let indexes: IndexRow[];

  beforeAll(async () => {
    system = await startSystem({ services: ['gateway', 'connection-service', 'drawing-service', 'sync-service', 'notification-service'] });
    pg = new Client({ connectionString: pgUrl });
    await pg.connect();
    const suffix = system.env['MONGO_DB_SUFFIX'].toLowerCase();
    // FerretDB's own `_ferretdb_database_metadata` table is not a service collection: left out.
    ({ rows: indexes } = await pg.query<IndexRow>(
      `SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname LIKE 'connect\\_%' AND schemaname LIKE $1 AND tablename NOT LIKE '\\_ferretdb\\_%'`,
      [`%${suffix}`],
    ));
  });
  afterAll(async () => {
    await pg?.end();
    await system?.stop();
  });

  it('finds the indexes the services declared, in each service database', () => {
    const schemas = new Set(indexes.map((i) => i.schemaname));
    for (const service of ['gateway', 'connection_service', 'drawing_service', 'sync_service']) {
      expect([...schemas].some((s) => s.startsWith(`connect_${service}_test_`))).toBe(true);
    }
    expect(indexes.filter((i) => /USING btree/.test(i.indexdef)).length).toBeGreaterThan(20);
  });

  it('gives every btree key on a top-level field a GIN twin on the same expression', () => {
    const missing: string[] = [];
    for (const btree of indexes.filter((i) => /USING btree/.test(i.indexdef))) {
      const columns = btree.indexdef.slice(btree.indexdef.indexOf('USING btree') + 'USING btree'.length);
      for (const [, field] of columns.matchAll(KEY)) {
        if (columns.includes(`'${field}'::text) -> `)) continue; // dotted path: never pushed down by FerretDB v1
        const expr = `(_jsonb -> '${field}'::text)`;
        const twin = indexes.find((i) => i.schemaname === btree.schemaname && i.tablename === btree.tablename && /USING gin/.test(i.indexdef) && i.indexdef.includes(expr));
        if (!twin) missing.push(`${btree.schemaname}.${btree.indexname}: ${expr}`);
      }
    }
    expect(missing).toEqual([]);
  });

  // Issue 12: every collection of every service is under the version guard (infra/postgres/version-guard.sql),
  // read from PostgreSQL's own catalogue: a BEFORE UPDATE row trigger, enabled, calling the guard.
  it('puts the version guard on every table each service creates', async () => {
    const suffix = system.env['MONGO_DB_SUFFIX'].toLowerCase();
    const { rows } = await pg.query<{ schema: string; table: string; guard: string | null }>(
      `SELECT n.nspname AS schema, c.relname AS table,
              (SELECT p.pronamespace::regnamespace::text || '.' || p.proname || ':' || t.tgenabled::text || ':' || t.tgtype::text FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgname = 'connect_version_guard') AS guard
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname LIKE 'connect\\_%' AND n.nspname LIKE $1 AND c.relname NOT LIKE '\\_ferretdb\\_%'`,
      [`%${suffix}`],
    );
    for (const service of ['gateway', 'connection_service', 'drawing_service', 'sync_service', 'notification_service']) {
      expect({ service, guarded: rows.some((r) => r.schema.startsWith(`connect_${service}_test_`)) }).toEqual({ service, guarded: true });
    }
    expect(rows.length).toBeGreaterThan(20);
    // tgtype 19 = ROW (1) | BEFORE (2) | UPDATE (16); tgenabled 'O' = fires (origin and local).
    expect(rows.filter((r) => r.guard !== 'connect_version_guard.check:O:19')).toEqual([]);
  });

  it("plans FerretDB's form of an _id lookup, with the parameter bound, as an index scan on the twin", async () => {
    const tables = [...new Set(indexes.filter((i) => i.indexdef.includes(`(_jsonb -> '_id'::text)`)).map((i) => `${i.schemaname}.${i.tablename}`))];
    expect(tables.length).toBeGreaterThan(5);
    await pg.query('SET enable_seqscan = off'); // tables are tiny here: ask whether an index CAN serve the form
    for (const table of tables) {
      const [schema, name] = table.split('.');
      const q = `"${schema}"."${name}"`;
      await pg.query(`PREPARE lookup(text, jsonb) AS SELECT _jsonb FROM ${q} WHERE (_jsonb -> $1) @> $2`);
      const { rows } = await pg.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE lookup('_id', '"no-such-id"')`);
      await pg.query('DEALLOCATE lookup');
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect({ table, plan }).toEqual({ table, plan: expect.stringMatching(/Index Scan|Bitmap Index Scan/) });
      expect(plan).not.toMatch(/Seq Scan/);
    }
  });
});
