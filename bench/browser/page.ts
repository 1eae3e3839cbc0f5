// The bench page: opens the database exactly as the app does (src/db/client.ts:
// the tab lock, then the real DB worker on OPFS) and gives bench/browser/run.mjs
// a few timed calls. Every time is taken here, in the page, around the worker call.
import * as Comlink from 'comlink'
import { db } from '../../src/db/client'
import type { CsvImportPlan, ImportSummary, ListUsersQuery, Progress, TrackedEvent, UsersQuery } from '../../workers/engine/types'

const log = (line: string) => {
  const el = document.getElementById('log')
  if (el) el.textContent += `${line}\n`
}

async function opened(): Promise<string> {
  const start = performance.now()
  void db.start()
  for (;;) {
    const phase = db.phase()
    if (phase.kind === 'ready') return phase.storage
    if (phase.kind === 'error') throw new Error(phase.message)
    if (phase.kind === 'elsewhere') throw new Error('The database is open in another tab')
    if (performance.now() - start > 120_000) throw new Error(`The database did not open (phase ${phase.kind})`)
    await new Promise(r => setTimeout(r, 50))
  }
}

const timed = async <T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
  const start = performance.now()
  const result = await work()
  return { result, ms: performance.now() - start }
}

const bench = {
  storage: opened(),

  /** Imports the file chosen in the page's file input (a disk-backed File: streamed, never read whole). */
  async importCsv(plan: CsvImportPlan): Promise<{ ms: number; summary: Omit<ImportSummary, 'errors'> & { errors: number }; progress: number; heapMb: number | null }> {
    const file = (document.getElementById('csv') as HTMLInputElement).files?.[0]
    if (!file) throw new Error('No CSV chosen')
    let progress = 0
    let heap = 0
    const memory = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0
    const onProgress = Comlink.proxy((p: Progress) => {
      progress++
      heap = Math.max(heap, memory())
      if (progress % 20 === 0) log(`import: ${p.rows.toLocaleString('en-US')} rows`)
    })
    const { result, ms } = await timed(() => db.api().importProfilesCsv(file, plan, onProgress, 'bench-import'))
    return { ms, summary: { ...result, errors: result.errors.length }, progress, heapMb: heap ? heap / 1e6 : null }
  },

  /** The events file chosen in the page's second file input, through the bulk path (importEventsFile), as the Import page does. */
  async importEventsFile(): Promise<{ ms: number; summary: Omit<ImportSummary, 'errors'> & { errors: number } }> {
    const file = (document.getElementById('events') as HTMLInputElement).files?.[0]
    if (!file) throw new Error('No events file chosen')
    const { result, ms } = await timed(() => db.api().importEventsFile(file, { format: 'ndjson' }, undefined, 'bench-events'))
    return { ms, summary: { ...result, errors: result.errors.length } }
  },

  /** One batch, as JSON text: Playwright's own argument encoding of 20,000 objects costs more than the import. */
  async importEvents(json: string): Promise<number> {
    const events = JSON.parse(json) as TrackedEvent[]
    return (await timed(() => db.api().importEvents(events))).ms
  },

  async count(query: UsersQuery): Promise<{ n: number; ms: number }> {
    const { result, ms } = await timed(() => db.api().countUsers(query))
    return { n: result, ms }
  },

  async list(query: ListUsersQuery): Promise<{ rows: number; ms: number }> {
    const { result, ms } = await timed(() => db.api().listUsers(query))
    return { rows: result.length, ms }
  },

  /** Closes the engine cleanly, so the app's page can open the same data dir next. */
  async close(): Promise<void> {
    await db.api().close()
  },
}

export type Bench = typeof bench
;(globalThis as { bench?: Bench }).bench = bench
void bench.storage.then(s => log(`database open (${s})`), (e: unknown) => log(`open failed: ${String(e)}`))
