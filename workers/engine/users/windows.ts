import type { PGlite } from '@electric-sql/pglite'

// A deep OFFSET re-reads every skipped row (4 s at offset 900,000 at 1M rows,
// measured). Instead the ordered ids of a query are read once, as one
// string_agg, into an Int32Array kept in this worker (4 bytes a row); every
// window, at any offset, is then a primary-key read of its hundred ids.
// Reading the order into memory costs about the scan and the sort: a temporary
// table numbered by position cost three times more (its inserts and index,
// and on OPFS its writes). Entries live until the data changes. Windows near
// the top are answered directly (a top-N sort in one scan) until someone
// scrolls deeper, so the first screen never waits for a whole order.

interface Entry { ids: Int32Array; rowsKey: string }

/** The first rows of an order, read by a top-N sort; kept as the ordered ids are. */
export interface TopRows<Row> { rows: Row[]; complete: boolean }

const MAX_ENTRIES = 6
const MAX_COUNTS = 100
const MAX_ANCHORS = 10_000

const keyOf = (from: string, order: string, params: unknown[]) => `${from}\n${order}\n${JSON.stringify(params)}`

export class WindowCache {
  private entries = new Map<string, Entry>()
  private tops = new Map<string, TopRows<unknown>>()
  private counts = new Map<string, number>()
  private anchors = new Map<string, Map<number, number>>()

  constructor(private db: PGlite) {}

  /** The top rows of an order read earlier, if they cover `end` rows (or all there are). */
  top<Row>(from: string, order: string, params: unknown[], end: number): TopRows<Row> | undefined {
    const hit = this.tops.get(keyOf(from, order, params)) as TopRows<Row> | undefined
    return hit && (hit.complete || hit.rows.length >= end) ? hit : undefined
  }

  keepTop<Row>(from: string, order: string, params: unknown[], top: TopRows<Row>): void {
    this.tops.set(keyOf(from, order, params), top)
    while (this.tops.size > MAX_ENTRIES) this.tops.delete(this.tops.keys().next().value as string)
  }

  /**
   * First-seen order only: the id of the row just before position `offset`,
   * if a window ending there was read. The next window is then a range read
   * of the primary key from that id (keyset), at any depth: a list read from
   * the top down never needs its whole order.
   */
  anchor(rowsKey: string, offset: number): number | undefined {
    return this.anchors.get(rowsKey)?.get(offset)
  }

  keepAnchor(rowsKey: string, end: number, id: number): void {
    let byEnd = this.anchors.get(rowsKey)
    if (!byEnd) {
      byEnd = new Map()
      this.anchors.set(rowsKey, byEnd)
      while (this.anchors.size > MAX_ENTRIES) this.anchors.delete(this.anchors.keys().next().value as string)
    }
    byEnd.set(end, id)
    if (byEnd.size > MAX_ANCHORS) byEnd.delete(byEnd.keys().next().value as number)
  }

  /** Whether the whole order of this query has been read already. */
  has(from: string, order: string, params: unknown[]): boolean {
    return this.entries.has(keyOf(from, order, params))
  }

  /**
   * The ids of `select p.id <from> order by <order>`, in order, reading them on first use.
   * `rowsKey` names the selected rows regardless of order, so counts can be shared.
   */
  async ids(rowsKey: string, from: string, order: string, params: unknown[]): Promise<Int32Array> {
    const key = keyOf(from, order, params)
    const hit = this.entries.get(key)
    if (hit) {
      this.entries.delete(key)
      this.entries.set(key, hit) // most recently used last
      return hit.ids
    }
    const { rows } = await this.db.query<{ ids: string | null }>(
      `select string_agg(p.id::text, ',' order by ${order}) as ids ${from}`, params)
    const ids = parseIds(rows[0]?.ids ?? null)
    this.entries.set(key, { ids, rowsKey })
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string)
    return ids
  }

  /** A count for a set of rows (any order), if a count or an order read already knows it. */
  knownCount(rowsKey: string): number | undefined {
    const counted = this.counts.get(rowsKey)
    if (counted !== undefined) return counted
    for (const entry of this.entries.values()) if (entry.rowsKey === rowsKey) return entry.ids.length
    return undefined
  }

  /** Keeps a count until the data changes. */
  keepCount(rowsKey: string, count: number): void {
    this.counts.set(rowsKey, count)
    while (this.counts.size > MAX_COUNTS) this.counts.delete(this.counts.keys().next().value as string)
  }

  clear(): void {
    this.entries.clear()
    this.tops.clear()
    this.counts.clear()
    this.anchors.clear()
  }
}

/** "3,1,2" → Int32Array [3, 1, 2], without a million intermediate strings. */
export function parseIds(text: string | null): Int32Array {
  if (text === null || text === '') return new Int32Array(0)
  let n = 1
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) n++
  const ids = new Int32Array(n)
  let k = 0
  let value = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 44) { ids[k++] = value; value = 0 } else value = value * 10 + (c - 48)
  }
  ids[k] = value
  return ids
}

/** The rows of a window, given its ids (as an array literal) in order. */
export const WINDOW_SQL = /* sql */ `
  select p.id, p.distinct_id, p.properties
  from unnest($1::integer[]) with ordinality as w(id, pos)
  join profiles p on p.id = w.id
  order by w.pos`
