// The rows an export reads: a users query (scope, search, filter), narrowed
// to a selection, read in chunks so that no export ever holds all its rows.
// - First-seen order: keyset pagination on the primary key (`p.id > last
//   order by p.id limit n`), each chunk one range read, at any depth.
// - A sorted view: the order's ids are read once (4 bytes a row, as the Users
//   list's window cache does), then each chunk is a primary-key read of its
//   slice of them. The rows themselves are never all in memory.
// Each chunk is read in its own turn of the engine's queue (`read`), so the
// Users page keeps answering while an export runs.
import type { PGlite } from '@electric-sql/pglite'
import type { ExportQuery, ExportSelection } from './types'
import { compileUsersQuery, orderBy, type CohortResolver } from '../users/query'
import { parseIds, WINDOW_SQL } from '../users/windows'

export type Read = <T>(work: () => Promise<T>) => Promise<T>
export type Resolver = [CohortResolver, (id: string) => boolean]

export interface ExportRow { id: number; distinct_id: string; properties: Record<string, unknown> }

/** The rows to export as one `from … where …` and its parameters. */
export interface Selected { from: string; values: unknown[]; groupKey: string }
/** … and their ORDER BY, whose parameters (the sorted property) come after those of `from`. */
export interface Ordered extends Selected { order: string; orderValues: unknown[] }

export const MAX_CHUNK_ROWS = 50_000

export function checkChunkRows(n: number | undefined, fallback: number): number {
  if (n === undefined) return fallback
  if (!Number.isInteger(n) || n < 1 || n > MAX_CHUNK_ROWS) throw new Error(`chunkRows must be a whole number from 1 to ${MAX_CHUNK_ROWS}, not ${JSON.stringify(n)}`)
  return n
}

/** The query's rows, narrowed to the selection; with `sort`, the ORDER BY too. */
export function selectRows(query: ExportQuery, selection: ExportSelection | undefined, resolver: Resolver,
                           sort?: { property: string; direction: 'asc' | 'desc' }): Ordered {
  const { from, params } = compileUsersQuery(query, ...resolver)
  let where = from
  if (selection !== undefined) {
    if (typeof selection !== 'object' || selection === null || !Array.isArray(selection.ids) || selection.ids.some(id => typeof id !== 'string')) {
      throw new Error('selection.ids must be a list of distinct ids')
    }
    const ids = params.add(selection.ids)
    where += selection.except ? `\n  and not (p.distinct_id = any(${ids}::text[]))` : `\n  and p.distinct_id = any(${ids}::text[])`
  }
  // The sort's parameters follow the selection's: `values` is what `from` alone needs.
  const values = params.values.slice()
  const order = sort ? orderBy(sort, params) : 'p.id'
  return { from: where, values, groupKey: query.groupKey ?? '', order, orderValues: params.values }
}

export async function countSelected(db: PGlite, rows: Selected): Promise<number> {
  const { rows: [row] } = await db.query<{ n: number }>(`select count(*)::integer as n ${rows.from}`, rows.values)
  return row!.n
}

/** Every property name the rows have, sorted (CSV with every property). */
export async function propertyNamesOf(db: PGlite, rows: Selected): Promise<string[]> {
  const { rows: names } = await db.query<{ name: string }>(
    `select distinct k.name from (select p.properties ${rows.from}) p, jsonb_object_keys(p.properties) as k(name) order by 1`, rows.values)
  return names.map(r => r.name)
}

/** The rows in chunks of `size`, in the view's order. */
export async function* rowChunks(db: PGlite, read: Read, rows: Ordered, size: number,
                                 signal?: AbortSignal): AsyncGenerator<ExportRow[]> {
  const n = rows.values.length
  if (rows.order === 'p.id') {
    // First-seen order: keyset on the primary key.
    const sql = `select p.id, p.distinct_id, p.properties ${rows.from}\n  and p.id > $${n + 1} order by p.id limit $${n + 2}`
    let after = 0
    for (;;) {
      signal?.throwIfAborted()
      const chunk = (await read(() => db.query<ExportRow>(sql, [...rows.values, after, size]))).rows
      if (chunk.length > 0) yield chunk
      if (chunk.length < size) return
      after = chunk[chunk.length - 1]!.id
    }
  }
  signal?.throwIfAborted()
  const ids = await read(async () => parseIds((await db.query<{ ids: string | null }>(
    `select string_agg(p.id::text, ',' order by ${rows.order}) as ids ${rows.from}`, rows.orderValues)).rows[0]?.ids ?? null))
  for (let start = 0; start < ids.length; start += size) {
    signal?.throwIfAborted()
    const slice = ids.subarray(start, start + size)
    // A row deleted since the order was read is left out.
    const chunk = (await read(() => db.query<ExportRow>(WINDOW_SQL, [`{${slice.join(',')}}`]))).rows
    if (chunk.length > 0) yield chunk
  }
}
