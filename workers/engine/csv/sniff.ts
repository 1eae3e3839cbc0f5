import type { CsvEncoding } from '../types'
import { MAX_CSV_ROWS } from './plan'
import { guessDelimiter } from './delimiter'
import { lineEndOf, parseCsv } from './parse'

// What the wizard learns about a CSV file before importing it, from its first
// bytes only (SNIFF_BYTES): a million-row file is never read to be previewed.
// Pure: the worker hands over `blob.slice(0, SNIFF_BYTES)`.

export const SNIFF_BYTES = 64 * 1024
const PREVIEW_ROWS = 20

export interface SniffOptions {
  /** the user's choice; absent: guessed */
  delimiter?: string
  /** the user's choice; absent: UTF-8, or Windows-1252 when the sample is not valid UTF-8 */
  encoding?: CsvEncoding
  /** the user's choice for the header; absent: guessed. Changes the row estimate by one. */
  header?: boolean
}

export interface CsvSniff {
  delimiter: string
  encoding: CsvEncoding
  /** the sample decodes as UTF-8 (a character cut at the sample's end does not count against it) */
  validUtf8: boolean
  /** where the sample stops being UTF-8, when it does */
  invalidUtf8At?: number
  bom: boolean
  lineEnds: 'LF' | 'CRLF' | 'CR' | 'none'
  /** the first row looks like a header (offered, not imposed) */
  likelyHeader: boolean
  /** the header choice the estimate uses: options.header, else likelyHeader */
  header: boolean
  /** the first records of the file (the header row included), up to PREVIEW_ROWS */
  rows: string[][]
  /** the widest of those records */
  columns: number
  /** data rows: exact when the whole file was read, else bytes / average row size of the sample */
  estimatedRows: number
  /** data rows the sample holds whole: the file has at least these */
  knownRows: number
  exact: boolean
  totalBytes: number
  /**
   * The file is known to hold more than MAX_CSV_ROWS data rows: refuse before
   * importing. Only a whole read proves it; an estimate never refuses a file
   * (the import counts exactly and refuses at row 1,000,001, writing nothing).
   */
  overLimit: boolean
  /** the estimate is over MAX_CSV_ROWS: warn, without refusing */
  likelyOverLimit: boolean
}

export function sniffCsv(sample: Uint8Array, totalBytes: number, options: SniffOptions = {}): CsvSniff {
  const whole = sample.byteLength >= totalBytes
  const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf
  const body = bom ? sample.subarray(3) : sample

  const utf8 = checkUtf8(body, whole)
  const encoding: CsvEncoding = options.encoding ?? (utf8.valid ? 'utf-8' : 'windows-1252')
  let text = new TextDecoder(encoding).decode(body, { stream: !whole })
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)

  const delimiter = options.delimiter || guessDelimiter(text, whole)
  // The import's own grammar, so the preview shows what the import will read.
  const parsed = parseCsv(text, delimiter, lineEndOf(text), whole)
  const records = parsed.records
  // Not whole: the sample ends inside the last record, which stays out of the preview and the average.
  const completeChars = parsed.consumed
  const nonBlank = records.filter(r => !(r.length === 1 && r[0]!.trim() === ''))
  const rows = nonBlank.slice(0, PREVIEW_ROWS)
  const likelyHeader = guessHeader(nonBlank.slice(0, 50))
  const header = options.header ?? likelyHeader

  const knownRows = Math.max(0, nonBlank.length - (header ? 1 : 0))
  let estimatedRows = knownRows
  if (!whole) {
    const completeBytes = (bom ? 3 : 0) + byteLength(text.slice(0, completeChars), encoding)
    const all = completeBytes > 0 ? Math.round(nonBlank.length * (totalBytes / completeBytes)) : 0
    estimatedRows = Math.max(knownRows, all - (header ? 1 : 0))
  }

  return {
    delimiter, encoding, validUtf8: utf8.valid, ...(utf8.at !== undefined ? { invalidUtf8At: utf8.at + (bom ? 3 : 0) } : {}),
    bom, lineEnds: lineEnds(text), likelyHeader, header,
    rows, columns: rows.reduce((m, r) => Math.max(m, r.length), 0),
    estimatedRows, knownRows, exact: whole, totalBytes,
    overLimit: whole && knownRows > MAX_CSV_ROWS,
    likelyOverLimit: estimatedRows > MAX_CSV_ROWS,
  }
}

function checkUtf8(bytes: Uint8Array, whole: boolean): { valid: boolean; at?: number } {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !whole })
    return { valid: true }
  } catch {
    // Find roughly where, for the message: decode growing prefixes in 4 KiB steps.
    let at = 0
    const decoder = new TextDecoder('utf-8', { fatal: true })
    for (let start = 0; start < bytes.byteLength; start += 4096) {
      try {
        decoder.decode(bytes.subarray(start, start + 4096), { stream: true })
      } catch {
        at = start
        break
      }
    }
    return { valid: false, at }
  }
}

function byteLength(text: string, encoding: CsvEncoding): number {
  return encoding === 'utf-8' ? new TextEncoder().encode(text).byteLength : text.length
}

function lineEnds(text: string): CsvSniff['lineEnds'] {
  const crlf = (text.match(/\r\n/g) ?? []).length
  const lf = (text.match(/\n/g) ?? []).length - crlf
  const cr = (text.match(/\r/g) ?? []).length - crlf
  if (crlf === 0 && lf === 0 && cr === 0) return 'none'
  if (crlf >= lf && crlf >= cr) return 'CRLF'
  return lf >= cr ? 'LF' : 'CR'
}

const DATA_PATTERNS = [
  /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, // a number
  /^[^\s@]+@[^\s@]+$/, // an email
  /^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[-+]\d{2}:?\d{2})?$/, // an ISO date or time
  /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$/, // a local date
  /^(true|false)$/i,
  /^https?:\/\//i,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // a UUID
  /^\+\d[\d\s-]{5,}$/, // a phone number
  /^\[.*\]$/, // a JSON list
]

export function looksLikeData(cell: string): boolean {
  const t = cell.trim()
  return DATA_PATTERNS.some(p => p.test(t))
}

/**
 * Whether the first record looks like a header: every cell filled, none of
 * them looking like data (a number, an email, a date …), no two alike, and
 * either some column holds data below a text first cell, or a cell is a
 * known property name. Otherwise not: Mixpanel expects no header.
 */
export function guessHeader(records: string[][]): boolean {
  const first = records[0]
  if (!first || first.length === 0) return false
  const cells = first.map(c => c.trim())
  if (cells.some(c => c === '' || looksLikeData(c))) return false
  if (new Set(cells.map(c => c.toLowerCase())).size !== cells.length) return false
  if (cells.some(c => c.startsWith('$') || KNOWN_HEADERS.has(normalize(c)))) return true
  const rest = records.slice(1)
  return cells.some((_, i) => {
    const values = rest.map(r => r[i]?.trim() ?? '').filter(v => v !== '')
    return values.length > 0 && values.filter(looksLikeData).length / values.length >= 0.5
  })
}

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/^\$/, '').replace(/[\s_\-.]+/g, '')
}

const RESERVED_BY_HEADER: Record<string, string> = {
  email: '$email', emailaddress: '$email', mail: '$email',
  firstname: '$first_name', first: '$first_name', givenname: '$first_name', fname: '$first_name',
  lastname: '$last_name', last: '$last_name', surname: '$last_name', familyname: '$last_name', lname: '$last_name',
  name: '$name', fullname: '$name', displayname: '$name',
  username: '$username', login: '$username',
  phone: '$phone', phonenumber: '$phone', mobile: '$phone', telephone: '$phone', tel: '$phone',
  avatar: '$avatar', avatarurl: '$avatar', photo: '$avatar', picture: '$avatar',
  city: '$city', town: '$city',
  region: '$region', state: '$region', province: '$region',
  timezone: '$timezone', tz: '$timezone',
}
// These become reserved only when their values fit what the reserved property means.
const COUNTRY_HEADERS = new Set(['country', 'countrycode', 'countryiso'])
const CREATED_HEADERS = new Set(['created', 'createdat', 'datecreated', 'createddate', 'signup', 'signupdate', 'signedup', 'signedupat', 'signupat', 'registered', 'registeredat'])
const ID_HEADERS = new Set(['distinctid', 'userid', 'id', 'user', 'customerid', 'accountid'])
const GROUP_ID_HEADERS = new Set(['groupid', 'id'])
const KNOWN_HEADERS = new Set([
  ...Object.keys(RESERVED_BY_HEADER), ...COUNTRY_HEADERS, ...CREATED_HEADERS, ...ID_HEADERS, ...GROUP_ID_HEADERS,
  'plan', 'company', 'age', 'country', 'gender', 'status', 'type', 'score', 'lastseen', 'title',
])

export const RESERVED_PROPERTIES = [
  '$name', '$first_name', '$last_name', '$username', '$email', '$phone', '$avatar', '$created',
  '$city', '$region', '$country_code', '$timezone', '$last_seen',
]

export interface ColumnSuggestion {
  /** the property to map to; '' when nothing sensible (headerless, no telling values) */
  property: string
  /** this column looks like the profile's id */
  identifier: boolean
}

/**
 * What each column maps to: a reserved property for obvious headers (or, in a
 * headerless file, for values that can only be emails), else the header's own
 * name. `$country_code` and `$created` only when the values fit. At most one
 * identifier column: the first one whose header names an id.
 */
export function suggestMapping(rows: string[][], header: boolean, options: { groupKey?: string } = {}): ColumnSuggestion[] {
  const width = rows.reduce((m, r) => Math.max(m, r.length), 0)
  const names = header ? rows[0] ?? [] : []
  const data = header ? rows.slice(1) : rows
  const used = new Set<string>()
  let identified = false
  const groupKey = options.groupKey ? normalize(options.groupKey) : undefined
  return Array.from({ length: width }, (_, i): ColumnSuggestion => {
    const raw = (names[i] ?? '').trim()
    const key = normalize(raw)
    const values = data.map(r => r[i]?.trim() ?? '').filter(v => v !== '')
    // Most, not all: one stray or broken cell in the preview should not undo an obvious column.
    const all = (p: RegExp) => values.length > 0 && values.filter(v => p.test(v)).length >= Math.max(1, values.length * 0.8)
    const isId = groupKey !== undefined ? (GROUP_ID_HEADERS.has(key) || key === groupKey) : ID_HEADERS.has(key)
    if (header && !identified && (isId || raw === (groupKey !== undefined ? '$group_id' : '$distinct_id'))) {
      identified = true
      return { property: '', identifier: true }
    }
    let property = ''
    if (header) {
      if (raw.startsWith('$') && RESERVED_PROPERTIES.includes(raw)) property = raw
      else if (RESERVED_BY_HEADER[key]) property = RESERVED_BY_HEADER[key]!
      else if (COUNTRY_HEADERS.has(key) && all(/^[A-Za-z]{2}$/)) property = '$country_code'
      else if (CREATED_HEADERS.has(key) && all(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[-+]\d{2}:?\d{2})?$/)) property = '$created'
      else property = raw.slice(0, 255)
    } else if (all(/^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/)) {
      property = '$email'
    }
    if (property && used.has(property)) property = header ? raw.slice(0, 255) : ''
    if (property && used.has(property)) property = ''
    if (property) used.add(property)
    return { property, identifier: false }
  })
}
