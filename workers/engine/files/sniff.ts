// What the events and updates imports show of a file before importing it,
// from its first bytes only: the format, a preview, and for an events CSV the
// columns that look like the event name, distinct id and time, with the time
// unit their values suggest (offered, the user confirms or changes them).
import { sniffCsv, type CsvSniff, type SniffOptions } from '../csv/sniff'
import type { EventTimeUnit, FileFormat } from '../types'
import { detectTimeUnit } from '../events/time'
import { detectFormat, jsonArrayItems } from './json'

export interface EventsCsvSuggestion { event?: number; distinctId?: number; deviceId?: number; time?: number; insertId?: number; timeUnit: EventTimeUnit | null }

export interface ImportFileSniff {
  format: FileFormat
  totalBytes: number
  /** JSON formats: the first items, as text */
  preview: string[]
  /** CSV: what the CSV sniffer saw, and the suggested mapping */
  csv?: CsvSniff & { suggestion: EventsCsvSuggestion }
}

const PREVIEW_ITEMS = 5

export async function sniffImportFile(sample: Uint8Array, totalBytes: number, options: SniffOptions = {}): Promise<ImportFileSniff> {
  const text = new TextDecoder('utf-8').decode(sample)
  const format = detectFormat(text)
  const whole = sample.byteLength >= totalBytes
  if (format === 'csv') {
    const csv = sniffCsv(sample, totalBytes, options)
    return { format, totalBytes, preview: [], csv: { ...csv, suggestion: suggestEventColumns(csv.rows, csv.header) } }
  }
  const preview: string[] = []
  if (format === 'ndjson') {
    const lines = text.split('\n')
    if (!whole) lines.pop() // cut by the sample's end
    for (const l of lines) if (l.trim() !== '' && preview.length < PREVIEW_ITEMS) preview.push(l.replace(/\r$/, ''))
  } else {
    try {
      for await (const batch of jsonArrayItems(text)) {
        const items = whole ? batch.items : batch.items.slice(0, -1)
        preview.push(...items.slice(0, PREVIEW_ITEMS).map(i => i.text))
      }
    } catch {
      // A sample cut short is not a broken file: the preview shows what was complete.
    }
  }
  return { format, totalBytes, preview: preview.slice(0, PREVIEW_ITEMS) }
}

const PATTERNS: Array<[keyof Omit<EventsCsvSuggestion, 'timeUnit'>, RegExp]> = [
  ['event', /^(event|event[ _]?name|name|action)$/i],
  ['distinctId', /^\$?(distinct[ _]?id|user[ _]?id|user|uid|person[ _]?id)$/i],
  ['time', /^(time|timestamp|ts|date|datetime|event[ _]?time|created[ _]?at|\$time)$/i],
  ['insertId', /^\$?(insert[ _]?id)$/i],
  ['deviceId', /^\$?(device[ _]?id|anon(ymous)?[ _]?id)$/i],
]

/** Columns named like the event, distinct id, time and $insert_id; the time unit from that column's first values. */
export function suggestEventColumns(rows: string[][], header: boolean): EventsCsvSuggestion {
  const suggestion: EventsCsvSuggestion = { timeUnit: null }
  if (header && rows[0]) {
    const names = rows[0].map(n => n.trim())
    for (const [key, pattern] of PATTERNS) {
      const index = names.findIndex((n, i) => pattern.test(n) && !Object.values(suggestion).includes(i))
      if (index >= 0) suggestion[key] = index
    }
  }
  const data = header ? rows.slice(1) : rows
  if (suggestion.time === undefined) {
    // No header to go by: the first column whose values all read as times.
    const width = data.reduce((m, r) => Math.max(m, r.length), 0)
    for (let i = 0; i < width; i++) {
      const unit = detectTimeUnit(data.map(r => r[i] ?? ''))
      if (unit && (unit !== 'seconds' || data.every(r => Number(r[i]) > 1e8))) {
        suggestion.time = i
        break
      }
    }
  }
  if (suggestion.time !== undefined) suggestion.timeUnit = detectTimeUnit(data.map(r => r[suggestion.time!] ?? ''))
  return suggestion
}
