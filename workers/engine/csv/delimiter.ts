import Papa from 'papaparse'

const DELIMITERS = [',', ';', '\t', '|'] as const

/**
 * The delimiter that splits the first records into the same number of fields
 * most consistently (quotes respected); ties go to more fields, then to the
 * order `,` `;` tab `|`. A file of one column is comma-separated.
 */
export function guessDelimiter(text: string, whole = true): string {
  let best = { delimiter: ',', consistency: 0, fields: 1 }
  for (const delimiter of DELIMITERS) {
    const parsed = Papa.parse<string[]>(text, { delimiter, preview: 101, header: false, skipEmptyLines: true })
    const records = whole || parsed.data.length < 2 ? parsed.data : parsed.data.slice(0, 100)
    if (records.length === 0) continue
    const counts = new Map<number, number>()
    for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1)
    let fields = 1, n = 0
    for (const [f, c] of counts) if (c > n || (c === n && f > fields)) { fields = f; n = c }
    if (fields < 2) continue
    const consistency = n / records.length
    if (consistency > best.consistency + 1e-9 || (Math.abs(consistency - best.consistency) < 1e-9 && fields > best.fields)) {
      best = { delimiter, consistency, fields }
    }
  }
  return best.delimiter
}

