import type { PGlite } from '@electric-sql/pglite'
import type { StoredEvent } from '../types'
import { DERIVED_INSERT_ID } from './import'

// Newest first. The cursor is (time, id): several events can share a time.
const ACTIVITY_SQL = /* sql */ `
  select e.id::text as id, e.event, e.time, e.insert_id, e.properties
  from events e
  where e.user_id = (select p.id from profiles p where p.group_key = '' and p.distinct_id = $1)
    and ($2::timestamptz is null or (e.time, e.id) < ($2::timestamptz, $3::bigint))
  order by e.time desc, e.id desc
  limit $4`

const MAX_PAGE = 1000

/**
 * One page of a user's activity feed. `before` is a cursor from a previous
 * page's last event, or an ISO time (events strictly before it).
 */
export async function activity(db: PGlite, distinctId: string, page: { before?: string; limit: number }): Promise<StoredEvent[]> {
  const limit = Math.floor(page.limit)
  if (!Number.isFinite(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new Error(`activity: limit must be between 1 and ${MAX_PAGE}, not ${page.limit}`)
  }
  let beforeTime: string | null = null
  let beforeId = '9223372036854775807'
  if (page.before !== undefined) {
    const [time, id] = page.before.split('|')
    const ms = Date.parse(time ?? '')
    if (!Number.isFinite(ms) || (id !== undefined && !/^\d+$/.test(id))) {
      throw new Error(`activity: before "${page.before}" is neither an ISO time nor a cursor from a previous page`)
    }
    beforeTime = new Date(ms).toISOString()
    if (id !== undefined) beforeId = id
    else beforeId = '0' // an ISO time alone: strictly before it
  }
  const { rows } = await db.query<{ id: string; event: string; time: Date; insert_id: string; properties: Record<string, unknown> }>(
    ACTIVITY_SQL, [distinctId, beforeTime, beforeId, limit])
  return rows.map(r => {
    const time = r.time.toISOString()
    const properties = r.insert_id.startsWith(DERIVED_INSERT_ID) ? r.properties : { ...r.properties, $insert_id: r.insert_id }
    return { event: r.event, time, properties, cursor: `${time}|${r.id}` }
  })
}
