// The counts fast path: a filter counted over typed arrays in the worker
// instead of a scan of the profiles' jsonb (docs/decisions.md, "The counts
// fast path"): property conditions over copies of the columns they read,
// behaviour conditions and static cohorts as the sets of users PGlite's
// indexes give at each count. PGlite stays the store of record: the columns are
// copies read out of it (columns.ts), each test is the SQL path's over those
// copies (evaluate.ts), and a filter they cannot answer exactly is answered
// by SQL.
//
// Exact at every moment: every statement that writes profiles moves the
// profile_writes counter (schema/007_fast_counts.ts), whichever path it came
// by (imports, Engage updates, edits, deletes, bulk actions and their undo,
// erase); a restore opens a new engine, with no columns. Before every answer
// the fast path reads the counter (one tiny query); if it moved since the
// columns were read, they are all dropped and read again when next needed.
// The engine's mutate() also calls `afterWrite()`, which drops them at once
// (their memory is not kept across a write).
//
// A count never waits for a column to be read: given a scheduler (the
// engine's background lane), a count whose columns are not all read is
// answered by SQL, and the missing ones are read afterwards, one property a
// task, for the counts that follow (reading a column of a million profiles
// costs about as much as the SQL count itself, so waiting for it doubled the
// first count after every write). `ids()` still reads at once.
import type { PGlite } from '@electric-sql/pglite'
import type { UsersQuery } from '../types'
import type { CohortResolver } from '../users/query'
import { readPart, readRows, type Column, type Part, type Rows } from './columns'
import { evaluate, propertiesOf, type Mask } from './evaluate'
import { parseIsoTime } from '../filter/iso'
import { behaviourMask, membersMask } from './events'

/** The most property columns kept at once (a few bytes to ~25 bytes a profile each); the least recently used goes. */
const MAX_COLUMNS = 16

const WRITES_SQL = `select last_value::text || ':' || is_called::text as v from profile_writes`
const CTYPE_SQL = `select datctype from pg_database where datname = current_database()`
const LOWER_SQL = /* sql */ `select coalesce(array_agg(lower(u.x) order by u.i), '{}') as l from unnest($1::text[]) with ordinality as u(x, i)`

export class FastCounts {
  private rows: Rows | undefined
  private columns = new Map<string, Column>()
  /** the counter's value the columns were read at */
  private readAt: string | undefined
  /** JS folds ASCII as Postgres's lower() does under this ctype */
  private asciiFolds: boolean | undefined

  /** the properties (and their parts) a scheduled task will read */
  private warming = new Map<string, Set<Part>>()

  /** `schedule`: runs a task later, after the reads waiting (the engine's background lane); without it, counts read what they need at once. */
  constructor(private db: PGlite, private schedule?: (task: () => Promise<void>) => void) {}

  /** After any write (mutate()): drop the columns unless the write left profiles as they were. */
  async afterWrite(): Promise<void> {
    if (this.rows) await this.checkWrites()
  }

  /**
   * Whether the fast path answers this query (users, no search; no aggregate,
   * sequence, list or pattern condition), without reading anything.
   */
  answers(query: UsersQuery, cohorts: CohortResolver): boolean {
    if (query.search?.trim() || (query.groupKey ?? '') !== '') return false
    if (query.filter === undefined) return true
    // More properties than the columns kept: reading the last would drop the first.
    const properties = propertiesOf(query.filter, cohorts)
    return properties !== undefined && properties.size <= MAX_COLUMNS
  }

  /** The matching profiles' mask, or undefined when the SQL path must answer. `query` is validated, with its `now` set. */
  async mask(query: UsersQuery, cohorts: CohortResolver): Promise<{ mask: Mask; scope: number } | undefined> {
    if (!this.answers(query, cohorts)) return undefined
    await this.checkWrites()
    const rows = this.rows ??= await readRows(this.db)
    const needed = query.filter ? propertiesOf(query.filter, cohorts)! : new Map<string, Set<Part>>()
    for (const [property, parts] of needed) await this.column(property, parts, rows)
    const scope = query.scope === 'profiles' ? 2 : 1
    if (!query.filter) return { mask: new Uint8Array(rows.size).fill(1), scope }
    const mask = await evaluate(query.filter, {
      size: rows.size,
      now: parseIsoTime(query.now!)!.start,
      cohorts,
      column: property => this.columns.get(property)!,
      lower: texts => this.lower(texts),
      behaviour: c => behaviourMask(this.db, c, query.now!, rows.size),
      members: id => membersMask(this.db, id, rows.size),
    })
    return mask && { mask, scope }
  }

  /** Which path would answer the query's count now: 'fast', or undefined for SQL (with a scheduler, also while its columns are not read). */
  async path(query: UsersQuery, cohorts: CohortResolver): Promise<'fast' | undefined> {
    if (this.schedule && (await this.missing(query, cohorts)).size > 0) return undefined
    return (await this.mask(query, cohorts)) ? 'fast' : undefined
  }

  async count(query: UsersQuery, cohorts: CohortResolver): Promise<number | undefined> {
    if (this.schedule && !(await this.warm(query, cohorts))) return undefined
    const answer = await this.mask(query, cohorts)
    if (!answer) return undefined
    const { mask, scope } = answer
    const inScope = this.rows!.scope
    let n = 0
    for (let i = 0; i < mask.length; i++) if (mask[i] && inScope[i]! >= scope) n++
    return n
  }

  /** The matching profiles' ids, ascending (the differential fuzz compares them with SQL's). */
  async ids(query: UsersQuery, cohorts: CohortResolver): Promise<number[] | undefined> {
    const answer = await this.mask(query, cohorts)
    if (!answer) return undefined
    const inScope = this.rows!.scope
    const ids: number[] = []
    answer.mask.forEach((m, i) => { if (m && inScope[i]! >= answer.scope) ids.push(i) })
    return ids
  }

  /**
   * What the query reads that is not in memory (as of the last write): a
   * property's missing parts, '' for the rows alone; empty when all is read
   * or when the fast path does not take the query (mask() then reads nothing).
   */
  private async missing(query: UsersQuery, cohorts: CohortResolver): Promise<Map<string, Set<Part>>> {
    const missing = new Map<string, Set<Part>>()
    if (!this.answers(query, cohorts)) return missing
    await this.checkWrites()
    const needed = query.filter ? propertiesOf(query.filter, cohorts)! : new Map<string, Set<Part>>()
    for (const [property, parts] of needed) {
      const col = this.columns.get(property)
      const lacking = [...parts].filter(part => !col?.[part])
      if (lacking.length > 0) missing.set(property, new Set(lacking))
    }
    if (!this.rows && missing.size === 0) missing.set('', new Set())
    return missing
  }

  /** Whether the query's columns are all read; if not, the missing ones are scheduled to be read, and the caller counts by SQL. */
  private async warm(query: UsersQuery, cohorts: CohortResolver): Promise<boolean> {
    const missing = await this.missing(query, cohorts)
    for (const [property, parts] of missing) {
      const queued = this.warming.get(property)
      if (queued) { parts.forEach(part => queued.add(part)); continue }
      this.warming.set(property, parts)
      this.schedule!(() => this.readScheduled(property))
    }
    return missing.size === 0
  }

  /** One scheduled read: the rows if not read, then the property's parts ('' : the rows only), as of the data now. */
  private async readScheduled(property: string): Promise<void> {
    const parts = this.warming.get(property) ?? new Set<Part>()
    this.warming.delete(property)
    await this.checkWrites()
    const rows = this.rows ??= await readRows(this.db)
    if (property !== '') await this.column(property, parts, rows)
  }

  /** Drops every column (read again when next needed). */
  clear(): void {
    this.rows = undefined
    this.columns.clear()
    this.readAt = undefined
  }

  private async checkWrites(): Promise<void> {
    const now = (await this.db.query<{ v: string }>(WRITES_SQL)).rows[0]!.v
    if (now !== this.readAt) {
      this.clear()
      this.readAt = now
    }
  }

  private async column(property: string, parts: Set<Part>, rows: Rows): Promise<Column> {
    let col = this.columns.get(property)
    if (col) {
      // most recently used last
      this.columns.delete(property)
    } else {
      col = { property }
      if (this.columns.size >= MAX_COLUMNS) this.columns.delete(this.columns.keys().next().value!)
    }
    this.columns.set(property, col)
    for (const part of parts) if (!col[part]) await readPart(this.db, col, part, rows.size)
    return col
  }

  /** Postgres's lower() of each text; ASCII folds in JS where the ctype folds it the same way. */
  private async lower(texts: string[]): Promise<string[]> {
    this.asciiFolds ??= /^(C|POSIX|C\.UTF-?8)$/i.test((await this.db.query<{ datctype: string }>(CTYPE_SQL)).rows[0]!.datctype)
    const out = texts.slice()
    const rest: number[] = []
    for (let i = 0; i < texts.length; i++) {
      // eslint-disable-next-line no-control-regex
      if (this.asciiFolds && /^[\x00-\x7f]*$/.test(texts[i]!)) out[i] = texts[i]!.toLowerCase()
      else rest.push(i)
    }
    if (rest.length > 0) {
      const folded = (await this.db.query<{ l: string[] }>(LOWER_SQL, [rest.map(i => texts[i]!)])).rows[0]!.l
      rest.forEach((at, j) => { out[at] = folded[j]! })
    }
    return out
  }
}
