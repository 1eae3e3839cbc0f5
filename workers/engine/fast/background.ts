// What counts lack, read in the background: the rows, then each missing
// column part, in slices of the primary key, one slice a scheduled task (the
// engine's background lane). A count never waits for these reads: until they
// are done, SQL answers it, and a count asked meanwhile waits at most for one
// slice (about 150 ms at 1M on a quiet machine) before its own turn. Every
// slice of a part must come from one state of the data: each task first
// checks the write counter, and a part begun in an earlier generation is
// started again.
import type { PGlite } from '@electric-sql/pglite'
import { readPartSlice, readRowsSlice, startPart, startRows, type Part, type PartFill, type Rows } from './columns'
import type { ColumnStore } from './store'

/** Ids a slice covers: 65,536 profiles, 100–150 ms of reading a part at 1M. */
export const SLICE = 65_536

export class BackgroundReads {
  private pending: Array<{ property: string; part: Part }> = []
  private rowsRead: { rows: Rows; next: number; generation: number } | undefined
  private partRead: { property: string; fill: PartFill; next: number; generation: number } | undefined
  private scheduled = false

  constructor(private db: PGlite, private store: ColumnStore,
              private schedule: (task: () => Promise<void>) => void, private slice = SLICE) {}

  /** Asks for these parts (a property '' with no parts: the rows alone) to be read. */
  request(missing: Map<string, Set<Part>>): void {
    for (const [property, parts] of missing) {
      for (const part of parts) {
        if (this.partRead?.property === property && this.partRead.fill.part === part) continue
        if (!this.pending.some(p => p.property === property && p.part === part)) this.pending.push({ property, part })
      }
    }
    this.next()
  }

  /** Forgets every read begun or asked for (the engine failed a task, or closed). */
  reset(): void {
    this.pending = []
    this.rowsRead = undefined
    this.partRead = undefined
  }

  private next(): void {
    if (this.scheduled) return
    this.scheduled = true
    this.schedule(() => this.step())
  }

  /** One slice of the rows, else of the current part; then the next task, while anything is left. */
  private async step(): Promise<void> {
    this.scheduled = false
    await this.store.checkWrites()
    const generation = this.store.generation
    if (this.rowsRead?.generation !== generation) this.rowsRead = undefined
    if (this.partRead && this.partRead.generation !== generation) {
      // Begun before a write: read again from its first slice.
      this.pending.unshift({ property: this.partRead.property, part: this.partRead.fill.part })
      this.partRead = undefined
    }
    if (!this.store.rows) {
      const read = this.rowsRead ??= { rows: await startRows(this.db), next: 0, generation }
      const to = Math.min(read.next + this.slice, read.rows.size)
      await readRowsSlice(this.db, read.rows, read.next, to)
      read.next = to
      if (to >= read.rows.size) { this.store.rows = read.rows; this.rowsRead = undefined }
    } else {
      const size = this.store.rows.size
      while (!this.partRead && this.pending.length > 0) {
        const { property, part } = this.pending.shift()!
        if (this.store.lacking(property, [part]).length > 0) this.partRead = { property, fill: startPart(part, size), next: 0, generation }
      }
      const read = this.partRead
      if (read) {
        const to = Math.min(read.next + this.slice, size)
        await readPartSlice(this.db, read.property, read.fill, read.next, to)
        read.next = to
        if (to >= size) { this.store.install(read.property, read.fill); this.partRead = undefined }
      }
    }
    if (!this.store.rows || this.partRead || this.pending.length > 0) this.next()
  }
}
