import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { CsvImportPlan, ImportSummary, Progress } from '../types'
import { checkId } from '../ids'
import { MAX_PROPERTY_NAME, MAX_VALUE_BYTES, asNumber } from '../profiles/operations'
import { csvBatches, isBlankRecord, type CsvEncoding } from './stream'
import { BulkSink, MergeSink, type ProfileSink } from './sinks'
import { CopyWriter } from '../copy'
import { MAX_STORED_SKIPPED_ROWS, recordImport, type SkippedRow } from '../imports/history'
import { saveCohort } from '../cohorts/index'
import type { WalGuard } from '../db'

export const MAX_CSV_ROWS = 1_000_000
const FLUSH_ROWS = 50_000
const PROGRESS_MS = 100
/** A skipped row keeps at most this many cells, each cut to MAX_KEPT_CELL characters (the download is for finding the row, not restoring it). */
const MAX_KEPT_CELLS = 200
const MAX_KEPT_CELL = 10_000
/** Imports touching more profiles than this get no cohort: its members would weigh on every cohort list. */
export const MAX_IMPORT_COHORT = 200_000

/** Extension of CsvImportPlan: how to read the bytes (the wizard sniffs these). */
export interface CsvReadOptions { delimiter?: string; encoding?: CsvEncoding }

/**
 * Extension of CsvImportPlan: with a file name, the import is recorded in the
 * import history (finished, cancelled or failed), its skipped rows carry their
 * cells, and a user profiles import saves the static cohort of the profiles it
 * created or updated (the Users page link of the wizard's summary).
 */
export interface CsvRecordOptions { fileName?: string }

export type ProfilesCsvPlan = CsvImportPlan & CsvReadOptions & CsvRecordOptions

/**
 * Imports profiles from CSV as profiles.md defines: streaming, one
 * transaction (a refused, failed or cancelled import writes nothing), later
 * rows win property by property, empty cells leave a property as it was.
 */
export async function importProfilesCsv(
  db: PGlite, source: Blob | string, plan: ProfilesCsvPlan,
  onProgress?: (p: Progress) => void, signal?: AbortSignal, wal?: WalGuard,
): Promise<ImportSummary> {
  const mapping = checkPlan(plan)
  const groupKey = plan.kind === 'group' ? plan.groupKey!.trim() : ''
  const record = typeof plan.fileName === 'string' && plan.fileName !== ''
  const startedAt = new Date().toISOString()
  const summary: ImportSummary = { rows: 0, created: 0, updated: 0, skipped: 0, errors: [] }
  // The ids this import touches, for its cohort; dropped once there are too many.
  let touched: Set<string> | null = record && plan.kind === 'user' ? new Set() : null

  try {
    await db.transaction(async (tx: Transaction) => {
      const sink: ProfileSink = (await BulkSink.openIfEmpty(tx, groupKey)) ?? (await MergeSink.open(tx, groupKey))
      await readProfileRows(source, plan, mapping, summary, record, async (id, propertiesJson, properties) => {
        if (touched) {
          touched.add(id)
          if (touched.size > MAX_IMPORT_COHORT) touched = null
        }
        await sink.add(summary.rows, id, propertiesJson, properties)
        if (sink.pending >= FLUSH_ROWS) {
          await sink.flush()
          await wal?.check(tx)
        }
      }, onProgress, signal)
      const counts = await sink.finish()
      summary.created = counts.created
      summary.updated = counts.updated
      signal?.throwIfAborted()
      summary.skipped = summary.errors.length
      if (record) {
        const { id } = await recordImport(tx, historyEntry(plan, groupKey, startedAt, summary, 'done'))
        summary.importId = id
        if (touched && touched.size > 0) {
          const cohortId = `import-${id}`
          await saveCohort(tx, {
            id: cohortId, kind: 'static', members: [...touched],
            name: `Imported from ${plan.fileName!.slice(0, 180)} (${startedAt.slice(0, 16).replace('T', ' ')} UTC)`,
            description: `The profiles that import #${id} created or updated.`,
          })
          await tx.query('update imports set cohort_id = $1 where id = $2', [cohortId, id])
          summary.cohortId = cohortId
        }
      }
      onProgress?.({ rows: summary.rows, bytes: sizeOf(source), totalBytes: sizeOf(source) })
    })
  } catch (error) {
    if (record) await recordFailure(db, plan, groupKey, startedAt, summary, error, signal)
    throw error
  }
  return summary
}

/**
 * The dry run (extension): parses and checks the file exactly as the import
 * does and counts what it would do — profiles created, updated, rows skipped
 * and why — writing nothing: the ids are staged in a temporary table inside a
 * transaction that is rolled back.
 */
export async function dryRunProfilesCsv(
  db: PGlite, source: Blob | string, plan: ProfilesCsvPlan,
  onProgress?: (p: Progress) => void, signal?: AbortSignal,
): Promise<ImportSummary> {
  const mapping = checkPlan(plan)
  const groupKey = plan.kind === 'group' ? plan.groupKey!.trim() : ''
  const summary: ImportSummary = { rows: 0, created: 0, updated: 0, skipped: 0, errors: [] }
  await db.transaction(async (tx: Transaction) => {
    await tx.exec(DRY_RUN_STAGE_SQL)
    const stage = new CopyWriter(tx, 'csv_dry_run', ['distinct_id'])
    await readProfileRows(source, plan, mapping, summary, true, id => stage.add([id]), onProgress, signal)
    await stage.flush()
    const { rows } = await tx.query<{ created: number; updated: number }>(DRY_RUN_COUNT_SQL, [groupKey])
    summary.created = rows[0]!.created
    summary.updated = rows[0]!.updated
    summary.skipped = summary.errors.length
    await tx.rollback()
  })
  onProgress?.({ rows: summary.rows, bytes: sizeOf(source), totalBytes: sizeOf(source) })
  return summary
}

const DRY_RUN_STAGE_SQL = /* sql */ `create temp table csv_dry_run (distinct_id text not null) on commit drop`

// As the sinks count: an id with a profile is updated; any other (new, or a user seen only in events) is created.
const DRY_RUN_COUNT_SQL = /* sql */ `
  select (count(*) - count(*) filter (where p.has_profile))::integer as created,
         (count(*) filter (where p.has_profile))::integer as updated
  from (select distinct distinct_id from csv_dry_run) f
  left join profiles p on p.group_key = $1 and p.distinct_id = f.distinct_id`

/**
 * The one reading of a file that the import and the dry run share: every data
 * row is counted, checked and either handed to `accept` (its id and its
 * properties as JSON) or recorded in `summary.errors`.
 */
async function readProfileRows(
  source: Blob | string, plan: ProfilesCsvPlan, mapping: Mapping, summary: ImportSummary, keepCells: boolean,
  accept: (id: string, propertiesJson: string, properties: Record<string, unknown>) => Promise<void>,
  onProgress?: (p: Progress) => void, signal?: AbortSignal,
): Promise<void> {
  const idField = plan.kind === 'group' ? '$group_id' : '$distinct_id'
  const totalBytes = sizeOf(source)
  let lastProgress = Date.now()
  let bytes = 0
  const skip = (row: number, message: string, record: string[]) => {
    if (keepCells && summary.errors.length < MAX_STORED_SKIPPED_ROWS) summary.errors.push({ row, message, cells: keptCells(record) })
    else summary.errors.push({ row, message })
  }

  for await (const batch of csvBatches(source, { delimiter: plan.delimiter, encoding: plan.encoding, signal })) {
    bytes = batch.bytesRead
    for (let i = 0; i < batch.records.length; i++) {
      const recordIndex = batch.firstRecord + i
      if (plan.header && recordIndex === 0) continue
      const record = batch.records[i]!
      if (isBlankRecord(record)) continue
      const row = recordIndex + 1 // 1-based, counting the header line as the file does
      summary.rows++
      if (summary.rows > MAX_CSV_ROWS) {
        throw new Error(`The file has more than ${MAX_CSV_ROWS.toLocaleString('en-US')} data rows; nothing was imported. Split it into smaller files.`)
      }
      const bad = batch.bad.get(recordIndex)
      if (bad) {
        skip(row, `cannot be parsed: ${bad}`, record)
        continue
      }
      let id: string
      if (mapping.identifier === undefined) {
        id = generatedId()
      } else {
        const check = checkId(record[mapping.identifier] ?? '', idField)
        if ('error' in check) {
          skip(row, `${check.error} (column ${mapping.identifier + 1})`, record)
          continue
        }
        id = check.id
      }
      const properties: Record<string, unknown> = {}
      let tooLarge: string | undefined
      for (const { index, property } of mapping.columns) {
        const cell = record[index]
        if (cell === undefined || cell.trim() === '') continue
        if (cell.length > MAX_VALUE_BYTES / 3 && new TextEncoder().encode(cell).length > MAX_VALUE_BYTES) {
          tooLarge = `the value in column ${index + 1} (${property}) is larger than 1 MB`
          break
        }
        properties[property] = plan.typed ? typedValue(cell) : cell
      }
      if (tooLarge) {
        skip(row, tooLarge, record)
        continue
      }
      await accept(id, JSON.stringify(properties), properties)
      if (onProgress && Date.now() - lastProgress >= PROGRESS_MS) {
        onProgress({ rows: summary.rows, bytes, totalBytes })
        lastProgress = Date.now()
      }
    }
    signal?.throwIfAborted()
  }
  signal?.throwIfAborted()
}

function keptCells(record: string[]): string[] {
  return record.slice(0, MAX_KEPT_CELLS).map(c => (c.length > MAX_KEPT_CELL ? c.slice(0, MAX_KEPT_CELL) + '…' : c))
}

function sizeOf(source: Blob | string): number {
  return typeof source === 'string' ? source.length : source.size
}

function historyEntry(plan: ProfilesCsvPlan, groupKey: string, startedAt: string, summary: ImportSummary,
                      status: 'done' | 'cancelled' | 'failed', message?: string) {
  return {
    fileName: plan.fileName!, kind: plan.kind === 'group' ? 'groups' as const : 'profiles' as const,
    ...(plan.kind === 'group' ? { groupKey } : {}),
    startedAt, finishedAt: new Date().toISOString(),
    rows: summary.rows, created: summary.created, updated: summary.updated, skipped: summary.errors.length,
    status, ...(message ? { message } : {}),
    skippedRows: summary.errors.map((e): SkippedRow => (e.cells ? { row: e.row, message: e.message, raw: e.cells } : { row: e.row, message: e.message })),
  }
}

/** A cancelled or failed import wrote nothing, but is still recorded: the history says what happened to the file. */
async function recordFailure(db: PGlite, plan: ProfilesCsvPlan, groupKey: string, startedAt: string,
                             summary: ImportSummary, error: unknown, signal?: AbortSignal): Promise<void> {
  const cancelled = signal?.aborted === true
  const message = cancelled ? 'Cancelled; nothing was written.' : `${error instanceof Error ? error.message : String(error)}`
  const failed = { ...summary, created: 0, updated: 0 }
  try {
    await db.transaction(tx => recordImport(tx, historyEntry(plan, groupKey, startedAt, failed, cancelled ? 'cancelled' : 'failed', message)))
  } catch {
    // The import's own error is what the caller needs to see.
  }
}

interface Mapping { identifier?: number; columns: Array<{ index: number; property: string }> }

/** Refuses a plan that cannot be carried out, before anything is read. */
function checkPlan(plan: CsvImportPlan): Mapping {
  if (plan.kind !== 'user' && plan.kind !== 'group') throw new Error(`plan.kind must be "user" or "group", not ${JSON.stringify(plan.kind)}`)
  if (plan.kind === 'group' && (typeof plan.groupKey !== 'string' || plan.groupKey.trim() === '')) {
    throw new Error('plan.groupKey is required for a group import')
  }
  if (!Array.isArray(plan.columns)) throw new Error('plan.columns must be a list')
  const seen = new Set<number>()
  const properties = new Set<string>()
  plan.columns.forEach((c, i) => {
    if (!Number.isInteger(c.index) || c.index < 0) throw new Error(`plan.columns[${i}].index must be a column number ≥ 0`)
    if (seen.has(c.index)) throw new Error(`plan.columns[${i}]: column ${c.index + 1} is mapped twice`)
    seen.add(c.index)
    if (typeof c.property !== 'string' || c.property.trim() === '' || c.property.length > MAX_PROPERTY_NAME) {
      throw new Error(`plan.columns[${i}].property must be a name of 1 to ${MAX_PROPERTY_NAME} characters`)
    }
    if (properties.has(c.property)) throw new Error(`plan.columns[${i}]: property "${c.property}" is mapped from two columns`)
    properties.add(c.property)
  })
  let identifier = plan.identifier
  if (identifier !== undefined && (!Number.isInteger(identifier) || identifier < 0)) {
    throw new Error('plan.identifier must be a column number ≥ 0')
  }
  // The identifier column is the profile's id, not one of its properties.
  let columns = plan.columns.filter(c => c.index !== identifier)
  if (identifier === undefined && plan.kind === 'user') {
    identifier = plan.columns.find(c => c.property === '$email')?.index
  }
  if (identifier === undefined) columns = plan.columns
  return identifier === undefined ? { columns } : { identifier, columns }
}

/** The `typed` option: numbers, true/false and JSON arrays as such; everything else a string. */
export function typedValue(cell: string): unknown {
  const t = cell.trim()
  const n = asNumber(t)
  if (n !== null) return n
  const lower = t.toLowerCase()
  if (lower === 'true') return true
  if (lower === 'false') return false
  if (t.startsWith('[') && t.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(t)
      if (Array.isArray(parsed)) return parsed
    } catch { /* not JSON: a string */ }
  }
  return cell
}

function generatedId(): string {
  return crypto.randomUUID()
}
