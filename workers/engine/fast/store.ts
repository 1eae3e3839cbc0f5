// The fast path's columns in memory, as of one state of the data: the value
// of the profile_writes counter they were read at. Any write to profiles
// moves the counter, and the next check drops every column (and bumps the
// generation, so a read in slices that began before the write is abandoned).
// At most MAX_COLUMNS properties are kept, least recently used first out.
import type { PGlite } from '@electric-sql/pglite'
import { readPart, readRows, setPart, type Column, type Part, type PartFill, type Rows } from './columns'

/** The most property columns kept at once (a few bytes to ~25 bytes a profile each); the least recently used goes. */
export const MAX_COLUMNS = 16

const WRITES_SQL = `select last_value::text || ':' || is_called::text as v from profile_writes`

export class ColumnStore {
  rows: Rows | undefined
  /** moves at every clear: what was read before belongs to another state of the data */
  generation = 0
  private columns = new Map<string, Column>()
  /** the counter's value the columns were read at */
  private readAt: string | undefined

  constructor(private db: PGlite) {}

  /** Drops everything if profiles were written since the columns were read. */
  async checkWrites(): Promise<void> {
    const now = (await this.db.query<{ v: string }>(WRITES_SQL)).rows[0]!.v
    if (now !== this.readAt) {
      this.clear()
      this.readAt = now
    }
  }

  clear(): void {
    this.rows = undefined
    this.columns.clear()
    this.readAt = undefined
    this.generation++
  }

  column(property: string): Column | undefined {
    return this.columns.get(property)
  }

  /** The parts of `parts` the property's column does not hold yet. */
  lacking(property: string, parts: Iterable<Part>): Part[] {
    const col = this.columns.get(property)
    return [...parts].filter(part => !col?.[part])
  }

  /** The property's column, now the most recently used; a new one may push out the least recently used. */
  touch(property: string): Column {
    let col = this.columns.get(property)
    if (col) {
      this.columns.delete(property)
    } else {
      col = { property }
      if (this.columns.size >= MAX_COLUMNS) this.columns.delete(this.columns.keys().next().value!)
    }
    this.columns.set(property, col)
    return col
  }

  /** A part read in slices, complete, as of this generation. */
  install(property: string, fill: PartFill): void {
    setPart(this.touch(property), fill)
  }

  /** Reads at once whatever of `needed` is not in memory (the rows first). */
  async readNow(needed: Map<string, Set<Part>>): Promise<Rows> {
    const rows = this.rows ??= await readRows(this.db)
    for (const [property, parts] of needed) {
      const col = this.touch(property)
      for (const part of parts) if (!col[part]) await readPart(this.db, col, part, rows.size)
    }
    return rows
  }
}
