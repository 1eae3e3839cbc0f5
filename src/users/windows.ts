// Rows of a (possibly huge) user list fetched in fixed windows of 100 around
// what the table shows, cached (least recently used first out), at most two
// requests in flight; windows no longer wanted when their turn comes are
// skipped, and answers to an earlier query are ignored.
import { createSignal } from 'solid-js'
import type { UserRow } from '../../workers/engine/types'

export const WINDOW_SIZE = 100
const MAX_CACHED_WINDOWS = 40
const MAX_IN_FLIGHT = 2

export type FetchWindow = (offset: number, limit: number) => Promise<UserRow[]>

export function createRowWindows(onError: (message: string) => void) {
  const [version, setVersion] = createSignal(0)
  let fetcher: FetchWindow | null = null
  let generation = 0
  let cache = new Map<number, UserRow[]>()   // insertion order = recency
  let inFlight = new Set<number>()
  let wanted: number[] = []                  // window numbers, most urgent first
  let total = 0

  function touch(w: number, rows: UserRow[]) {
    cache.delete(w)
    cache.set(w, rows)
  }

  function evict() {
    if (cache.size <= MAX_CACHED_WINDOWS) return
    const keep = new Set(wanted)
    for (const w of cache.keys()) {
      if (cache.size <= MAX_CACHED_WINDOWS) break
      if (!keep.has(w)) cache.delete(w)
    }
  }

  function pump() {
    while (inFlight.size < MAX_IN_FLIGHT && fetcher) {
      const next = wanted.find(w => !cache.has(w) && !inFlight.has(w))
      if (next === undefined) return
      const gen = generation
      const fetch = fetcher
      inFlight.add(next)
      fetch(next * WINDOW_SIZE, WINDOW_SIZE).then(rows => {
        if (gen !== generation) return       // an answer to an earlier query
        touch(next, rows)
        evict()
        setVersion(v => v + 1)
      }, (error: unknown) => {
        if (gen !== generation) return
        onError(error instanceof Error ? error.message : String(error))
      }).finally(() => {
        if (gen !== generation) return
        inFlight.delete(next)
        pump()
      })
    }
  }

  return {
    /** A new query (or new data): forget everything, fetch with `fetch` from now on. */
    reset(fetch: FetchWindow | null, rowCount: number) {
      generation++
      fetcher = fetch
      total = rowCount
      cache = new Map()
      inFlight = new Set()
      wanted = []
      setVersion(v => v + 1)
    },

    /** The table shows rows first..last (inclusive): fetch their windows, nearest first. */
    show(first: number, last: number) {
      if (total <= 0 || last < first) { wanted = []; return }
      const from = Math.max(0, Math.floor(first / WINDOW_SIZE))
      const to = Math.min(Math.floor((total - 1) / WINDOW_SIZE), Math.floor(last / WINDOW_SIZE))
      const list: number[] = []
      for (let w = from; w <= to; w++) list.push(w)
      // one window of read-ahead each way, fetched after the visible ones
      if (to + 1 <= Math.floor((total - 1) / WINDOW_SIZE)) list.push(to + 1)
      if (from - 1 >= 0) list.push(from - 1)
      wanted = list
      for (const w of list) {
        const rows = cache.get(w)
        if (rows) touch(w, rows)
      }
      pump()
    },

    /** The row at `index`, or undefined while its window loads. Reactive. */
    row(index: number): UserRow | undefined {
      version()
      return cache.get(Math.floor(index / WINDOW_SIZE))?.[index % WINDOW_SIZE]
    },
  }
}
