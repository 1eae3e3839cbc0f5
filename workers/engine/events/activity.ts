import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { FeedPage, StoredEvent } from '../types'
import { DERIVED_INSERT_ID } from './check'
import { parseIsoTime } from '../filter/iso'


// Newest first. The cursor is (time, id): several events can share a time.
// Hidden names are left out in SQL, so a page is never empty while more follow.
const ACTIVITY_SQL = /* sql */ `
  select e.id::text as id, e.event, e.time, e.insert_id, e.properties
  from events e
  where e.user_id = (select p.id from profiles p where p.group_key = '' and p.distinct_id = $1)
    and ($2::timestamptz is null or (e.time, e.id) < ($2::timestamptz, $3::bigint))
    and ($4::timestamptz is null or e.time >= $4::timestamptz)
    and not (e.event = any($5::text[]))
  order by e.time desc, e.id desc
  limit $6`

const MAX_PAGE = 1000
const LAST_ID = '9223372036854775807'

/** One page of a user's activity feed, newest first. */
export async function activity(db: PGlite | Transaction, distinctId: string, page: FeedPage): Promise<StoredEvent[]> {
  if (typeof distinctId !== 'string') throw new Error(`activity: a distinct id must be a string, not ${typeof distinctId}`)
  const limit = Math.floor(page.limit)
  if (!Number.isFinite(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new Error(`activity: limit must be between 1 and ${MAX_PAGE}, not ${page.limit}`)
  }
  let beforeTime: string | null = null
  let beforeId = LAST_ID
  if (page.before !== undefined) {
    const [time, id] = String(page.before).split('|')
    const ms = parseIsoTime(time ?? '')?.startMs
    if (ms === undefined || (id !== undefined && !/^\d{1,19}$/.test(id))) {
      throw new Error(`activity: before "${page.before}" is neither an ISO time nor a cursor from a previous page`)
    }
    beforeTime = new Date(ms).toISOString()
    beforeId = id ?? '0' // an ISO time alone: strictly before it
  }
  let since: string | null = null
  if (page.since !== undefined) {
    const ms = typeof page.since === 'string' ? parseIsoTime(page.since)?.startMs : undefined
    if (ms === undefined) throw new Error(`activity: since must be an ISO time, not ${JSON.stringify(page.since)}`)
    since = new Date(ms).toISOString()
  }
  const exclude = page.exclude ?? []
  if (!Array.isArray(exclude) || exclude.some(v => typeof v !== 'string')) throw new Error('activity: exclude must be a list of event names')
  const { rows } = await db.query<{ id: string; event: string; time: Date; insert_id: string; properties: Record<string, unknown> }>(
    ACTIVITY_SQL, [distinctId.trim(), beforeTime, beforeId, since, exclude, limit])
  return rows.map(r => {
    const time = r.time.toISOString()
    const properties = r.insert_id.startsWith(DERIVED_INSERT_ID) ? r.properties : { ...r.properties, $insert_id: r.insert_id }
    return { event: r.event, time, properties, cursor: `${time}|${r.id}` }
  })
}
