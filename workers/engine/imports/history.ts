// Import history: every file import is recorded, with the rows it skipped, so
// the Import page's History tab can list past imports and offer the
// skipped-rows download later. The import runner (run.ts) calls recordImport
// once it knows the outcome.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { ImportEntry, ImportKind, ImportRecord, ImportStatus, SkippedRow } from '../types'

type Db = PGlite | Transaction

export const MAX_STORED_SKIPPED_ROWS = 100_000
// Records keyed by the unions, so a new kind or status fails to type-check until it is listed here.
const KINDS: ReadonlySet<string> = new Set(Object.keys({ profiles: 1, groups: 1, events: 1, updates: 1 } satisfies Record<ImportKind, 1>))
const STATUSES: ReadonlySet<string> = new Set(Object.keys({ done: 1, cancelled: 1, failed: 1, interrupted: 1 } satisfies Record<ImportStatus, 1>))
const INSERT_BATCH = 5_000

const INSERT_SQL = /* sql */ `
  insert into imports (file_name, kind, group_key, started_at, finished_at, rows, created, updated, skipped,
                       duplicates, status, message, cohort_id)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  returning id`

const INSERT_SKIPPED_SQL = /* sql */ `
  insert into import_skipped_rows (import_id, ord, file_row, message, raw)
  select $1, t.ord, t.file_row, t.message, t.raw
  from unnest($2::integer[], $3::integer[], $4::text[], $5::jsonb[]) as t(ord, file_row, message, raw)`

/** Records an import and its first skipped rows; returns its id. Runs in the caller's transaction when given one. */
export async function recordImport(db: Db, entry: ImportEntry): Promise<{ id: number }> {
  if (!KINDS.has(entry.kind)) throw new Error(`import kind must be profiles, groups, events or updates, not ${JSON.stringify(entry.kind)}`)
  if (!STATUSES.has(entry.status)) throw new Error(`import status must be done, cancelled, failed or interrupted, not ${JSON.stringify(entry.status)}`)
  const fileName = (entry.fileName || 'unnamed file').slice(0, 1000)
  const { rows } = await db.query<{ id: number }>(INSERT_SQL, [
    fileName, entry.kind, entry.groupKey ?? null, entry.startedAt, entry.finishedAt ?? new Date().toISOString(),
    entry.rows, entry.created, entry.updated, entry.skipped, entry.duplicates ?? 0,
    entry.status, entry.message ?? null, entry.cohortId ?? null,
  ])
  const id = rows[0]!.id
  await insertSkippedRows(db, id, entry.skippedRows ?? [])
  return { id }
}

async function insertSkippedRows(db: Db, id: number, rows: SkippedRow[]): Promise<void> {
  const skipped = rows.slice(0, MAX_STORED_SKIPPED_ROWS)
  for (let start = 0; start < skipped.length; start += INSERT_BATCH) {
    const part = skipped.slice(start, start + INSERT_BATCH)
    await db.query(INSERT_SKIPPED_SQL, [
      id,
      part.map((_, i) => start + i),
      part.map(s => s.row),
      part.map(s => s.message),
      part.map(s => (s.raw === undefined ? null : JSON.stringify(s.raw))),
    ])
  }
}

// ---- an import's own entry, from its start

const START_SQL = /* sql */ `
  insert into imports (file_name, kind, group_key, started_at, finished_at, status)
  values ($1, $2, $3, $4, $4, 'running')
  returning id`

const FINISH_SQL = /* sql */ `
  update imports set finished_at = $2, rows = $3, created = $4, updated = $5, skipped = $6, duplicates = $7,
                     status = $8, message = $9
  where id = $1`

/**
 * Records an import as running, in its own transaction before the import's:
 * if the tab is killed mid-import, the entry outlives it (markInterrupted).
 */
export async function startImport(db: PGlite, entry: Pick<ImportEntry, 'fileName' | 'kind' | 'groupKey' | 'startedAt'>): Promise<number> {
  const { rows } = await db.query<{ id: number }>(START_SQL, [
    (entry.fileName || 'unnamed file').slice(0, 1000), entry.kind, entry.groupKey ?? null, entry.startedAt,
  ])
  return rows[0]!.id
}

/** Finishes a started import's entry with its outcome and skipped rows (in the import's transaction when it is done). */
export async function finishImport(db: Db, id: number, entry: ImportEntry): Promise<void> {
  await db.query(FINISH_SQL, [
    id, entry.finishedAt ?? new Date().toISOString(), entry.rows, entry.created, entry.updated, entry.skipped,
    entry.duplicates ?? 0, entry.status, entry.message ?? null,
  ])
  await insertSkippedRows(db, id, entry.skippedRows ?? [])
}

const INTERRUPTED_SQL = /* sql */ `
  update imports set status = 'interrupted', finished_at = started_at,
    message = 'Interrupted: the page was closed or reloaded while it ran. Nothing of it was written.'
  where status = 'running'
  returning id`

/**
 * On open: imports still 'running' were cut off (a reload, a killed tab);
 * their transaction never committed, so nothing of them was written.
 * Returns how many there were.
 */
export async function markInterrupted(db: PGlite): Promise<number> {
  return (await db.query(INTERRUPTED_SQL)).rows.length
}

const LIST_SQL = /* sql */ `
  select i.id, i.file_name, i.kind, i.group_key, i.started_at, i.finished_at, i.rows, i.created, i.updated,
         i.skipped, i.duplicates, i.status, i.message, i.cohort_id,
         (select count(*)::integer from import_skipped_rows s where s.import_id = i.id) as stored_skipped
  from imports i
  where i.status <> 'running'
  order by i.started_at desc, i.id desc`

/** Every recorded import, newest first. */
export async function listImports(db: Db): Promise<ImportRecord[]> {
  const { rows } = await db.query<{
    id: number; file_name: string; kind: ImportKind; group_key: string | null; started_at: Date; finished_at: Date
    rows: number; created: number; updated: number; skipped: number; duplicates: number; status: ImportStatus
    message: string | null; cohort_id: string | null; stored_skipped: number
  }>(LIST_SQL)
  return rows.map(r => ({
    id: r.id, fileName: r.file_name, kind: r.kind, groupKey: r.group_key,
    startedAt: r.started_at.toISOString(), finishedAt: r.finished_at.toISOString(),
    rows: r.rows, created: r.created, updated: r.updated, skipped: r.skipped, duplicates: r.duplicates,
    status: r.status, message: r.message, cohortId: r.cohort_id, storedSkippedRows: r.stored_skipped,
  }))
}

/** The stored skipped rows of one import, in file order. */
export async function importSkippedRows(db: Db, id: number): Promise<SkippedRow[]> {
  const { rows } = await db.query<{ file_row: number; message: string; raw: unknown }>(
    'select file_row, message, raw from import_skipped_rows where import_id = $1 order by ord', [id])
  return rows.map(r => (r.raw === null ? { row: r.file_row, message: r.message } : { row: r.file_row, message: r.message, raw: r.raw }))
}
