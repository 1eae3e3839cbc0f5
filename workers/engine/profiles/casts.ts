// The casts a profile row keeps beside its properties (schema/003_casts.ts),
// computed here for bulk imports, where doing it in SQL would cost seconds per
// 100,000 rows. The rules are cl_num and cl_time of schema/001_initial.ts;
// test/engine/casts.test.ts checks this module against them value by value.
//
// A date-time string outside the shapes this module reads with certainty
// (24:00, leap seconds, more than 6 fraction digits…) makes `castDocs` return
// undefined: the row is then left to the SQL functions, which are the rule.

import { daysInMonth, roundHalfEven } from '../filter/iso'

/** cl_num's pattern: ASCII white space, a decimal, an exponent of at most 4 digits. */
const NUMBER = /^[ \t\n\r\f\v]*([-+]?)([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,4})?[ \t\n\r\f\v]*$/
/** cl_time's pattern for strings. */
const DATETIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/
const SIMPLE_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)?)?$/

export interface CastDocs {
  /** jsonb text: { property: number } for the properties cl_num reads as a number. */
  nums: string
  /** jsonb text: { property: microseconds since 1970 UTC } for the properties cl_time reads as a datetime. */
  times: string
  /** As nums and times, with null for every other property: merged over a stored row with `||`, then stripped of nulls. */
  numsPatch: string
  timesPatch: string
}

/** A JSON number text for a string cl_num accepts (same value), else undefined. */
export function numberText(value: string): string | undefined {
  if (value.length > 1000 || value.length === 0 || !MAY_START_NUMBER[value.charCodeAt(0)]) return undefined
  const m = NUMBER.exec(value)
  if (!m) return undefined
  const [, sign, digits, exponent = ''] = m
  let [whole = '', fraction] = digits!.split('.') as [string, string | undefined]
  whole = whole.replace(/^0+(?=\d)/, '')
  if (whole === '') whole = '0'
  const frac = fraction === undefined || fraction === '' ? '' : `.${fraction}`
  return `${sign === '-' ? '-' : ''}${whole}${frac}${exponent}`
}

/** The characters a number can start with (white space, sign, digit, point): most strings fail here, before the pattern. */
const MAY_START_NUMBER: boolean[] = []
for (const c of ' \t\n\r\f\v+-.0123456789') MAY_START_NUMBER[c.charCodeAt(0)] = true

const EPOCH_2000_SECONDS = 946_684_800

/** seconds·10⁶ + micros as exact integer text; plain numbers while they are exact (±285 years around 1970). */
function microsText(seconds: number, micros: number): string {
  const total = seconds * 1e6 + micros
  return Number.isSafeInteger(total) ? String(total) : String(BigInt(seconds) * 1_000_000n + BigInt(micros))
}

/** cl_time of a JSON number, in microseconds since 1970 as integer text (to_timestamp's float arithmetic), or undefined. */
export function numberMicros(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined
  let seconds: number
  if (Math.abs(n) < 1e11) seconds = n
  else if (Math.abs(n) < 1e14) seconds = n / 1000
  else return undefined
  // to_timestamp moves to the 2000 epoch before scaling; the float rounding follows it.
  const since2000 = roundHalfEven((seconds - EPOCH_2000_SECONDS) * 1e6)
  const total = since2000 + EPOCH_2000_SECONDS * 1e6
  return Number.isSafeInteger(total) && Number.isSafeInteger(since2000)
    ? String(total) : String(BigInt(since2000) + BigInt(EPOCH_2000_SECONDS) * 1_000_000n)
}

/**
 * cl_time of a string: microseconds since 1970, null when cl_time gives null,
 * undefined when the shape is one only Postgres should judge.
 */
export function stringMicros(value: string): string | null | undefined {
  if (value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || !DATETIME.test(value)) return null
  const m = SIMPLE_DATETIME.exec(value)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s, frac, zone, zsign, zh, zm] = m
  const year = Number(y), month = Number(mo), day = Number(d)
  if (year < 1 || month < 1 || month > 12 || day < 1) return null
  if (day > daysInMonth(year, month)) return null
  const hour = h === undefined ? 0 : Number(h), minute = mi === undefined ? 0 : Number(mi), second = s === undefined ? 0 : Number(s)
  if (hour > 23 || minute > 59 || second > 59) return undefined
  let offsetMinutes = 0
  if (zone !== undefined && zone !== 'Z') {
    const oh = Number(zh), om = zm === undefined ? 0 : Number(zm)
    if (oh > 15 || om > 59) return undefined
    offsetMinutes = (zsign === '-' ? -1 : 1) * (oh * 60 + om)
  }
  // Not Date.UTC: it maps years 0–99 to 1900–1999.
  const dayMs = new Date(0).setUTCFullYear(year, month - 1, day)
  const seconds = dayMs / 1000 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
  const micros = frac === undefined ? 0 : Number(frac.padEnd(6, '0'))
  return microsText(seconds, micros)
}

/** cl_time of any JSON value, as stringMicros answers. */
export function valueMicros(value: unknown): string | null | undefined {
  if (typeof value === 'number') return numberMicros(value) ?? null
  if (typeof value === 'string') return stringMicros(value)
  return null
}

/** cl_num of any JSON value as JSON number text, or undefined. */
export function valueNumber(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : undefined
  if (typeof value === 'string') return numberText(value)
  return undefined
}

/** Property names repeat on every row of a file: their JSON text is made once. */
const keyJson = new Map<string, string>()
function jsonKey(key: string): string {
  let text = keyJson.get(key)
  if (text === undefined) {
    text = JSON.stringify(key)
    if (keyJson.size < 10_000) keyJson.set(key, text)
  }
  return text
}

/**
 * The casts of a properties object, as jsonb texts; undefined when Postgres
 * must compute them. The patches are built only when asked for.
 */
export function castDocs(properties: Record<string, unknown>, withPatches = true): CastDocs | undefined {
  let nums = '', times = '', numsPatch = '', timesPatch = ''
  for (const key in properties) {
    const value = properties[key]
    const n = valueNumber(value)
    const t = valueMicros(value)
    if (t === undefined) return undefined
    const name = jsonKey(key)
    if (n !== undefined) nums += `${nums ? ',' : ''}${name}:${n}`
    if (t !== null) times += `${times ? ',' : ''}${name}:${t}`
    if (withPatches) {
      numsPatch += `${numsPatch ? ',' : ''}${name}:${n ?? 'null'}`
      timesPatch += `${timesPatch ? ',' : ''}${name}:${t ?? 'null'}`
    }
  }
  return { nums: `{${nums}}`, times: `{${times}}`, numsPatch: `{${numsPatch}}`, timesPatch: `{${timesPatch}}` }
}
