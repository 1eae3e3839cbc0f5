// The status line's totals (profiles, users, groups, events, cohorts), kept
// with the state of the write counters they were counted in
// (schema/007_fast_counts.ts). The Users page shows the total of a cold open
// from them when no write happened since: the counters prove it, whichever
// path a write came by. Otherwise they are counted (a scan of profiles and of
// events) and kept again.
import type { PGlite } from '@electric-sql/pglite'
import type { DatabaseStats } from '../types'

/** The counters' state: every statement that wrote profiles, events or cohorts moved one of them. */
const WRITES_SQL = /* sql */ `
  select (select last_value::text || ':' || is_called::text from profile_writes) || '/' ||
         (select last_value::text || ':' || is_called::text from data_writes) as writes,
         (select k.stats from kept_stats k) as stats,
         (select k.writes from kept_stats k) as kept`

// One scan of the profiles for their three counts.
export const STATS_SQL = /* sql */ `
  select p.profiles, p.users, p.groups,
    (select count(*) from events)::integer as events,
    (select count(*) from cohorts)::integer as cohorts
  from (
    select
      (count(*) filter (where group_key = '' and properties <> '{}'::jsonb))::integer as profiles,
      (count(*) filter (where group_key = ''))::integer as users,
      (count(*) filter (where group_key <> ''))::integer as groups
    from profiles
  ) p`

const KEEP_SQL = /* sql */ `
  with gone as (delete from kept_stats)
  insert into kept_stats (writes, stats) values ($1, $2::jsonb)`

export async function keptStats(db: PGlite): Promise<DatabaseStats> {
  const now = (await db.query<{ writes: string; stats: DatabaseStats | null; kept: string | null }>(WRITES_SQL)).rows[0]!
  if (now.stats && now.kept === now.writes) return now.stats
  const stats = (await db.query<DatabaseStats>(STATS_SQL)).rows[0]!
  await db.query(KEEP_SQL, [now.writes, JSON.stringify(stats)])
  return stats
}
