// The casting rules of docs/filters.md ("Values and casting"), for the
// oracle: plain loops and JavaScript, no SQL. Where the spec leaves a choice
// open they follow docs/filters.md's decisions.
import { decimal, type Decimal } from './decimal'

export const DAY = 86_400_000
const WHITESPACE = ' \t\n\v\f\r'

export function trimAscii(s: string): string {
  let a = 0
  let b = s.length
  while (a < b && WHITESPACE.includes(s[a]!)) a++
  while (b > a && WHITESPACE.includes(s[b - 1]!)) b--
  return s.slice(a, b)
}

export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null
}

/** A number as plain decimal text: no exponent, no trailing zeros (what Postgres prints for a JSON number). */
export function numberText(n: number): string {
  if (Object.is(n, -0)) return '0'
  const s = String(n)
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s)
  if (!m) return s
  const [, sign, first, rest = '', exp] = m
  const digits = first! + rest
  const point = 1 + Number(exp)
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

export function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return numberText(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return undefined
}

/** The value as strings: a list element by element (scalars only), a scalar as itself, anything else (unset, null, an object) none. */
export function textsOf(v: unknown): string[] {
  const items = Array.isArray(v) ? v : [v]
  const texts: string[] = []
  for (const item of items) {
    const t = asText(item)
    if (t !== undefined) texts.push(t)
  }
  return texts
}

/** The text of a number "as number" reads, or undefined when it is not comparable. */
function numberTextOf(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v)
  if (typeof v !== 'string') return undefined
  const t = trimAscii(v)
  // Bounded as docs/filters.md says: at most 1,000 characters, an exponent of at most 4 digits.
  if (v.length > 1000 || !/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,4})?$/.test(t)) return undefined
  return t
}

export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  const t = numberTextOf(v)
  return t === undefined ? undefined : Number(t)
}

/** "As number", exactly (for sums and averages). */
export function asDecimal(v: unknown): Decimal | undefined {
  const t = numberTextOf(v)
  return t === undefined ? undefined : decimal(t)
}

export function asBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v !== 0
  if (typeof v === 'string') {
    const t = trimAscii(v).toLowerCase()
    return t === 'true' || t === '1' || t === 'yes'
  }
  return false
}

/** Milliseconds, or undefined when not comparable. */
export function asTime(v: unknown): number | undefined {
  if (typeof v === 'number') {
    if (Math.abs(v) < 1e11) return v * 1000
    if (Math.abs(v) < 1e14) return v
    return undefined
  }
  if (typeof v !== 'string') return undefined
  const parsed = parseIso(v)
  return parsed?.start
}

/** An ISO date or date-time: its start, and the end of the span it names (a bare date: the next midnight, exclusive). */
export function parseIso(s: string): { start: number; end: number; bare: boolean } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(s)
  if (!m) return undefined
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3])
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined
  const daysInMonth = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!
  if (day > daysInMonth) return undefined
  const midnight = Date.UTC(year, month - 1, day)
  if (m[4] === undefined) return { start: midnight, end: midnight + DAY, bare: true }
  const hour = Number(m[4]), minute = Number(m[5]), second = Number(m[6] ?? '0')
  if (hour > 23 || minute > 59 || second > 59) return undefined
  let offset = 0
  const zone = m[8]
  if (zone && zone !== 'Z') {
    const hours = Number(zone.slice(1, 3))
    const minutes = zone.length > 3 ? Number(zone.slice(zone.length - 2)) : 0
    offset = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000
  }
  const fraction = m[7] ? Math.floor(Number(m[7]) * 1000) : 0
  const t = midnight + hour * 3_600_000 + minute * 60_000 + second * 1000 + fraction - offset
  return { start: t, end: t, bare: false }
}

/** A list value: a JSON array, or a string that parses as one. */
export function asList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v)
      if (Array.isArray(parsed)) return parsed
    } catch {
      return undefined
    }
  }
  return undefined
}
