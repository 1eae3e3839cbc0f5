// Profiles from CSV as profiles.md defines them: a CSV reader's rows into a
// profile sink (sinks.ts), run by the import runner: streaming, one
// transaction (a refused, failed or cancelled import writes nothing), later
// rows win property by property, empty cells leave a property as it was.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { CsvImportPlan, ImportSummary, Progress } from '../types'
import type { WalGuard } from '../db'
import { checkId } from '../ids'
import { MAX_PROPERTIES, MAX_VALUE_BYTES } from '../profiles/operations'
import { csvBatches, isBlankRecord } from './stream'
import { BulkSink, MergeSink, type ProfileSink } from './sinks'
import { checkCsvPlan, MAX_CSV_ROWS, type CsvMapping } from './plan'
import { typedValue } from './typed'
import { CopyWriter } from '../copy'
import { runImport, type ImportRun } from '../imports/run'
import { saveCohort } from '../cohorts/index'

const FLUSH_ROWS = 50_000
/** Imports touching more profiles than this get no cohort: its members would weigh on every cohort list. */
export const MAX_IMPORT_COHORT = 200_000

export interface CsvRunOptions { onProgress?: (p: Progress) => void; signal?: AbortSignal; wal?: WalGuard }

/**
 * Imports profiles from CSV. With `plan.fileName`, the import is recorded in
 * the history (finished, cancelled or failed) and a user profiles import saves
 * the static cohort of the profiles it created or updated.
 */
export function importProfilesCsv(db: PGlite, source: Blob | string, plan: CsvImportPlan,
                                  options: CsvRunOptions = {}): Promise<ImportSummary> {
  const { onProgress, signal, wal } = options
  const groupKey = plan.kind === 'group' ? (plan.groupKey ?? '').trim() : ''
  const fileName = typeof plan.fileName === 'string' && plan.fileName !== '' ? plan.fileName : undefined
  const startedAt = new Date().toISOString()
  // The ids this import touches, for its cohort; dropped once there are too many.
  let touched: Set<string> | null = fileName && plan.kind === 'user' ? new Set() : null
  return runImport(db, {
    source, onProgress, signal, raw: 'cells',
    ...(fileName ? { record: { fileName, kind: plan.kind === 'group' ? 'groups' : 'profiles', ...(plan.kind === 'group' ? { groupKey } : {}) } } : {}),
    afterRecord: async (tx, id, summary) => {
      if (!touched || touched.size === 0) return
      const cohortId = `import-${id}`
      await saveCohort(tx, {
        id: cohortId, kind: 'static', members: [...touched],
        name: `Imported from ${fileName!.slice(0, 180)} (${startedAt.slice(0, 16).replace('T', ' ')} UTC)`,
        description: `The profiles that import #${id} created or updated.`,
      })
      await tx.query(`update cohorts set origin = 'import' where id = $1`, [cohortId])
      await tx.query('update imports set cohort_id = $1 where id = $2', [cohortId, id])
      summary.cohortId = cohortId
    },
  }, async (tx, run) => {
    const mapping = checkCsvPlan(plan)
    const sink: ProfileSink = (await BulkSink.openIfEmpty(tx, groupKey)) ?? (await MergeSink.open(tx, groupKey))
    await readProfileRows(source, plan, mapping, run, async (id, propertiesJson, properties) => {
      if (touched) {
        touched.add(id)
        if (touched.size > MAX_IMPORT_COHORT) touched = null
      }
      await sink.add(run.summary.rows, id, propertiesJson, properties)
      if (sink.pending >= FLUSH_ROWS) {
        await sink.flush()
        await wal?.check(tx)
      }
    })
    const counts = await sink.finish()
    await checkPropertyCounts(sink, mapping)
    run.summary.created = counts.created
    run.summary.updated = counts.updated
  })
}

/**
 * profiles.md: a profile holds at most 2,000 properties. A row setting more
 * is skipped; a profile that would hold more once merged with what it held
 * (or with its other rows in the file) fails the import, which then writes nothing.
 */
async function checkPropertyCounts(sink: ProfileSink, mapping: CsvMapping): Promise<void> {
  // Into an empty database, a profile holds at most the file's columns.
  const over = await sink.widest(MAX_PROPERTIES, mapping.columns.length > MAX_PROPERTIES)
  if (over) {
    throw new Error(`Profile "${over.id.slice(0, 80)}" would hold ${over.keys.toLocaleString('en-US')} properties; a profile holds at most ${MAX_PROPERTIES.toLocaleString('en-US')}. Nothing was imported.`)
  }
}

/**
 * The dry run (extension): parses and checks the file exactly as the import
 * does and counts what it would do — profiles created, updated, rows skipped
 * and why — writing nothing: the ids are staged in a temporary table inside a
 * transaction that the runner rolls back.
 */
export function dryRunProfilesCsv(db: PGlite, source: Blob | string, plan: CsvImportPlan,
                                  options: CsvRunOptions = {}): Promise<ImportSummary> {
  const groupKey = plan.kind === 'group' ? (plan.groupKey ?? '').trim() : ''
  return runImport(db, { source, onProgress: options.onProgress, signal: options.signal, raw: 'cells', dryRun: true }, async (tx, run) => {
    const mapping = checkCsvPlan(plan)
    await tx.exec(DRY_RUN_STAGE_SQL)
    const stage = new CopyWriter(tx, 'csv_dry_run', ['distinct_id'])
    await readProfileRows(source, plan, mapping, run, id => stage.add([id]))
    await stage.flush()
    const { rows } = await (tx as Transaction).query<{ created: number; updated: number }>(DRY_RUN_COUNT_SQL, [groupKey])
    run.summary.created = rows[0]!.created
    run.summary.updated = rows[0]!.updated
  })
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
 * properties as JSON) or skipped with its reason.
 */
async function readProfileRows(
  source: Blob | string, plan: CsvImportPlan, mapping: CsvMapping, run: ImportRun,
  accept: (id: string, propertiesJson: string, properties: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  const idField = plan.kind === 'group' ? '$group_id' : '$distinct_id'
  const summary = run.summary
  for await (const batch of csvBatches(source, { delimiter: plan.delimiter, encoding: plan.encoding, signal: run.signal })) {
    run.bytes = batch.bytesRead
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
        run.skip(row, `cannot be parsed: ${bad}`, record)
        continue
      }
      let id: string
      if (mapping.identifier === undefined) {
        id = crypto.randomUUID()
      } else {
        const check = checkId(record[mapping.identifier] ?? '', idField)
        if ('error' in check) {
          run.skip(row, `${check.error} (column ${mapping.identifier + 1})`, record)
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
        run.skip(row, tooLarge, record)
        continue
      }
      const count = mapping.columns.length > MAX_PROPERTIES ? Object.keys(properties).length : 0
      if (count > MAX_PROPERTIES) {
        run.skip(row, `the row sets ${count.toLocaleString('en-US')} properties; a profile holds at most ${MAX_PROPERTIES.toLocaleString('en-US')}`, record)
        continue
      }
      await accept(id, JSON.stringify(properties), properties)
      run.progress()
    }
    run.throwIfAborted()
  }
  run.throwIfAborted()
}
