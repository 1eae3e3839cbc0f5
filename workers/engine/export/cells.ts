// A profile's values as CSV cells and as NDJSON, for export/users.ts. The
// CSV rules (docs/formats.md): numbers in their shortest text, true/false,
// lists and objects as JSON, unset (absent or null) as an empty cell. The
// quoting is papaparse's (RFC 4180), and so is the spreadsheet formula guard:
// a text cell that begins with = + - @ tab or CR gets a leading ' (OWASP's
// CSV-injection advice); numbers and booleans are never formulas, so they
// keep their sign. In an exact export, a string that "detect types" would
// read back as something else (a number, true/false, a list, a blank) is
// written as a JSON string, which the typed import reads back as that string.
import Papa from 'papaparse'
import { typedValue } from '../csv/typed'

/** Papa's own formula pattern stops at a line break (`.*$` without /m); this one looks at the first character only. */
const FORMULA = /^[=+\-@\t\r]/

/** One value as what Papa.unparse quotes: numbers and booleans as themselves, the rest as text; undefined for unset. */
export function csvValue(value: unknown, exact: boolean): string | number | boolean | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' || typeof value === 'boolean') return value
  if (typeof value === 'string') return exact && readsAsOther(value) ? JSON.stringify(value) : value
  return JSON.stringify(value)
}

/** Whether the typed CSV import would not give this string back as it is. */
function readsAsOther(text: string): boolean {
  return text.trim() === '' || typedValue(text) !== text
}

/** Rows of cells as CSV lines (CRLF after each), quoted by papaparse; `guard`: the formula guard. */
export function csvLines(rows: Array<Array<string | number | boolean | undefined>>, guard: boolean): string {
  if (rows.length === 0) return ''
  return Papa.unparse(rows, { header: false, newline: '\r\n', escapeFormulae: guard ? FORMULA : false }) + '\r\n'
}

/** `{"$distinct_id": …, "$set": {…}}` (groups: `$group_key`, `$group_id`) with the chosen properties, unset ones left out. */
export function engageLine(id: string, groupKey: string, properties: Record<string, unknown>, names: string[] | 'all'): string {
  let set: Record<string, unknown> = properties
  if (names !== 'all') {
    set = {}
    for (const name of names) {
      const value = properties[name]
      if (value !== undefined && value !== null) set[name] = value
    }
  }
  const who = groupKey === '' ? { $distinct_id: id } : { $group_key: groupKey, $group_id: id }
  return JSON.stringify({ ...who, $set: set }) + '\n'
}
