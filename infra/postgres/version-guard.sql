-- The version guard for FerretDB v1 on PostgreSQL (issue 12, ../../shared/INFRA.md
-- "Conditional writes are not atomic" and "The version guard").
--
-- FerretDB v1 runs every update (`update`, `findAndModify`, `replaceOne`) as a
-- read and a filter in Go followed by `UPDATE ... SET _jsonb = $1 WHERE _id = $2`:
-- two writers conditioned on the same `version` both "win" and one update is
-- lost. This file installs, in the FerretDB database:
--
--   * connect_version_guard.check(): a BEFORE UPDATE row trigger function that
--     refuses (SQLSTATE 40001, serialization_failure) an update of a document
--     whose stored `_jsonb` has a field `version` when the new document does
--     not raise it (lower, equal, or the field gone). PostgreSQL's row lock
--     makes the second of two concurrent writers wait for the first and then
--     see the first one's row as OLD, so a version-conditioned write becomes
--     an atomic compare-and-set. FerretDB answers the refused writer with
--     error code 1 whose message ends in `(SQLSTATE 40001)`; libs/persistence
--     reads that as a conflict. Documents without `version` and inserts
--     (upserts of new documents included) are untouched;
--   * an event trigger on ddl_command_end / CREATE TABLE that attaches the
--     guard to every table FerretDB creates for a collection (every schema but
--     `public` and the system ones; FerretDB's own `_ferretdb_*` tables left
--     out);
--   * a backfill onto the collection tables that exist already;
--   * a view connect_version_guard.tables (one row per FerretDB collection
--     table, with guarded) for tests and operators.
--
-- Consequence for the code: `version` is reserved. A document that carries it
-- and is changed in place must raise it; fields updated without a new version
-- live in documents without `version` (or under another name).
--
-- Idempotent: applied by scripts/stack.sh on every `up`, with the GIN twins,
-- before FerretDB starts.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE SCHEMA IF NOT EXISTS connect_version_guard;
COMMENT ON SCHEMA connect_version_guard IS
  'Project Connect: refuses updates that do not raise a document''s version (infra/postgres/version-guard.sql)';

CREATE OR REPLACE FUNCTION connect_version_guard.check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_v jsonb := OLD._jsonb -> 'version';
  new_v jsonb := NEW._jsonb -> 'version';
BEGIN
  IF old_v IS NULL OR jsonb_typeof(old_v) <> 'number' THEN
    RETURN NEW;
  END IF;
  IF new_v IS NULL OR jsonb_typeof(new_v) <> 'number' OR new_v::text::numeric <= old_v::text::numeric THEN
    RAISE EXCEPTION 'version guard: %.% _id % is at version %, refused a write of version %',
        TG_TABLE_SCHEMA, TG_TABLE_NAME, OLD._jsonb -> '_id', old_v, coalesce(new_v::text, 'none')
      USING ERRCODE = '40001';
  END IF;
  RETURN NEW;
END
$$;

-- Every FerretDB collection table: a table with a jsonb column `_jsonb` in a
-- schema of its own (one per MongoDB database), FerretDB's metadata excepted.
CREATE OR REPLACE VIEW connect_version_guard.tables AS
SELECT n.nspname AS schema_name,
       t.relname AS table_name,
       t.oid     AS table_oid,
       EXISTS (SELECT 1 FROM pg_trigger g
                WHERE g.tgrelid = t.oid AND g.tgname = 'connect_version_guard' AND NOT g.tgisinternal) AS guarded
  FROM pg_class t
  JOIN pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = '_jsonb'
                     AND a.atttypid = 'jsonb'::regtype AND NOT a.attisdropped
 WHERE t.relkind IN ('r', 'p')
   AND n.nspname NOT LIKE 'pg\_%'
   AND n.nspname NOT IN ('public', 'information_schema', 'connect_gin_twins', 'connect_version_guard')
   AND t.relname NOT LIKE '\_ferretdb\_%';

COMMENT ON VIEW connect_version_guard.tables IS
  'One row per FerretDB collection table; guarded must be true everywhere';

-- Attaches the guard to one table (or to every unguarded one when tbl is NULL).
-- Returns the number of tables guarded.
CREATE OR REPLACE FUNCTION connect_version_guard.ensure(tbl oid DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  attached integer := 0;
BEGIN
  FOR r IN
    SELECT schema_name, table_name FROM connect_version_guard.tables
     WHERE (tbl IS NULL OR table_oid = tbl) AND NOT guarded
  LOOP
    EXECUTE format('CREATE TRIGGER connect_version_guard BEFORE UPDATE ON %I.%I FOR EACH ROW EXECUTE FUNCTION connect_version_guard.check()',
                   r.schema_name, r.table_name);
    attached := attached + 1;
  END LOOP;
  RETURN attached;
END
$$;

-- Unlike a GIN twin, a missing guard silently loses updates: a failure here
-- fails FerretDB's CREATE TABLE (the collection is not created) rather than
-- leaving an unguarded collection behind.
CREATE OR REPLACE FUNCTION connect_version_guard.on_create_table() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT objid FROM pg_event_trigger_ddl_commands()
     WHERE command_tag = 'CREATE TABLE' AND object_type = 'table'
  LOOP
    PERFORM connect_version_guard.ensure(r.objid);
  END LOOP;
END
$$;

DROP EVENT TRIGGER IF EXISTS connect_version_guard_create;
CREATE EVENT TRIGGER connect_version_guard_create ON ddl_command_end
  WHEN TAG IN ('CREATE TABLE')
  EXECUTE FUNCTION connect_version_guard.on_create_table();

-- Guards for tables created before the event trigger existed.
SELECT connect_version_guard.ensure() AS guards_attached;
