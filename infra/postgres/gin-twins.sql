-- GIN twins for FerretDB v1 on PostgreSQL (issue 9, ../../shared/INFRA.md "GIN twins").
--
-- FerretDB v1 creates a btree index on `(_jsonb -> 'field')` for every MongoDB
-- index, but pushes every equality filter down as `(_jsonb -> $1) @> $2`
-- (dotted fields: `(_jsonb #> $1) @> $2`). A btree cannot serve `@>`, so every
-- query is a sequential scan. This file installs, in the FerretDB database:
--
--   * an event trigger on ddl_command_end / CREATE INDEX that gives every btree
--     index on a FerretDB table a GIN "twin" on each of its key columns of the
--     form `_jsonb -> 'field'` (compound indexes: one twin per top-level field).
--     Twins are named deterministically (<table prefix>_<md5 of table and
--     expression>_gin) and created IF NOT EXISTS, so two MongoDB indexes
--     sharing a field share one twin. Twins are built with fastupdate = off:
--     with GIN's default pending list, every lookup after a bulk insert scans
--     up to 4 MB of unsorted entries (measured: 20 ms instead of 0.04 ms per
--     `_id` lookup on 100,000 documents, until a vacuum flushes the list),
--     while inserts are no slower without it. Dotted fields (`_jsonb -> 'a' -> 'b'`)
--     get no twin: embedded FerretDB v1 never pushes a filter on a dotted
--     field down to PostgreSQL (EnableNestedPushdown is a test-only option),
--     so such a twin would only slow writes down;
--   * an event trigger on sql_drop that drops a twin once no btree index of
--     its table needs it any more (MongoDB dropIndex);
--   * `plan_cache_mode = force_custom_plan` for the database, so that FerretDB's
--     prepared statements are planned with `$1` bound to the field name and the
--     planner can match the twin's expression;
--   * a backfill of missing twins for indexes that already exist;
--   * a view `connect_gin_twins.twins` (one row per btree key column that
--     needs a twin, with twin_exists) for tests and operators.
--
-- Idempotent: applied by scripts/stack.sh on every `up`, before FerretDB
-- starts (the database setting only applies to new connections).
-- Errors inside the triggers are turned into WARNINGs (PostgreSQL log): a twin
-- that cannot be built must never make FerretDB's own DDL fail.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE SCHEMA IF NOT EXISTS connect_gin_twins;
COMMENT ON SCHEMA connect_gin_twins IS
  'Project Connect: GIN twins for FerretDB btree indexes (infra/postgres/gin-twins.sql)';

-- The marker every twin carries as its comment.
CREATE OR REPLACE FUNCTION connect_gin_twins.marker() RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT 'connect:gin-twin'::text $$;

-- For one key column of an index, given its definition as printed by
-- pg_get_indexdef(index, column, false), return the GIN twin's expression, or
-- NULL when the column is not exactly `_jsonb -> 'field'`.
-- The chain is recognised by rebuilding its canonical text from the extracted
-- keys and comparing, so field names containing quotes, parentheses or arrows
-- cannot fool it.
CREATE OR REPLACE FUNCTION connect_gin_twins.twin_expr(coldef text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  keys text[];
  canon text := '_jsonb';
  k text;
BEGIN
  SELECT array_agg(replace(m[1], '''''', '''') ORDER BY n)
    INTO keys
    FROM regexp_matches(coldef, '-> ''((?:[^'']|'''')*)''::text', 'g') WITH ORDINALITY AS t(m, n);
  IF keys IS NULL THEN
    RETURN NULL;
  END IF;
  FOREACH k IN ARRAY keys LOOP
    canon := '(' || canon || ' -> ' || '''' || replace(k, '''', '''''') || '''::text)';
  END LOOP;
  -- pg_get_indexdef prints a column with or without one outer pair of parentheses
  IF coldef <> canon AND coldef <> '(' || canon || ')' THEN
    RETURN NULL;
  END IF;
  IF array_length(keys, 1) <> 1 THEN
    RETURN NULL;   -- dotted field: never pushed down by FerretDB v1 (see above)
  END IF;
  RETURN canon;    -- (_jsonb -> 'field'::text)
END
$$;

-- Deterministic twin name: unique per (table, expression), at most 57 bytes.
CREATE OR REPLACE FUNCTION connect_gin_twins.twin_name(tbl text, expr text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT left(tbl, 40) || '_' || left(md5(tbl || '|' || expr), 12) || '_gin'
$$;

-- Every btree key column of FerretDB tables (user schemas, tables with a jsonb
-- column `_jsonb`, FerretDB's own metadata tables excepted) that needs a twin.
CREATE OR REPLACE VIEW connect_gin_twins.twins AS
SELECT n.nspname                                        AS schema_name,
       t.relname                                        AS table_name,
       ic.relname                                       AS btree_index,
       pg_get_indexdef(i.indexrelid, k.n, false)         AS column_expr,
       connect_gin_twins.twin_expr(pg_get_indexdef(i.indexrelid, k.n, false)) AS twin_expr,
       connect_gin_twins.twin_name(t.relname,
         connect_gin_twins.twin_expr(pg_get_indexdef(i.indexrelid, k.n, false))) AS twin_index,
       EXISTS (
         SELECT 1
           FROM pg_class tc
           JOIN pg_index ti ON ti.indexrelid = tc.oid
          WHERE tc.relnamespace = n.oid
            AND tc.relname = connect_gin_twins.twin_name(t.relname,
                  connect_gin_twins.twin_expr(pg_get_indexdef(i.indexrelid, k.n, false)))
            AND ti.indrelid = t.oid
       )                                                AS twin_exists,
       i.indexrelid                                     AS btree_oid,
       t.oid                                            AS table_oid
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
  JOIN pg_class t ON t.oid = i.indrelid AND t.relkind IN ('r', 'p')
  JOIN pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = '_jsonb'
                     AND a.atttypid = 'jsonb'::regtype AND NOT a.attisdropped
  CROSS JOIN LATERAL generate_series(1, i.indnkeyatts) AS k(n)
 WHERE n.nspname NOT LIKE 'pg\_%'
   AND n.nspname NOT IN ('information_schema', 'connect_gin_twins')
   AND t.relname NOT LIKE '\_ferretdb\_%'
   AND connect_gin_twins.twin_expr(pg_get_indexdef(i.indexrelid, k.n, false)) IS NOT NULL;

COMMENT ON VIEW connect_gin_twins.twins IS
  'One row per FerretDB btree key column on _jsonb -> ...; twin_exists must be true everywhere';

-- Create the missing twins of one index (or of all indexes when idx is NULL).
-- Returns the number of twins created.
CREATE OR REPLACE FUNCTION connect_gin_twins.ensure(idx oid DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  created integer := 0;
BEGIN
  FOR r IN
    SELECT DISTINCT schema_name, table_name, twin_expr, twin_index
      FROM connect_gin_twins.twins
     WHERE (idx IS NULL OR btree_oid = idx) AND NOT twin_exists
  LOOP
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin (%s) WITH (fastupdate = off)',
                   r.twin_index, r.schema_name, r.table_name, r.twin_expr);
    EXECUTE format('COMMENT ON INDEX %I.%I IS %L',
                   r.schema_name, r.twin_index, connect_gin_twins.marker());
    created := created + 1;
  END LOOP;
  -- Backfill mode: twins made by an earlier version of this file, with the
  -- default fastupdate = on, are switched off and their pending list flushed.
  IF idx IS NULL THEN
    FOR r IN
      SELECT c.oid, n.nspname AS schema_name, c.relname AS index_name
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'i'
         AND obj_description(c.oid, 'pg_class') = connect_gin_twins.marker()
         AND NOT coalesce('fastupdate=off' = ANY (c.reloptions), false)
    LOOP
      EXECUTE format('ALTER INDEX %I.%I SET (fastupdate = off)', r.schema_name, r.index_name);
      PERFORM gin_clean_pending_list(r.oid::regclass);
    END LOOP;
  END IF;
  RETURN created;
END
$$;

-- Drop the twins (in the given schemas, or everywhere) that no btree index of
-- their table needs any more. Returns the number of twins dropped.
CREATE OR REPLACE FUNCTION connect_gin_twins.prune(schemas text[] DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  dropped integer := 0;
BEGIN
  FOR r IN
    SELECT n.nspname AS schema_name, c.relname AS index_name
      FROM pg_class c
      JOIN pg_index i ON i.indexrelid = c.oid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'i'
       AND obj_description(c.oid, 'pg_class') = connect_gin_twins.marker()
       AND (schemas IS NULL OR n.nspname = ANY (schemas))
       AND NOT EXISTS (
             SELECT 1 FROM connect_gin_twins.twins tw
              WHERE tw.table_oid = i.indrelid AND tw.twin_index = c.relname)
  LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', r.schema_name, r.index_name);
    dropped := dropped + 1;
  END LOOP;
  RETURN dropped;
END
$$;

-- The plan PostgreSQL makes for FerretDB's form of an equality filter: a
-- prepared statement `... WHERE _jsonb -> $1 @> $2` executed with the field
-- name and the value bound (FerretDB prepares and caches its statements).
-- With seqscan_off (the default) sequential scans are discouraged, so the
-- answer shows whether an index CAN serve the query even on a table of a few
-- rows, where a sequential scan would rightly be cheaper. For tests:
--   SELECT string_agg(line, E'\n') FROM connect_gin_twins.explain_lookup('db', 'coll_1234abcd', '_id', '"x"') AS line;
CREATE OR REPLACE FUNCTION connect_gin_twins.explain_lookup(
  schema_name text, table_name text, field text, value jsonb, seqscan_off boolean DEFAULT true)
RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  BEGIN
    DEALLOCATE connect_gin_twins_probe;
  EXCEPTION WHEN invalid_sql_statement_name THEN
    NULL;
  END;
  IF seqscan_off THEN
    PERFORM set_config('enable_seqscan', 'off', true);
  END IF;
  EXECUTE format('PREPARE connect_gin_twins_probe(text, jsonb) AS SELECT _jsonb FROM %I.%I WHERE _jsonb -> $1 @> $2',
                 schema_name, table_name);
  FOR line IN EXECUTE format('EXPLAIN (COSTS OFF) EXECUTE connect_gin_twins_probe(%L, %L)', field, value) LOOP
    RETURN NEXT line;
  END LOOP;
  DEALLOCATE connect_gin_twins_probe;
  IF seqscan_off THEN
    PERFORM set_config('enable_seqscan', 'on', true);
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION connect_gin_twins.on_create_index() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT objid FROM pg_event_trigger_ddl_commands()
     WHERE command_tag = 'CREATE INDEX' AND object_type = 'index'
  LOOP
    BEGIN
      PERFORM connect_gin_twins.ensure(r.objid);
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'connect_gin_twins: no GIN twin for index %: % (%)',
        r.objid::regclass, SQLERRM, SQLSTATE;
    END;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION connect_gin_twins.on_drop() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  schemas text[];
BEGIN
  SELECT array_agg(DISTINCT schema_name) INTO schemas
    FROM pg_event_trigger_dropped_objects()
   WHERE object_type = 'index' AND schema_name IS NOT NULL;
  -- prune() drops indexes, which fires this trigger again: do nothing when nested.
  IF schemas IS NULL OR current_setting('connect_gin_twins.pruning', true) = 'on' THEN
    RETURN;
  END IF;
  PERFORM set_config('connect_gin_twins.pruning', 'on', true);
  BEGIN
    PERFORM connect_gin_twins.prune(schemas);
  EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'connect_gin_twins: pruning twins in % failed: % (%)', schemas, SQLERRM, SQLSTATE;
  END;
  PERFORM set_config('connect_gin_twins.pruning', 'off', true);
END
$$;

DROP EVENT TRIGGER IF EXISTS connect_gin_twins_create;
CREATE EVENT TRIGGER connect_gin_twins_create ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION connect_gin_twins.on_create_index();

DROP EVENT TRIGGER IF EXISTS connect_gin_twins_drop;
CREATE EVENT TRIGGER connect_gin_twins_drop ON sql_drop
  WHEN TAG IN ('DROP INDEX')
  EXECUTE FUNCTION connect_gin_twins.on_drop();

DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET plan_cache_mode = force_custom_plan', current_database());
END
$$;

-- Twins for indexes created before the trigger existed (or dropped by hand).
SELECT connect_gin_twins.ensure() AS twins_created;
