// The file formats an import reads: one entry per format, keyed by the
// FileFormat union, so a new format fails to type-check until it says how its
// events and its profile updates are read and how a skipped row's raw content
// is kept. (The Import page's labels are a Record<FileFormat, …> too.)
import type { EventsFilePlan, FileFormat } from '../types'
import { csvEvents, checkMapping, jsonEvents, type EventBatch } from '../events/readers'
import { jsonItems, type JsonBatch } from '../files/json'

export interface FormatEntry {
  /** a skipped row keeps its cells (CSV) or its text (JSON) */
  raw: 'cells' | 'text'
  /** the events of a file in this format */
  events(source: Blob | string, plan: EventsFilePlan, signal?: AbortSignal): AsyncIterable<EventBatch>
  /** the Engage updates of a file in this format, as JSON items; null: updates never come in it */
  updates: ((source: Blob | string, signal?: AbortSignal) => AsyncIterable<JsonBatch>) | null
}

export const FORMATS: Record<FileFormat, FormatEntry> = {
  ndjson: {
    raw: 'text',
    events: (source, _plan, signal) => jsonEvents(source, 'ndjson', signal),
    updates: (source, signal) => jsonItems('ndjson', source, signal),
  },
  'json-array': {
    raw: 'text',
    events: (source, _plan, signal) => jsonEvents(source, 'json-array', signal),
    updates: (source, signal) => jsonItems('json-array', source, signal),
  },
  csv: {
    raw: 'cells',
    events: (source, plan, signal) => csvEvents(source, checkMapping(plan.csv), signal),
    updates: null,
  },
}

/** The entry of a plan's format; throws naming the formats there are. */
export function formatOf(format: unknown): FormatEntry {
  if (typeof format === 'string' && Object.hasOwn(FORMATS, format)) return FORMATS[format as FileFormat]
  throw new Error(`plan.format must be ${Object.keys(FORMATS).map(f => JSON.stringify(f)).join(', ')}, not ${JSON.stringify(format)}`)
}
