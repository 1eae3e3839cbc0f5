// A cohort's size over time (issue 15), and its size as of a date.
// - A point is kept whenever a cohort is saved or its members change
//   ('saved'), and whenever its size is counted, at most one an hour
//   ('counted'), so the Cohorts page can draw a line without ever recounting
//   the past (which it cannot: properties have no history).
// - As of a time T (docs/decisions.md): the filter runs with `now` = T and
//   only events before T count; property conditions read today's values.
import type { CohortSizePoint, Group, UsersQuery } from '../types'
import { parseIsoTime } from '../filter/iso'
import { compileUsersQuery } from '../users/query'
import { loadCohortResolver, type Db } from './index'

/** Counted points closer together than this are not kept. */
export const COUNTED_EVERY_MS = 3_600_000

/** The users of a cohort: a cohort is counted over All Users. */
export function cohortQuery(id: string, now?: string): UsersQuery {
  const filter: Group = { op: 'and', filters: [{ type: 'cohort', cohortId: id, operator: 'in' }] }
  return { scope: 'all', filter, ...(now ? { now } : {}) }
}

async function count(db: Db, query: UsersQuery, asOf = false): Promise<number> {
  const compiled = compileUsersQuery(query, ...(await loadCohortResolver(db)), { asOf })
  const { rows } = await db.query<{ n: number }>(`select count(*)::integer as n ${compiled.from}`, compiled.params.values)
  return rows[0]!.n
}

/** After a save or a change of members: the size now, kept as a point. */
export async function recordSaved(db: Db, id: string): Promise<void> {
  const size = await count(db, cohortQuery(id))
  await db.query(`insert into cohort_sizes (cohort_id, size, reason) values ($1, $2, 'saved')`, [id, size])
}

/** Whether a counted size would be kept: the cohort exists and has no point in the last hour. */
export async function countedIsDue(db: Db, id: string, everyMs = COUNTED_EVERY_MS): Promise<boolean> {
  const { rows } = await db.query<{ due: boolean }>(
    `select exists (select 1 from cohorts where id = $1)
        and not exists (select 1 from cohort_sizes where cohort_id = $1 and at > clock_timestamp() - make_interval(secs => $2::float8)) as due`,
    [id, everyMs / 1000])
  return rows[0]!.due
}

/** Keeps a counted size, unless a point came in the last hour meanwhile. */
export async function recordCounted(db: Db, id: string, size: number, everyMs = COUNTED_EVERY_MS): Promise<void> {
  await db.query(
    `insert into cohort_sizes (cohort_id, size, reason)
     select $1, $2, 'counted'
      where exists (select 1 from cohorts where id = $1)
        and not exists (select 1 from cohort_sizes where cohort_id = $1 and at > clock_timestamp() - make_interval(secs => $3::float8))`,
    [id, size, everyMs / 1000])
}

export async function sizeHistory(db: Db, id: string): Promise<CohortSizePoint[]> {
  const { rows } = await db.query<{ at: Date; size: number; reason: CohortSizePoint['reason'] }>(
    'select at, size, reason from cohort_sizes where cohort_id = $1 order by at', [id])
  return rows.map(r => ({ at: r.at.toISOString(), size: r.size, reason: r.reason }))
}

/**
 * The size as of `at`: an ISO time, or a date meaning the end of that day
 * (UTC), so "on 2024-06-01" counts that day's events.
 */
export async function sizeAt(db: Db, id: string, at: string): Promise<number> {
  const parsed = typeof at === 'string' ? parseIsoTime(at) : undefined
  if (!parsed) throw new Error(`the date must be an ISO date or date-time, not ${JSON.stringify(at)}`)
  const { rows } = await db.query<{ kind: string }>('select kind from cohorts where id = $1', [id])
  if (!rows[0]) throw new Error(`there is no cohort ${JSON.stringify(id)}`)
  return count(db, cohortQuery(id, parsed.bare ? parsed.end : parsed.start), true)
}
