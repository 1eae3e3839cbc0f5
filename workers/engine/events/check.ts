// Event checks: whether a value is an event of Mixpanel's import format, its
// distinct id, time and $insert_id, and the content hash that deduplicates
// it. A leaf of pure functions, shared by every events import and the feed.
import type { TrackedEvent } from '../types'
import { checkId, describe, MAX_ID_LENGTH } from '../ids'
import { parseEventTime } from './time'

/**
 * An event with its 1-based position in the source (a file's line, or the
 * stream's running count); or, from a file reader, why the line is no event.
 * `raw` (a CSV row's cells, or a JSON line) goes with the row if it is skipped.
 */
export interface NumberedEvent { row: number; value?: unknown; error?: string; raw?: readonly string[] }

/** Prefix of an $insert_id the engine derived from the event's content. */
export const DERIVED_INSERT_ID = 'h:'

/** `ms`: the time in milliseconds since 1970 (an ISO string per event cost more than the rest of the check). */
export interface CheckedEvent { distinctId: string; ms: number; event: string; insertId: string; dedup: number; properties: string }

/** The distinct id an event of only a device gets, as Mixpanel's simplified identity gives it. */
export const DEVICE_PREFIX = '$device:'

/**
 * An event's distinct id: its `distinct_id`; without one (absent, null or
 * empty), `$device:<$device_id>` as Mixpanel's simplified identity does;
 * with neither, why not.
 */
export function eventDistinctId(properties: Record<string, unknown>): { id: string } | { error: string } {
  const raw = properties.distinct_id
  const absent = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')
  if (!absent) return checkId(raw, 'properties.distinct_id')
  const device = properties.$device_id
  if (device === undefined || device === null || (typeof device === 'string' && device.trim() === '')) {
    const what = typeof raw === 'string' ? 'empty' : 'missing'
    return { error: `properties.distinct_id is ${what}, and there is no $device_id to take it from` }
  }
  const checked = checkId(device, 'properties.$device_id')
  if ('error' in checked) return checked
  const id = DEVICE_PREFIX + checked.id
  if (id.length > MAX_ID_LENGTH) return { error: `properties.$device_id is longer than ${MAX_ID_LENGTH - DEVICE_PREFIX.length} characters` }
  return { id }
}

/** Validates one event of Mixpanel's import format; returns it ready to store, or why not. */
export function checkEvent(raw: unknown): CheckedEvent | { error: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: `an event must be an object, not ${describe(raw)}` }
  const { event, properties } = raw as Partial<TrackedEvent>
  if (typeof event !== 'string' || event.trim() === '') {
    return { error: event === undefined ? 'event is missing' : `event must be a non-empty string, not ${describe(event)}` }
  }
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    return { error: `properties must be an object, not ${describe(properties)}` }
  }
  const id = eventDistinctId(properties)
  if ('error' in id) return id
  const time = parseEventTime(properties.time)
  if (typeof time !== 'number') return time
  const { distinct_id: _d, time: _t, $insert_id: rawInsertId, ...rest } = properties
  let insertId: string
  if (typeof rawInsertId === 'string' && rawInsertId.trim() !== '') insertId = rawInsertId.trim()
  else if (typeof rawInsertId === 'number' && Number.isFinite(rawInsertId)) insertId = String(rawInsertId)
  else if (rawInsertId === undefined || rawInsertId === null) {
    // Without $insert_id, identical events would be stored again on every
    // re-import; a hash of the content makes re-importing a file idempotent.
    insertId = DERIVED_INSERT_ID + contentHash(`${event}\u0000${id.id}\u0000${time}\u0000${JSON.stringify(rest)}`).toString(36)
  } else {
    return { error: `properties.$insert_id must be a string, not ${describe(rawInsertId)}` }
  }
  return { distinctId: id.id, ms: time, event, insertId, dedup: contentHash(`${event}\u0000${insertId}`), properties: JSON.stringify(rest) }
}

/** cyrb53: a fast 53-bit string hash, ample to tell apart one user's events at one instant. */
function contentHash(text: string): number {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}
