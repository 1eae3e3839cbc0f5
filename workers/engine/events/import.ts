import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { ImportSummary, TrackedEvent } from '../types'
import { checkId, describe } from '../ids'
import { parseEventTime } from './time'
import { CopyWriter } from '../copy'

type Db = PGlite | Transaction

/** Prefix of an $insert_id the engine derived from the event's content. */
export const DERIVED_INSERT_ID = 'h:'

export interface CheckedEvent { distinctId: string; time: string; event: string; insertId: string; dedup: number; properties: string }

// Events arrive through COPY into a staging table; three statements then
// give unknown distinct ids an (event-only) user row and store the events,
// duplicates of (user, time, event, $insert_id) once.
const STAGE_SQL = /* sql */ `
  create temp table if not exists events_stage (
    distinct_id text not null, time timestamptz not null, event text not null,
    insert_id text not null, dedup bigint not null, properties jsonb not null
  )`

const ENSURE_USERS_SQL = /* sql */ `
  insert into profiles (group_key, distinct_id, properties, has_profile)
  select distinct '', s.distinct_id, '{}'::jsonb, false from events_stage s
  where not exists (select 1 from profiles p where p.group_key = '' and p.distinct_id = s.distinct_id)
  on conflict (group_key, distinct_id) do nothing`

const INSERT_SQL = /* sql */ `
  insert into events (user_id, time, event, insert_id, dedup, properties)
  select p.id, s.time, s.event, s.insert_id, s.dedup, s.properties
  from events_stage s join profiles p on p.group_key = '' and p.distinct_id = s.distinct_id
  order by p.id, s.time
  on conflict (user_id, time, dedup) do nothing`

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
  return { distinctId: id.id, time: new Date(time).toISOString(), event, insertId, dedup: contentHash(`${event}\u0000${insertId}`), properties: JSON.stringify(rest) }
}

/**
 * Stores events, one transaction for the whole call. Invalid events are
 * reported with their 1-based position and skipped; duplicates of
 * (event, distinct_id, time, $insert_id), already stored or repeated in the
 * batch, are stored once and counted in `duplicates`.
 */
export async function importEvents(tx: Db, events: TrackedEvent[]): Promise<ImportSummary> {
  if (!Array.isArray(events)) throw new Error('importEvents expects a list of events')
  const summary: ImportSummary = { rows: events.length, created: 0, updated: 0, skipped: 0, errors: [], duplicates: 0 }
  const valid: CheckedEvent[] = []
  events.forEach((raw, i) => {
    const checked = checkEvent(raw)
    if ('error' in checked) summary.errors.push({ row: i + 1, message: checked.error })
    else valid.push(checked)
  })
  summary.skipped = summary.errors.length

  if (valid.length > 0) {
    await tx.exec(STAGE_SQL)
    await tx.exec('truncate events_stage')
    const stage = new CopyWriter(tx, 'events_stage', ['distinct_id', 'time', 'event', 'insert_id', 'dedup', 'properties'])
    for (const e of valid) await stage.add([e.distinctId, e.time, e.event, e.insertId, e.dedup, e.properties])
    await stage.flush()
    // Temporary tables have no statistics until analysed; without them the
    // planner hashes every profile to join a few thousand events.
    await tx.exec('analyze events_stage')
    await tx.query(ENSURE_USERS_SQL)
    summary.created = (await tx.query(INSERT_SQL)).affectedRows ?? 0
    await tx.exec('truncate events_stage')
  }
  summary.duplicates = valid.length - summary.created
  return summary
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
