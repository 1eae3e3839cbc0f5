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
import type { Engine, Progress } from './engine/types'
import { SNIFF_BYTES, sniffCsv, suggestMapping, type ColumnSuggestion, type CsvSniff, type SniffOptions } from './engine/csv/sniff'
import { sniffImportFile, type ImportFileSniff } from './engine/files/sniff'

export type StorageKind = 'opfs' | 'idb'

const DATA_DIR: Record<StorageKind, string> = {
  opfs: 'opfs-ahp://cohortlite',
  idb: 'idb://cohortlite',
}

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
  'dumpDataDir',
] as const satisfies ReadonlyArray<keyof Engine>

/**
 * The long engine calls that report progress and can be cancelled: an
 * AbortSignal cannot cross postMessage, so the page passes an `operationId`
 * of its choosing in its place and calls `cancel(operationId)` to abort.
 */
const CANCELLABLE = ['importProfilesCsv', 'dryRunProfilesCsv', 'importEventsFile', 'importUpdatesFile'] as const satisfies ReadonlyArray<keyof Engine>

/** Engine methods the worker does not expose: a stream cannot cross postMessage, and the worker closes the engine itself. */
type NotExposed = 'importEventStream' | 'close'

// A new Engine method fails to type-check here until it is listed above.
type Unlisted = Exclude<keyof Engine, (typeof FORWARDED)[number] | (typeof CANCELLABLE)[number] | NotExposed>
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true
void everyMethodListed

type Forwarded = Pick<Engine, (typeof FORWARDED)[number]>
type WithOperationId<F> = F extends (source: infer S, plan: infer P, onProgress?: (p: Progress) => void, signal?: AbortSignal) => infer R
  ? (source: S, plan: P, onProgress?: (p: Progress) => void, operationId?: string) => R
  : never
type Cancellable = { [K in (typeof CANCELLABLE)[number]]: WithOperationId<Engine[K]> }

type AnyMethod = (...args: unknown[]) => Promise<unknown>
const engineMethod = (e: Engine, name: keyof Engine) => (e[name] as AnyMethod).bind(e)

function forwarded(): Forwarded {
  const methods: Record<string, AnyMethod> = {}
  for (const name of FORWARDED) methods[name] = (...args) => call(e => engineMethod(e, name)(...args))
  return methods as unknown as Forwarded
}

function cancellable(): Cancellable {
  const methods: Record<string, AnyMethod> = {}
  for (const name of CANCELLABLE) {
    methods[name] = (source, plan, onProgress, operationId) => {
      const id = typeof operationId === 'string' ? operationId : undefined
      const controller = new AbortController()
      if (id) aborts.set(id, controller)
      // The page's progress proxy is called without waiting for it.
      const progress = typeof onProgress === 'function' ? (p: Progress) => { void onProgress(p) } : undefined
      return call(e => engineMethod(e, name)(source, plan, progress, controller.signal))
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
        engine = await openEngine({ dataDir: DATA_DIR[storage] })
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
        const root = await navigator.storage.getDirectory()
        await root.removeEntry(DATA_DIR.opfs.slice('opfs-ahp://'.length), { recursive: true })
          .catch((error: unknown) => { if ((error as Error)?.name !== 'NotFoundError') throw error })
        const name = DATA_DIR.idb.slice('idb://'.length)
        const known = typeof indexedDB.databases === 'function' ? await indexedDB.databases() : []
        const names = new Set([`/pglite/${name}`, ...known.map(d => d.name ?? '').filter(n => n.endsWith(`/${name}`))])
        for (const n of names) {
          await new Promise<void>((resolve, reject) => {
            const request = indexedDB.deleteDatabase(n)
            request.onsuccess = () => resolve()
            request.onerror = () => reject(request.error ?? new Error(`Could not delete ${n}`))
            request.onblocked = () => resolve()
          })
        }
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
      if (openedStorage === 'opfs') {
        const root = await navigator.storage.getDirectory()
        return directorySize(await root.getDirectoryHandle(DATA_DIR.opfs.slice('opfs-ahp://'.length)))
      }
      const estimate = await navigator.storage.estimate()
      const details = (estimate as { usageDetails?: Record<string, number> }).usageDetails
      return details?.indexedDB ?? estimate.usage ?? null
    })
  },

  /** Fills the database with the sample project (workers/engine/sample). */
  loadSampleData(onProgress?: (p: SampleProgress) => void, options?: SampleOptions): Promise<SampleCounts> {
    return call(e => loadSampleData(e, onProgress ? p => { void onProgress(p) } : undefined, options))
  },
}

async function directorySize(dir: FileSystemDirectoryHandle): Promise<number> {
  let total = 0
  const pending: Promise<number>[] = []
  for await (const handle of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
    if (handle.kind === 'directory') pending.push(directorySize(handle as FileSystemDirectoryHandle))
    else pending.push((handle as FileSystemFileHandle).getFile().then(f => f.size))
  }
  for (const size of await Promise.all(pending)) total += size
  return total
}

export type DbApi = typeof api

Comlink.expose(api)
