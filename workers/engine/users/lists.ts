// The Users list: counts and windows of a query, answered from the window
// cache (windows.ts) where it can. The strategy for a window at any depth:
//   - an order read before: its ids, then a primary-key read of the window;
//   - first-seen order, continuing from where the last window ended: a range
//     read of the primary key (keyset), at any depth;
//   - near the top: a top-N sort, kept for the windows that follow;
//   - deeper: the whole order read once into the cache.
import type { PGlite } from '@electric-sql/pglite'
import type { ListUsersQuery, UserRow, UsersQuery } from '../types'
import { checkWindow, compileUsersQuery, orderBy, rowsKeyOf, type CohortResolver } from './query'
import { WINDOW_SQL, WindowCache } from './windows'
import { withActivity } from './activity'
import type { FastCounts } from '../fast/index'

/** A row of a users window: `id` is where the next window in first-seen order reads on from. */
type WindowRow = { id: number; distinct_id: string; properties: Record<string, unknown> }

/** Windows ending above this row are read directly (a top-N sort) rather than from the whole order. */
const TOP_WINDOW = 2000
/** How many rows a direct read takes at least, for the windows that follow the first. */
const TOP_READ = 500

type Resolver = [CohortResolver, (id: string) => boolean]

export class UserLists {
  private windows: WindowCache

  constructor(private db: PGlite, private fast?: FastCounts) {
    this.windows = new WindowCache(db)
  }

  /** After any write: every kept count and window is stale. */
  clear(): void {
    this.windows.clear()
  }

  /** A count known without reading (stats() primes the two scopes' totals). */
  keepCount(query: UsersQuery, resolver: Resolver, n: number): void {
    this.windows.keepCount(rowsKeyOf(compileUsersQuery(query, ...resolver)), n)
  }

  async count(query: UsersQuery, resolver: Resolver): Promise<number> {
    // One `now` for both paths, so the fast path and SQL mean the same instant.
    query = { ...query, now: query.now ?? new Date().toISOString() }
    const compiled = compileUsersQuery(query, ...resolver)
    const rowsKey = rowsKeyOf(compiled)
    const known = this.windows.knownCount(rowsKey)
    if (known !== undefined) return known
    // The fast path (fast/index.ts) where it answers exactly, else SQL.
    const n = await this.fast?.count(query, resolver[0]) ??
      (await this.db.query<{ n: number }>(`select count(*)::integer as n ${compiled.from}`, compiled.params.values)).rows[0]!.n
    this.windows.keepCount(rowsKey, n)
    return n
  }

  async list(query: ListUsersQuery, resolver: Resolver): Promise<UserRow[]> {
    checkWindow(query)
    const compiled = compileUsersQuery(query, ...resolver)
    const { from, params } = compiled
    const rowsKey = rowsKeyOf(compiled)
    const order = orderBy(query.sort, params)
    let rows: WindowRow[]
    const end = query.offset + query.limit
    const after = query.sort === undefined
      ? (query.offset === 0 ? 0 : this.windows.anchor(rowsKey, query.offset))
      : undefined
    if (this.windows.has(from, order, params.values)) {
      rows = await this.fromOrder(rowsKey, from, order, params.values, query.offset, end)
    } else if (after !== undefined) {
      // First-seen order, from where the last window ended: a range read of the primary key.
      const a = params.add(after)
      const limit = params.add(query.limit)
      rows = (await this.db.query<WindowRow>(
        `select p.id, p.distinct_id, p.properties ${from}\n  and p.id > ${a} order by p.id limit ${limit}`, params.values)).rows
    } else if (end <= TOP_WINDOW) {
      // A top-N sort costs the same for 100 rows as for a few hundred, and
      // the first screens ask for those next: read them once, keep them.
      // Past the first read, the rest of the top rows at once: a sorted
      // list would otherwise sort every row again for each window.
      const values = params.values.slice()
      let top = this.windows.top<WindowRow>(from, order, values, end)
      if (!top) {
        const want = end <= TOP_READ ? TOP_READ : TOP_WINDOW
        const limit = params.add(want)
        const read = (await this.db.query<WindowRow>(`select p.id, p.distinct_id, p.properties ${from} order by ${order} limit ${limit}`, params.values)).rows
        top = { rows: read, complete: read.length < want }
        this.windows.keepTop(from, order, values, top)
      }
      rows = top.rows.slice(query.offset, end)
    } else {
      rows = await this.fromOrder(rowsKey, from, order, params.values, query.offset, end)
    }
    const last = rows[rows.length - 1]
    if (query.sort === undefined && last) this.windows.keepAnchor(rowsKey, query.offset + rows.length, last.id)
    const out = rows.map(r => ({ distinctId: r.distinct_id, properties: r.properties }))
    return query.activity ? withActivity(this.db, rows.map(r => r.id), out) : out
  }

  /** Rows offset..end of the whole order, read once (windows.ts). */
  private async fromOrder(rowsKey: string, from: string, order: string, values: unknown[], offset: number, end: number): Promise<WindowRow[]> {
    const ids = await this.windows.ids(rowsKey, from, order, values)
    const window = ids.subarray(Math.min(offset, ids.length), Math.min(end, ids.length))
    if (window.length === 0) return []
    return (await this.db.query<WindowRow>(WINDOW_SQL, [`{${window.join(',')}}`])).rows
  }
}
