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
export type { EventsExport, ExportChunk, ExportQuery, ExportSelection, ExportStream, UsersExport, UsersExportFormat } from './export/types'
import type { EventsExport, ExportStream, UsersExport } from './export/types'

export interface OpenOptions {
  /** PGlite data dir (file path in Node, `opfs-ahp://…` or `idb://…` in the browser); absent: in memory. */
  dataDir?: string
  /** extension: a dump made by `dumpDataDir()` to start from (tests clone one template per run). */
  loadDataDir?: Blob | File
  /** extension (tests, bench/events.ts): when the bulk events path rebuilds the event indexes, and a hook at each step. */
  bulkTuning?: BulkTuning
  /** extension: how many files `loadDataDir` holds (an OPFS data dir needs a file handle for each while it loads). */
  files?: number
  /** extension (tests): the least time between two 'counted' points of a cohort's size history; default an hour. */
  cohortSizeEveryMs?: number
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

export type ListUsersQuery = UsersQuery & {
  offset: number; limit: number; sort?: UsersSort
  /** extension (issue 15): each row also carries its user's `lastSeen` and `eventCount` (the table's Last seen and Events columns). */
  activity?: boolean
}

export interface UserRow {
  distinctId: string
  properties: Record<string, unknown>
  /** extension, with `activity`: the time of the user's latest event (ISO), null without events */
  lastSeen?: string | null
  /** extension, with `activity`: how many events the user has */
  eventCount?: number
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

// ---- cohorts you can work with, and saved views (issue 15: cohorts/, views/)

/** extension: what renaming or describing a cohort changes (absent: kept). */
export interface CohortPatch { name?: string; description?: string }
export interface CohortRef { id: string; name: string }

// ---- cohort definition files (issue 14: cohorts/file.ts, docs/formats.md)

/** A cohort's definition as a file: shared without its data, imported into another workspace. */
export interface CohortFile {
  format: 'cohortlite.cohort'
  version: number
  exportedAt: string
  cohort:
    | { id: string; name: string; description: string; kind: 'dynamic'; filter: Group }
    | { id: string; name: string; description: string; kind: 'static'; members: string[] }
  /** what the filter names: cohorts (with their names, by which another workspace finds them), profile properties, events */
  uses: { cohorts: CohortRef[]; properties: string[]; events: string[] }
}

/** What importing a cohort file would do in this workspace. */
export interface CohortFileCheck {
  /** the id the cohort gets here: the file's own when no cohort here has it */
  id: string
  name: string
  description: string
  kind: 'dynamic' | 'static'
  /** a cohort here already has the file's id (imported before, or this is where it was made) */
  sameIdAs?: CohortRef
  /** one of this workspace's cohorts already has this name (ignoring case) */
  nameTaken: boolean
  /** static: how many distinct ids the file lists, and how many of them are users here */
  members?: { total: number; here: number }
  /** the cohorts the filter uses, as the file names them and as found here (by id, else by name) */
  cohorts: Array<{ file: CohortRef; here: CohortRef }>
  /** the cohorts the filter uses that are not here, each with why: while any is listed, nothing is imported */
  missingCohorts: Array<CohortRef & { reason: string }>
  /** profile properties, events and event properties the filter names that this workspace has never seen */
  unseenProperties: string[]
  unseenEvents: string[]
  unseenEventProperties: Array<{ event: string; property: string }>
}
/** Users to add to or remove from a static cohort: listed distinct ids, or every user a query selects. */
export type MemberSource = { ids: string[] } | { query: UsersQuery }
/** A point of a cohort's size over time: saved (on every save), or counted (at most one an hour). */
export interface CohortSizePoint { at: string; size: number; reason: 'saved' | 'counted' }
/** What a pasted or uploaded list of ids or emails matched (cohorts/entries.ts). */
export interface UserListMatch {
  /** the distinct ids matched, each once, in the list's order */
  ids: string[]
  /** the list's entries (blank ones and repeats left out) */
  entries: number
  /** entries that match no user */
  unmatched: string[]
  /** emails that match several users: all of them are in `ids` */
  ambiguous: Array<{ entry: string; ids: string[] }>
}
/** One region of an overlap: the users in every cohort of `inside` and in none of `outside`. */
export interface OverlapRegion { inside: string[]; outside: string[]; count: number; filter: Group }
/** A Users-page view as a saved view keeps it. */
export interface SavedViewState {
  scope: 'profiles' | 'all'
  search: string
  filter: Group
  columns: string[]
  sort: UsersSort | null
}
export interface SavedView { id: string; name: string; view: SavedViewState; createdAt: string; updatedAt: string }
export interface SavedViewInput { id?: string; name: string; view: SavedViewState }

// ---- actions on profiles, and their undo (issue 15: bulk actions; actions/)

/**
 * Which profiles an action changes: every profile a Users query selects (less
 * the distinct ids in `except`: "select all that match", then some unticked),
 * or a list of distinct ids (of users, or of one group key's profiles).
 */
export type ActionTarget =
  | { query: UsersQuery; except?: string[] }
  | { ids: string[]; groupKey?: string }

/** What an action does to each profile of its target. */
export type ProfileAction =
  | { kind: 'set'; property: string; value: unknown }
  | { kind: 'unset'; property: string }
  | { kind: 'addToCohort'; cohortId: string }
  | { kind: 'removeFromCohort'; cohortId: string }
  /** the profiles go (their events stay), and so do their places in static cohorts */
  | { kind: 'delete' }

/** What an action would do, counted before it runs (writing nothing). */
export interface ActionPreview {
  /** profiles the target selects */
  matched: number
  /** of those, the profiles the action changes (the others already are as it would leave them) */
  changes: number
}

export interface ActionProgress {
  /** profiles gone through (of `total`) */
  done: number
  total: number
}

/** The last action, which `undoAction` can take back until the next write. */
export interface LastAction {
  /** names this action: undoAction(id) undoes it and nothing else */
  id: number
  action: ProfileAction
  /** '' for users, else the group key of the profiles changed */
  groupKey: string
  /** profiles changed */
  changed: number
  /** ISO time */
  at: string
}

export interface ActionResult {
  matched: number
  changed: number
  /** what undoAction takes back; null when nothing changed (and the previous undo was not kept either) */
  undo: LastAction | null
}

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

  // --- export of a view and of events (issue 14, export/users.ts, export/events.ts)
  /** A view's rows (or a selection of them) as CSV or NDJSON of Engage updates, in chunks pulled from `chunks`. */
  exportUsers(spec: UsersExport, signal?: AbortSignal): Promise<ExportStream>
  /** One user's events, or every event of a view's users, as Mixpanel raw-export NDJSON, in chunks. */
  exportEvents(spec: EventsExport, signal?: AbortSignal): Promise<ExportStream>
  // --- cohorts you can work with, and saved views (issue 15: cohorts/, views/)
  /** extension: renames or describes a cohort; nothing else changes. */
  updateCohort(id: string, patch: CohortPatch): Promise<void>
  /** extension: a copy of a cohort (its definition or members) under a new id; name: "Copy of …" unless given. */
  duplicateCohort(id: string, name?: string): Promise<{ id: string }>
  /** extension: the cohorts whose definitions use this one (what a delete would break). */
  cohortDependants(id: string): Promise<CohortRef[]>
  /** extension: adds users to a static cohort; how many were not members before. */
  addCohortMembers(id: string, source: MemberSource): Promise<{ added: number }>
  /** extension: removes users from a static cohort; how many were members. */
  removeCohortMembers(id: string, source: MemberSource): Promise<{ removed: number }>
  /** extension: a new static cohort holding a dynamic cohort's members now. */
  freezeCohort(id: string, name?: string): Promise<{ id: string }>
  /** extension: the users a list of distinct ids or emails (`$email`, ignoring case) names, and the entries that match none or several. */
  matchUserList(entries: string[], by: 'id' | 'email'): Promise<UserListMatch>
  /** extension: a cohort's size now (over All Users), kept as a point of its history at most once an hour. */
  countCohort(id: string): Promise<number>
  /** extension: a cohort's recorded sizes, oldest first. */
  cohortSizeHistory(id: string): Promise<CohortSizePoint[]>
  /** extension: a cohort's size as of an ISO time: behaviour windows end there and only events before it count; properties are today's. */
  countCohortAt(id: string, at: string): Promise<number>
  /** extension: every region of 2 or 3 cohorts' overlap (intersections and differences), each with its filter. */
  cohortOverlap(ids: string[]): Promise<OverlapRegion[]>
  /** extension (issue 14): a cohort's definition file (cohortlite-cohort-<name>-<date>.json). */
  exportCohortFile(id: string): Promise<File>
  /** extension (issue 14): what importing a cohort file would do here (the cohorts it uses, what is missing or never seen); writes nothing. */
  checkCohortFile(source: Blob | string, options?: { name?: string }): Promise<CohortFileCheck>
  /** extension (issue 14): creates the file's cohort (under `name` if given); refused, creating nothing, when a cohort it uses is missing. */
  importCohortFile(source: Blob | string, options?: { name?: string }): Promise<{ id: string; check: CohortFileCheck }>
  saveView(view: SavedViewInput): Promise<{ id: string }>
  listViews(): Promise<SavedView[]>
  deleteView(id: string): Promise<void>
  // ---- actions on profiles (issue 15; actions/): preview, run with progress and cancel, undo until the next write
  /** extension: how many profiles an action would change, writing nothing; a bad action is refused as runAction refuses it. */
  previewAction(target: ActionTarget, action: ProfileAction): Promise<ActionPreview>
  /** extension: an action in one transaction, in chunks with progress; an abort or a failure changes nothing. */
  runAction(target: ActionTarget, action: ProfileAction, onProgress?: (p: ActionProgress) => void,
            signal?: AbortSignal): Promise<ActionResult>
  /** extension: the action undoAction takes back, or null (none, or a write came after it). */
  lastAction(): Promise<LastAction | null>
  /** extension: takes back the last action, refused unless `id` names it; every previous value comes back. */
  undoAction(id: number, onProgress?: (p: ActionProgress) => void, signal?: AbortSignal): Promise<{ restored: number }>

  close(): Promise<void>
}
