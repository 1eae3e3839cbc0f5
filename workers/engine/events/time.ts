// Event times: Unix seconds, or milliseconds from 10^11 (engine.md). ISO
// strings are taken too, since exports from other tools carry them.
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/
const NUMERIC = /^\s*[-+]?\d+(\.\d+)?\s*$/
const MS_FROM = 1e11
const LATEST_MS = Date.UTC(3000, 0, 1)

/** Milliseconds since the epoch, or an error message naming the value. */
export function parseEventTime(raw: unknown): number | { error: string } {
  let ms: number
  if (typeof raw === 'number' || (typeof raw === 'string' && NUMERIC.test(raw))) {
    const n = Number(raw)
    ms = Math.abs(n) < MS_FROM ? n * 1000 : n
  } else if (typeof raw === 'string' && ISO.test(raw.trim())) {
    const s = raw.trim()
    // A date-time without a zone is UTC, as in filters.md.
    ms = Date.parse(/[T ]\d{2}:\d{2}/.test(s) && !/(Z|[+-]\d{2}(:?\d{2})?)$/.test(s) ? s.replace(' ', 'T') + 'Z' : s.replace(' ', 'T'))
  } else if (raw === undefined || raw === null) {
    return { error: 'properties.time is missing' }
  } else {
    return { error: `properties.time ${JSON.stringify(raw)} is not Unix seconds, milliseconds or an ISO date` }
  }
  if (!Number.isFinite(ms) || ms < 0 || ms >= LATEST_MS) {
    return { error: `properties.time ${JSON.stringify(raw)} is out of range` }
  }
  return Math.round(ms)
}
