// The DB worker: owns the one PGlite instance (through the engine) and exposes
// the engine with Comlink. The page (src/db/client.ts) creates this worker only
// while it holds the `cohortlite-db` lock, so the data dir is never opened twice.
//
// Rules for the methods below: none is generic (Comlink's Remote<> drops type
// parameters), callbacks arrive as Comlink proxies (the page wraps them in
// Comlink.proxy), and every failure crosses as a plain Error carrying the
// engine's message.
import * as Comlink from 'comlink'
import { openEngine } from './engine/index'
import { loadSampleData, type SampleCounts, type SampleOptions, type SampleProgress } from './engine/sample/index'
import type { Engine } from './engine/types'
import { SNIFF_BYTES, sniffCsv, suggestMapping, type ColumnSuggestion, type CsvSniff, type SniffOptions } from './engine/csv/sniff'
import { sniffImportFile, type ImportFileSniff } from './engine/files/sniff'
import type { BackupCheck, BackupManifest, ExportChunk } from './engine/types'
import { checkBackup, readBackup } from './engine/backup/backup'
import { restoreWorkspace } from './engine/backup/restore'
import { currentOpfsSize, removeAllDataDirs, workspaceDirs } from './dataDirs'
import { ExportPulls, type ExportInfo, type ExportRequest } from './exportPulls'

export type StorageKind = 'opfs' | 'idb'

// Held by this worker while its engine may have the data dir open. A worker
// that is being terminated (page reload, tab closing) can still hold OPFS
// access handles for a moment after the page lock is gone; the next worker
// waits for this lock, which is released only when that worker is gone or
// has closed its engine.
const HANDLES_LOCK = 'cohortlite-db-handles'
let releaseHandles: (() => void) | null = null

function holdHandlesLock(): Promise<void> {
  if (releaseHandles || typeof navigator === 'undefined' || !('locks' in navigator)) return Promise.resolve()
  return new Promise<void>((granted, fail) => {
    navigator.locks.request(HANDLES_LOCK, () => {
      granted()
      return new Promise<void>(release => { releaseHandles = release })
    }).catch(fail)
  })
}

function letGoOfHandlesLock() {
  const release = releaseHandles
  releaseHandles = null
  release?.()
}

let engine: Engine | null = null
let openedStorage: StorageKind | null = null
let opening: Promise<{ storage: StorageKind }> | null = null
let closing: Promise<void> | null = null
const aborts = new Map<string, AbortController>()
const exports = new ExportPulls()

/** OPFS sync access handles (what `opfs-ahp://` needs) exist only in dedicated workers of some browsers. */
function storageKind(): StorageKind {
  const scope = self as unknown as { FileSystemSyncAccessHandle?: unknown }
  const hasOpfs = typeof scope.FileSystemSyncAccessHandle !== 'undefined' &&
    typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function'
  return hasOpfs ? 'opfs' : 'idb'
}

/** Any thrown value becomes an Error with a useful message (what crosses Comlink is name + message + stack). */
function asError(error: unknown): Error {
  if (error instanceof Error) {
    const plain = new Error(error.message || String(error))
    plain.name = error.name === 'Error' || !error.name ? 'Error' : error.name
    return plain
  }
  return new Error(typeof error === 'string' ? error : JSON.stringify(error) ?? String(error))
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw asError(error)
  }
}

function current(): Engine {
  if (!engine) throw new Error(closing ? 'The database is closing' : 'The database is not open')
  return engine
}

/** Runs an engine call with errors turned into plain Errors. */
function call<T>(work: (e: Engine) => Promise<T>): Promise<T> {
  return guard(async () => work(current()))
}

/** The engine methods the page calls as they are, forwarded with their errors made plain. */
const FORWARDED = [
  'applyProfileUpdates', 'importEvents',
  'countUsers', 'listUsers', 'getProfile', 'getGroupProfile', 'groupKeys', 'activity', 'explain', 'stats',
  'propertyNames', 'propertyValues', 'eventNames', 'eventPropertyNames',
  'profileSummary', 'eventsPerDay', 'userEventNames', 'userCohorts',
  'saveCohort', 'listCohorts', 'deleteCohort',
  'listImports', 'importSkippedRows', 'recordImport',
  'dumpDataDir', 'backup', 'erase', 'exportSql',
  // cohorts you can work with, and saved views (issue 15)
  'updateCohort', 'duplicateCohort', 'freezeCohort', 'cohortDependants', 'addCohortMembers', 'removeCohortMembers',
  'matchUserList', 'countCohort', 'cohortSizeHistory', 'countCohortAt', 'cohortOverlap', 'saveView', 'listViews', 'deleteView',
  // actions on profiles (issue 15)
  'previewAction', 'lastAction',
  // cohort definition files (issue 14)
  'exportCohortFile', 'checkCohortFile', 'importCohortFile',
] as const satisfies ReadonlyArray<keyof Engine>

/**
 * The long engine calls that report progress and can be cancelled: an
 * AbortSignal cannot cross postMessage, so the page passes an `operationId`
 * of its choosing in its place and calls `cancel(operationId)` to abort.
 * Each is listed with the position of its `signal` parameter; the progress
 * callback comes just before it.
 */
const CANCELLABLE = {
  importProfilesCsv: 3, dryRunProfilesCsv: 3, importEventsFile: 3, importUpdatesFile: 3,
  // actions on profiles and their undo (issue 15)
  runAction: 3, undoAction: 2,
} as const satisfies Partial<Record<keyof Engine, number>>
type CancellableName = keyof typeof CANCELLABLE

/** Engine methods the worker does not expose: a stream cannot cross postMessage (exports go through openExport below), and the worker closes the engine itself. */
type NotExposed = 'importEventStream' | 'close' | 'exportUsers' | 'exportEvents'

// A new Engine method fails to type-check here until it is listed above.
type Unlisted = Exclude<keyof Engine, (typeof FORWARDED)[number] | CancellableName | NotExposed>
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true
void everyMethodListed

type Forwarded = Pick<Engine, (typeof FORWARDED)[number]>
/** The method with its AbortSignal parameter taken as an operation id. */
type SignalAsId<A extends unknown[]> = { [K in keyof A]: [NonNullable<A[K]>] extends [AbortSignal] ? string | undefined : A[K] }
type WithOperationId<F> = F extends (...args: infer A) => infer R ? (...args: SignalAsId<A>) => R : never
type Cancellable = { [K in CancellableName]: WithOperationId<Engine[K]> }

type AnyMethod = (...args: unknown[]) => Promise<unknown>
const engineMethod = (e: Engine, name: keyof Engine) => (e[name] as AnyMethod).bind(e)

function forwarded(): Forwarded {
  const methods: Record<string, AnyMethod> = {}
  for (const name of FORWARDED) methods[name] = (...args) => call(e => engineMethod(e, name)(...args))
  return methods as unknown as Forwarded
}

function cancellable(): Cancellable {
  const methods: Record<string, AnyMethod> = {}
  for (const [name, at] of Object.entries(CANCELLABLE) as Array<[CancellableName, number]>) {
    methods[name] = (...args) => {
      const id = typeof args[at] === 'string' ? args[at] : undefined
      const controller = new AbortController()
      if (id) aborts.set(id, controller)
      // The page's progress proxy is called without waiting for it.
      const onProgress = args[at - 1]
      const progress = typeof onProgress === 'function' ? (p: unknown) => { void onProgress(p) } : undefined
      const params = [...args.slice(0, at - 1)]
      while (params.length < at - 1) params.push(undefined)
      return call(e => engineMethod(e, name)(...params, progress, controller.signal))
        .finally(() => { if (id) aborts.delete(id) })
    }
  }
  return methods as unknown as Cancellable
}

const api = {
  /** Opens the engine on OPFS when the browser has sync access handles, else on IndexedDB. Idempotent. */
  open(): Promise<{ storage: StorageKind }> {
    if (opening) return opening
    opening = guard(async () => {
      if (closing) await closing
      const storage = storageKind()
      await holdHandlesLock()
      try {
        engine = await openEngine({ dataDir: await workspaceDirs(storage).current() })
      } catch (error) {
        letGoOfHandlesLock()
        throw error
      }
      openedStorage = storage
      return { storage }
    })
    opening.catch(() => { opening = null })
    return opening
  },

  /** Closes the database cleanly; safe to call twice or before open. */
  close(): Promise<void> {
    if (closing) return closing
    closing = guard(async () => {
      for (const controller of aborts.values()) controller.abort()
      await exports.cancelAll()
      if (opening) await opening.catch(() => undefined)
      const e = engine
      engine = null
      opening = null
      try {
        if (e) await e.close()
      } finally {
        letGoOfHandlesLock()
      }
    }).finally(() => { closing = null })
    return closing
  },

  /**
   * Deletes the whole database from this browser's storage (the way out of a
   * data dir that no longer opens, e.g. one killed during its first start).
   * Call on a worker that has not opened it, or after close().
   */
  deleteDatabase(): Promise<void> {
    return guard(async () => {
      await api.close()
      await holdHandlesLock()
      try {
        await removeAllDataDirs()
      } finally {
        letGoOfHandlesLock()
      }
    })
  },

  ...forwarded(),
  ...cancellable(),

  cancel(operationId: string): void {
    aborts.get(operationId)?.abort()
  },

  /** What the import wizard shows of a CSV file before importing: read from its first 64 KiB only (engine/csv/sniff.ts). */
  sniffCsv(file: Blob, options?: SniffOptions & { groupKey?: string }): Promise<CsvSniff & { suggestions: ColumnSuggestion[] }> {
    return guard(async () => {
      const sample = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer())
      const sniff = sniffCsv(sample, file.size, options)
      return { ...sniff, suggestions: suggestMapping(sniff.rows, sniff.header, options?.groupKey ? { groupKey: options.groupKey } : {}) }
    })
  },
  /** What the events and updates imports show of a file before importing: format, preview, suggested CSV mapping (first 64 KiB). */
  sniffImportFile(file: Blob, options?: SniffOptions): Promise<ImportFileSniff> {
    return guard(async () => sniffImportFile(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()), file.size, options))
  },
  /**
   * Bytes the database takes on disk. OPFS: the sum of the files under the
   * data dir; `navigator.storage.estimate()` is no use there, since Chromium
   * counts a quota reservation for each open sync access handle (PGlite keeps
   * a pool of about a thousand), so an empty database "uses" 900 MB.
   * IndexedDB: the estimate's IndexedDB share where the browser breaks it down.
   */
  storageUsed(): Promise<number | null> {
    return guard(async () => {
      if (openedStorage === 'opfs') return currentOpfsSize()
      const estimate = await navigator.storage.estimate()
      const details = (estimate as { usageDetails?: Record<string, number> }).usageDetails
      return details?.indexedDB ?? estimate.usage ?? null
    })
  },

  // --- export of a view and of events (issue 14; exportPulls.ts, docs/engine.md "Export")
  /** Starts an export under the page's `exportId`: its row count, columns and file name; then pull its chunks. */
  openExport(exportId: string, request: ExportRequest): Promise<ExportInfo> {
    return guard(() => exports.open(exportId, request, current()))
  },
  /** The export's next chunk (its bytes transferred, not copied), or null when the file is complete. */
  nextExportChunk(exportId: string): Promise<ExportChunk | null> {
    return guard(async () => {
      const chunk = await exports.next(exportId)
      return chunk ? Comlink.transfer(chunk, [chunk.data.buffer]) : null
    })
  },
  /** Stops an export: the chunk being read is the last, and nothing more is produced. */
  cancelExport(exportId: string): Promise<void> {
    return guard(() => exports.cancel(exportId))
  },

  // --- backup, restore, erase, export as SQL (issue 14; engine/backup, engine/export)
  checkBackup(file: Blob, passphrase?: string): Promise<BackupCheck> { return guard(() => checkBackup(file, passphrase)) },
  /** Checks the backup, then replaces the workspace with it (engine/backup/restore.ts); on any failure the workspace stays as it was. */
  restoreBackup(file: Blob, passphrase?: string): Promise<BackupManifest> {
    return guard(async () => {
      const backup = await readBackup(file, passphrase)
      const { storage } = await api.open()
      await api.close()
      await holdHandlesLock()
      try {
        engine = await restoreWorkspace(backup, workspaceDirs(storage), openEngine)
      } catch (error) {
        await api.open().catch((reopen: unknown) => {
          throw new Error(`${asError(error).message} Reopening it failed: ${asError(reopen).message}`)
        })
        throw error
      }
      openedStorage = storage
      opening = Promise.resolve({ storage })
      return backup.manifest
    })
  },

  /** Fills the database with the sample project (workers/engine/sample). */
  loadSampleData(onProgress?: (p: SampleProgress) => void, options?: SampleOptions): Promise<SampleCounts> {
    return call(e => loadSampleData(e, onProgress ? p => { void onProgress(p) } : undefined, options))
  },
}

export type DbApi = typeof api

Comlink.expose(api)
