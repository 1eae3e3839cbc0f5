// Events from files: Mixpanel's export format (NDJSON or a JSON array of
// {event, properties}) and CSV with a mapping of the event name, distinct id
// and time columns. Every reader turns the file into numbered events for the
// bulk path (bulk.ts), so a file is one transaction: cancelled or failed, it
// leaves the data as it was. Lines that cannot be events are skipped and
// reported with their number and the reason.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { ImportSummary, Progress } from '../types'
import type { WalGuard } from '../db'
import { csvBatches, isBlankRecord, type CsvEncoding } from '../csv/stream'
import { typedValue } from '../csv/import'
import { MAX_STORED_SKIPPED_ROWS, recordImport, type ImportEntry, type SkippedRow } from '../imports/history'
import { jsonItems, keptText, parseItem, type FileFormat } from '../files/json'
import { storeEventStream, type NumberedEvent } from './bulk'
import { parseIsoTime } from '../filter/iso'

export type EventTimeUnit = 'iso' | 'seconds' | 'milliseconds'

/** How to read an events CSV: which columns are the event, distinct id and time, and which others become properties. */
export interface EventsCsvMapping {
  header: boolean
  delimiter?: string
  encoding?: CsvEncoding
  event: number
  distinctId: number
  time: number
  timeUnit: EventTimeUnit
  /** a column holding $insert_id (absent: derived from the content, as for JSON events without one) */
  insertId?: number
  /** the columns kept as event properties; absent: every other column, named by the header (else "column N") */
  columns?: Array<{ index: number; property: string }>
  /** numbers, true/false and JSON lists as such (default: strings, as Mixpanel's CSV import) */
  typed?: boolean
}

/** extension: what importEventsFile needs beyond the file. */
export interface EventsFilePlan {
  format: FileFormat
  /** record the import in the history under this name */
  fileName?: string
  /** with format 'csv' */
  csv?: EventsCsvMapping
}

type SkippedWithRaw = ImportSummary['errors'][number]
const PROGRESS_MS = 100

export function sizeOf(source: Blob | string): number {
  return typeof source === 'string' ? source.length : source.size
}

/** Reads a file of events and stores them through the bulk path, in the caller's transaction. */
export async function importEventsFile(tx: PGlite | Transaction, source: Blob | string, plan: EventsFilePlan,
                                       onProgress?: (p: Progress) => void, signal?: AbortSignal, wal?: WalGuard): Promise<ImportSummary> {
  const totalBytes = sizeOf(source)
  let bytes = 0
  let lastProgress = 0
  const report = (rows: number, force = false) => {
    if (!onProgress || (!force && Date.now() - lastProgress < PROGRESS_MS)) return
    lastProgress = Date.now()
    onProgress({ rows, bytes, totalBytes })
  }
  let read = 0
  async function* numberedEvents(): AsyncGenerator<NumberedEvent[]> {
    const items = plan.format === 'csv' ? csvEvents(source, checkMapping(plan.csv), signal) : jsonEvents(source, plan.format, signal)
    for await (const batch of items) {
      bytes = batch.bytesRead
      read += batch.events.length
      report(read)
      yield batch.events
    }
  }
  if (plan.format !== 'csv' && plan.format !== 'ndjson' && plan.format !== 'json-array') {
    throw new Error(`plan.format must be "ndjson", "json-array" or "csv", not ${JSON.stringify(plan.format)}`)
  }
  const summary = await storeEventStream(tx, numberedEvents(), { signal, wal })
  report(summary.rows, true)
  return summary
}

async function* jsonEvents(source: Blob | string, format: 'ndjson' | 'json-array', signal?: AbortSignal) {
  for await (const batch of jsonItems(format, source, signal)) {
    yield {
      bytesRead: batch.bytesRead,
      events: batch.items.map((item): NumberedEvent => {
        const parsed = parseItem(item, format)
        const raw = keptText(item.text)
        return 'error' in parsed ? { row: item.row, error: parsed.error, raw: [raw] } : { row: item.row, value: parsed.value, raw: [raw] }
      }),
    }
  }
}

interface CheckedMapping extends EventsCsvMapping { columns: Array<{ index: number; property: string }> | undefined }

function checkMapping(mapping: EventsCsvMapping | undefined): CheckedMapping {
  if (!mapping) throw new Error('plan.csv is required for a CSV file: which columns hold the event name, the distinct id and the time')
  for (const key of ['event', 'distinctId', 'time'] as const) {
    if (!Number.isInteger(mapping[key]) || mapping[key] < 0) throw new Error(`plan.csv.${key} must be a column number ≥ 0`)
  }
  if (new Set([mapping.event, mapping.distinctId, mapping.time]).size < 3) throw new Error('the event, distinct id and time must be three different columns')
  if (!['iso', 'seconds', 'milliseconds'].includes(mapping.timeUnit)) {
    throw new Error(`plan.csv.timeUnit must be "iso", "seconds" or "milliseconds", not ${JSON.stringify(mapping.timeUnit)}`)
  }
  if (mapping.insertId !== undefined && (!Number.isInteger(mapping.insertId) || mapping.insertId < 0)) throw new Error('plan.csv.insertId must be a column number ≥ 0')
  const names = new Set<string>()
  mapping.columns?.forEach((c, i) => {
    if (!Number.isInteger(c.index) || c.index < 0) throw new Error(`plan.csv.columns[${i}].index must be a column number ≥ 0`)
    if (typeof c.property !== 'string' || c.property.trim() === '') throw new Error(`plan.csv.columns[${i}].property must be a name`)
    if (names.has(c.property)) throw new Error(`plan.csv.columns[${i}]: property "${c.property}" is mapped from two columns`)
    names.add(c.property)
  })
  return { ...mapping, columns: mapping.columns }
}

const RESERVED = new Set(['distinct_id', 'time', '$insert_id'])

async function* csvEvents(source: Blob | string, mapping: CheckedMapping, signal?: AbortSignal) {
  const special = new Set([mapping.event, mapping.distinctId, mapping.time, ...(mapping.insertId === undefined ? [] : [mapping.insertId])])
  let columns = mapping.columns?.filter(c => !special.has(c.index) && !RESERVED.has(c.property))
  for await (const batch of csvBatches(source, { delimiter: mapping.delimiter, encoding: mapping.encoding, signal })) {
    const events: NumberedEvent[] = []
    for (let i = 0; i < batch.records.length; i++) {
      const recordIndex = batch.firstRecord + i
      const record = batch.records[i]!
      if (recordIndex === 0 && mapping.header) {
        columns ??= record.map((name, index) => ({ index, property: name.trim() || `column ${index + 1}` }))
          .filter(c => !special.has(c.index) && !RESERVED.has(c.property))
        continue
      }
      if (isBlankRecord(record)) continue
      columns ??= Array.from({ length: record.length }, (_, index) => ({ index, property: `column ${index + 1}` }))
        .filter(c => !special.has(c.index))
      const row = recordIndex + 1
      const raw = record.slice(0, 200).map(c => keptText(c))
      const bad = batch.bad.get(recordIndex)
      if (bad) {
        events.push({ row, error: `cannot be parsed: ${bad}`, raw })
        continue
      }
      const time = csvTime(record[mapping.time] ?? '', mapping.timeUnit, mapping.time)
      if (typeof time !== 'string') {
        events.push({ row, error: time.error, raw })
        continue
      }
      const properties: Record<string, unknown> = { distinct_id: record[mapping.distinctId] ?? '', time }
      if (mapping.insertId !== undefined && (record[mapping.insertId] ?? '').trim() !== '') properties.$insert_id = record[mapping.insertId]
      for (const { index, property } of columns) {
        const cell = record[index]
        if (cell === undefined || cell.trim() === '') continue
        properties[property] = mapping.typed ? typedValue(cell) : cell
      }
      events.push({ row, value: { event: record[mapping.event] ?? '', properties }, raw })
    }
    yield { bytesRead: batch.bytesRead, events }
  }
}

const NUMBER = /^\s*[-+]?\d+(\.\d+)?\s*$/

/** A CSV time cell in the chosen unit, as the ISO time the event stores; or why not. */
export function csvTime(cell: string, unit: EventTimeUnit, column: number): string | { error: string } {
  const where = `column ${column + 1} (time)`
  if (cell.trim() === '') return { error: `${where} is empty` }
  let ms: number | undefined
  if (unit === 'iso') {
    ms = NUMBER.test(cell) ? undefined : parseIsoTime(cell.trim())?.startMs
    if (ms === undefined) return { error: `${where}: ${JSON.stringify(cell)} is not an ISO date` }
  } else {
    if (!NUMBER.test(cell)) return { error: `${where}: ${JSON.stringify(cell)} is not Unix ${unit}` }
    ms = Number(cell) * (unit === 'seconds' ? 1000 : 1)
  }
  const date = new Date(Math.round(ms))
  if (!Number.isFinite(ms) || ms < 0 || date.getUTCFullYear() >= 3000) return { error: `${where}: ${JSON.stringify(cell)} is out of range` }
  return date.toISOString()
}

/**
 * The time unit of a column from its first values: ISO dates, Unix
 * milliseconds (from 10^11, as the engine reads numbers) or seconds. Values
 * that are none of these (a typo, a blank) do not count, as long as they are
 * fewer than the rest; null when the others disagree or there are none.
 */
export function detectTimeUnit(values: string[]): EventTimeUnit | null {
  const cells = values.map(v => v.trim()).filter(v => v !== '')
  const kinds = new Set<EventTimeUnit>()
  let readable = 0
  for (const v of cells) {
    const kind = NUMBER.test(v) ? (Math.abs(Number(v)) >= 1e11 ? 'milliseconds' : 'seconds') : parseIsoTime(v) !== undefined ? 'iso' : null
    if (kind) {
      kinds.add(kind)
      readable++
    }
  }
  if (kinds.size !== 1 || readable * 2 <= cells.length) return null
  return [...kinds][0]!
}

// ---- the import history

export function skippedRows(errors: SkippedWithRaw[], format: FileFormat): SkippedRow[] {
  return errors.slice(0, MAX_STORED_SKIPPED_ROWS).map(e => {
    if (!e.cells) return { row: e.row, message: e.message }
    return { row: e.row, message: e.message, raw: format === 'csv' ? e.cells : e.cells[0] }
  })
}

export function historyEntry(kind: 'events' | 'updates', fileName: string, format: FileFormat, startedAt: string,
                             summary: ImportSummary, status: ImportEntry['status'], message?: string): ImportEntry {
  return {
    fileName, kind, startedAt, finishedAt: new Date().toISOString(),
    rows: summary.rows, created: summary.created, updated: summary.updated, skipped: summary.skipped,
    ...(summary.duplicates === undefined ? {} : { duplicates: summary.duplicates }),
    status, ...(message ? { message } : {}),
    skippedRows: skippedRows(summary.errors, format),
  }
}

/** A cancelled or failed import wrote nothing, but is still recorded. */
export async function recordFailure(db: PGlite, kind: 'events' | 'updates', fileName: string, format: FileFormat,
                                    startedAt: string, error: unknown, signal?: AbortSignal): Promise<void> {
  const cancelled = signal?.aborted === true
  const message = cancelled ? 'Cancelled; nothing was written.' : (error instanceof Error ? error.message : String(error))
  const empty: ImportSummary = { rows: 0, created: 0, updated: 0, skipped: 0, errors: [] }
  try {
    await db.transaction(tx => recordImport(tx, historyEntry(kind, fileName, format, startedAt, empty, cancelled ? 'cancelled' : 'failed', message)))
  } catch {
    // The import's own error is what the caller needs to see.
  }
}

/**
 * A file import as the engine runs it: one transaction for the data and its
 * history entry (when the plan names the file); a cancelled or failed import
 * is recorded afterwards in a transaction of its own.
 */
export async function recordedFileImport(
  db: PGlite, kind: 'events' | 'updates', plan: { format: FileFormat; fileName?: string }, signal: AbortSignal | undefined,
  work: (tx: Transaction) => Promise<ImportSummary>,
): Promise<ImportSummary> {
  const startedAt = new Date().toISOString()
  const fileName = typeof plan.fileName === 'string' && plan.fileName !== '' ? plan.fileName : undefined
  try {
    return await db.transaction(async tx => {
      const summary = await work(tx)
      signal?.throwIfAborted()
      if (fileName) summary.importId = (await recordImport(tx, historyEntry(kind, fileName, plan.format, startedAt, summary, 'done'))).id
      return summary
    })
  } catch (error) {
    if (fileName) await recordFailure(db, kind, fileName, plan.format, startedAt, error, signal)
    throw error
  }
}
