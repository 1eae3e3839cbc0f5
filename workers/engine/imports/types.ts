// The public types of getting data in: plans, summaries, progress and the
// import history. A leaf: it imports nothing, so readers, importers, the
// runner and the UI can all name these without pulling in each other.

/** How a file's bytes are decoded. */
export type CsvEncoding = 'utf-8' | 'windows-1252'
export type JsonFormat = 'ndjson' | 'json-array'
/** The formats a file import reads (imports/formats.ts holds one entry per format). */
export type FileFormat = JsonFormat | 'csv'
export type EventTimeUnit = 'iso' | 'seconds' | 'milliseconds'

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
  encoding?: CsvEncoding
  /**
   * extension: record the import in the history under this name; its skipped
   * rows then keep their cells, and a user profiles import saves the static
   * cohort of the profiles it created or updated.
   */
  fileName?: string
}

/** How to read an events CSV: which columns are the event, distinct id and time, and which others become properties. */
export interface EventsCsvMapping {
  header: boolean
  delimiter?: string
  encoding?: CsvEncoding
  event: number
  /** the distinct id's column; absent or empty in a row: the device id's (as `$device:<id>`) */
  distinctId?: number
  /** a column holding $device_id: kept as a property, and the distinct id's source where that is missing */
  deviceId?: number
  time: number
  timeUnit: EventTimeUnit
  /** a column holding $insert_id (absent: derived from the content, as for JSON events without one) */
  insertId?: number
  /** the columns kept as event properties; absent: every other column, named by the header (else "column N") */
  columns?: Array<{ index: number; property: string }>
  /** numbers, true/false and JSON lists as such (default: strings, as Mixpanel's CSV import) */
  typed?: boolean
}

/** extension: what importEventsFile needs beyond the file. */
export interface EventsFilePlan {
  format: FileFormat
  /** record the import in the history under this name */
  fileName?: string
  /** with format 'csv' */
  csv?: EventsCsvMapping
}

/** extension: what importUpdatesFile needs beyond the file. */
export interface UpdatesFilePlan {
  format: JsonFormat
  /** record the import in the history under this name */
  fileName?: string
}

/** A row an import did not take: its 1-based number in the file, why, and (kept up to a cap) its cells or text. */
export interface SkippedSummaryRow { row: number; message: string; cells?: string[] }

export interface ImportSummary {
  rows: number; created: number; updated: number; skipped: number
  errors: SkippedSummaryRow[]
  /** extension (events): rows already stored, or repeated in the batch, and so not stored again. */
  duplicates?: number
  /** extension (recorded imports): the import history entry, and the static cohort of the profiles it created or updated. */
  importId?: number
  cohortId?: string
}
export type UpdateSummary = ImportSummary

/** Rows read so far, and bytes of the file read so far (of totalBytes). */
export interface Progress { rows: number; bytes: number; totalBytes?: number }

export type ImportKind = 'profiles' | 'groups' | 'events' | 'updates'
/** 'interrupted': cut off by a reload or a closed tab, found so on the next open. */
export type ImportStatus = 'done' | 'cancelled' | 'failed' | 'interrupted'

/** A skipped row as the history stores it: its number in the file, why, and what it held (CSV: the cells; JSON: the line). */
export interface SkippedRow { row: number; message: string; raw?: unknown }

/** What an importer records. */
export interface ImportEntry {
  fileName: string
  kind: ImportKind
  /** the group key of a group profiles import */
  groupKey?: string
  /** ISO times */
  startedAt: string
  finishedAt?: string
  rows: number
  created: number
  updated: number
  skipped: number
  duplicates?: number
  status: ImportStatus
  /** why it failed or was cancelled */
  message?: string
  /** the first MAX_STORED_SKIPPED_ROWS are kept */
  skippedRows?: SkippedRow[]
  /** the static cohort of the profiles this import created or updated */
  cohortId?: string
}

/** A recorded import, as listImports returns it. */
export interface ImportRecord {
  id: number
  fileName: string
  kind: ImportKind
  groupKey: string | null
  startedAt: string
  finishedAt: string
  rows: number
  created: number
  updated: number
  skipped: number
  duplicates: number
  status: ImportStatus
  message: string | null
  cohortId: string | null
  /** how many skipped rows are stored (at most MAX_STORED_SKIPPED_ROWS) */
  storedSkippedRows: number
}
