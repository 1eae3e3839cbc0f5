import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { ImportSummary, TrackedEvent } from '../types'
import { checkId, describe } from '../ids'
import { parseEventTime } from './time'
import { storeEventStream, type BulkOptions } from './bulk'

type Db = PGlite | Transaction

/** Prefix of an $insert_id the engine derived from the event's content. */
export const DERIVED_INSERT_ID = 'h:'

/** `ms`: the time in milliseconds since 1970 (an ISO string per event cost more than the rest of the check). */
export interface CheckedEvent { distinctId: string; ms: number; event: string; insertId: string; dedup: number; properties: string }

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
  const id = checkId(properties.distinct_id, 'properties.distinct_id')
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

/**
 * Stores events within the caller's transaction. Invalid events are reported
 * with their 1-based position and skipped; duplicates of
 * (event, distinct_id, time, $insert_id), already stored or repeated in the
 * batch, are stored once and counted in `duplicates`. The same code as the
 * bulk stream (bulk.ts), one batch long.
 */
export async function importEvents(tx: Db, events: TrackedEvent[], options: BulkOptions = {}): Promise<ImportSummary> {
  if (!Array.isArray(events)) throw new Error('importEvents expects a list of events')
  return storeEventStream(tx, [events.map((value, i) => ({ row: i + 1, value }))], options)
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
