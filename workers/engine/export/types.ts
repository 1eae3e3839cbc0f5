// The public types of getting rows out (export/users.ts, export/events.ts):
// what to export, and the chunks an export is streamed in. A leaf, so the
// engine's types, the worker and the UI name them without importing code.
import type { Group } from '../filter/types'

/** A users query as export takes it (types.ts has UsersQuery; repeated here so this file stays a leaf). */
export interface ExportQuery {
  scope: 'profiles' | 'all'
  filter?: Group
  search?: string
  now?: string
  groupKey?: string
}

export type UsersExportFormat = 'csv' | 'ndjson'

/** Which of a query's rows: all (no selection), only these distinct ids, or all but these (`except`). */
export interface ExportSelection { ids: string[]; except?: boolean }

export interface UsersExport {
  query: ExportQuery
  /** the view's sort; absent: first-seen order */
  sort?: { property: string; direction: 'asc' | 'desc' }
  selection?: ExportSelection
  /** property names in this order; 'all': every property any exported row has (names sorted) */
  properties: string[] | 'all'
  /** 'csv': a header and one row a profile; 'ndjson': one Engage `$set` update a line */
  format: UsersExportFormat
  /** CSV: start the file with a UTF-8 byte order mark (for spreadsheets) */
  bom?: boolean
  /**
   * CSV: values exactly as stored, for re-import with "detect types": no
   * formula guard, and strings that type detection would read as something
   * else written as JSON strings. Default: the spreadsheet-safe file.
   */
  exact?: boolean
  /** rows per chunk (default 5,000) */
  chunkRows?: number
}

/** The events of one user, or of the users a query (and selection) selects. */
export type EventsExport =
  | { distinctId: string; chunkRows?: number }
  | { query: ExportQuery; selection?: ExportSelection; chunkRows?: number }

/** A piece of the file. `rows` and `bytes` count everything produced so far, this chunk included. */
export interface ExportChunk { data: Uint8Array; rows: number; bytes: number }

/** An export under way: what it will hold, and its chunks (pull them in order; `return()` stops it). */
export interface ExportStream {
  /** rows the file will hold (profiles, or events) */
  total: number
  /** CSV: the header's names; NDJSON: the properties exported ('all': empty) */
  columns: string[]
  fileName: string
  mimeType: string
  chunks: AsyncGenerator<ExportChunk, void, undefined>
}
