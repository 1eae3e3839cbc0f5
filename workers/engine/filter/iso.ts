// ISO-8601 dates and date-times as filters.md uses them in `values` and in
// behaviour windows: a bare date (`2024-05-01`) means that whole UTC day, a
// date-time (`2024-05-01T10:00:00Z`, no zone means UTC) means that instant.
// The same shapes `cl_time` accepts in data (schema/001_initial.ts).

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/

export interface IsoTime {
  /** A bare date: the whole UTC day. */
  bare: boolean
  /** Start of the value: midnight UTC of a bare date, else the instant, as an ISO string with a zone. */
  start: string
  /** A bare date: midnight UTC of the next day (exclusive); a date-time: the instant itself (inclusive). */
  end: string
  /** Midnight UTC of the day holding the value, and of the day after (for `on`). */
  dayStart: string
  dayEnd: string
  /** Milliseconds since the epoch of `start` (sub-millisecond digits dropped), for ordering checks. */
  startMs: number
  /** Milliseconds of `end` (exclusive for a bare date). */
  endMs: number
}

const DAY_MS = 86_400_000

/** Days in a month of the proleptic Gregorian calendar (years 0–99 read by Date.UTC as 1900–1999 have the same leap years). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Midnight UTC of the day holding `ms`, as ISO text; undefined outside years 1–9999 (Postgres has no year 0). */
function isoDay(ms: number): string | undefined {
  const date = new Date(Math.floor(ms / DAY_MS) * DAY_MS)
  const year = date.getUTCFullYear()
  if (!(year >= 1 && year <= 9999)) return undefined
  return `${String(year).padStart(4, '0')}-${date.toISOString().slice(5, 10)}T00:00:00Z`
}

/** Reads an ISO date or date-time, or returns undefined when it is not one (or names no real day or time). */
export function parseIsoTime(text: string): IsoTime | undefined {
  const m = ISO.exec(text)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const year = Number(y), month = Number(mo), day = Number(d)
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  // Not Date.UTC: it maps years 0–99 to 1900–1999.
  const dayMs = new Date(0).setUTCFullYear(year, month - 1, day)
  if (h === undefined) {
    const start = `${y}-${mo}-${d}T00:00:00Z`
    const end = isoDay(dayMs + DAY_MS)
    if (end === undefined) return undefined
    return { bare: true, start, end, dayStart: start, dayEnd: end, startMs: dayMs, endMs: dayMs + DAY_MS }
  }
  const hour = Number(h), minute = Number(mi), second = s === undefined ? 0 : Number(s)
  if (hour > 23 || minute > 59 || second > 59) return undefined
  let offsetMin = 0
  if (zone !== undefined && zone !== 'Z') {
    const zh = Number(zone.slice(1, 3)), zm = zone.length > 3 ? Number(zone.slice(-2)) : 0
    if (zh > 15 || zm > 59) return undefined
    offsetMin = (zone[0] === '-' ? -1 : 1) * (zh * 60 + zm)
  }
  const ms = dayMs + ((hour * 60 + minute) * 60 + second) * 1000 +
    (frac === undefined ? 0 : Math.floor(Number(frac) * 1000)) - offsetMin * 60_000
  // Keep the caller's digits (microseconds survive); a zoneless value is UTC.
  const instant = zone === undefined ? `${text}Z` : text
  const dayStart = isoDay(ms), dayEnd = isoDay(ms + DAY_MS)
  if (dayStart === undefined || dayEnd === undefined) return undefined
  return { bare: false, start: instant, end: instant, dayStart, dayEnd, startMs: ms, endMs: ms }
}

/** Whether "from the start of `from` to the end of `to`" holds no instant at all (a reversed range). */
export function isEmptySpan(from: IsoTime, to: IsoTime): boolean {
  return to.bare ? to.endMs <= from.startMs : to.endMs < from.startMs
}

/**
 * Microseconds since 1970 UTC of an ISO value `parseIsoTime` accepted (its
 * `start`, `end`…), as Postgres reads it: fraction digits beyond the sixth
 * round half to even, as timestamptz input does.
 */
export function isoMicros(text: string): bigint {
  const m = ISO.exec(text)
  if (!m) throw new Error(`not an ISO time: ${JSON.stringify(text)}`)
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac, zone] = m
  let offsetMinutes = 0
  if (zone !== undefined && zone !== 'Z') {
    const zh = Number(zone.slice(1, 3)), zm = zone.length > 3 ? Number(zone.slice(-2)) : 0
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (zh * 60 + zm)
  }
  const dayMs = new Date(0).setUTCFullYear(Number(y), Number(mo) - 1, Number(d))
  const seconds = dayMs / 1000 + Number(h) * 3600 + Number(mi) * 60 + Number(s) - offsetMinutes * 60
  return BigInt(seconds) * 1_000_000n + BigInt(frac === undefined ? 0 : roundHalfEven(Number(`0${frac}`) * 1e6))
}

/** Microseconds of `seconds` (float), as Postgres rounds an interval's seconds. */
export function secondsMicros(seconds: number): bigint {
  return BigInt(roundHalfEven(seconds * 1e6))
}

/** Round half to even (C's rint), as Postgres rounds float seconds to microseconds. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}
