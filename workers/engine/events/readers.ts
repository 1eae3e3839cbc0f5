// Readers of events files: Mixpanel's export format (NDJSON or a JSON array
// of {event, properties}) and CSV with a mapping of the event name, distinct
// id and time columns. Each turns a file into batches of numbered events (or
// why a line is none) and the bytes read; they import no database code.
import type { EventsCsvMapping, JsonFormat } from '../types'
import { csvBatches, isBlankRecord } from '../csv/stream'
import { typedValue } from '../csv/typed'
import { jsonItems, parseItem } from '../files/json'
import { csvTime } from './time'
import type { NumberedEvent } from './check'

/** A batch of events read from a file, and how far into it. */
export interface EventBatch { events: NumberedEvent[]; bytesRead: number }

/** The events of an NDJSON file or JSON array, numbered by line (NDJSON) or element. */
export async function* jsonEvents(source: Blob | string, format: JsonFormat, signal?: AbortSignal): AsyncGenerator<EventBatch> {
  for await (const batch of jsonItems(format, source, signal)) {
    yield {
      bytesRead: batch.bytesRead,
      events: batch.items.map((item): NumberedEvent => {
        const parsed = parseItem(item, format)
        const raw = [item.text]
        return 'error' in parsed ? { row: item.row, error: parsed.error, raw } : { row: item.row, value: parsed.value, raw }
      }),
    }
  }
}

export interface CheckedMapping extends EventsCsvMapping { columns: Array<{ index: number; property: string }> | undefined }

/** Refuses a CSV mapping that cannot be carried out, before anything is read. */
export function checkMapping(mapping: EventsCsvMapping | undefined): CheckedMapping {
  if (!mapping) throw new Error('plan.csv is required for a CSV file: which columns hold the event name, the distinct id and the time')
  const column = (key: 'event' | 'distinctId' | 'deviceId' | 'time' | 'insertId', required: boolean) => {
    const v = mapping[key]
    if (v === undefined && !required) return
    if (!Number.isInteger(v) || v! < 0) throw new Error(`plan.csv.${key} must be a column number ≥ 0`)
  }
  column('event', true)
  column('time', true)
  column('distinctId', mapping.deviceId === undefined)
  column('deviceId', false)
  column('insertId', false)
  const roles = [mapping.event, mapping.time, mapping.distinctId, mapping.deviceId].filter(i => i !== undefined)
  if (new Set(roles).size < roles.length) throw new Error('the event, distinct id, device id and time must be different columns')
  if (!['iso', 'seconds', 'milliseconds'].includes(mapping.timeUnit)) {
    throw new Error(`plan.csv.timeUnit must be "iso", "seconds" or "milliseconds", not ${JSON.stringify(mapping.timeUnit)}`)
  }
  const names = new Set<string>()
  mapping.columns?.forEach((c, i) => {
    if (!Number.isInteger(c.index) || c.index < 0) throw new Error(`plan.csv.columns[${i}].index must be a column number ≥ 0`)
    if (typeof c.property !== 'string' || c.property.trim() === '') throw new Error(`plan.csv.columns[${i}].property must be a name`)
    if (names.has(c.property)) throw new Error(`plan.csv.columns[${i}]: property "${c.property}" is mapped from two columns`)
    names.add(c.property)
  })
  return { ...mapping, columns: mapping.columns }
}

const RESERVED = new Set(['distinct_id', 'time', '$insert_id', '$device_id'])
const optional = (i: number | undefined) => (i === undefined ? [] : [i])

/** The events of a CSV file as `mapping` reads its columns, numbered by record (the header is record 1). */
export async function* csvEvents(source: Blob | string, mapping: CheckedMapping, signal?: AbortSignal): AsyncGenerator<EventBatch> {
  const special = new Set([mapping.event, mapping.time, ...optional(mapping.distinctId), ...optional(mapping.deviceId), ...optional(mapping.insertId)])
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
      const raw = record
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
      const properties: Record<string, unknown> = { time }
      if (mapping.distinctId !== undefined) properties.distinct_id = record[mapping.distinctId] ?? ''
      if (mapping.deviceId !== undefined && (record[mapping.deviceId] ?? '').trim() !== '') properties.$device_id = record[mapping.deviceId]
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
