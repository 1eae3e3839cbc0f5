// Event times: Unix seconds, or milliseconds from 10^11 (engine.md). ISO
// strings are taken too, since exports from other tools carry them, read as
// filters read them (no zone means UTC).
import type { EventTimeUnit } from '../types'
import { parseIsoTime } from '../filter/iso'

const NUMERIC = /^\s*[-+]?\d+(\.\d+)?\s*$/
const MS_FROM = 1e11
const LATEST_MS = Date.UTC(3000, 0, 1)

/** Milliseconds since the epoch, or an error message naming the value. */
export function parseEventTime(raw: unknown): number | { error: string } {
  let ms: number
  const iso = typeof raw === 'string' ? parseIsoTime(raw.trim()) : undefined
  if (typeof raw === 'number' || (typeof raw === 'string' && NUMERIC.test(raw))) {
    const n = Number(raw)
    ms = Math.abs(n) < MS_FROM ? n * 1000 : n
  } else if (iso) {
    ms = iso.startMs
  } else if (raw === undefined || raw === null) {
    return { error: 'properties.time is missing' }
  } else {
    return { error: `properties.time ${JSON.stringify(raw)} is not Unix seconds, milliseconds or an ISO date` }
  }
  if (!Number.isFinite(ms) || ms < 0 || ms >= LATEST_MS) {
    return { error: `properties.time ${JSON.stringify(raw)} is out of range` }
  }
  return Math.round(ms)
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
