// The engine: PGlite plus the code that imports, updates, queries and exports.
// Plain TypeScript with no DOM, so it runs unchanged in the DB worker and in Node.
import type { PGlite } from '@electric-sql/pglite'
import type {
  Cohort, CohortInput, CsvImportPlan, DatabaseStats, Engine, ImportSummary, ListUsersQuery,
  BackupOptions, OpenOptions, ProfileUpdate, EventInfo, EventPropertyNamesQuery, PropertyList, PropertyNamesQuery,
  PropertyValuesQuery, ValueCount, Progress, StoredEvent, TrackedEvent, UpdateSummary, UserRow, UsersQuery, FeedPage,
} from './types'
import { openDatabase, WalGuard } from './db'
import { migrate } from './migrations'
import { applyProfileUpdates } from './profiles/updates'
import { getProfile, getGroupProfile, groupKeys } from './profiles/read'
import { importEvents } from './events/import'
import { numbered, storeEventStream } from './events/bulk'
import { importEventsFile, recordedFileImport, type EventsFilePlan } from './events/files'
import { importUpdatesFile, type UpdatesFilePlan } from './files/updates'
import { activity } from './events/activity'
import { dryRunProfilesCsv, importProfilesCsv } from './csv/import'
import { checkWindow, compileUsersQuery, orderBy, rowsKeyOf } from './users/query'
import { WINDOW_SQL, WindowCache } from './users/windows'
import { OperationQueue, type Lane } from './queue'
import * as cohorts from './cohorts'
import * as insights from './profiles/insights'
import * as catalog from './catalog/index'
import * as history from './imports/history'
import { createBackup } from './backup/backup'
import { eraseWorkspace } from './backup/erase'
import { exportSql } from './export/sql'

export type * from './types'

export async function openEngine(options: OpenOptions = {}): Promise<Engine> {
  const db = await openDatabase(options)
  try {
    await migrate(db)
  } catch (error) {
    await db.close()
    throw error
  }
  return new PgliteEngine(db)
}

class PgliteEngine implements Engine {
  private windows: WindowCache
  private catalog = new catalog.Catalog()
  private queue = new OperationQueue()
  private closed = false
  // PGlite runs no autovacuum, so nothing refreshes planner statistics on its
  // own: the engine analyses after bulk writes that grew the data by a tenth.
  private changedSinceAnalyze = 0
  private wal = new WalGuard()
  private rowsAtAnalyze = 0

  constructor(private db: PGlite) {
    this.windows = new WindowCache(db)
  }

  /** One operation at a time (queue.ts); anything not named a read keeps its place as a write does. */
  private serial<T>(work: () => Promise<T>, lane: Lane = 'write'): Promise<T> {
    return this.queue.run(lane, async () => {
      if (this.closed) throw new Error('the database is closed')
      return work()
    })
  }

  private read<T>(work: () => Promise<T>): Promise<T> {
    return this.serial(work, 'read')
  }

  private background<T>(work: () => Promise<T>): Promise<T> {
    return this.serial(work, 'background')
  }

  /** A write: one transaction, then the cached windows are stale. */
  private write<T>(work: (tx: PGlite) => Promise<T>): Promise<T> {
    return this.serial(() => this.writeNow(work))
  }

  private async writeNow<T>(work: (tx: PGlite) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(tx => work(tx as unknown as PGlite))
    } finally {
      this.catalog.clear()
      this.windows.clear()
    }
  }

  private async analyzeIfGrown(changed: number): Promise<void> {
    this.changedSinceAnalyze += changed
    if (this.changedSinceAnalyze < 10_000 || this.changedSinceAnalyze < this.rowsAtAnalyze / 10) return
    await this.db.exec('analyze profiles; analyze events')
    this.rowsAtAnalyze += this.changedSinceAnalyze
    this.changedSinceAnalyze = 0
  }

  applyProfileUpdates(updates: ProfileUpdate[]): Promise<UpdateSummary> {
    return this.write(tx => applyProfileUpdates(tx, updates))
  }

  importEvents(events: TrackedEvent[]): Promise<ImportSummary> {
    return this.serial(async () => {
      const summary = await this.writeNow(async tx => {
        return importEvents(tx, events, { wal: this.wal })
      })
      await this.analyzeIfGrown(summary.created)
      return summary
    })
  }

  importEventStream(batches: AsyncIterable<TrackedEvent[]> | Iterable<TrackedEvent[]>,
                    onProgress?: (p: { rows: number }) => void, signal?: AbortSignal): Promise<ImportSummary> {
    return this.serial(async () => {
      const summary = await this.writeNow(tx => storeEventStream(tx, numbered(batches), { onProgress, signal, wal: this.wal }))
      await this.analyzeIfGrown(summary.created)
      return summary
    })
  }

  importEventsFile(source: Blob | string, plan: EventsFilePlan, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<ImportSummary> {
    return this.serial(async () => {
      try {
        const summary = await recordedFileImport(this.db, 'events', plan, signal,
          tx => importEventsFile(tx, source, plan, onProgress, signal, this.wal))
        await this.analyzeIfGrown(summary.created)
        return summary
      } finally {
        this.catalog.clear()
        this.windows.clear()
      }
    })
  }

  importUpdatesFile(source: Blob | string, plan: UpdatesFilePlan, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<ImportSummary> {
    return this.serial(async () => {
      try {
        return await recordedFileImport(this.db, 'updates', plan, signal,
          tx => importUpdatesFile(tx, source, plan, onProgress, signal, this.wal))
      } finally {
        this.catalog.clear()
        this.windows.clear()
      }
    })
  }

  importProfilesCsv(source: Blob | string, plan: CsvImportPlan, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<ImportSummary> {
    return this.serial(async () => {
      try {
        const summary = await importProfilesCsv(this.db, source, plan, onProgress, signal, this.wal)
        await this.analyzeIfGrown(summary.created + summary.updated)
        return summary
      } finally {
        this.catalog.clear()
        this.windows.clear()
      }
    })
  }

  dryRunProfilesCsv(source: Blob | string, plan: CsvImportPlan, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<ImportSummary> {
    return this.serial(() => dryRunProfilesCsv(this.db, source, plan, onProgress, signal))
  }

  countUsers(query: UsersQuery): Promise<number> {
    return this.read(async () => {
      const compiled = compileUsersQuery(query, ...(await cohorts.resolver(this.db)))
      const { from, params } = compiled
      const rowsKey = rowsKeyOf(compiled)
      const known = this.windows.knownCount(rowsKey)
      if (known !== undefined) return known
      const { rows } = await this.db.query<{ n: number }>(`select count(*)::integer as n ${from}`, params.values)
      this.windows.keepCount(rowsKey, rows[0]!.n)
      return rows[0]!.n
    })
  }

  listUsers(query: ListUsersQuery): Promise<UserRow[]> {
    return this.read(async () => {
      checkWindow(query)
      const compiled = compileUsersQuery(query, ...(await cohorts.resolver(this.db)))
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
      return rows.map(r => ({ distinctId: r.distinct_id, properties: r.properties }))
    })
  }

  /** Rows offset..end of the whole order, read once (users/windows.ts). */
  private async fromOrder(rowsKey: string, from: string, order: string, values: unknown[], offset: number, end: number): Promise<WindowRow[]> {
    const ids = await this.windows.ids(rowsKey, from, order, values)
    const window = ids.subarray(Math.min(offset, ids.length), Math.min(end, ids.length))
    if (window.length === 0) return []
    return (await this.db.query<WindowRow>(WINDOW_SQL, [`{${window.join(',')}}`])).rows
  }

  explain(query: UsersQuery): Promise<{ sql: string; params: unknown[] }> {
    return this.read(async () => {
      const { from, params } = compileUsersQuery(query, ...(await cohorts.resolver(this.db)))
      return { sql: `select p.distinct_id, p.properties\n${from}`, params: params.values }
    })
  }

  getProfile(distinctId: string): Promise<UserRow | null> {
    return this.read(() => getProfile(this.db, distinctId))
  }

  getGroupProfile(groupKey: string, groupId: string): Promise<UserRow | null> {
    return this.read(() => getGroupProfile(this.db, groupKey, groupId))
  }

  groupKeys(): Promise<string[]> {
    return this.read(() => groupKeys(this.db))
  }

  activity(distinctId: string, page: { before?: string; limit: number }): Promise<StoredEvent[]> {
    return this.read(() => activity(this.db, distinctId, page))
  }

  saveCohort(cohort: CohortInput): Promise<{ id: string }> {
    return this.write(tx => cohorts.saveCohort(tx, cohort))
  }

  listCohorts(): Promise<Cohort[]> {
    return this.read(() => cohorts.listCohorts(this.db))
  }

  deleteCohort(id: string): Promise<void> {
    return this.write(tx => cohorts.deleteCohort(tx, id))
  }

  propertyNames(query: PropertyNamesQuery = {}): Promise<PropertyList> {
    return this.catalog.cached(['names', query.groupKey ?? ''], () => this.background(() => catalog.propertyNames(this.db, query)))
  }

  propertyValues(query: PropertyValuesQuery): Promise<ValueCount[]> {
    return this.catalog.cached(['values', query], () => this.background(() => catalog.propertyValues(this.db, query)))
  }

  eventNames(): Promise<EventInfo[]> {
    return this.catalog.cached(['events'], () => this.background(() => catalog.eventNames(this.db)))
  }

  eventPropertyNames(query: EventPropertyNamesQuery): Promise<PropertyList> {
    return this.catalog.cached(['eventProps', query?.event], () => this.background(() => catalog.eventPropertyNames(this.db, query)))
  }

  stats(): Promise<DatabaseStats> {
    return this.read(async () => {
      const stats = (await this.db.query<DatabaseStats>(STATS_SQL)).rows[0]!
      // The Users page's first total is one of these: count it once.
      const resolver = await cohorts.resolver(this.db)
      for (const [scope, n] of [['profiles', stats.profiles], ['all', stats.users]] as const) {
        this.windows.keepCount(rowsKeyOf(compileUsersQuery({ scope }, ...resolver)), n)
      }
      return stats
    })
  }

  profileSummary(distinctId: string, groupKey?: string): Promise<insights.ProfileSummary> {
    return this.read(() => insights.profileSummary(this.db, distinctId, groupKey))
  }

  eventsPerDay(distinctId: string, range: { from: string; to: string; exclude?: string[] }): Promise<insights.DayCount[]> {
    return this.read(() => insights.eventsPerDay(this.db, distinctId, range))
  }

  userEventNames(distinctId: string): Promise<insights.EventNameCount[]> {
    return this.read(() => insights.userEventNames(this.db, distinctId))
  }

  activityFeed(distinctId: string, page: FeedPage): Promise<StoredEvent[]> {
    return this.read(() => activity(this.db, distinctId, page))
  }

  userCohorts(distinctId: string, now?: string): Promise<insights.UserCohort[]> {
    return this.read(() => insights.userCohorts(this.db, distinctId, now))
  }

  listImports(): Promise<history.ImportRecord[]> {
    return this.read(() => history.listImports(this.db))
  }

  importSkippedRows(id: number): Promise<history.SkippedRow[]> {
    return this.read(() => history.importSkippedRows(this.db, id))
  }

  recordImport(entry: history.ImportEntry): Promise<{ id: number }> {
    return this.serial(() => this.db.transaction(tx => history.recordImport(tx, entry)))
  }

  dumpDataDir(): Promise<Blob> {
    return this.serial(() => this.db.dumpDataDir('none'))
  }

  // --- backup, erase, export as SQL (issue 14)
  backup(options?: BackupOptions): Promise<File> {
    return this.serial(async () => createBackup(this.db, (await this.db.query<DatabaseStats>(STATS_SQL)).rows[0]!, options))
  }

  erase(): Promise<void> {
    return this.write(tx => eraseWorkspace(tx))
  }

  exportSql(): Promise<File> {
    return this.serial(() => exportSql(this.db))
  }

  close(): Promise<void> {
    return this.serial(async () => {
      this.closed = true
      await this.db.close()
    })
  }
}

/** A row of a users window: `id` is where the next window in first-seen order reads on from. */
type WindowRow = { id: number; distinct_id: string; properties: Record<string, unknown> }

/** Windows ending above this row are read directly (a top-N sort) rather than from the whole order. */
const TOP_WINDOW = 2000
/** How many rows a direct read takes at least, for the windows that follow the first. */
const TOP_READ = 500

// One scan of the profiles for their three counts.
const STATS_SQL = /* sql */ `
  select p.profiles, p.users, p.groups,
    (select count(*) from events)::integer as events,
    (select count(*) from cohorts)::integer as cohorts
  from (
    select
      (count(*) filter (where group_key = '' and properties <> '{}'::jsonb))::integer as profiles,
      (count(*) filter (where group_key = ''))::integer as users,
      (count(*) filter (where group_key <> ''))::integer as groups
    from profiles
  ) p`
