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

// What papaparse would quote or guard: a quote, delimiter or line break
// anywhere (or a BOM), a space at either end, a formula character first.
// Other cells come out of Papa.unparse unchanged, so they skip it.
const SPECIAL = /["\r\n,\uFEFF]|^[ =+\-@\t]| $/

/** One cell's CSV text, quoted (and guarded) by Papa.unparse when it needs to be. */
export function csvCell(value: string | number | boolean | undefined, guard: boolean): string {
  if (value === undefined) return ''
  if (typeof value !== 'string') return String(value)
  if (!SPECIAL.test(value)) return value
  return Papa.unparse([[value]], { header: false, escapeFormulae: guard ? FORMULA : false })
}

/** Rows of cells as CSV lines (CRLF after each); `guard`: the formula guard. The same text as Papa.unparse of the rows. */
export function csvLines(rows: Array<Array<string | number | boolean | undefined>>, guard: boolean): string {
  let text = ''
  for (const row of rows) {
    let line = ''
    for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : ',') + csvCell(row[i], guard)
    text += line + '\r\n'
  }
  return text
}

/** `{"$distinct_id": …, "$set": {…}}` (groups: `$group_key`, `$group_id`) with the chosen properties, unset ones left out. */
export function engageLine(id: string, groupKey: string, properties: Record<string, unknown>, names: EngageNames): string {
  const who = groupKey === '' ? `{"$distinct_id":${JSON.stringify(id)}` : `{"$group_key":${JSON.stringify(groupKey)},"$group_id":${JSON.stringify(id)}`
  if (names === 'all' || covers(names.set, properties)) return `${who},"$set":${JSON.stringify(properties)}}\n`
  let set = ''
  for (let i = 0; i < names.names.length; i++) {
    const value = properties[names.names[i]!]
    if (value !== undefined && value !== null) set += (set === '' ? '' : ',') + names.keys[i] + JSON.stringify(value)
  }
  return `${who},"$set":{${set}}}\n`
}

/** The properties of an NDJSON export, each with its `"name":` written once. */
export type EngageNames = 'all' | { names: string[]; keys: string[]; set: ReadonlySet<string> }

export function engageNames(names: string[] | 'all'): EngageNames {
  return names === 'all' ? 'all' : { names, keys: names.map(n => JSON.stringify(n) + ':'), set: new Set(names) }
}

/** Whether every property of a profile is wanted and set: its `$set` is then the whole document, written in one call. */
function covers(wanted: ReadonlySet<string>, properties: Record<string, unknown>): boolean {
  for (const key in properties) if (!wanted.has(key) || properties[key] === null) return false
  return true
}
