// Ids that tracking libraries emit by mistake (profiles.md), and those
// Mixpanel's ingestion also refuses (anonymous, n/a, …): compared ignoring
// case and surrounding white space, in events, updates and CSV imports alike.
const REFUSED_IDS = new Set([
  'anon', 'null', 'undefined', 'none', 'nil', '0', '-1', '[]', '{}',
  '00000000-0000-0000-0000-000000000000', '',
  'anonymous', 'n/a', 'na', 'unknown', '<nil>', 'true', 'false',
])

export const MAX_ID_LENGTH = 255

/** The id as stored (trimmed text), or an error message naming the problem. */
export function checkId(raw: unknown, field: string): { id: string } | { error: string } {
  let text: string
  if (typeof raw === 'string') text = raw.trim()
  else if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw)
  else if (raw === undefined) return { error: `${field} is missing` }
  else return { error: `${field} must be a string or a number, not ${describe(raw)}` }
  if (text.length > MAX_ID_LENGTH) return { error: `${field} is longer than ${MAX_ID_LENGTH} characters` }
  if (REFUSED_IDS.has(text.toLowerCase())) {
    return { error: text === '' ? `${field} is empty` : `${field} "${text}" is not a valid id (tracking libraries send it by mistake)` }
  }
  return { id: text }
}

export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`
}
