import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { CsvImportPlan, ImportSummary, Progress } from '../types'
import { checkId } from '../ids'
import { MAX_PROPERTY_NAME, MAX_VALUE_BYTES } from '../profiles/operations'
import { csvBatches, isBlankRecord, type CsvEncoding } from './stream'

export const MAX_CSV_ROWS = 1_000_000
const FLUSH_ROWS = 10_000
const PROGRESS_MS = 100

/** Extension of CsvImportPlan: how to read the bytes (the wizard sniffs these). */
export interface CsvReadOptions { delimiter?: string; encoding?: CsvEncoding }

// One statement per flush: new ids insert, existing ones merge (imported
// values overwrite, others stay). RETURNING old.* (Postgres 18) tells a
// created profile from an updated one; an event-only user gaining a profile
// counts as created.
const MERGE_SQL = /* sql */ `
  insert into profiles (group_key, distinct_id, properties, has_profile)
  select $1, distinct_id, properties::jsonb, true
  from unnest($2::text[], $3::text[]) as t (distinct_id, properties)
  on conflict (group_key, distinct_id)
  do update set properties = profiles.properties || excluded.properties, has_profile = true
  returning coalesce(old.has_profile, false) as existed`

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
    // Rows of the current flush, merged per id so later rows win property by property.
    let pending = new Map<string, Record<string, unknown>>()
    let lastProgress = Date.now()
    let bytes = 0
    const flush = async () => {
      if (pending.size === 0) return
      const ids = [...pending.keys()]
      const { rows } = await tx.query<{ existed: boolean }>(MERGE_SQL, [groupKey, ids, ids.map(id => JSON.stringify(pending.get(id)))])
      for (const r of rows) if (r.existed) summary.updated++; else summary.created++
      pending = new Map()
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
        const idCell = mapping.identifier === undefined ? undefined : record[mapping.identifier]
        let id: string
        if (mapping.identifier === undefined) {
          id = generatedId()
        } else {
          const check = checkId(idCell ?? '', idField)
          if ('error' in check) {
            summary.errors.push({ row, message: `${check.error} (column ${mapping.identifier + 1})` })
            continue
          }
          id = check.id
        }
        const properties = pending.get(id) ?? {}
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
        pending.set(id, properties)
        if (pending.size >= FLUSH_ROWS) await flush()
        if (onProgress && Date.now() - lastProgress >= PROGRESS_MS) {
          onProgress({ rows: summary.rows, bytes, totalBytes })
          lastProgress = Date.now()
        }
        signal?.throwIfAborted()
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

const DECIMAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/

/** The `typed` option: numbers, true/false and JSON arrays as such; everything else a string. */
export function typedValue(cell: string): unknown {
  const t = cell.trim()
  if (DECIMAL.test(t)) {
    const n = Number(t)
    if (Number.isFinite(n)) return n
  }
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
