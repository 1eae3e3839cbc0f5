import { asNumber } from '../profiles/operations'

/**
 * A cell read with the `typed` option: numbers, true/false and JSON lists as
 * such; also JSON objects, and a JSON string (`"00123"`), which is how an
 * exact export (export/cells.ts) writes a string that would otherwise read as
 * a number, boolean or list. Everything else is the string.
 */
export function typedValue(cell: string): unknown {
  const t = cell.trim()
  const n = asNumber(t)
  if (n !== null) return n
  const lower = t.toLowerCase()
  if (lower === 'true') return true
  if (lower === 'false') return false
  const first = t[0], last = t[t.length - 1]
  if ((first === '[' && last === ']') || (first === '{' && last === '}') || (t.length >= 2 && first === '"' && last === '"')) {
    try {
      const parsed: unknown = JSON.parse(t)
      if (first === '[' ? Array.isArray(parsed) : first === '{' ? isObject(parsed) : typeof parsed === 'string') return parsed
    } catch { /* not JSON: a string */ }
  }
  return cell
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)
