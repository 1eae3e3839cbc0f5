// Export as SQL: the workspace as a plain-SQL file that `psql -f` loads into
// a real PostgreSQL server (13 or newer), made by PGlite's own pg_dump
// (@electric-sql/pglite-tools) and adjusted for servers that are not PGlite.
// docs/schema.md lists every adjustment and why; in short:
// - dropped: `SET transaction_timeout` (a PostgreSQL 17 setting) and the
//   PGlite-only column option `pg_attver` (`ALTER TABLE … SET (pg_attver=…)`);
// - added: the database's time zone pinned to UTC (the casts read bare dates
//   as UTC, as the engine's sessions do), and on servers before 16 a stand-in
//   for pg_input_is_valid(), which cl_time() calls.
// The dump is made in its three sections, and only the schema sections and
// the data section's header are edited: the data (where every user-typed
// text is) passes through byte for byte.
import type { PGlite } from '@electric-sql/pglite'
import { pgDump } from '@electric-sql/pglite-tools/pg_dump'
import { version as appVersion } from '../../../package.json'

const SECTIONS = ['pre-data', 'data', 'post-data'] as const

/** Lines of pg_dump's schema output that only PGlite understands, and why each goes. */
const PGLITE_ONLY: Array<{ line: RegExp; what: string; why: string }> = [
  { line: /^SET transaction_timeout = .*;$/, what: 'SET transaction_timeout = …', why: 'a setting PostgreSQL has only since 17' },
  {
    line: /^ALTER TABLE ONLY \S+ ALTER COLUMN .+ SET \(pg_attver=\d+\);$/,
    what: 'ALTER TABLE ONLY … ALTER COLUMN … SET (pg_attver=…)', why: "PGlite's own column option",
  },
]

/** `cohortlite-2025-01-31.sql` */
export function sqlFileName(at: Date): string {
  return `cohortlite-${at.toISOString().slice(0, 10)}.sql`
}

/** The workspace as SQL. Call it with nothing else running on `db` (the engine's queue). */
export async function exportSql(db: PGlite): Promise<File> {
  const at = new Date()
  const { rows } = await db.query<{ schema: number }>('select max(version)::integer as schema from schema_migrations')
  const parts: string[] = [header(at, rows[0]!.schema)]
  for (const section of SECTIONS) {
    const text = await dumpSection(db, section)
    parts.push(withoutPgliteOnly(text, section === 'data'))
  }
  return new File(parts, sqlFileName(at), { type: 'application/sql' })
}

/** One section from pg_dump, and the connection given back as it was (see below). */
async function dumpSection(db: PGlite, section: typeof SECTIONS[number]): Promise<string> {
  const settings = (await db.query<{ name: string; setting: string }>(
    `select name, setting from pg_settings where source = 'session'`)).rows
  try {
    const file = await pgDump({ pg: db, args: ['--no-owner', '--no-privileges', `--section=${section}`] })
    return await file.text()
  } catch (error) {
    // pg_dump's output comes back as one string: past the engine's largest
    // string (about 512 MB in V8) that fails as a RangeError.
    if (error instanceof RangeError) {
      throw new Error(`This workspace is too large to export as SQL here (its ${section} section is larger than the browser's largest string); back it up instead`)
    }
    throw error
  } finally {
    // pg_dump shares the engine's one connection and leaves it inside its own
    // read-only transaction, with its session settings (search_path, datestyle,
    // extra_float_digits, …): end that transaction, then put the engine's
    // settings back (the session time zone, work_mem).
    await db.exec('rollback')
    await db.exec('reset all')
    for (const { name, setting } of settings) await db.query('select set_config($1, $2, false)', [name, setting])
  }
}

/**
 * pg_dump's text without the PGlite-only lines. In the data section only its
 * header (the SETs before the first table's data) is looked at: the rest is
 * data, where such a line could be part of a multi-line text value.
 */
export function withoutPgliteOnly(text: string, data = false): string {
  const dataStart = data ? text.search(/^-- Data for Name: /m) : -1
  const cut = dataStart < 0 ? text.length : dataStart
  const head = text.slice(0, cut).split('\n').filter(line => !PGLITE_ONLY.some(p => p.line.test(line)))
  return head.join('\n') + text.slice(cut)
}

function header(at: Date, schemaVersion: number): string {
  return `--
-- A Cohortlite workspace as SQL, exported ${at.toISOString()} (Cohortlite ${appVersion}, schema version ${schemaVersion}).
-- Made by PGlite's pg_dump; loads into an empty PostgreSQL 13 or newer database:
--
--   createdb cohortlite && psql -v ON_ERROR_STOP=1 -d cohortlite -f <this file>
--
-- Changed from pg_dump's output so that a server other than PGlite takes it
-- (the project's docs/schema.md explains each change and the tables):
${PGLITE_ONLY.map(p => `--   removed ${p.what}: ${p.why}`).join('\n')}
--   added below: the database's time zone pinned to UTC, and pg_input_is_valid() before PostgreSQL 16
--

-- Cohortlite reads dates and date-times without a zone as UTC, in its casts
-- (cl_time) and in the casts stored with each profile: so does this database.
SET timezone TO 'UTC';
DO $cohortlite$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'UTC');
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'Could not set this database''s time zone: run ALTER DATABASE … SET timezone TO ''UTC'' as its owner, or dates read by cl_time() shift';
END
$cohortlite$;

-- cl_time() checks a date-time with pg_input_is_valid(), new in PostgreSQL 16:
-- older servers get a stand-in with the same answers.
DO $cohortlite$
BEGIN
  IF to_regprocedure('pg_catalog.pg_input_is_valid(text, text)') IS NULL THEN
    CREATE FUNCTION public.pg_input_is_valid(value text, type_name text) RETURNS boolean
    LANGUAGE plpgsql STABLE AS $body$
    BEGIN
      EXECUTE format('SELECT %L::%s', value, type_name::regtype);
      RETURN true;
    EXCEPTION WHEN data_exception THEN
      RETURN false;
    END
    $body$;
  END IF;
END
$cohortlite$;

`
}
