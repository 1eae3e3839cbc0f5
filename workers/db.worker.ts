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
import { loadSampleData, type SampleCounts, type SampleProgress } from './engine/sample/index'
import type {
  Cohort, CohortInput, CsvImportPlan, DatabaseStats, Engine, ImportSummary, ListUsersQuery,
  ProfileUpdate, Progress, StoredEvent, TrackedEvent, UpdateSummary, UserRow, UsersQuery,
} from './engine/types'

export type StorageKind = 'opfs' | 'idb'

const DATA_DIR: Record<StorageKind, string> = {
  opfs: 'opfs-ahp://cohortlite',
  idb: 'idb://cohortlite',
}

let engine: Engine | null = null
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

const api = {
  /** Opens the engine on OPFS when the browser has sync access handles, else on IndexedDB. Idempotent. */
  open(): Promise<{ storage: StorageKind }> {
    if (opening) return opening
    opening = guard(async () => {
      if (closing) await closing
      const storage = storageKind()
      engine = await openEngine({ dataDir: DATA_DIR[storage] })
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
      if (e) await e.close()
    }).finally(() => { closing = null })
    return closing
  },

  // --- writing
  applyProfileUpdates(updates: ProfileUpdate[]): Promise<UpdateSummary> {
    return call(e => e.applyProfileUpdates(updates))
  },
  importEvents(events: TrackedEvent[]): Promise<ImportSummary> {
    return call(e => e.importEvents(events))
  },
  /**
   * An AbortSignal cannot cross postMessage: pass an `operationId` of your
   * choosing and call `cancel(operationId)` to abort the import.
   */
  importProfilesCsv(source: Blob | string, plan: CsvImportPlan, onProgress?: (p: Progress) => void,
                    operationId?: string): Promise<ImportSummary> {
    const controller = new AbortController()
    if (operationId) aborts.set(operationId, controller)
    return call(e => e.importProfilesCsv(source, plan, onProgress ? p => { void onProgress(p) } : undefined, controller.signal))
      .finally(() => { if (operationId) aborts.delete(operationId) })
  },
  cancel(operationId: string): void {
    aborts.get(operationId)?.abort()
  },

  // --- reading
  countUsers(query: UsersQuery): Promise<number> {
    return call(e => e.countUsers(query))
  },
  listUsers(query: ListUsersQuery): Promise<UserRow[]> {
    return call(e => e.listUsers(query))
  },
  getProfile(distinctId: string): Promise<UserRow | null> {
    return call(e => e.getProfile(distinctId))
  },
  getGroupProfile(groupKey: string, groupId: string): Promise<UserRow | null> {
    return call(e => e.getGroupProfile(groupKey, groupId))
  },
  groupKeys(): Promise<string[]> {
    return call(e => e.groupKeys())
  },
  activity(distinctId: string, page: { before?: string; limit: number }): Promise<StoredEvent[]> {
    return call(e => e.activity(distinctId, page))
  },
  explain(query: UsersQuery): Promise<{ sql: string; params: unknown[] }> {
    return call(e => e.explain(query))
  },
  stats(): Promise<DatabaseStats> {
    return call(e => e.stats())
  },

  // --- cohorts
  saveCohort(cohort: CohortInput): Promise<{ id: string }> {
    return call(e => e.saveCohort(cohort))
  },
  listCohorts(): Promise<Cohort[]> {
    return call(e => e.listCohorts())
  },
  deleteCohort(id: string): Promise<void> {
    return call(e => e.deleteCohort(id))
  },

  // --- whole database
  dumpDataDir(): Promise<Blob> {
    return call(e => e.dumpDataDir())
  },

  /** Fills the database with the sample project (workers/engine/sample). */
  loadSampleData(onProgress?: (p: SampleProgress) => void): Promise<SampleCounts> {
    return call(e => loadSampleData(e, onProgress ? p => { void onProgress(p) } : undefined))
  },
}

export type DbApi = typeof api

Comlink.expose(api)
