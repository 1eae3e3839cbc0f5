// npm run bench [-- --rows N] [-- --events N]: the engine at scale, in Node, file-backed.
// Prints one table: each figure, its floor measured in the same run, and the ratio.
import { mkdirSync, openAsBlob, rmSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { PGlite } from '@electric-sql/pglite'
import { openEngine } from '../workers/engine/index'
import type { Engine, Group } from '../workers/engine/types'
import { CSV_HEADER, DAY, NOW, eventBatches, profileCsv } from './data'
import { addedReport, filterSuite, uncached } from './filters'
import { exportPhase } from './export-phase'
import { actionsReport } from './actions'

const args = process.argv.slice(2)
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : fallback
}
const ROWS = arg('rows', 1_000_000)
const EVENTS = arg('events', ROWS * 5)
const DIR = '.bench'
const nowIso = new Date(NOW).toISOString()

interface Row { figure: string; value: string; floor?: string; ratio?: string; target?: string }
const table: Row[] = []
const ms = (t: number) => `${(t / 1000).toFixed(2)} s`
const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now()
  const result = await work()
  return [result, performance.now() - start]
}
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function fresh(name: string): string {
  const dir = `${DIR}/${name}`
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  return dir
}

async function copyFloor(csv: Blob): Promise<number> {
  const db = await PGlite.create({ dataDir: fresh('db-floor') })
  await db.exec(`create table floor (${CSV_HEADER.split(',').map(c => `${c} text`).join(', ')})`)
  const [, took] = await timed(async () => {
    // 8 MB chunks cut at line ends (the benchmark's fields hold no newlines).
    const bytes = new Uint8Array(await csv.arrayBuffer())
    let start = 0
    let first = true
    while (start < bytes.length) {
      let end = Math.min(bytes.length, start + (8 << 20))
      while (end < bytes.length && bytes[end - 1] !== 10) end++
      await db.query(`copy floor from '/dev/blob' with (format csv, header ${first})`, [], { blob: new Blob([bytes.subarray(start, end)]) })
      first = false
      start = end
    }
    await db.exec('create unique index on floor (id)')
  })
  await db.close()
  return took
}

async function main() {
  mkdirSync(DIR, { recursive: true })
  log(`${ROWS.toLocaleString()} profiles, ${EVENTS.toLocaleString()} events; data in ${DIR}/`)
  const csvPath = await profileCsv(DIR, ROWS)
  const csv = await openAsBlob(csvPath)
  log(`CSV ${(csv.size / 1e6).toFixed(1)} MB`)

  const floor = await copyFloor(csv)
  table.push({ figure: `COPY floor: ${ROWS.toLocaleString()} rows into 10×text + unique index`, value: ms(floor) })
  log(`COPY floor ${ms(floor)}`)

  const dataDir = fresh('db-engine')
  let engine: Engine = await openEngine({ dataDir })
  const plan = {
    kind: 'user' as const, header: true, identifier: 0,
    columns: CSV_HEADER.split(',').map((c, index) => ({ index, property: index === 1 ? '$email' : index === 2 ? '$name' : c })).slice(1),
  }
  const rss: Record<string, number> = {}
  const onProgress = (p: { rows: number }) => {
    const mb = process.memoryUsage().rss / 1e6
    if (p.rows >= ROWS / 4 && rss.quarter === undefined) rss.quarter = mb
    rss.peak = Math.max(rss.peak ?? 0, mb)
  }
  const [first, importEmpty] = await timed(() => engine.importProfilesCsv(csv, plan, onProgress))
  rss.end = process.memoryUsage().rss / 1e6
  log(`import into empty ${ms(importEmpty)} ${JSON.stringify({ ...first, errors: first.errors.length })}`)
  table.push({ figure: 'importProfilesCsv, empty database', value: ms(importEmpty), floor: ms(floor), ratio: (importEmpty / floor).toFixed(2), target: '≤ 4' })
  const [again, importAgain] = await timed(() => engine.importProfilesCsv(csv, plan))
  log(`import over same ids ${ms(importAgain)} ${JSON.stringify({ ...again, errors: again.errors.length })}`)
  table.push({ figure: 'importProfilesCsv, over the same ids', value: ms(importAgain), floor: ms(floor), ratio: (importAgain / floor).toFixed(2), target: '≤ 6' })
  table.push({ figure: `RSS during import: at ${(ROWS / 4).toLocaleString()} rows → peak`, value: `${rss.quarter?.toFixed(0)} → ${rss.peak?.toFixed(0)} MB`, ratio: ((rss.peak ?? 0) / (rss.quarter ?? 1)).toFixed(2), target: '≤ 1.3' })

  // The engine's bulk path (importEventStream): one all-or-nothing load with
  // the events indexes built once, as an import of an exported file runs.
  let lastLog = 0
  const [eventsSummary, eventsTook] = await timed(() => engine.importEventStream(eventBatches(ROWS, EVENTS, 20_000), (p) => {
    if (p.rows - lastLog >= 1_000_000) { lastLog = p.rows; log(`events ${p.rows.toLocaleString()}`) }
  }))
  log(`events summary ${JSON.stringify({ ...eventsSummary, errors: eventsSummary.errors.length })}`)
  const rate = EVENTS / (eventsTook / 1000)
  table.push({ figure: `importEventStream: ${EVENTS.toLocaleString()} events`, value: `${ms(eventsTook)} (${Math.round(rate).toLocaleString()}/s)`, target: '≥ 100,000/s' })
  log(`events ${ms(eventsTook)}`)

  // Cohorts the suite refers to.
  const proOver30: Group = { op: 'and', filters: [
    { type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro'] },
    { type: 'property', property: 'age', dataType: 'number', operator: 'greaterThan', values: [30] },
  ] }
  const dynamic = await engine.saveCohort({ name: 'Pro over 30', kind: 'dynamic', filter: proOver30 })
  const members = Array.from({ length: Math.min(10_000, ROWS) }, (_, i) => `user-${i * 7 % ROWS}`)
  const statics = await engine.saveCohort({ name: 'Ten thousand', kind: 'static', members })
  const nested = await engine.saveCohort({ name: 'Pro over 30, not paying', kind: 'dynamic', filter: { op: 'and', filters: [
    { type: 'cohort', cohortId: dynamic.id, operator: 'in' },
    { type: 'property', property: 'is_paying', dataType: 'boolean', operator: 'isFalse' },
  ] } })

  await engine.close()
  const [reopened, openTook] = await timed(() => openEngine({ dataDir }))
  engine = reopened
  table.push({ figure: `open the database (${ROWS.toLocaleString()} profiles + events)`, value: ms(openTook), target: '≤ 2 s' })

  // The scan floor: a plain count over the profiles.
  const raw = (engine as unknown as { db: PGlite }).db
  const floors: number[] = []
  for (let i = 0; i < 3; i++) floors.push((await timed(() => raw.query('select count(*) from profiles')))[1])
  const scan = median(floors)
  table.push({ figure: 'scan floor: select count(*) from profiles', value: ms(scan) })

  const suite = filterSuite({ dynamic: dynamic.id, static: statics.id, nested: nested.id })
  const counts: Array<{ name: string; took: number; n: number }> = []
  for (const { name, filter } of suite) {
    // Median of three, as the floor: the first run also reads pages into the cache.
    const runs: number[] = []
    let n = 0
    for (let i = 0; i < 3; i++) {
      const [count, took] = await timed(() => engine.countUsers({ scope: 'all', filter: uncached(filter, i), now: nowIso }))
      runs.push(took)
      n = count
    }
    const took = median(runs)
    counts.push({ name, took, n })
    log(`${name}: ${n.toLocaleString()} in ${ms(took)}`)
  }
  const times = counts.map(c => c.took)
  const slowest = counts.reduce((a, b) => (b.took > a.took ? b : a))
  table.push({ figure: `filter suite (${suite.length} filters): median count`, value: ms(median(times)), floor: ms(scan), ratio: (median(times) / scan).toFixed(2), target: '≤ 1.5' })
  table.push({ figure: `filter suite: slowest (${slowest.name})`, value: ms(slowest.took), floor: ms(scan), ratio: (slowest.took / scan).toFixed(2), target: '≤ 5' })
  table.push(...addedReport(suite, new Map(counts.map(c => [c.name, c.took])), scan))

  const windowQuery = {
    scope: 'profiles' as const, now: nowIso,
    filter: { op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'isSet' }] } as Group,
    sort: { property: 'score', direction: 'desc' as const },
  }
  // The first screen: a top-N sort (its rows are kept for the next windows near the top).
  const [, firstWindow] = await timed(() => engine.listUsers({ ...windowQuery, offset: 0, limit: 100 }))
  table.push({ figure: 'listUsers: first window at offset 0 (a top-N sort)', value: ms(firstWindow) })
  // The first deeper window reads the whole order once; every window is then read by its ids.
  const [, materialize] = await timed(() => engine.listUsers({ ...windowQuery, offset: Math.floor(ROWS / 2), limit: 100 }))
  table.push({ figure: `listUsers: first window at offset ${Math.floor(ROWS / 2).toLocaleString()} (reads the whole order)`, value: ms(materialize) })
  const windowAt = async (offset: number) => {
    const runs: number[] = []
    for (let i = 0; i < 5; i++) runs.push((await timed(() => engine.listUsers({ ...windowQuery, offset, limit: 100 })))[1])
    return median(runs)
  }
  const w0 = await windowAt(0)
  for (const offset of [0, Math.floor(ROWS / 2), ROWS - 100]) {
    const w = offset === 0 ? w0 : await windowAt(offset)
    table.push({ figure: `listUsers: 100 rows at offset ${offset.toLocaleString()}`, value: `${w.toFixed(1)} ms`, floor: `${w0.toFixed(1)} ms`, ratio: (w / w0).toFixed(2), target: offset === 0 ? '' : '≤ 2, ≤ 100 ms' })
  }
  // Export of every profile, 10 columns (issue 14).
  table.push(...await exportPhase(engine, raw, DIR))
  // Actions on every matching profile and their undo, against the count of the same filter (bench/actions.ts).
  table.push(...await actionsReport(engine))
  await engine.close()

  const header = `Cohortlite bench, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
  const lines = [header, '', '| figure | value | floor | ratio | target |', '|---|---|---|---|---|',
    ...table.map(r => `| ${r.figure} | ${r.value} | ${r.floor ?? ''} | ${r.ratio ?? ''} | ${r.target ?? ''} |`),
    '', 'Filter suite (countUsers, scope all):', '', '| filter | users | time |', '|---|---|---|',
    ...counts.map(c => `| ${c.name} | ${c.n.toLocaleString('en-US')} | ${ms(c.took)} |`)]
  console.log(lines.join('\n'))
}

await main()
process.exit(0)
