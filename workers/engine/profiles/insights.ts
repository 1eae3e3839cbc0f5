// What the profile page needs beyond getProfile and activity: a user's event
// count and first/last seen, their events per day, the event names in their
// feed, a feed page limited to a time range and to some event names, and the
// cohorts they belong to. (Property names for autocomplete: the catalog.)
//
// Every value (ids, times, event names, property names) reaches SQL as a bound
// parameter; cohort definitions go through the filter compiler, which binds
// theirs through the same Params.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { DayCount, EventNameCount, ProfileSummary, UserCohort } from '../types'
import { Params } from '../sql'
import { compileFilter } from '../filter/compile'
import { loadCohortResolver } from '../cohorts'
import { parseIsoTime } from '../filter/iso'

type Db = PGlite | Transaction


function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} must be a string, not ${typeof value}`)
  return value.trim()
}

function isoTime(value: unknown, what: string): string {
  const ms = typeof value === 'string' ? parseIsoTime(value)?.startMs : undefined
  if (ms === undefined) throw new Error(`${what} must be an ISO time, not ${JSON.stringify(value)}`)
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

/**
 * The saved cohorts a user belongs to, oldest first: static ones by
 * membership, dynamic ones by their definition evaluated at `now` (as the
 * Users page evaluates a cohort condition). A cohort whose definition cannot
 * be compiled any more is left out rather than failing the whole list.
 */
export async function userCohorts(db: Db, distinctId: string, now?: string): Promise<UserCohort[]> {
  const id = text(distinctId, 'a distinct id')
  const at = now === undefined ? new Date().toISOString() : isoTime(now, 'now')
  const { rows: cohorts } = await db.query<UserCohort>('select id, name, kind from cohorts where origin is null order by created_at, id')
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
