import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { CsvImportPlan, ImportSummary, Progress } from '../types'
import { checkId } from '../ids'
import { MAX_PROPERTY_NAME, MAX_VALUE_BYTES, asNumber } from '../profiles/operations'
import { csvBatches, isBlankRecord, type CsvEncoding } from './stream'
import { BulkSink, MergeSink, type ProfileSink } from './sinks'
import type { WalGuard } from '../db'

export const MAX_CSV_ROWS = 1_000_000
const FLUSH_ROWS = 50_000
const PROGRESS_MS = 100

/** Extension of CsvImportPlan: how to read the bytes (the wizard sniffs these). */
export interface CsvReadOptions { delimiter?: string; encoding?: CsvEncoding }

/**
 * Imports profiles from CSV as profiles.md defines: streaming, one
 * transaction (a refused, failed or cancelled import writes nothing), later
 * rows win property by property, empty cells leave a property as it was.
 */
export async function importProfilesCsv(
  db: PGlite, source: Blob | string, plan: CsvImportPlan & CsvReadOptions,
  onProgress?: (p: Progress) => void, signal?: AbortSignal, wal?: WalGuard,
): Promise<ImportSummary> {
  const mapping = checkPlan(plan)
  const groupKey = plan.kind === 'group' ? plan.groupKey!.trim() : ''
  const idField = plan.kind === 'group' ? '$group_id' : '$distinct_id'
  const totalBytes = typeof source === 'string' ? source.length : source.size
  const summary: ImportSummary = { rows: 0, created: 0, updated: 0, skipped: 0, errors: [] }

  await db.transaction(async (tx: Transaction) => {
    const sink: ProfileSink = (await BulkSink.openIfEmpty(tx, groupKey)) ?? (await MergeSink.open(tx, groupKey))
    let lastProgress = Date.now()
    let bytes = 0

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
        await sink.add(summary.rows, id, JSON.stringify(properties))
        if (sink.pending >= FLUSH_ROWS) {
          await sink.flush()
          await wal?.check(tx)
        }
        if (onProgress && Date.now() - lastProgress >= PROGRESS_MS) {
          onProgress({ rows: summary.rows, bytes, totalBytes })
          lastProgress = Date.now()
        }
      }
      signal?.throwIfAborted()
    }
    signal?.throwIfAborted()
    const counts = await sink.finish()
    summary.created = counts.created
    summary.updated = counts.updated
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
