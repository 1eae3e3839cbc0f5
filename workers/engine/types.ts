// The engine's public types, defined here or in leaves beside this file
// (imports/types.ts, filter/types.ts) and never in an implementation, so
// every module can name them without importing another's code.
// docs/engine.md describes the API in the project's own words.
import type { DataType, Group } from './filter/types'
import type {
  CsvImportPlan, EventsFilePlan, ImportEntry, ImportRecord, ImportSummary, Progress, SkippedRow, UpdatesFilePlan, UpdateSummary,
} from './imports/types'

export type { DataType, Group }
export type * from './imports/types'
export type { BackupCheck, BackupManifest, BackupOptions, BackupProblem } from './backup/types'
import type { BackupOptions } from './backup/types'

export interface OpenOptions {
  /** PGlite data dir (file path in Node, `opfs-ahp://…` or `idb://…` in the browser); absent: in memory. */
  dataDir?: string
  /** extension: a dump made by `dumpDataDir()` to start from (tests clone one template per run). */
  loadDataDir?: Blob | File
  /** extension (tests, bench/events.ts): when the bulk events path rebuilds the event indexes, and a hook at each step. */
  bulkTuning?: BulkTuning
  /** extension: how many files `loadDataDir` holds (an OPFS data dir needs a file handle for each while it loads). */
  files?: number
}

export type BulkStep = 'staged' | 'users' | 'sorted' | 'indexes dropped' | 'inserted' | 'indexed'

export interface BulkTuning {
  /** Rebuild the event indexes when the new rows are at least this fraction of the rows stored … */
  rebuildFraction: number
  /** … and at least this many: a rebuild has a fixed cost. */
  rebuildMinRows: number
  /** maintenance_work_mem for the rebuild */
  indexBuildMemory: string
  /** called after each step */
  onStep?: (step: BulkStep) => void
}

export interface UsersQuery {
  scope: 'profiles' | 'all'
  filter?: Group
  search?: string
  now?: string
  /** extension: analyse group profiles of this key instead of users. */
  groupKey?: string
}

export interface UsersSort { property: string; direction: 'asc' | 'desc' }

export type ListUsersQuery = UsersQuery & { offset: number; limit: number; sort?: UsersSort }

export interface UserRow {
  distinctId: string
  properties: Record<string, unknown>
}

export type ProfileUpdate = Record<string, unknown>

export interface TrackedEvent { event: string; properties: Record<string, unknown> }

export interface StoredEvent {
  event: string
  time: string
  properties: Record<string, unknown>
  /** extension: pass as `before` to get the events after this one in the feed. */
  cursor?: string
}

export type CohortInput =
  | { id?: string; name: string; description?: string; kind: 'dynamic'; filter: Group }
  | { id?: string; name: string; description?: string; kind: 'static'; members: string[] }
export type Cohort = CohortInput & {
  id: string; createdAt: string; updatedAt: string
  /** extension: 'import' for the cohort a profiles import saves of the profiles it touched (bookkeeping, not the user's own) */
  origin?: 'import'
}

/** extension: what the status line shows. */
export interface DatabaseStats { profiles: number; users: number; events: number; groups: number; cohorts: number }


// ---- the catalog (the filter builder's pickers)

export interface PropertyInfo {
  name: string
  /** the type the builder offers first: what most set values read as */
  type: DataType
  /** profiles (or events) in the sample where the property is set (not JSON null) */
  count: number
}

export interface PropertyList {
  properties: PropertyInfo[]
  /** rows looked at; smaller than the table when sampled */
  rows: number
  sampled: boolean
}

export interface ValueCount { value: string; count: number }
export interface EventInfo { name: string; count: number }

export interface PropertyNamesQuery { groupKey?: string }
export interface PropertyValuesQuery {
  property: string
  groupKey?: string
  /** only values containing this text, ignoring case */
  search?: string
  limit?: number
  /** values of an event's property instead of a profile's */
  event?: string
}
export interface EventPropertyNamesQuery { event: string }

// ---- the profile page

/** A page of the activity feed: `before` and `limit` as engine.md has them, `since` and `exclude` extensions. */
export interface FeedPage {
  /** a cursor from a previous page's last event, or an ISO time: events strictly before it. */
  before?: string
  /** ISO time: only events at or after it. */
  since?: string
  /** event names left out of the feed. */
  exclude?: string[]
  limit: number
}

/** extension: the header figures of a profile page. */
export interface ProfileSummary {
  /** 'profile': the id has a profile (maybe with no property left); 'events': events only; 'none': unknown id. */
  kind: 'profile' | 'events' | 'none'
  eventCount: number
  /** ISO times of the user's first and latest event; null without events. */
  firstSeen: string | null
  lastSeen: string | null
}

export interface DayCount { day: string; count: number }
export interface EventNameCount { event: string; count: number }
export interface UserCohort { id: string; name: string; kind: 'dynamic' | 'static' }

export interface Engine {
  applyProfileUpdates(updates: ProfileUpdate[]): Promise<UpdateSummary>
  importEvents(events: TrackedEvent[]): Promise<ImportSummary>
  importProfilesCsv(source: Blob | string, plan: CsvImportPlan,
                    onProgress?: (p: Progress) => void,
                    signal?: AbortSignal): Promise<ImportSummary>

  countUsers(query: UsersQuery): Promise<number>
  listUsers(query: ListUsersQuery): Promise<UserRow[]>
  getProfile(distinctId: string): Promise<UserRow | null>
  /** A user's events, newest first; `since` and `exclude` (extensions) narrow the feed of the profile page. */
  activity(distinctId: string, page: FeedPage): Promise<StoredEvent[]>

  saveCohort(cohort: CohortInput): Promise<{ id: string }>
  listCohorts(): Promise<Cohort[]>
  deleteCohort(id: string): Promise<void>

  /** extension: the SQL and parameters a query runs (SQL console, debugging). */
  /** extension: the SQL of a query; `path` names the path that answers its count when it is not the SQL one (bench:peer reports it). */
  explain(query: UsersQuery): Promise<{ sql: string; params: unknown[]; path?: string }>
  /** extension: counts for the status line. */
  stats(): Promise<DatabaseStats>
  /** extension: a group profile, as getProfile does for users. */
  getGroupProfile(groupKey: string, groupId: string): Promise<UserRow | null>
  /** extension: the group keys that hold profiles. */
  groupKeys(): Promise<string[]>
  /** extension (profile page): event count, first/last seen; whether the id has a profile, events only, or nothing. */
  profileSummary(distinctId: string, groupKey?: string): Promise<ProfileSummary>
  /** extension (profile page): a user's events per UTC day in [from, to), without excluded event names. */
  eventsPerDay(distinctId: string, range: { from: string; to: string; exclude?: string[] }): Promise<DayCount[]>
  /** extension (profile page): the event names in a user's feed, most frequent first. */
  userEventNames(distinctId: string): Promise<EventNameCount[]>
  /** extension (profile page): the saved cohorts (static and dynamic) a user belongs to now. */
  userCohorts(distinctId: string, now?: string): Promise<UserCohort[]>
  /** extension (catalog): profile property names with inferred types and counts, for the filter builder. */
  propertyNames(query?: PropertyNamesQuery): Promise<PropertyList>
  /** extension (catalog): the most frequent values of a profile (or event) property, as strings. */
  propertyValues(query: PropertyValuesQuery): Promise<ValueCount[]>
  /** extension (catalog): event names with how many events each has. */
  eventNames(): Promise<EventInfo[]>
  /** extension (catalog): the properties of one event's events (`$any`: of all events). */
  eventPropertyNames(query: EventPropertyNamesQuery): Promise<PropertyList>
  /** extension: what importProfilesCsv would do (created, updated, skipped and why), writing nothing. */
  dryRunProfilesCsv(source: Blob | string, plan: CsvImportPlan, onProgress?: (p: Progress) => void,
                    signal?: AbortSignal): Promise<ImportSummary>
  /** extension (import history): every recorded import, newest first. */
  listImports(): Promise<ImportRecord[]>
  /** extension (import history): the stored skipped rows of one import, in file order. */
  importSkippedRows(id: number): Promise<SkippedRow[]>
  /** extension (import history): records an import done outside the engine's own importers. */
  recordImport(entry: ImportEntry): Promise<{ id: number }>
  /**
   * extension (bulk events): a stream of event batches in one transaction, as importEvents checks and
   * deduplicates them; rows are numbered across the stream. All or nothing on abort or failure.
   */
  importEventStream(batches: AsyncIterable<TrackedEvent[]> | Iterable<TrackedEvent[]>,
                    onProgress?: (p: { rows: number }) => void, signal?: AbortSignal): Promise<ImportSummary>
  /** extension (issue 6): events from an NDJSON, JSON array or mapped CSV file, through the bulk path; cancel with `signal`. */
  importEventsFile(source: Blob | string, plan: EventsFilePlan, onProgress?: (p: Progress) => void,
                   signal?: AbortSignal): Promise<ImportSummary>
  /** extension (issue 6): Engage updates from an NDJSON or JSON array file, applied in order in one transaction. */
  importUpdatesFile(source: Blob | string, plan: UpdatesFilePlan, onProgress?: (p: Progress) => void,
                    signal?: AbortSignal): Promise<ImportSummary>
  /** extension: the whole data dir as a tarball (template databases, backups). */
  dumpDataDir(): Promise<Blob>
  /** extension (issue 14): the workspace as one backup file, encrypted with a passphrase if given (backup/backup.ts). */
  backup(options?: BackupOptions): Promise<File>
  /** extension (issue 14): every profile, event, cohort and import record deleted; an empty, working workspace. */
  erase(): Promise<void>
  /** extension (issue 14): the workspace as plain SQL for a PostgreSQL server (export/sql.ts, docs/schema.md). */
  exportSql(): Promise<File>

  close(): Promise<void>
}
