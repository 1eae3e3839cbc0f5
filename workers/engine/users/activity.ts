// The Users table's two columns read from events rather than properties:
// "Last seen" (the user's latest event, else their `$last_seen` property, as
// the profile page's header shows it) and "Events" (how many they have).
// Both sort; a window's rows get their values by one read of the events
// index for the window's ids.
import type { PGlite } from '@electric-sql/pglite'
import type { UserRow } from '../types'

/** The column names: `$last_seen` is the reserved property, read from events where the user has any. */
export const LAST_SEEN = '$last_seen'
export const EVENT_COUNT = '$event_count'

/** Per profile row `p`: the latest event's time as microseconds, else the `$last_seen` property's cast (schema/003_casts.ts). */
export const LAST_SEEN_SQL = /* sql */ `coalesce(
    (select cl_micros(max(e.time)) from events e where e.user_id = p.id),
    (p.times ->> '$last_seen')::bigint)`

export const EVENT_COUNT_SQL = /* sql */ `(select count(*) from events e where e.user_id = p.id)`

const WINDOW_ACTIVITY_SQL = /* sql */ `
  select w.id,
         (select count(*) from events e where e.user_id = w.id)::integer as events,
         (select max(e.time) from events e where e.user_id = w.id) as last_seen
  from unnest($1::integer[]) as w (id)`

/** Adds `lastSeen` and `eventCount` to the rows of a window (`ids[i]` is `rows[i]`'s profile row). */
export async function withActivity(db: PGlite, ids: number[], rows: UserRow[]): Promise<UserRow[]> {
  if (ids.length === 0) return rows
  const { rows: found } = await db.query<{ id: number; events: number; last_seen: Date | null }>(WINDOW_ACTIVITY_SQL, [ids])
  const byId = new Map(found.map(r => [r.id, r]))
  return rows.map((row, i) => {
    const a = byId.get(ids[i]!)
    return { ...row, lastSeen: a?.last_seen ? a.last_seen.toISOString() : null, eventCount: a?.events ?? 0 }
  })
}
