// The import runner: the one spine every long write of the engine runs on.
// An importer is "a reader's rows into a sink": it reads its source, hands
// each row to a sink in the transaction the runner opened, and tells the run
// what it read, skipped and wrote. The runner owns everything else:
//
//   - the transaction: all or nothing; a cancelled or failed run writes nothing;
//   - the history entry (when `record` is given): 'running' before the
//     import starts, then 'done' in the same transaction as the data, or
//     'cancelled' or 'failed' in one of its own afterwards, with the rows read
//     and the rows skipped so far ('interrupted' if the tab died meanwhile);
//   - progress: one throttle (at most every PROGRESS_MS), bytes of totalBytes;
//   - skipped rows: one collector with one cap on the raw content it keeps;
//   - cancel: `signal` aborts the run at the next row batch.
//
//   const summary = await runImport(db, { source, onProgress, signal, raw: 'cells',
//                                         record: { fileName, kind: 'profiles' } },
//     async (tx, run) => {
//       for await (const batch of reader) {
//         run.bytes = batch.bytesRead
//         for (const row of batch.rows) {
//           run.summary.rows++
//           if (bad) run.skip(row.number, 'why', row.cells)
//           else await sink.add(row)
//         }
//         run.progress()
//         run.throwIfAborted()
//       }
//       run.summary.created = await sink.finish()
//     })
//
// Later long jobs (export, bulk edits) reuse it for progress and cancel.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { ImportEntry, ImportKind, ImportSummary, Progress, SkippedRow } from '../types'
import { finishImport, MAX_STORED_SKIPPED_ROWS, startImport } from './history'

/** Progress is reported at most this often (ms). */
export const PROGRESS_MS = 100
/** Skipped rows keep their raw content up to this many (the history stores no more); later ones keep row and reason. */
export const MAX_KEPT_RAW = MAX_STORED_SKIPPED_ROWS
/** A skipped row keeps at most this many cells, each cut to MAX_KEPT_CHARS (the download is for finding the row, not restoring it). */
const MAX_KEPT_CELLS = 200
const MAX_KEPT_CHARS = 10_000

export interface RunOptions {
  /** what is read: its size is the progress's totalBytes */
  source?: Blob | string
  onProgress?: (p: Progress) => void
  signal?: AbortSignal
  /** how a skipped row's raw content is stored: a CSV row's cells, or a JSON item's text (the first cell) */
  raw?: 'cells' | 'text'
  /** record the run in the import history */
  record?: { fileName: string; kind: ImportKind; groupKey?: string }
  /** read and check everything, then roll back: nothing is written or recorded */
  dryRun?: boolean
  /** after the 'done' history entry, in the same transaction (the profiles import's cohort) */
  afterRecord?: (tx: Transaction, importId: number, summary: ImportSummary) => Promise<void>
}

/** What an importer tells the runner while it works. */
export class ImportRun {
  readonly summary: ImportSummary = { rows: 0, created: 0, updated: 0, skipped: 0, errors: [] }
  /** bytes of the source read so far (readers report it per batch) */
  bytes = 0
  readonly totalBytes: number | undefined
  private lastProgress = 0

  constructor(private readonly options: RunOptions = {}) {
    const source = options.source
    this.totalBytes = source === undefined ? undefined : typeof source === 'string' ? source.length : source.size
  }

  get signal(): AbortSignal | undefined { return this.options.signal }

  /** A row the import does not take: its 1-based number in the source, why, and its cells (or text). */
  skip(row: number, message: string, raw?: readonly string[]): void {
    const errors = this.summary.errors
    if (raw === undefined || errors.length >= MAX_KEPT_RAW) errors.push({ row, message })
    else errors.push({ row, message, cells: raw.slice(0, MAX_KEPT_CELLS).map(kept) })
  }

  /** Reports progress, at most every PROGRESS_MS. */
  progress(): void {
    if (!this.options.onProgress) return
    const now = Date.now()
    if (now - this.lastProgress < PROGRESS_MS) return
    this.lastProgress = now
    this.report()
  }

  throwIfAborted(): void {
    this.options.signal?.throwIfAborted()
  }

  private report(): void {
    const p: Progress = { rows: this.summary.rows, bytes: this.bytes }
    if (this.totalBytes !== undefined) p.totalBytes = this.totalBytes
    this.options.onProgress?.(p)
  }

  /** Skipped rows in source order (readers and sinks report them at different times), and their count. */
  settle(): void {
    this.summary.errors.sort((a, b) => a.row - b.row)
    this.summary.skipped = this.summary.errors.length
  }

  /** The last progress: everything read. */
  finished(): void {
    if (this.totalBytes !== undefined) this.bytes = this.totalBytes
    this.report()
  }

  /** The history entry of this run. */
  entry(startedAt: string, status: ImportEntry['status'], message?: string): ImportEntry {
    const { record, raw } = this.options
    const s = this.summary
    const written = status === 'done'
    return {
      fileName: record!.fileName, kind: record!.kind, ...(record!.groupKey !== undefined ? { groupKey: record!.groupKey } : {}),
      startedAt, finishedAt: new Date().toISOString(),
      rows: s.rows, created: written ? s.created : 0, updated: written ? s.updated : 0, skipped: s.errors.length,
      ...(written && s.duplicates !== undefined ? { duplicates: s.duplicates } : {}),
      status, ...(message ? { message } : {}),
      skippedRows: s.errors.slice(0, MAX_STORED_SKIPPED_ROWS).map((e): SkippedRow => {
        if (!e.cells) return { row: e.row, message: e.message }
        return { row: e.row, message: e.message, raw: raw === 'text' ? e.cells[0] : e.cells }
      }),
    }
  }
}

function kept(cell: string): string {
  return cell.length > MAX_KEPT_CHARS ? cell.slice(0, MAX_KEPT_CHARS) + '…' : cell
}

/**
 * Runs `work` as one import: in one transaction, recorded in the history when
 * `options.record` names the file, with progress and cancel. Returns the
 * summary; throws the work's error (after recording it) when it fails.
 */
export async function runImport(db: PGlite, options: RunOptions,
                                work: (tx: Transaction, run: ImportRun) => Promise<void>): Promise<ImportSummary> {
  const startedAt = new Date().toISOString()
  const run = new ImportRun(options)
  const record = options.dryRun ? undefined : options.record
  run.throwIfAborted()
  // Committed before the import starts: a tab killed mid-import leaves it 'running' (history.ts markInterrupted).
  const importId = record ? await startImport(db, { ...record, startedAt }) : undefined
  try {
    await db.transaction(async tx => {
      await work(tx, run)
      run.throwIfAborted()
      run.settle()
      if (options.dryRun) {
        await tx.rollback()
        return
      }
      if (importId !== undefined) {
        await finishImport(tx, importId, run.entry(startedAt, 'done'))
        run.summary.importId = importId
        await options.afterRecord?.(tx, importId, run.summary)
      }
    })
  } catch (error) {
    if (importId !== undefined) await recordFailure(db, importId, run, startedAt, error, options.signal)
    throw error
  }
  run.finished()
  return run.summary
}

/**
 * A cancelled or failed import wrote nothing, but is recorded: the rows it
 * read and the rows it skipped until it stopped, created and updated zero.
 */
async function recordFailure(db: PGlite, importId: number, run: ImportRun, startedAt: string, error: unknown, signal?: AbortSignal): Promise<void> {
  const cancelled = signal?.aborted === true
  const message = cancelled ? 'Cancelled; nothing was written.' : error instanceof Error ? error.message : String(error)
  run.settle()
  try {
    await db.transaction(tx => finishImport(tx, importId, run.entry(startedAt, cancelled ? 'cancelled' : 'failed', message)))
  } catch {
    // The import's own error is what the caller needs to see.
  }
}
