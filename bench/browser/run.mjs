#!/usr/bin/env node
// npm run bench:browser [-- --rows N] [-- --events N] [-- --node-import SECONDS] [-- --no-users] [-- --no-build]
//                       [-- --profile DIR (keep the Chromium profile and its database)] [-- --users-only (with --profile)]
//
// The engine at scale in headless Chromium, through the real DB worker on OPFS:
// builds the app plus a bench page (bench/browser/vite.config.ts), serves it with
// `vite preview` on 127.0.0.1, and in a fresh Chromium profile
//   1. imports the benchmark's profile CSV (bench/data.ts, written to a temp file
//      and handed to the page as a disk-backed File, so it streams),
//   2. imports bench/data.ts's events as an NDJSON file through the bulk path (importEventsFile),
//   3. counts a few filters of bench/filters.ts and the countUsers floor,
//   4. reads listUsers windows at offsets 0, rows/2 and rows-100,
//   5. then opens the app's Users page on the same origin (same OPFS) and
//      measures it as a user would (bench/browser/users.mjs).
// Node's import of the same CSV is measured first, in the same run (unless
// --node-import gives it), for the browser/Node ratio.
//
// Env: CHROMIUM_PATH, BROWSER_TEST_PORT (default 4180), BENCH_BROWSER_OUT (build
// dir, default test-results/bench-browser-dist), BENCH_BROWSER_DATA (CSV dir,
// default $TMPDIR/cohortlite-bench-browser).
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { runnerImport } from 'vite'
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumMissing } from '../../test/browser/harness.mjs'
import { measureUsersPage } from './users.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js')

const args = process.argv.slice(2)
const has = (name) => args.includes(`--${name}`)
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : fallback
}
const ROWS = arg('rows', 1_000_000)
const EVENTS = arg('events', 1_000_000)
const NODE_IMPORT_S = arg('node-import', NaN)
const port = Number(process.env.BROWSER_TEST_PORT || 4180)
const outDir = resolve(process.env.BENCH_BROWSER_OUT || join(root, 'test-results', 'bench-browser-dist'))
const dataDir = resolve(process.env.BENCH_BROWSER_DATA || join(tmpdir(), 'cohortlite-bench-browser'))
const url = `http://127.0.0.1:${port}`

const log = (s) => process.stderr.write(`[bench:browser ${new Date().toISOString().slice(11, 19)}] ${s}\n`)
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const n = (x) => x.toLocaleString('en-US')

// ------------------------------------------------------------------ children

const children = new Set()
function killChildren() {
  for (const c of children) {
    try { process.kill(-c.pid, 'SIGKILL') } catch { /* gone */ }
  }
  children.clear()
}
process.on('exit', killChildren)
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { killChildren(); process.exit(130) })

function run(argv) {
  return new Promise((done) => {
    const child = spawn(process.execPath, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    children.add(child)
    const lines = []
    const keep = (c) => lines.push(...c.toString().split('\n').filter(Boolean))
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('close', (code) => { children.delete(child); done({ code, lines }) })
  })
}

let server = null

/** Starts `vite preview`, or starts it again if it has gone (a shared machine: it has been seen to vanish mid-run). */
async function preview() {
  if (server && server.exitCode === null && !server.killed) return server
  if (server) log('vite preview had exited; starting it again')
  const child = spawn(process.execPath, [viteBin, 'preview', '--config', join(here, 'vite.config.ts'), '--outDir', outDir,
    '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  children.add(child)
  const lines = []
  child.stdout.on('data', (c) => lines.push(c.toString()))
  child.stderr.on('data', (c) => lines.push(c.toString()))
  let exited = false
  child.on('exit', (code, signal) => {
    exited = true
    children.delete(child)
    if (server === child) log(`vite preview exited (${signal ?? code})`)
  })
  const end = Date.now() + 30_000
  for (;;) {
    if (exited) throw new Error(`vite preview exited (is port ${port} free?):\n${lines.join('')}`)
    try {
      if ((await fetch(`${url}/bench/browser/index.html`, { signal: AbortSignal.timeout(2000) })).ok) return (server = child)
    } catch { /* not yet */ }
    if (Date.now() > end) throw new Error(`vite preview did not answer on ${url}:\n${lines.join('')}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

// ------------------------------------------------------------------ main

const table = []
let usersTable = null
const errors = []
let nodeHow = 'given with --node-import'
const row = (figure, value, extra = {}) => table.push({ figure, value, ...extra })

async function main() {
  const missing = await chromiumMissing()
  if (missing) throw new Error(missing)

  // Built first and loaded right after, so the page and Node run the same engine code.
  if (!has('no-build')) {
    log(`building the app and the bench page into ${outDir}…`)
    // --mode browser-test: the engine hook users.mjs asks (src/app/testHooks.ts); otherwise the production build
    const { code, lines } = await run([viteBin, 'build', '--config', join(here, 'vite.config.ts'), '--mode', 'browser-test', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'])
    if (code !== 0) throw new Error(`vite build failed:\n${lines.slice(-40).join('\n')}`)
  }
  const { module: node } = await runnerImport('/bench/browser/node.ts', {
    root, configFile: false, logLevel: 'error', optimizeDeps: { noDiscovery: true },
  })
  mkdirSync(dataDir, { recursive: true })
  log(`${n(ROWS)} profiles, ${n(EVENTS)} events; CSV in ${dataDir}`)
  const csvPath = await node.profileCsv(dataDir, ROWS)
  log(`CSV ${(statSync(csvPath).size / 1e6).toFixed(1)} MB`)

  // Node first, alone on the machine's cores, as bench/main.ts measures it.
  let nodeMs = NODE_IMPORT_S * 1000
  if (!Number.isFinite(nodeMs) && !has('users-only')) {
    log('importProfilesCsv in Node (file-backed) for the reference time…')
    nodeMs = (await node.nodeImport(csvPath)).ms
    nodeHow = 'measured in this run'
    log(`Node import ${secs(nodeMs)}`)
  }

  await preview()
  log(`serving ${url}`)

  // --profile DIR keeps the Chromium profile (and its OPFS database) for a later --users-only run.
  const keptProfile = args.includes('--profile') ? resolve(args[args.indexOf('--profile') + 1]) : null
  const profile = keptProfile ?? mkdtempSync(join(tmpdir(), 'cohortlite-bench-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC',
  })
  context.on('weberror', (e) => errors.push(String(e.error()?.stack || e.error())))
  context.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  try {
    if (!has('users-only')) await importAndQuery(context, csvPath, node, nodeMs)
    if (!has('no-users')) {
      await preview()
      log('the Users page…')
      usersTable = await measureUsersPage({ context, url, rows: ROWS, log })
    }
  } finally {
    await context.close().catch(() => {})
    if (!keptProfile) rmSync(profile, { recursive: true, force: true })
  }
}

/** Phases 1–4 on the bench page: import, events, counts, windows; then lets go of the database. */
async function importAndQuery(context, csvPath, node, nodeMs) {
  {
    const page = await context.newPage()
    page.on('crash', () => errors.push('the bench page crashed'))
    await page.goto(`${url}/bench/browser/index.html`)
    const storage = await page.evaluate(() => globalThis.bench.storage)
    if (storage !== 'opfs') throw new Error(`the worker opened ${storage}, not OPFS`)
    log('database open on OPFS; importing the CSV…')

    await page.setInputFiles('#csv', csvPath)
    const imported = await page.evaluate((plan) => globalThis.bench.importCsv(plan), node.importPlan())
    log(`browser import ${secs(imported.ms)} ${JSON.stringify(imported.summary)}, ${imported.progress} progress callbacks`)
    if (imported.summary.rows !== ROWS) throw new Error(`imported ${imported.summary.rows} rows, expected ${ROWS}`)
    row(`importProfilesCsv, ${n(ROWS)} rows, empty database (OPFS, worker)`, secs(imported.ms),
      { floor: `${secs(nodeMs)} (Node)`, ratio: (imported.ms / nodeMs).toFixed(2), target: '≤ 2' })

    // Events as an exported file through the bulk path (importEventsFile), as the Import page loads them.
    const eventsPath = await node.eventsNdjson(dataDir, ROWS, EVENTS)
    log(`events file ${(statSync(eventsPath).size / 1e6).toFixed(1)} MB; importing…`)
    await page.setInputFiles('#events', eventsPath)
    const events = await page.evaluate(() => globalThis.bench.importEventsFile())
    log(`events ${secs(events.ms)} ${JSON.stringify(events.summary)}`)
    if (events.summary.created !== EVENTS) throw new Error(`stored ${events.summary.created} events, expected ${EVENTS}`)
    row(`importEventsFile: ${n(EVENTS)} events, NDJSON (${(statSync(eventsPath).size / 1e6).toFixed(0)} MB), the bulk path`,
      `${secs(events.ms)} (${n(Math.round(EVENTS / (events.ms / 1000)))}/s)`, { target: '≥ 100,000/s' })

    const nowIso = new Date(node.NOW).toISOString()
    // Each run its own SQL text (node.uncached): the engine keeps counts until the next write.
    const count = (filter, run) => page.evaluate((q) => globalThis.bench.count(q), { scope: 'all', now: nowIso, filter: node.uncached(filter, run) })
    const floorRuns = []
    for (let i = 0; i < 3; i++) floorRuns.push((await count(undefined, i + 1)).ms)
    const floor = median(floorRuns)
    row('floor: countUsers({ scope: "all" }), no filter', secs(floor))
    const counts = []
    for (const { name, filter } of node.someFilters()) {
      const runs = []
      let users = 0
      for (let i = 0; i < 3; i++) {
        const r = await count(filter, i)
        runs.push(r.ms)
        users = r.n
      }
      counts.push({ name, users, ms: median(runs) })
      log(`${name}: ${n(users)} in ${secs(median(runs))}`)
    }
    for (const c of counts) row(`countUsers: ${c.name} (${n(c.users)})`, secs(c.ms), { floor: secs(floor), ratio: (c.ms / floor).toFixed(2) })
    const times = counts.map((c) => c.ms)
    row(`countUsers: median of these ${counts.length}`, secs(median(times)), { floor: secs(floor), ratio: (median(times) / floor).toFixed(2), target: '≤ 1.5' })
    row('countUsers: slowest of these', secs(Math.max(...times)), { floor: secs(floor), ratio: (Math.max(...times) / floor).toFixed(2), target: '≤ 5' })

    const windowQuery = {
      scope: 'profiles', now: nowIso,
      filter: { op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'isSet' }] },
      sort: { property: 'score', direction: 'desc' },
    }
    const list = (offset) => page.evaluate((q) => globalThis.bench.list(q), { ...windowQuery, offset, limit: 100 })
    const middle = Math.floor(ROWS / 2)
    const last = Math.max(0, ROWS - 100)
    row('listUsers (plan isSet, by score desc): first window at offset 0', secs((await list(0)).ms))
    row(`listUsers: first window at offset ${n(middle)} (orders the result)`, secs((await list(middle)).ms))
    const windowAt = async (offset) => {
      const runs = []
      for (let i = 0; i < 5; i++) runs.push((await list(offset)).ms)
      return median(runs)
    }
    const w0 = await windowAt(0)
    for (const offset of [0, middle, last]) {
      const w = offset === 0 ? w0 : await windowAt(offset)
      row(`listUsers: 100 rows at offset ${n(offset)}`, `${w.toFixed(1)} ms`,
        { floor: `${w0.toFixed(1)} ms`, ratio: (w / w0).toFixed(2), target: offset === 0 ? '' : '≤ 2, ≤ 100 ms' })
    }

    // Let go of the data dir, so the app's page can open it.
    await page.evaluate(() => globalThis.bench.close())
    await page.close()
  }
}

/** The tables so far: all of them after a full run, what was measured after a failure. */
function report() {
  let chromiumVersion = ''
  try { chromiumVersion = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().replace(/ built on.*/, '') } catch { /* unknown */ }
  const header = `Cohortlite browser bench, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ` +
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${chromiumVersion} headless, OPFS; Node import ${nodeHow}` +
    `\nnpm run bench:browser -- ${args.join(' ')}`.trimEnd()
  const md = (rows) => ['| figure | value | floor | ratio | target |', '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.figure} | ${r.value} | ${r.floor ?? ''} | ${r.ratio ?? ''} | ${r.target ?? ''} |`)]
  const lines = [header, ...(table.length ? ['', ...md(table)] : [])]
  if (usersTable) lines.push('', 'The Users page on the same database (Chromium, as a user drives it):', '', ...md(usersTable))
  if (errors.length) lines.push('', `Errors in the page (${errors.length}):`, ...errors.slice(0, 10).map((e) => `  ${e.split('\n')[0]}`))
  console.log(lines.join('\n'))
  writeFileSync(join(dataDir, `result-${ROWS}.md`), lines.join('\n') + '\n')
}

try {
  await main()
  report()
  killChildren()
  process.exit(0)
} catch (e) {
  console.error(e?.stack || String(e))
  report()
  killChildren()
  process.exit(1)
}
