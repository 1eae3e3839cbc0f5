import type { PGlite, Transaction } from '@electric-sql/pglite'

// Bulk paths load through COPY: Postgres parses its text format far faster
// than it binds millions of parameters. Rows are encoded here and handed to
// PGlite as a blob; every value still travels as data, never as SQL text.

type Db = PGlite | Transaction

/** A COPY text-format field: backslash escapes for the characters the format reserves; null is \N. */
export function copyField(value: string | number | null): string {
  if (value === null) return '\\N'
  if (typeof value === 'number') return String(value)
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, c => COPY_ESCAPES[c]!) : value
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** Collects encoded rows and COPYs them into `table` (a name of ours, never input) in chunks. */
export class CopyWriter {
  private lines: string[] = []
  private size = 0
  rows = 0

  constructor(private db: Db, private table: string, private columns: string[], private chunkChars = 8 << 20) {}

  async add(fields: Array<string | number | null>): Promise<void> {
    const line = fields.map(copyField).join('\t')
    this.lines.push(line)
    this.size += line.length + 1
    this.rows++
    if (this.size >= this.chunkChars) await this.flush()
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return
    const blob = new Blob([this.lines.join('\n') + '\n'])
    this.lines = []
    this.size = 0
    await this.db.query(`copy ${this.table} (${this.columns.join(', ')}) from '/dev/blob'`, [], { blob })
  }
}
