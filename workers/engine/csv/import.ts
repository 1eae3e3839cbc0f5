import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { CsvImportPlan, ImportSummary, Progress } from '../types'
import { checkId } from '../ids'
import { MAX_PROPERTY_NAME, MAX_VALUE_BYTES, asNumber } from '../profiles/operations'
import { csvBatches, isBlankRecord, type CsvEncoding } from './stream'
import { CopyWriter } from '../copy'

export const MAX_CSV_ROWS = 1_000_000
const FLUSH_ROWS = 50_000
const PROGRESS_MS = 100

/** Extension of CsvImportPlan: how to read the bytes (the wizard sniffs these). */
export interface CsvReadOptions { delimiter?: string; encoding?: CsvEncoding }

// Rows reach Postgres through COPY into a staging table, one flush at a time,
// then one statement merges the flush: ids repeated within it are folded in
// file order (later rows win, property by property), new ids insert, existing
// profiles keep the properties the file does not set. RETURNING old.*
// (Postgres 18) tells an updated profile from a created one; a row first
// written by this very import (its xmin is our transaction) is no update.
const STAGE_SQL = /* sql */ `
  create temp table csv_stage (ord integer not null, distinct_id text not null, properties jsonb not null)
  on commit drop`

const MERGE_SQL = /* sql */ `
  with folded as (
    select distinct_id, cl_merge_agg(properties order by ord) as properties
    from csv_stage group by distinct_id
  ), merged as (
    insert into profiles (group_key, distinct_id, properties, has_profile)
    select $1, distinct_id, properties, true from folded
    on conflict (group_key, distinct_id)
    do update set properties = profiles.properties || excluded.properties, has_profile = true
    returning old.has_profile is true and old.xmin <> pg_current_xact_id()::xid as updated,
              old.xmin is not null and old.xmin = pg_current_xact_id()::xid as again
  )
  select count(*) filter (where updated)::integer as updated,
         count(*) filter (where not updated and not again)::integer as created
  from merged`

/**
 * Imports profiles from CSV as profiles.md defines: streaming, one
 * transaction (a refused, failed or cancelled import writes nothing), later
 * rows win property by property, empty cells leave a property as it was.
 */
export async function importProfilesCsv(
  db: PGlite, source: Blob | string, plan: CsvImportPlan & CsvReadOptions,
  onProgress?: (p: Progress) => void, signal?: AbortSignal,
): Promise<ImportSummary> {
  const mapping = checkPlan(plan)
  const groupKey = plan.kind === 'group' ? plan.groupKey!.trim() : ''
  const idField = plan.kind === 'group' ? '$group_id' : '$distinct_id'
  const totalBytes = typeof source === 'string' ? source.length : source.size
  const summary: ImportSummary = { rows: 0, created: 0, updated: 0, skipped: 0, errors: [] }

  await db.transaction(async (tx: Transaction) => {
    await tx.exec(STAGE_SQL)
    const stage = new CopyWriter(tx, 'csv_stage', ['ord', 'distinct_id', 'properties'], Infinity)
    let lastProgress = Date.now()
    let bytes = 0
    const flush = async () => {
      if (stage.rows === 0) return
      await stage.flush()
      const { rows } = await tx.query<{ created: number; updated: number }>(MERGE_SQL, [groupKey])
      summary.created += rows[0]!.created
      summary.updated += rows[0]!.updated
      await tx.exec('truncate csv_stage')
      stage.rows = 0
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
          summary.errors.push({ row, message: `cannot be parsed: ${bad}` })
          continue
        }
        let id: string
        if (mapping.identifier === undefined) {
          id = generatedId()
        } else {
          const check = checkId(record[mapping.identifier] ?? '', idField)
          if ('error' in check) {
            summary.errors.push({ row, message: `${check.error} (column ${mapping.identifier + 1})` })
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
          summary.errors.push({ row, message: tooLarge })
          continue
        }
        await stage.add([summary.rows, id, JSON.stringify(properties)])
        if (stage.rows >= FLUSH_ROWS) await flush()
        if (onProgress && Date.now() - lastProgress >= PROGRESS_MS) {
          onProgress({ rows: summary.rows, bytes, totalBytes })
          lastProgress = Date.now()
        }
      }
      signal?.throwIfAborted()
    }
    await flush()
    signal?.throwIfAborted()
    onProgress?.({ rows: summary.rows, bytes: totalBytes, totalBytes })
  })
  summary.skipped = summary.errors.length
  return summary
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
