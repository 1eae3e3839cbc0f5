// The page's side of the database: the DB worker (workers/db.worker.ts), the
// tab lock that makes sure only one tab ever opens the data dir, and the
// reactive state the shell shows (phase, counts, storage used).
//
// Tab lock protocol
// - Every tab asks for the Web Lock `cohortlite-db` with `ifAvailable`. The tab
//   that gets it creates the worker and opens the database; the others show
//   "Cohortlite is open in another tab" with a "Use here" button.
// - "Use here" posts `release` on the BroadcastChannel `cohortlite-db`, then
//   waits for the lock. The owner closes its database (engine `close()`),
//   terminates the worker, releases the lock and shows "Cohortlite was opened
//   in another tab". If the owner never answers (frozen, hung), the new tab
//   takes the lock with `steal: true` after 10 s.
// - On `pagehide` the worker's `close()` is called, so the worker is not
//   killed with the database open if the page can help it.
import * as Comlink from 'comlink'
import { batch, createRoot, createSignal } from 'solid-js'
import type { DbApi, StorageKind } from '../../workers/db.worker'
import type { DatabaseStats } from '../../workers/engine/types'
import { messageOf } from '../ui/errors'

export type Db = Comlink.Remote<DbApi>

export type DbPhase =
  | { kind: 'starting' }                    // asking for the lock
  | { kind: 'opening' }                     // we own the lock; the worker opens PGlite
  | { kind: 'ready'; storage: StorageKind }
  | { kind: 'elsewhere' }                   // another tab owns the database
  | { kind: 'taking-over' }                 // asked the owner to let go; waiting for the lock
  | { kind: 'released' }                    // we handed the database to another tab
  | { kind: 'error'; message: string }

export const LOCK_NAME = 'cohortlite-db'
export const CHANNEL_NAME = 'cohortlite-db'
export const STEAL_AFTER_MS = 10_000
const HANDLES_BUSY_RETRY_MS = 15_000
const HANDLES_BUSY = /Access Handles? cannot be created|NoModificationAllowedError|createSyncAccessHandle/i

type Message = { type: 'release'; from: string } | { type: 'released'; from: string }

function createDbClient() {
  const tabId = Math.random().toString(36).slice(2)
  const [phase, setPhase] = createSignal<DbPhase>({ kind: 'starting' })
  const [stats, setStats] = createSignal<DatabaseStats | null>(null)
  const [storageUsed, setStorageUsed] = createSignal<number | null>(null)
  const [statsError, setStatsError] = createSignal<string | null>(null)
  // Bumped after every write, so reads (totals, table windows) refetch.
  const [dataVersion, setDataVersion] = createSignal(0)

  let worker: Worker | null = null
  let remote: Db | null = null
  let releaseLock: (() => void) | null = null
  let channel: BroadcastChannel | null = null
  let persistAsked = false
  let closedForUnload = false
  let opening: Promise<void> | null = null

  // ------------------------------------------------------------------ lock

  /**
   * Resolves true once the lock is held (it stays held until `releaseLock()`),
   * false when it was not available / the wait was aborted.
   */
  function requestLock(options: LockOptions): Promise<boolean> {
    return new Promise(resolve => {
      let granted = false
      navigator.locks.request(LOCK_NAME, options, lock => {
        if (!lock) { resolve(false); return undefined }
        granted = true
        resolve(true)
        return new Promise<void>(release => { releaseLock = release })
      }).catch((error: unknown) => {
        if (!granted) { resolve(false); return }
        // Another tab stole the lock (it waited 10 s for us to answer).
        // Close at once: it is about to open the same data dir.
        releaseLock = null
        void closeWorker().then(() => setPhase({ kind: 'released' }))
        console.warn('Cohortlite: the database lock was taken over by another tab', messageOf(error))
      })
    })
  }

  function listen() {
    if (channel || typeof BroadcastChannel === 'undefined') return
    channel = new BroadcastChannel(CHANNEL_NAME)
    channel.onmessage = (event: MessageEvent<Message>) => {
      if (event.data?.type === 'release' && event.data.from !== tabId) void handOver()
    }
  }

  /** Another tab asked for the database: close cleanly, then let go of the lock. */
  async function handOver() {
    if (!releaseLock) return
    if (opening) await opening.catch(() => undefined)
    await closeWorker()
    const release = releaseLock
    releaseLock = null
    release?.()
    batch(() => {
      setPhase({ kind: 'released' })
      setStats(null)
    })
    channel?.postMessage({ type: 'released', from: tabId } satisfies Message)
  }

  // ------------------------------------------------------------------ worker

  function startWorker(): Db {
    const w = new Worker(new URL('../../workers/db.worker.ts', import.meta.url), { type: 'module', name: 'cohortlite-db' })
    w.addEventListener('error', event => {
      event.preventDefault()
      if (worker === w) setPhase({ kind: 'error', message: event.message || 'The database worker failed to start' })
    })
    worker = w
    remote = Comlink.wrap<DbApi>(w)
    return remote
  }

  function openWorker(): Promise<void> {
    const run = (async () => {
      setPhase({ kind: 'opening' })
      setStatsError(null)
      const giveUpAt = Date.now() + HANDLES_BUSY_RETRY_MS
      for (;;) {
        try {
          const { storage } = await startWorker().open()
          setPhase({ kind: 'ready', storage })
          break
        } catch (error) {
          const message = messageOf(error)
          // The previous page's worker (reload, closed tab) may still hold the
          // OPFS files for a moment: start a fresh worker and try again.
          if (HANDLES_BUSY.test(message) && Date.now() < giveUpAt) {
            await closeWorker()
            await new Promise(resolve => setTimeout(resolve, 400))
            continue
          }
          setPhase({ kind: 'error', message })
          return
        }
      }
      askPersistence()
      await refreshStats()
    })()
    opening = run.finally(() => { opening = null })
    return opening
  }

  async function closeWorker() {
    const r = remote
    const w = worker
    remote = null
    worker = null
    if (r) {
      try { await r.close() } catch (error) { console.warn('Cohortlite: closing the database failed', messageOf(error)) }
      r[Comlink.releaseProxy]()
    }
    w?.terminate()
  }

  function askPersistence() {
    if (persistAsked) return
    persistAsked = true
    void navigator.storage?.persist?.().catch(() => false)
  }

  // ------------------------------------------------------------------ public

  /** Called once at start-up. */
  async function start() {
    listen()
    addEventListener('pagehide', () => {
      closedForUnload = true
      // Fire and forget: the worker starts closing at once; the page cannot wait.
      void remote?.close().catch(() => undefined)
    })
    addEventListener('pageshow', event => {
      // Restored from the back/forward cache after we closed: start over.
      if (event.persisted && closedForUnload) location.reload()
    })
    if (!('locks' in navigator)) {
      // No Web Locks (very old browser): nothing to coordinate with.
      await openWorker()
      return
    }
    if (await requestLock({ ifAvailable: true })) await openWorker()
    else setPhase({ kind: 'elsewhere' })
  }

  /** "Use here": ask the owning tab to let go, then open here. */
  async function takeOver() {
    const now = phase().kind
    if (now !== 'elsewhere' && now !== 'released') return
    setPhase({ kind: 'taking-over' })
    listen()
    channel?.postMessage({ type: 'release', from: tabId } satisfies Message)
    const wait = new AbortController()
    const timer = setTimeout(() => wait.abort(), STEAL_AFTER_MS)
    let held = await requestLock({ signal: wait.signal })
    clearTimeout(timer)
    if (!held) held = await requestLock({ steal: true })
    if (held) await openWorker()
    else setPhase({ kind: 'error', message: 'Could not take over the database from the other tab' })
  }

  /** After an error: close what is left and open again (the lock is still ours). */
  async function retry() {
    await closeWorker()
    await openWorker()
  }

  /** After an error that retrying does not fix: delete the data dir, then open a new, empty database. */
  async function deleteAndStartOver() {
    setPhase({ kind: 'opening' })
    await closeWorker()
    try {
      await startWorker().deleteDatabase()
    } catch (error) {
      setPhase({ kind: 'error', message: `Could not delete the database: ${messageOf(error)}` })
      return
    }
    await closeWorker()
    setDataVersion(v => v + 1)
    await openWorker()
  }

  async function refreshStats() {
    const r = remote
    if (!r) return
    try {
      const [s, used] = await Promise.all([r.stats(), r.storageUsed().catch(() => null)])
      batch(() => {
        setStats(s)
        setStorageUsed(used)
        setStatsError(null)
      })
    } catch (error) {
      setStatsError(messageOf(error))
    }
  }

  /** The worker API, while the database is open; throws otherwise. */
  function api(): Db {
    if (!remote || phase().kind !== 'ready') throw new Error('The database is not open')
    return remote
  }

  /** Call after any write: reads refetch and the status line recounts. */
  async function changed() {
    setDataVersion(v => v + 1)
    await refreshStats()
  }

  return {
    phase, stats, storageUsed, statsError, dataVersion,
    start, takeOver, retry, deleteAndStartOver, refreshStats, changed, api,
  }
}

export type DbClient = ReturnType<typeof createDbClient>

/** The app's one database client. */
export const db: DbClient = createRoot(() => createDbClient())
