// The bulk event path alone, in Node, file-backed:
//   node bench/events.mjs --rows 100000 --events 500000
//   node bench/events.mjs --rows 1000000 --events 5000000 --from .bench/db-engine [--truncate]
// Loads the benchmark's events through engine.importEventStream, then the
// same events again (all duplicates), and prints events/s for both.
import { cpSync, mkdirSync, openAsBlob, rmSync } from 'node:fs'
import { openEngine } from '../workers/engine/index'
import { DEFAULT_BULK_TUNING } from '../workers/engine/events/bulk'
import type { BulkTuning } from '../workers/engine/types'
import { CSV_HEADER, eventBatches, profileCsv } from './data'

const args = process.argv.slice(2)
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1]! : fallback
}
const ROWS = Number(arg('rows', '100000'))
const EVENTS = Number(arg('events', String(ROWS * 5)))
const FROM = arg('from', '')
const DIR = arg('dir', '/tmp/cohortlite-bench-events')
const bulkTuning: BulkTuning = { ...DEFAULT_BULK_TUNING }
if (args.includes('--index-memory')) bulkTuning.indexBuildMemory = arg('index-memory', '256MB')
const log = (s: string) => process.stderr.write(`[events] ${s}\n`)
const seconds = (t: number) => `${(t / 1000).toFixed(1)} s`

rmSync(DIR, { recursive: true, force: true })
mkdirSync(DIR, { recursive: true })
if (FROM) {
  log(`copying ${FROM}`)
  cpSync(FROM, DIR, { recursive: true })
}
const engine = await openEngine({ dataDir: DIR, bulkTuning })
if (!FROM) {
  mkdirSync('.bench', { recursive: true })
  const csv = await openAsBlob(await profileCsv('.bench', ROWS))
  const plan = {
    kind: 'user' as const, header: true, identifier: 0,
    columns: CSV_HEADER.split(',').map((c, index) => ({ index, property: index === 1 ? '$email' : index === 2 ? '$name' : c })).slice(1),
  }
  const start = performance.now()
  await engine.importProfilesCsv(csv, plan)
  log(`${ROWS.toLocaleString()} profiles in ${seconds(performance.now() - start)}`)
}
if (args.includes('--truncate')) {
  // A test-only shortcut to an empty events table next to the same profiles.
  const db = (engine as unknown as { db: { exec(sql: string): Promise<unknown> } }).db
  await db.exec('truncate events; analyze events')
}

const results: string[] = []
let stepStart = performance.now()
bulkTuning.onStep = step => {
  log(`  ${step} +${seconds(performance.now() - stepStart)}`)
  stepStart = performance.now()
}
for (const label of args.includes('--once') ? ['first load'] : ['first load', 'same events again']) {
  const before = (await engine.stats()).events
  const start = performance.now()
  const cpu = process.cpuUsage()
  stepStart = start
  let lastLog = start
  const summary = await engine.importEventStream(eventBatches(ROWS, EVENTS, 20_000), p => {
    if (performance.now() - lastLog > 10_000) {
      log(`${label}: ${p.rows.toLocaleString()} read after ${seconds(performance.now() - start)}`)
      lastLog = performance.now()
    }
  })
  const took = performance.now() - start
  const used = process.cpuUsage(cpu)
  const cpuSeconds = (used.user + used.system) / 1e6
  const line = `${label} (${before.toLocaleString()} stored before): ${EVENTS.toLocaleString()} events in ${seconds(took)} = ` +
    `${Math.round(EVENTS / (took / 1000)).toLocaleString()} events/s (CPU ${cpuSeconds.toFixed(1)} s = ${Math.round(EVENTS / cpuSeconds).toLocaleString()} events per CPU-second); created ${summary.created.toLocaleString()}, duplicates ${summary.duplicates?.toLocaleString()}, skipped ${summary.skipped}`
  log(line)
  results.push(line)
}
log(`events now ${(await engine.stats()).events.toLocaleString()}`)
await engine.close()
process.stdout.write(results.join('\n') + '\n')
