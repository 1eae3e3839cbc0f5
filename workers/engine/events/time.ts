// Event times: Unix seconds, or milliseconds from 10^11 (engine.md). ISO
// strings are taken too, since exports from other tools carry them, read as
// filters read them (no zone means UTC).
import { parseIsoTime } from '../filter/iso'

const NUMERIC = /^\s*[-+]?\d+(\.\d+)?\s*$/
const MS_FROM = 1e11
const LATEST_MS = Date.UTC(3000, 0, 1)

/** Milliseconds since the epoch, or an error message naming the value. */
export function parseEventTime(raw: unknown): number | { error: string } {
  let ms: number
  const iso = typeof raw === 'string' ? parseIsoTime(raw.trim()) : undefined
  if (typeof raw === 'number' || (typeof raw === 'string' && NUMERIC.test(raw))) {
    const n = Number(raw)
    ms = Math.abs(n) < MS_FROM ? n * 1000 : n
  } else if (iso) {
    ms = iso.startMs
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
