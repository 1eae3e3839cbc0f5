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
// answered by SQL, and the missing ones are read afterwards in slices, one
// slice a task (background.ts), for the counts that follow: reading a column
// of a million profiles costs two to four SQL counts, and waiting for it made
// the first count after every write the slowest. `ids()` still reads at once.
// The columns themselves are kept in store.ts.
import type { PGlite } from '@electric-sql/pglite'
import type { UsersQuery } from '../types'
import type { CohortResolver } from '../users/query'
import type { Part } from './columns'
import { evaluate, propertiesOf, type Mask } from './evaluate'
import { parseIsoTime } from '../filter/iso'
import { behaviourMask, membersMask } from './events'
import { ColumnStore, MAX_COLUMNS } from './store'
import { BackgroundReads, SLICE } from './background'

const CTYPE_SQL = `select datctype from pg_database where datname = current_database()`
const LOWER_SQL = /* sql */ `select coalesce(array_agg(lower(u.x) order by u.i), '{}') as l from unnest($1::text[]) with ordinality as u(x, i)`

export class FastCounts {
  private store: ColumnStore
  /** reads in the background what counts lack (only given a scheduler) */
  private background: BackgroundReads | undefined
  /** JS folds ASCII as Postgres's lower() does under this ctype */
  private asciiFolds: boolean | undefined

  /**
   * `schedule`: runs a task later, after the reads waiting (the engine's
   * background lane); then counts never read, background.ts does, in slices
   * of `slice` ids. Without it, a count reads what it needs at once.
   */
  constructor(private db: PGlite, schedule?: (task: () => Promise<void>) => void, slice = SLICE) {
    this.store = new ColumnStore(db)
    if (schedule) this.background = new BackgroundReads(db, this.store, schedule, slice)
  }

  /** After any write (mutate()): drop the columns unless the write left profiles as they were. */
  async afterWrite(): Promise<void> {
    if (this.store.rows) await this.store.checkWrites()
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
    await this.store.checkWrites()
    const rows = await this.store.readNow(query.filter ? propertiesOf(query.filter, cohorts)! : new Map<string, Set<Part>>())
    const scope = query.scope === 'profiles' ? 2 : 1
    if (!query.filter) return { mask: new Uint8Array(rows.size).fill(1), scope }
    const mask = await evaluate(query.filter, {
      size: rows.size,
      now: parseIsoTime(query.now!)!.start,
      cohorts,
      column: property => this.store.column(property)!,
      lower: texts => this.lower(texts),
      behaviour: c => behaviourMask(this.db, c, query.now!, rows.size),
      members: id => membersMask(this.db, id, rows.size),
    })
    return mask && { mask, scope }
  }

  /** Which path would answer the query's count now: 'fast', or undefined for SQL (with a scheduler, also while its columns are not read). */
  async path(query: UsersQuery, cohorts: CohortResolver): Promise<'fast' | undefined> {
    if (this.background && (await this.missing(query, cohorts)).size > 0) return undefined
    return (await this.mask(query, cohorts)) ? 'fast' : undefined
  }

  async count(query: UsersQuery, cohorts: CohortResolver): Promise<number | undefined> {
    if (this.background && !(await this.warm(query, cohorts))) return undefined
    const answer = await this.mask(query, cohorts)
    if (!answer) return undefined
    const { mask, scope } = answer
    const inScope = this.store.rows!.scope
    let n = 0
    for (let i = 0; i < mask.length; i++) if (mask[i] && inScope[i]! >= scope) n++
    return n
  }

  /** The matching profiles' ids, ascending (the differential fuzz compares them with SQL's). */
  async ids(query: UsersQuery, cohorts: CohortResolver): Promise<number[] | undefined> {
    const answer = await this.mask(query, cohorts)
    if (!answer) return undefined
    const inScope = this.store.rows!.scope
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
    await this.store.checkWrites()
    const needed = query.filter ? propertiesOf(query.filter, cohorts)! : new Map<string, Set<Part>>()
    for (const [property, parts] of needed) {
      const lacking = this.store.lacking(property, parts)
      if (lacking.length > 0) missing.set(property, new Set(lacking))
    }
    if (!this.store.rows && missing.size === 0) missing.set('', new Set())
    return missing
  }

  /** Whether the query's columns are all read; if not, the missing ones are asked of the background reads, and the caller counts by SQL. */
  private async warm(query: UsersQuery, cohorts: CohortResolver): Promise<boolean> {
    const missing = await this.missing(query, cohorts)
    if (missing.size > 0) this.background!.request(missing)
    return missing.size === 0
  }

  /** Drops every column and every read under way (read again when next needed). */
  clear(): void {
    this.store.clear()
    this.background?.reset()
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
