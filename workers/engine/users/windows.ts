import type { PGlite } from '@electric-sql/pglite'

// A deep OFFSET re-reads every skipped row (4 s at offset 900,000 in
// platform.md). Instead the ordered ids of a query are materialized once into
// a temporary table numbered by position; every window, at any offset, is
// then an index range read. Entries live until the data changes. Windows near
// the top are answered directly (a top-N sort in one scan) until someone
// scrolls deeper, so the first screen never waits for a full materialization.

interface Entry { table: string; count: number; rowsKey: string }

/** The first rows of an order, read by a top-N sort; kept as the materialized results are. */
export interface TopRows<Row> { rows: Row[]; complete: boolean }

const MAX_ENTRIES = 6

export class WindowCache {
  private entries = new Map<string, Entry>()
  private tops = new Map<string, TopRows<unknown>>()
  private counter = 0

  /** The top rows of an order read earlier, if they cover `end` rows (or all there are). */
  top<Row>(from: string, order: string, params: unknown[], end: number): TopRows<Row> | undefined {
    const hit = this.tops.get(`${from}\n${order}\n${JSON.stringify(params)}`) as TopRows<Row> | undefined
    return hit && (hit.complete || hit.rows.length >= end) ? hit : undefined
  }

  keepTop<Row>(from: string, order: string, params: unknown[], top: TopRows<Row>): void {
    this.tops.set(`${from}\n${order}\n${JSON.stringify(params)}`, top)
    while (this.tops.size > MAX_ENTRIES) this.tops.delete(this.tops.keys().next().value as string)
  }

  constructor(private db: PGlite) {}

  /**
   * The materialized result of `select p.id <from> order by <order>`, building it on first use.
   * `rowsKey` names the selected rows regardless of order, so counts can be shared.
   */
  /** The materialized result, if it exists already. */
  peek(from: string, order: string, params: unknown[]): Entry | undefined {
    return this.entries.get(`${from}\n${order}\n${JSON.stringify(params)}`)
  }

  async get(rowsKey: string, from: string, order: string, params: unknown[]): Promise<Entry> {
    const key = `${from}\n${order}\n${JSON.stringify(params)}`
    const hit = this.entries.get(key)
    if (hit) {
      this.entries.delete(key)
      this.entries.set(key, hit) // most recently used last
      return hit
    }
    // The name is ours (a counter), never user input.
    const table = `users_window_${++this.counter}`
    await this.db.exec(`create temp table ${table} (pos integer primary key, id integer not null)`)
    const result = await this.db.query(
      `insert into ${table} (pos, id)
       select (row_number() over (order by ${order}) - 1)::integer, p.id ${from}`, params)
    const entry = { table, count: result.affectedRows ?? 0, rowsKey }
    this.entries.set(key, entry)
    while (this.entries.size > MAX_ENTRIES) {
      const [oldKey, old] = this.entries.entries().next().value as [string, Entry]
      this.entries.delete(oldKey)
      await this.db.exec(`drop table if exists ${old.table}`)
    }
    return entry
  }

  /** A count for a set of rows (any order), if a materialized result already knows it. */
  knownCount(rowsKey: string): number | undefined {
    for (const entry of this.entries.values()) if (entry.rowsKey === rowsKey) return entry.count
    return undefined
  }

  async clear(): Promise<void> {
    const tables = [...this.entries.values()].map(e => e.table)
    this.entries.clear()
    this.tops.clear()
    for (const t of tables) await this.db.exec(`drop table if exists ${t}`)
  }
}

export const WINDOW_SQL = (table: string) => /* sql */ `
  select p.distinct_id, p.properties
  from ${table} w join profiles p on p.id = w.id
  where w.pos >= $1 and w.pos < $2
  order by w.pos`
