import { asNumber } from '../profiles/operations'

/** A cell read with the `typed` option: numbers, true/false and JSON lists as such; everything else the string. */
export function typedValue(cell: string): unknown {
  const t = cell.trim()
  const n = asNumber(t)
  if (n !== null) return n
  const lower = t.toLowerCase()
  if (lower === 'true') return true
  if (lower === 'false') return false
  if (t.startsWith('[') && t.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(t)
      if (Array.isArray(parsed)) return parsed
    } catch { /* not JSON: a string */ }
  }
  return cell
}
