// npm run bench:peer [-- --rows N --events N]: the engine and DuckDB-WASM
// (its blocking Node build, one thread) on the same data, side by side, in
// one run: the bench's profiles CSV and events loaded into both, then the
// same counts asked of both (every filter of bench/filters.ts that duck-sql.ts
// can say exactly in DuckDB's SQL), with fresh SQL text per ask. Each side
// runs in processes of its own, a load then a cold open, so each phase's
// peak RSS is its own. Counts must be equal; the table gives the ratios.
import { spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { once } from 'node:events'
import { cpus, loadavg, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { NOW, eventBatches, profileCsv } from '../data'
import { filterSuite, uncached } from '../filters'
import { duckCountSql, Untranslatable, type PeerTables } from './duck-sql'
import { engineLoad, engineOpen, type EngineLoad, type EngineOpen } from './engine'

const args = process.argv.slice(2)
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : fallback
}
const ROWS = arg('rows', 1_000_000)
const EVENTS = arg('events', ROWS)
const ASKS = 3
const DIR = resolve('.bench')
const log = (s: string) => process.stderr.write(`[peer] ${s}\n`)

const TABLES: PeerTables = {
  now: NOW,
  profileColumns: {
    $email: ['email', 'string'], $name: ['name', 'string'], plan: ['plan', 'string'], age: ['age', 'number'],
    country: ['country', 'string'], signup_date: ['signup_date', 'date'], score: ['score', 'number'],
    is_paying: ['is_paying', 'boolean'], company: ['company', 'string'],
  },
  eventColumns: { amount: ['amount', 'number'], query: ['query', 'string'], path: ['path', 'string'] },
}
/** The column types DuckDB's sniffer must give for TABLES to hold. */
const EXPECTED_TYPES: Record<string, string> = { age: 'BIGINT', signup_date: 'DATE', score: 'DOUBLE', is_paying: 'BOOLEAN', plan: 'VARCHAR' }

interface DuckRun {
  importMs: number; eventsMs: number; checkpointMs: number; types: Record<string, string>; users: number; events: number
  answers: Array<{ name: string; n: number; ns: number[]; ms: number[] }>; peakRss: number
}

/** The events of bench/data.ts as a CSV (DuckDB-WASM's JSON reader is an extension it would download). */
async function eventsCsv(rows: number, events: number): Promise<string> {
  const path = join(DIR, `events-${rows}-${events}.csv`)
  if (existsSync(path) && statSync(path).size > 0) return path
  const out = createWriteStream(`${path}.tmp`)
  const cell = (v: unknown) => (v === undefined ? '' : String(v))
  let buf = 'distinct_id,time,event,insert_id,amount,query,path\n'
  for (const batch of eventBatches(rows, events, 20_000)) {
    for (const { event, properties: p } of batch) {
      buf += `${p.distinct_id},${p.time},${event},${p.$insert_id},${cell(p.amount)},${cell(p.query)},${cell(p.path)}\n`
    }
    if (!out.write(buf)) await once(out, 'drain')
    buf = ''
  }
  out.end()
  await once(out, 'finish')
  renameSync(`${path}.tmp`, path)
  return path
}

function size(path: string): number {
  if (!existsSync(path)) return 0
  const s = statSync(path)
  if (!s.isDirectory()) return s.size
  return readdirSync(path).reduce((sum, name) => sum + size(join(path, name)), 0)
}

/** One phase in a process of its own; its last stdout line is its JSON result. */
function child<T>(argv: string[]): T {
  const run = spawnSync(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`${argv.join(' ')} failed (${run.status ?? run.signal})`)
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as T
}

const duckVersion = () => (JSON.parse(readFileSync(resolve('bench/peer/node_modules/@duckdb/duckdb-wasm/package.json'), 'utf8')) as { version: string }).version
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const sec = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`
const ratio = (a: number, b: number) => (a / b).toFixed(2)
const rate = (ms: number) => Math.round(EVENTS / ms * 1000).toLocaleString('en-US')

async function main() {
  const at = args.indexOf('--child')
  if (at >= 0) {
    const [phase, dataDir, a, b] = args.slice(at + 1)
    const result = phase === 'load' ? await engineLoad(dataDir!, a!, b!, ROWS, EVENTS) : await engineOpen(dataDir!)
    process.stdout.write(JSON.stringify(result) + '\n')
    return
  }
  mkdirSync(DIR, { recursive: true })
  log(`${ROWS.toLocaleString()} profiles, ${EVENTS.toLocaleString()} events; load ${loadavg().map(l => l.toFixed(1)).join(' ')}`)
  const csv = await profileCsv(DIR, ROWS)
  const events = await eventsCsv(ROWS, EVENTS)
  const csvBytes = statSync(csv).size

  // The suite: every filter duck-sql.ts can say; each ask gets SQL text of its own.
  const suite = filterSuite({ dynamic: 'none', static: 'none', nested: 'none' })
  const asks: Array<{ name: string; filters: unknown[]; sql: string[] }> = []
  const engineOnly: string[] = []
  for (const { name, filter } of suite) {
    try {
      const filters = Array.from({ length: ASKS }, (_, i) => uncached(filter, i + 1))
      asks.push({ name, filters, sql: filters.map(f => duckCountSql(f, TABLES)) })
    } catch (error) {
      if (!(error instanceof Untranslatable)) throw error
      engineOnly.push(`${name} (${error.message})`)
    }
  }
  const asksPath = join(DIR, 'peer-asks.json')
  writeFileSync(asksPath, JSON.stringify(asks))

  const engineDir = join(DIR, 'peer-engine')
  const duckFile = join(DIR, 'peer-duckdb.db')
  rmSync(engineDir, { recursive: true, force: true })
  mkdirSync(engineDir, { recursive: true })
  const self = ['bench/peer/run.mjs', '--rows', String(ROWS), '--events', String(EVENTS), '--child']

  log('DuckDB-WASM: load, counts')
  const duck = child<DuckRun>(['bench/peer/duckdb.cjs', duckFile, csv, events, asksPath])
  const duckBytes = size(duckFile) + size(`${duckFile}.wal`)
  log(`  ${sec(duck.importMs)} + events ${sec(duck.eventsMs)}; types ${JSON.stringify(duck.types)}`)
  for (const [column, type] of Object.entries(EXPECTED_TYPES)) {
    if (duck.types[column] !== type) throw new Error(`DuckDB read ${column} as ${duck.types[column]}, not ${type}: the translation would not hold`)
  }
  log('Cohortlite: load, counts')
  const load = child<EngineLoad>([...self, 'load', engineDir, csv, asksPath])
  log(`  ${sec(load.importMs)} + events ${sec(load.eventsMs)}`)
  log('Cohortlite: cold open')
  const open = child<EngineOpen>([...self, 'open', engineDir])
  const engineBytes = size(engineDir)

  // Equal counts, ask by ask.
  const wrong: string[] = []
  if (open.total !== duck.users) wrong.push(`first total: ${open.total} vs ${duck.users}`)
  const rows = asks.map(({ name }, i) => {
    const e = load.answers[i]!, d = duck.answers[i]!
    for (const n of [...e.ns, ...d.ns]) if (n !== e.n) { wrong.push(`${name}: engine ${e.ns.join('/')}, DuckDB ${d.ns.join('/')}`); break }
    return { name, n: e.n, engine: median(e.ms), first: e.ms[0]!, duck: median(d.ms), path: [...new Set(e.paths)].join('/') }
  })
  const eMedian = median(rows.map(r => r.engine)), dMedian = median(rows.map(r => r.duck))
  const eSlow = rows.reduce((a, b) => (b.engine > a.engine ? b : a)), dSlow = Math.max(...rows.map(r => r.duck))
  const ePeak = Math.max(load.peakRss, open.peakRss)

  const lines = [
    `bench:peer, ${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${loadavg().map(l => l.toFixed(1)).join(' ')} at the end`,
    `${ROWS.toLocaleString('en-US')} profiles (CSV ${mb(csvBytes)}), ${EVENTS.toLocaleString('en-US')} events; DuckDB-WASM ${duckVersion()} blocking build, one thread`,
    '',
    '| figure | Cohortlite | DuckDB-WASM | ratio | target |',
    '|---|---|---|---|---|',
    `| import the CSV | ${sec(load.importMs)} | ${sec(duck.importMs)} | ${ratio(load.importMs, duck.importMs)} | ≤ 1.5 |`,
    `| import ${EVENTS.toLocaleString('en-US')} events | ${sec(load.eventsMs)} (${rate(load.eventsMs)}/s) | ${sec(duck.eventsMs)} (${rate(duck.eventsMs)}/s) | ${ratio(load.eventsMs, duck.eventsMs)} | ≥ 150,000/s |`,
    `| database on disk (× the CSV's ${mb(csvBytes)}); Cohortlite after a reopen | ${mb(engineBytes)} (${ratio(engineBytes, csvBytes)}×; ${mb(open.walBytes)} WAL) | ${mb(duckBytes)} (${ratio(duckBytes, csvBytes)}×) | ${ratio(engineBytes, duckBytes)} | ≤ 2.5× the CSV |`,
    `| peak RSS: load + counts (Cohortlite: cold open) | ${mb(load.peakRss)} (${mb(open.peakRss)}) | ${mb(duck.peakRss)} | ${ratio(ePeak, duck.peakRss)} | ≤ 1.3 |`,
    `| cold open → first total (${open.total.toLocaleString('en-US')}); of it, opening PGlite and migrating | ${sec(open.openMs)}; ${sec(open.engineMs)} | n/a (see below) |  | ≤ 1 s |`,
    `| after the cold open, a first property count (plan equals pro: the fast path reads its column) | ${sec(open.firstCountMs)} |  |  |  |`,
    `| counts: median of ${rows.length} | ${sec(eMedian)} | ${sec(dMedian)} | ${ratio(eMedian, dMedian)} | ≤ 1.0 |`,
    `| counts: slowest (${eSlow.name}) | ${sec(eSlow.engine)} | ${sec(dSlow)} | ${ratio(eSlow.engine, dSlow)} | ≤ 2 |`,
    '',
    `Counts (median of ${ASKS} asks, each its own SQL text; path: which of the engine's paths answered; first ask: the engine's first of the ${ASKS}, which includes reading a column the fast path had not read yet):`,
    '',
    '| filter | users | Cohortlite | first ask | path | DuckDB-WASM | ratio |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(r => `| ${r.name} | ${r.n.toLocaleString('en-US')} | ${sec(r.engine)} | ${sec(r.first)} | ${r.path} | ${sec(r.duck)} | ${ratio(r.engine, r.duck)} |`),
    '',
    `Fast path: ${rows.filter(r => r.path === 'fast').length} of ${rows.length} filters; their column reads (first ask minus median, summed): ${sec(rows.filter(r => r.path === 'fast').reduce((sum, r) => sum + Math.max(0, r.first - r.engine), 0))}.`,
    '',
    `Engine steps: ${load.steps.map(s => `${s.step} ${sec(s.ms)}`).join(', ')}.`,
    `DuckDB-WASM's checkpoint after the loads (not in its figures above): ${sec(duck.checkpointMs)}. It has no cold-open figure: its Node build does not see the tables of a database file it reopens (duckdb-wasm issue 2170).`,
    ...(engineOnly.length ? [`Not asked of DuckDB (no exact translation over its columns): ${engineOnly.join('; ')}.`] : []),
  ]
  console.log(lines.join('\n'))
  if (wrong.length) {
    console.error(`Counts differ:\n  ${wrong.join('\n  ')}`)
    process.exitCode = 1
  }
}

await main()
