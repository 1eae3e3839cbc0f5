// The engine's public types. docs/engine.md is the contract; additions
// (marked "extension") are allowed by that spec and documented in docs/decisions.md.
import type { Group } from './filter/types'
import type {
  EventInfo, EventPropertyNamesQuery, PropertyList, PropertyNamesQuery, PropertyValuesQuery, ValueCount,
} from './catalog/index'

export type { Group }
export type { EventInfo, EventPropertyNamesQuery, PropertyInfo, PropertyList, PropertyNamesQuery, PropertyValuesQuery, ValueCount } from './catalog/index'
export type { DayCount, EventNameCount, ProfileSummary, UserCohort } from './profiles/insights'
import type { DayCount, EventNameCount, ProfileSummary, UserCohort } from './profiles/insights'
export type { FeedPage } from './events/activity'
export type { ImportEntry, ImportKind, ImportRecord, ImportStatus, SkippedRow } from './imports/history'
import type { ImportEntry, ImportRecord, SkippedRow } from './imports/history'
import type { FeedPage } from './events/activity'
export type { EventsCsvMapping, EventsFilePlan, EventTimeUnit } from './events/files'
import type { EventsFilePlan } from './events/files'
export type { UpdatesFilePlan } from './files/updates'
import type { UpdatesFilePlan } from './files/updates'
export type { FileFormat } from './files/json'
export type { BackupCheck, BackupManifest, BackupOptions, BackupProblem } from './backup/types'
import type { BackupOptions } from './backup/types'

export interface OpenOptions {
  /** PGlite data dir (file path in Node, `opfs-ahp://…` or `idb://…` in the browser); absent: in memory. */
  dataDir?: string
  /** extension: a dump made by `dumpDataDir()` to start from (tests clone one template per run). */
  loadDataDir?: Blob | File
  /** extension: how many files `loadDataDir` holds (an OPFS data dir needs a file handle for each while it loads). */
  files?: number
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

export interface CsvImportPlan {
  kind: 'user' | 'group'
  groupKey?: string
  header: boolean
  identifier?: number
  columns: Array<{ index: number; property: string }>
  typed?: boolean
  /** extension: the field delimiter (guessed when absent) */
  delimiter?: string
  /** extension: how the bytes are decoded (default UTF-8) */
  encoding?: 'utf-8' | 'windows-1252'
  /** extension: record the import in the history under this name (csv/import.ts) */
  fileName?: string
}

export interface ImportSummary {
  rows: number; created: number; updated: number; skipped: number
  errors: Array<{ row: number; message: string; cells?: string[] }>
  /** extension (events): rows already stored, or repeated in the batch, and so not stored again. */
  duplicates?: number
  /** extension (recorded imports): the import history entry, and the static cohort of the profiles it created or updated. */
  importId?: number
  cohortId?: string
}
export type UpdateSummary = ImportSummary
export interface Progress { rows: number; bytes: number; totalBytes?: number }

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
export type Cohort = CohortInput & { id: string; createdAt: string; updatedAt: string }

/** extension: what the status line shows. */
export interface DatabaseStats { profiles: number; users: number; events: number; groups: number; cohorts: number }

export interface Engine {
  applyProfileUpdates(updates: ProfileUpdate[]): Promise<UpdateSummary>
  importEvents(events: TrackedEvent[]): Promise<ImportSummary>
  importProfilesCsv(source: Blob | string, plan: CsvImportPlan,
                    onProgress?: (p: Progress) => void,
                    signal?: AbortSignal): Promise<ImportSummary>

  countUsers(query: UsersQuery): Promise<number>
  listUsers(query: ListUsersQuery): Promise<UserRow[]>
  getProfile(distinctId: string): Promise<UserRow | null>
  activity(distinctId: string, page: { before?: string; limit: number }): Promise<StoredEvent[]>

  saveCohort(cohort: CohortInput): Promise<{ id: string }>
  listCohorts(): Promise<Cohort[]>
  deleteCohort(id: string): Promise<void>

  /** extension: the SQL and parameters a query runs (SQL console, debugging). */
  explain(query: UsersQuery): Promise<{ sql: string; params: unknown[] }>
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
  /** extension (profile page): a feed page as `activity` pages, limited to events since a time and without some names. */
  activityFeed(distinctId: string, page: FeedPage): Promise<StoredEvent[]>
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
