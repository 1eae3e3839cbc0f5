// Export of events in Mixpanel's raw-export shape, one event a line:
//   {"event": …, "properties": {"time": <seconds>, "distinct_id": …, "$insert_id": …, …}}
// for one user (the profile page's "Export activity") or for every user a
// view selects. Users are taken in first-seen order, a batch at a time
// (keyset on profiles.id); each user's events in time order, read in chunks by
// keyset on the events_dedup index (user_id, time, dedup), so neither the
// users nor the events are ever all in memory.
//
// The file re-imports as all duplicates: the stored $insert_id is written
// (the derived `h:` ones too), and the time keeps its milliseconds as a
// fraction of a second, so each line hashes and dedups to the stored event.
import type { PGlite } from '@electric-sql/pglite'
import type { EventsExport, ExportChunk, ExportStream } from './types'
import { checkChunkRows, rowChunks, selectRows, type Read, type Resolver, type Selected } from './rows'
import { exportFileName } from './names'

const CHUNK_EVENTS = 5_000
const USER_BATCH = 2_000

interface EventRow { user_id: number; time: Date; dedup: string; event: string; insert_id: string; properties: string }

// `properties::text` passes the stored document through as text: parsing it
// only to write it again would cost more than the read.
const EVENTS_SQL = /* sql */ `
  select e.user_id, e.time, e.dedup::text as dedup, e.event, e.insert_id, e.properties::text as properties
  from events e
  where e.user_id = any($1::integer[]) and e.user_id <= $2
    and (e.user_id, e.time, e.dedup) > ($3::integer, $4::timestamptz, $5::bigint)
  order by e.user_id, e.time, e.dedup
  limit $6`

const COUNT_SQL = (from: string) => /* sql */ `
  select count(*)::integer as n from events e where e.user_id in (select p.id ${from})`

const ONE_USER_SQL = /* sql */ `
  select p.id, p.distinct_id from profiles p where p.group_key = '' and p.distinct_id = $1`

/** One stored event as a line of Mixpanel's raw export. */
export function rawEventLine(row: EventRow, distinctId: string): string {
  const rest = row.properties === '{}' ? '' : ',' + row.properties.slice(1, -1)
  return `{"event":${JSON.stringify(row.event)},"properties":{"time":${row.time.getTime() / 1000},` +
    `"distinct_id":${JSON.stringify(distinctId)},"$insert_id":${JSON.stringify(row.insert_id)}${rest}}}\n`
}

export async function exportEvents(db: PGlite, read: Read, resolver: Resolver, spec: EventsExport, signal?: AbortSignal): Promise<ExportStream> {
  if (typeof spec !== 'object' || spec === null) throw new Error('an events export must be an object')
  const size = checkChunkRows(spec.chunkRows, CHUNK_EVENTS)
  let users: AsyncIterable<Array<{ id: number; distinct_id: string }>>
  let total: number
  let what: string
  if ('distinctId' in spec) {
    if (typeof spec.distinctId !== 'string' || spec.distinctId.trim() === '') throw new Error('distinctId must be a distinct id')
    const { rows: [user] } = await read(() => db.query<{ id: number; distinct_id: string }>(ONE_USER_SQL, [spec.distinctId.trim()]))
    if (!user) throw new Error(`no user has the distinct id ${JSON.stringify(spec.distinctId)}`)
    total = (await read(() => db.query<{ n: number }>('select count(*)::integer as n from events where user_id = $1', [user.id]))).rows[0]!.n
    users = (async function* () { yield [user] })()
    what = `${spec.distinctId.trim()}-events`
  } else {
    if (spec.query?.groupKey) throw new Error('events belong to users: an events export takes a users query, not a group key\'s')
    const rows = selectRows(spec.query, spec.selection, resolver)
    total = await read(() => countEvents(db, rows))
    users = rowChunks(db, read, rows, USER_BATCH, signal)
    what = 'events'
  }
  const encoder = new TextEncoder()

  async function* chunks(): AsyncGenerator<ExportChunk, void, undefined> {
    let count = 0
    let bytes = 0
    for await (const batch of users) {
      const ids = batch.map(u => u.id)
      const idOf = new Map(batch.map(u => [u.id, u.distinct_id]))
      const last = ids.reduce((a, b) => Math.max(a, b), 0)
      let cursor: [number, string, string] = [0, '1970-01-01T00:00:00Z', '-9223372036854775808']
      for (;;) {
        signal?.throwIfAborted()
        const rows = (await read(() => db.query<EventRow>(EVENTS_SQL, [ids, last, ...cursor, size]))).rows
        if (rows.length > 0) {
          const text = rows.map(r => rawEventLine(r, idOf.get(r.user_id)!)).join('')
          const data = encoder.encode(text)
          count += rows.length
          bytes += data.length
          yield { data, rows: count, bytes }
        }
        if (rows.length < size) break
        const end = rows[rows.length - 1]!
        cursor = [end.user_id, end.time.toISOString(), end.dedup]
      }
    }
  }

  return { total, columns: [], fileName: exportFileName(what, 'ndjson', new Date()), mimeType: 'application/x-ndjson', chunks: chunks() }
}

async function countEvents(db: PGlite, rows: Selected): Promise<number> {
  const { rows: [row] } = await db.query<{ n: number }>(COUNT_SQL(rows.from), rows.values)
  return row!.n
}
