// Rows of a (possibly huge) user list fetched in fixed windows of 100 around
// what the table shows, cached (least recently used first out), at most two
// requests in flight; windows no longer wanted when their turn comes are
// skipped, and answers to an earlier query are ignored. While the list moves,
// windows ahead of it are fetched too, as far ahead as it moves in
// READ_AHEAD_SECONDS, and neighbouring windows go in one request: a scrollbar
// dragged at thousands of rows a second shows each window for a frame or two,
// so it must already be here when the list reaches it.
import { createSignal } from 'solid-js'
import type { UserRow } from '../../workers/engine/types'
import { messageOf } from '../ui/errors'

export const WINDOW_SIZE = 100
const MAX_CACHED_WINDOWS = 60
const MAX_IN_FLIGHT = 2
/** Windows fetched in one request at most. */
const MAX_BATCH = 4
const READ_AHEAD_SECONDS = 0.4
const MAX_READ_AHEAD = 12

export type FetchWindow = (offset: number, limit: number) => Promise<UserRow[]>

export function createRowWindows(onError: (message: string) => void) {
  const [version, setVersion] = createSignal(0)
  let fetcher: FetchWindow | null = null
  let generation = 0
  let cache = new Map<number, UserRow[]>()   // insertion order = recency
  let inFlight = new Set<number>()
  let wanted: number[] = []                  // window numbers, most urgent first
  let wantedSet = new Set<number>()
  let total = 0

  const lastWindow = () => Math.floor((total - 1) / WINDOW_SIZE)

  function touch(w: number, rows: UserRow[]) {
    cache.delete(w)
    cache.set(w, rows)
  }

  function evict() {
    if (cache.size <= MAX_CACHED_WINDOWS) return
    for (const w of cache.keys()) {
      if (cache.size <= MAX_CACHED_WINDOWS) break
      if (!wantedSet.has(w)) cache.delete(w)
    }
  }

  const missing = (w: number) => wantedSet.has(w) && !cache.has(w) && !inFlight.has(w)

  function pump() {
    while (inFlight.size < MAX_IN_FLIGHT && fetcher) {
      const next = wanted.find(missing)
      if (next === undefined) return
      // the wanted, missing neighbours of `next`, in one request
      let from = next
      let to = next
      while (to - from + 1 < MAX_BATCH && missing(to + 1)) to++
      while (to - from + 1 < MAX_BATCH && missing(from - 1)) from--
      const gen = generation
      const fetch = fetcher
      const batch: number[] = []
      for (let w = from; w <= to; w++) { batch.push(w); inFlight.add(w) }
      fetch(from * WINDOW_SIZE, batch.length * WINDOW_SIZE).then(rows => {
        if (gen !== generation) return       // an answer to an earlier query
        batch.forEach((w, i) => touch(w, rows.slice(i * WINDOW_SIZE, (i + 1) * WINDOW_SIZE)))
        evict()
        setVersion(v => v + 1)
      }, (error: unknown) => {
        if (gen !== generation) return
        onError(messageOf(error))
      }).finally(() => {
        if (gen !== generation) return
        for (const w of batch) inFlight.delete(w)
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
      wantedSet = new Set()
      setVersion(v => v + 1)
    },

    /**
     * The table shows rows first..last (inclusive), moving at `speed` rows a
     * second (negative: up): fetch their windows, nearest first, then ahead.
     */
    show(first: number, last: number, speed = 0) {
      if (total <= 0 || last < first) { wanted = []; wantedSet = new Set(); return }
      const end = lastWindow()
      const from = Math.max(0, Math.floor(first / WINDOW_SIZE))
      const to = Math.min(end, Math.floor(last / WINDOW_SIZE))
      const list: number[] = []
      if (speed < 0) for (let w = to; w >= from; w--) list.push(w)
      else for (let w = from; w <= to; w++) list.push(w)
      const ahead = Math.min(MAX_READ_AHEAD, Math.max(1, Math.ceil((Math.abs(speed) * READ_AHEAD_SECONDS) / WINDOW_SIZE)))
      // ahead in the direction of travel (down at rest), then one window the other way
      for (let k = 1; k <= ahead; k++) {
        const w = speed < 0 ? from - k : to + k
        if (w >= 0 && w <= end) list.push(w)
      }
      const behind = speed < 0 ? to + 1 : from - 1
      if (behind >= 0 && behind <= end) list.push(behind)
      wanted = list
      wantedSet = new Set(list)
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
