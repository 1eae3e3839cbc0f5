// The engine: PGlite plus the code that imports, updates, queries and exports.
// Plain TypeScript with no DOM, so it runs unchanged in the DB worker and in Node.
import type { PGlite } from '@electric-sql/pglite'
import type {
  BackupOptions, BulkTuning, EventsExport, ExportStream, UsersExport, Cohort, CohortInput, CsvImportPlan, DatabaseStats, DayCount, Engine, EventInfo, EventNameCount, EventPropertyNamesQuery,
  EventsFilePlan, FeedPage, ImportEntry, ImportRecord, ImportSummary, ListUsersQuery, OpenOptions, ProfileSummary, ProfileUpdate,
  Progress, PropertyList, PropertyNamesQuery, PropertyValuesQuery, SkippedRow, StoredEvent, TrackedEvent, UpdateSummary,
  UpdatesFilePlan, UserCohort, UserRow, UsersQuery, ValueCount,
  ActionPreview, ActionProgress, ActionResult, ActionTarget, LastAction, ProfileAction,
  CohortFileCheck, CohortPatch, CohortRef, CohortSizePoint, MemberSource, OverlapRegion, SavedView, SavedViewInput, UserListMatch,
} from './types'
import { openDatabase, reclaimSpace, WalGuard } from './db'
import { migrate } from './migrations'
import { applyProfileUpdates } from './profiles/updates'
import { getProfile, getGroupProfile, groupKeys } from './profiles/read'
import { listed, numbered, storeEventStream } from './events/bulk'
import { importEventsFile } from './events/files'
import { importUpdatesFile } from './files/updates'
import { activity } from './events/activity'
import { dryRunProfilesCsv, importProfilesCsv } from './csv/import'
import { compileUsersQuery } from './users/query'
import { UserLists } from './users/lists'
import { runImport } from './imports/run'
import { OperationQueue, type Lane } from './queue'
import * as cohorts from './cohorts'
import * as cohortEdits from './cohorts/edit'
import * as sizes from './cohorts/sizes'
import { overlapRegions } from './cohorts/overlap'
import { matchUserList } from './cohorts/entries'
import * as cohortFiles from './cohorts/file'
import * as views from './views/index'
import * as insights from './profiles/insights'
import * as catalog from './catalog/index'
import * as history from './imports/history'
import { createBackup } from './backup/backup'
import { eraseWorkspace } from './backup/erase'
import { exportSql } from './export/sql'
import { exportUsers } from './export/users'
import { exportEvents } from './export/events'
import { exportFileName } from './export/names'
import { ProfileActions } from './actions/index'
import { FastCounts } from './fast/index'
import { keptStats, STATS_SQL } from './fast/stats'

export type * from './types'

export async function openEngine(options: OpenOptions = {}): Promise<Engine> {
  const db = await openDatabase(options)
  try {
    await migrate(db)
    // Imports a killed tab left 'running' are recorded as interrupted, and the space they took is given back.
    if (await history.markInterrupted(db) > 0) await reclaimSpace(db)
  } catch (error) {
    await db.close()
    throw error
  }
  return new PgliteEngine(db, options.bulkTuning, options.cohortSizeEveryMs ?? sizes.COUNTED_EVERY_MS)
}

class PgliteEngine implements Engine {
  private lists: UserLists
  private catalog = new catalog.Catalog()
  private queue = new OperationQueue()
  private closed = false
  // PGlite runs no autovacuum, so nothing refreshes planner statistics on its
  // own: the engine analyses after bulk writes that grew the data by a tenth.
  private changedSinceAnalyze = 0
  private wal = new WalGuard()
  private rowsAtAnalyze = 0
  /** the counts fast path (fast/index.ts) */
  private fast: FastCounts

  private actions: ProfileActions

  constructor(private db: PGlite, private bulkTuning?: BulkTuning, private cohortSizeEveryMs = sizes.COUNTED_EVERY_MS) {
    // Columns a count lacks are read in the background lane, after the reads waiting; a failed read only drops the columns.
    this.fast = new FastCounts(db, task => { void this.background(task).catch(() => this.fast.clear()) })
    this.lists = new UserLists(db, this.fast)
    this.actions = new ProfileActions(db)
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

  /**
   * Every write goes through here: in its turn, and afterwards (done or not) the cached lists and catalog are stale.
   * Any write but an action on profiles and its undo first drops the last action's undo (actions/index.ts).
   */
  private mutate<T>(work: () => Promise<T>, keepsUndo: 'keeps undo' | undefined = undefined): Promise<T> {
    return this.serial(async () => {
      try {
        if (!keepsUndo) await this.actions.forget()
        return await work()
      } finally {
        this.catalog.clear()
        this.lists.clear()
        await this.fast.afterWrite().catch(() => this.fast.clear())
      }
    })
  }

  /** A write in one transaction of its own. */
  private write<T>(work: (tx: PGlite) => Promise<T>): Promise<T> {
    return this.mutate(() => this.db.transaction(tx => work(tx as unknown as PGlite)))
  }

  /** An import: the runner (imports/run.ts) owns its transaction; a large one refreshes the planner's statistics. */
  private import(work: () => Promise<ImportSummary>): Promise<ImportSummary> {
    return this.mutate(async () => {
      const summary = await work()
      await this.analyzeIfGrown(summary.created + summary.updated)
      return summary
    })
  }

  private async analyzeIfGrown(changed: number): Promise<void> {
    this.changedSinceAnalyze += changed
    if (this.changedSinceAnalyze < 10_000 || this.changedSinceAnalyze < this.rowsAtAnalyze / 10) return
    await this.db.exec('analyze profiles; analyze events')
    this.rowsAtAnalyze += this.changedSinceAnalyze
    this.changedSinceAnalyze = 0
  }

  private get bulk() {
    return { wal: this.wal, ...(this.bulkTuning ? { tuning: this.bulkTuning } : {}) }
  }

  applyProfileUpdates(updates: ProfileUpdate[]): Promise<UpdateSummary> {
    return this.write(tx => applyProfileUpdates(tx, updates))
  }

  importEvents(events: TrackedEvent[]): Promise<ImportSummary> {
    return this.import(() => runImport(this.db, {}, (tx, run) => storeEventStream(tx, listed(events), run, this.bulk)))
  }

  importEventStream(batches: AsyncIterable<TrackedEvent[]> | Iterable<TrackedEvent[]>,
                    onProgress?: (p: { rows: number }) => void, signal?: AbortSignal): Promise<ImportSummary> {
    return this.import(() => runImport(this.db, { onProgress, signal },
      (tx, run) => storeEventStream(tx, numbered(batches), run, this.bulk)))
  }

  importEventsFile(source: Blob | string, plan: EventsFilePlan, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<ImportSummary> {
    return this.import(() => importEventsFile(this.db, source, plan, { onProgress, signal, ...this.bulk }))
  }

  importUpdatesFile(source: Blob | string, plan: UpdatesFilePlan, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<ImportSummary> {
    return this.import(() => importUpdatesFile(this.db, source, plan, { onProgress, signal, wal: this.wal }))
  }

  importProfilesCsv(source: Blob | string, plan: CsvImportPlan, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<ImportSummary> {
    return this.import(() => importProfilesCsv(this.db, source, plan, { onProgress, signal, wal: this.wal }))
  }

  dryRunProfilesCsv(source: Blob | string, plan: CsvImportPlan, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<ImportSummary> {
    return this.serial(() => dryRunProfilesCsv(this.db, source, plan, { onProgress, signal }))
  }

  countUsers(query: UsersQuery): Promise<number> {
    return this.read(async () => this.lists.count(query, await cohorts.resolver(this.db)))
  }

  listUsers(query: ListUsersQuery): Promise<UserRow[]> {
    return this.read(async () => this.lists.list(query, await cohorts.resolver(this.db)))
  }

  explain(query: UsersQuery): Promise<{ sql: string; params: unknown[]; path?: string }> {
    return this.read(async () => {
      const resolver = await cohorts.resolver(this.db)
      query = { ...query, now: query.now ?? new Date().toISOString() }
      const { from, params } = compileUsersQuery(query, ...resolver)
      const path = await this.fast.path(query, resolver[0])
      return { sql: `select p.distinct_id, p.properties\n${from}`, params: params.values, ...(path ? { path } : {}) }
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

  activity(distinctId: string, page: FeedPage): Promise<StoredEvent[]> {
    return this.read(() => activity(this.db, distinctId, page))
  }

  saveCohort(cohort: CohortInput): Promise<{ id: string }> {
    return this.write(async tx => {
      const saved = await cohorts.saveCohort(tx, cohort)
      await sizes.recordSaved(tx, saved.id)
      return saved
    })
  }

  listCohorts(): Promise<Cohort[]> {
    return this.read(() => cohorts.listCohorts(this.db))
  }

  deleteCohort(id: string): Promise<void> {
    return this.write(tx => cohorts.deleteCohort(tx, id))
  }

  // --- cohorts you can work with, and saved views (issue 15)
  updateCohort(id: string, patch: CohortPatch): Promise<void> {
    return this.write(tx => cohortEdits.updateCohort(tx, id, patch))
  }

  duplicateCohort(id: string, name?: string): Promise<{ id: string }> {
    return this.savedCohort(tx => cohortEdits.duplicateCohort(tx, id, name))
  }

  freezeCohort(id: string, name?: string): Promise<{ id: string }> {
    return this.savedCohort(tx => cohortEdits.freezeCohort(tx, id, name))
  }

  cohortDependants(id: string): Promise<CohortRef[]> {
    return this.read(() => cohortEdits.cohortDependants(this.db, id))
  }

  addCohortMembers(id: string, source: MemberSource): Promise<{ added: number }> {
    return this.savedCohort(tx => cohortEdits.addMembers(tx, id, source), id)
  }

  removeCohortMembers(id: string, source: MemberSource): Promise<{ removed: number }> {
    return this.savedCohort(tx => cohortEdits.removeMembers(tx, id, source), id)
  }

  /** A write that saves a cohort (given, or the `id` it returns), recording its size as a 'saved' point. */
  private savedCohort<T>(work: (tx: PGlite) => Promise<T>, id?: string): Promise<T> {
    return this.write(async tx => {
      const done = await work(tx)
      await sizes.recordSaved(tx, id ?? (done as { id: string }).id)
      return done
    })
  }

  matchUserList(entries: string[], by: 'id' | 'email'): Promise<UserListMatch> {
    return this.read(() => matchUserList(this.db, entries, by))
  }

  async countCohort(id: string): Promise<number> {
    const [size, due] = await this.read(async () => {
      const resolver = await cohorts.resolver(this.db)
      if (!resolver[1](id)) throw new Error(`there is no cohort ${JSON.stringify(id)}`)
      return [await this.lists.count(sizes.cohortQuery(id), resolver), await sizes.countedIsDue(this.db, id, this.cohortSizeEveryMs)] as const
    })
    if (due) await this.mutate(() => sizes.recordCounted(this.db, id, size, this.cohortSizeEveryMs))
    return size
  }

  cohortSizeHistory(id: string): Promise<CohortSizePoint[]> {
    return this.read(() => sizes.sizeHistory(this.db, id))
  }

  countCohortAt(id: string, at: string): Promise<number> {
    return this.read(() => sizes.sizeAt(this.db, id, at))
  }

  cohortOverlap(ids: string[]): Promise<OverlapRegion[]> {
    return this.read(async () => {
      const resolver = await cohorts.resolver(this.db)
      const missing = ids.find(id => !resolver[1](id))
      if (missing !== undefined) throw new Error(`there is no cohort ${JSON.stringify(missing)}`)
      const regions: OverlapRegion[] = []
      // The same count as the Users page runs for the region's link, so the two agree.
      for (const r of overlapRegions(ids)) regions.push({ ...r, count: await this.lists.count({ scope: 'all', filter: r.filter }, resolver) })
      return regions
    })
  }

  // --- cohort definition files (issue 14)
  exportCohortFile(id: string): Promise<File> {
    return this.read(async () => {
      const file = await cohortFiles.cohortFile(this.db, id)
      return new File([JSON.stringify(file, null, 2) + '\n'], exportFileName(`cohort-${file.cohort.name}`, 'json', new Date(file.exportedAt)),
        { type: 'application/json' })
    })
  }

  checkCohortFile(source: Blob | string, options: { name?: string } = {}): Promise<CohortFileCheck> {
    return this.read(() => cohortFiles.checkCohortFile(this.db, source, options.name))
  }

  importCohortFile(source: Blob | string, options: { name?: string } = {}): Promise<{ id: string; check: CohortFileCheck }> {
    return this.savedCohort(async tx => {
      const { input, check } = await cohortFiles.cohortFromFile(tx, source, options.name)
      return { ...(await cohorts.saveCohort(tx, input)), check }
    })
  }

  saveView(view: SavedViewInput): Promise<{ id: string }> {
    return this.write(tx => views.saveView(tx, view))
  }

  listViews(): Promise<SavedView[]> {
    return this.read(() => views.listViews(this.db))
  }

  deleteView(id: string): Promise<void> {
    return this.write(tx => views.deleteView(tx, id))
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
      // Kept with the state of the write counters they were counted in (fast/stats.ts).
      const stats = await keptStats(this.db)
      // The Users page's first total is one of these: count it once.
      const resolver = await cohorts.resolver(this.db)
      this.lists.keepCount({ scope: 'profiles' }, resolver, stats.profiles)
      this.lists.keepCount({ scope: 'all' }, resolver, stats.users)
      return stats
    })
  }

  profileSummary(distinctId: string, groupKey?: string): Promise<ProfileSummary> {
    return this.read(() => insights.profileSummary(this.db, distinctId, groupKey))
  }

  eventsPerDay(distinctId: string, range: { from: string; to: string; exclude?: string[] }): Promise<DayCount[]> {
    return this.read(() => insights.eventsPerDay(this.db, distinctId, range))
  }

  userEventNames(distinctId: string): Promise<EventNameCount[]> {
    return this.read(() => insights.userEventNames(this.db, distinctId))
  }

  userCohorts(distinctId: string, now?: string): Promise<UserCohort[]> {
    return this.read(() => insights.userCohorts(this.db, distinctId, now))
  }

  listImports(): Promise<ImportRecord[]> {
    return this.read(() => history.listImports(this.db))
  }

  importSkippedRows(id: number): Promise<SkippedRow[]> {
    return this.read(() => history.importSkippedRows(this.db, id))
  }

  recordImport(entry: ImportEntry): Promise<{ id: number }> {
    return this.write(tx => history.recordImport(tx, entry))
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

  // --- export of a view and of events (issue 14): each chunk is read in its own turn of the queue
  async exportUsers(spec: UsersExport, signal?: AbortSignal): Promise<ExportStream> {
    const resolver = await this.read(() => cohorts.resolver(this.db))
    return exportUsers(this.db, work => this.read(work), resolver, spec, signal, () => this.lists.count(spec.query, resolver))
  }

  async exportEvents(spec: EventsExport, signal?: AbortSignal): Promise<ExportStream> {
    return exportEvents(this.db, work => this.read(work), await this.read(() => cohorts.resolver(this.db)), spec, signal)
  }

  // --- actions on profiles and their undo (issue 15; actions/)
  previewAction(target: ActionTarget, action: ProfileAction): Promise<ActionPreview> {
    return this.read(async () => this.actions.preview(target, action, await cohorts.resolver(this.db)))
  }

  runAction(target: ActionTarget, action: ProfileAction, onProgress?: (p: ActionProgress) => void, signal?: AbortSignal): Promise<ActionResult> {
    return this.mutate(async () => this.actions.run(target, action, await cohorts.resolver(this.db), { onProgress, signal, wal: this.wal }), 'keeps undo')
  }

  lastAction(): Promise<LastAction | null> {
    return this.read(() => this.actions.last())
  }

  undoAction(id: number, onProgress?: (p: ActionProgress) => void, signal?: AbortSignal): Promise<{ restored: number }> {
    return this.mutate(() => this.actions.undo(id, { onProgress, signal, wal: this.wal }), 'keeps undo')
  }

  close(): Promise<void> {
    return this.serial(async () => {
      this.closed = true
      await this.db.close()
    })
  }
}
