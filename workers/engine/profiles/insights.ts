// What the profile page needs beyond getProfile and activity: a user's event
// count and first/last seen, their events per day, the event names in their
// feed, a feed page limited to a time range and to some event names, and the
// cohorts they belong to. (Property names for autocomplete: the catalog.)
//
// Every value (ids, times, event names, property names) reaches SQL as a bound
// parameter; cohort definitions go through the filter compiler, which binds
// theirs through the same Params.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { StoredEvent } from '../types'
import { Params } from '../sql'
import { compileFilter } from '../filter/compile'
import { loadCohortResolver } from '../cohorts'
import { DERIVED_INSERT_ID } from '../events/import'

type Db = PGlite | Transaction

/** extension: the header figures of a profile page. */
export interface ProfileSummary {
  /** 'profile': the id has a profile (maybe with no property left); 'events': events only; 'none': unknown id. */
  kind: 'profile' | 'events' | 'none'
  eventCount: number
  /** ISO times of the user's first and latest event; null without events. */
  firstSeen: string | null
  lastSeen: string | null
}

export interface DayCount { day: string; count: number }
export interface EventNameCount { event: string; count: number }
export interface UserCohort { id: string; name: string; kind: 'dynamic' | 'static' }

export interface FeedPage {
  /** a cursor from a previous page's last event, or an ISO time: events strictly before it. */
  before?: string
  /** ISO time: only events at or after it. */
  since?: string
  /** event names left out of the feed. */
  exclude?: string[]
  limit: number
}

const MAX_PAGE = 1000

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} must be a string, not ${typeof value}`)
  return value.trim()
}

function isoTime(value: unknown, what: string): string {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN
  if (!Number.isFinite(ms)) throw new Error(`${what} must be an ISO time, not ${JSON.stringify(value)}`)
  return new Date(ms).toISOString()
}

function names(value: unknown, what: string): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) throw new Error(`${what} must be a list of event names`)
  return value as string[]
}

const SUMMARY_SQL = /* sql */ `
  select p.has_profile,
         (select count(*) from events e where e.user_id = p.id)::integer as n,
         (select min(e.time) from events e where e.user_id = p.id) as first_seen,
         (select max(e.time) from events e where e.user_id = p.id) as last_seen
  from profiles p
  where p.group_key = $1 and p.distinct_id = $2`

/** Event count and first/last seen of a user (groupKey '' ) or a group profile. */
export async function profileSummary(db: Db, distinctId: string, groupKey = ''): Promise<ProfileSummary> {
  const id = text(distinctId, 'a distinct id')
  const { rows } = await db.query<{ has_profile: boolean; n: number; first_seen: Date | null; last_seen: Date | null }>(
    SUMMARY_SQL, [text(groupKey, 'a group key'), id])
  const row = rows[0]
  if (!row) return { kind: 'none', eventCount: 0, firstSeen: null, lastSeen: null }
  return {
    kind: row.has_profile ? 'profile' : 'events',
    eventCount: row.n,
    firstSeen: row.first_seen?.toISOString() ?? null,
    lastSeen: row.last_seen?.toISOString() ?? null,
  }
}

const PER_DAY_SQL = /* sql */ `
  select to_char(date_trunc('day', e.time at time zone 'UTC'), 'YYYY-MM-DD') as day, count(*)::integer as n
  from events e
  where e.user_id = (select p.id from profiles p where p.group_key = '' and p.distinct_id = $1)
    and e.time >= $2::timestamptz and e.time < $3::timestamptz
    and not (e.event = any($4::text[]))
  group by 1
  order by 1`

/** The user's events per UTC day in [from, to), days without events left out, oldest first. */
export async function eventsPerDay(db: Db, distinctId: string, range: { from: string; to: string; exclude?: string[] }): Promise<DayCount[]> {
  const { rows } = await db.query<{ day: string; n: number }>(PER_DAY_SQL, [
    text(distinctId, 'a distinct id'), isoTime(range.from, 'from'), isoTime(range.to, 'to'), names(range.exclude, 'exclude')])
  return rows.map(r => ({ day: r.day, count: r.n }))
}

const EVENT_NAMES_SQL = /* sql */ `
  select e.event, count(*)::integer as n
  from events e
  where e.user_id = (select p.id from profiles p where p.group_key = '' and p.distinct_id = $1)
  group by e.event
  order by n desc, e.event`

/** The event names in a user's feed with how often each occurs, most frequent first. */
export async function userEventNames(db: Db, distinctId: string): Promise<EventNameCount[]> {
  const { rows } = await db.query<{ event: string; n: number }>(EVENT_NAMES_SQL, [text(distinctId, 'a distinct id')])
  return rows.map(r => ({ event: r.event, count: r.n }))
}

const FEED_SQL = /* sql */ `
  select e.id::text as id, e.event, e.time, e.insert_id, e.properties
  from events e
  where e.user_id = (select p.id from profiles p where p.group_key = '' and p.distinct_id = $1)
    and ($2::timestamptz is null or (e.time, e.id) < ($2::timestamptz, $3::bigint))
    and ($4::timestamptz is null or e.time >= $4::timestamptz)
    and not (e.event = any($5::text[]))
  order by e.time desc, e.id desc
  limit $6`

/**
 * One page of the activity feed, newest first, as `activity` pages it (same
 * cursors), limited to events since a time and without some event names.
 */
export async function feed(db: Db, distinctId: string, page: FeedPage): Promise<StoredEvent[]> {
  const limit = Math.floor(page.limit)
  if (!Number.isFinite(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new Error(`feed: limit must be between 1 and ${MAX_PAGE}, not ${page.limit}`)
  }
  let beforeTime: string | null = null
  let beforeId = '9223372036854775807'
  if (page.before !== undefined) {
    const [time, id] = String(page.before).split('|')
    const ms = Date.parse(time ?? '')
    if (!Number.isFinite(ms) || (id !== undefined && !/^\d{1,19}$/.test(id))) {
      throw new Error(`feed: before "${page.before}" is neither an ISO time nor a cursor from a previous page`)
    }
    beforeTime = new Date(ms).toISOString()
    beforeId = id ?? '0'
  }
  const since = page.since === undefined ? null : isoTime(page.since, 'feed: since')
  const { rows } = await db.query<{ id: string; event: string; time: Date; insert_id: string; properties: Record<string, unknown> }>(
    FEED_SQL, [text(distinctId, 'a distinct id'), beforeTime, beforeId, since, names(page.exclude, 'feed: exclude'), limit])
  return rows.map(r => {
    const time = r.time.toISOString()
    const properties = r.insert_id.startsWith(DERIVED_INSERT_ID) ? r.properties : { ...r.properties, $insert_id: r.insert_id }
    return { event: r.event, time, properties, cursor: `${time}|${r.id}` }
  })
}

/**
 * The saved cohorts a user belongs to, oldest first: static ones by
 * membership, dynamic ones by their definition evaluated at `now` (as the
 * Users page evaluates a cohort condition). A cohort whose definition cannot
 * be compiled any more is left out rather than failing the whole list.
 */
export async function userCohorts(db: Db, distinctId: string, now?: string): Promise<UserCohort[]> {
  const id = text(distinctId, 'a distinct id')
  const at = now === undefined ? new Date().toISOString() : isoTime(now, 'now')
  const { rows: cohorts } = await db.query<UserCohort>('select id, name, kind from cohorts order by created_at, id')
  if (cohorts.length === 0) return []
  const [resolve] = await loadCohortResolver(db)
  const params = new Params()
  const idParam = params.add(id)
  const columns: string[] = []
  const compiled: UserCohort[] = []
  for (const c of cohorts) {
    const checkpoint = params.values.length
    try {
      const expr = compileFilter({ op: 'and', filters: [{ type: 'cohort', cohortId: c.id, operator: 'in' }] },
        { params, now: at, groupKey: '', cohorts: resolve })
      columns.push(`(${expr}) as m${compiled.length}`)
      compiled.push(c)
    } catch {
      params.values.length = checkpoint
    }
  }
  if (compiled.length === 0) return []
  const { rows } = await db.query<Record<string, boolean>>(
    `select ${columns.join(',\n       ')}\nfrom profiles p where p.group_key = '' and p.distinct_id = ${idParam}`, params.values)
  const row = rows[0]
  if (!row) return []
  return compiled.filter((_, i) => row[`m${i}`] === true)
}
