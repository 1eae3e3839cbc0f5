#!/usr/bin/env node
// Browser tests: builds the app once (vite build), serves it with
// `vite preview` on port 4173, and drives headless Chromium (playwright-core,
// the system's Chromium; never a downloaded one) through test/browser/*.test.mjs.
//
//   node test/browser/run.mjs [name-filter[|name-filter…]] [--no-build] [--json results.json]
//
// Env: CHROMIUM_PATH (default /usr/bin/chromium), BROWSER_TEST_PORT (default 4173),
// BROWSER_TEST_OUT (build dir, default test-results/browser-dist).
// Last line: "N passed, N failed[, N skipped]". Exit code 1 if anything failed.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  TestContext, chromiumMissing, requests, runCleanups, screenshotDir, server, setCurrentTest, tests,
} from './harness.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
// not dist/: others build there too; BROWSER_TEST_OUT lets parallel runs keep apart
const outDir = process.env.BROWSER_TEST_OUT ? resolve(process.env.BROWSER_TEST_OUT) : join(root, 'test-results', 'browser-dist')
const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js')

const args = process.argv.slice(2)
const flag = (name) => { const i = args.indexOf(name); if (i < 0) return false; args.splice(i, 1); return true }
const option = (name) => { const i = args.indexOf(name); if (i < 0) return undefined; const v = args[i + 1]; args.splice(i, 2); return v }
const noBuild = flag('--no-build')
const jsonOut = option('--json')
const filter = args[0]

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`
const started = Date.now()
const timings = {}

/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set()
function killAll() {
  for (const c of children) {
    try { process.kill(-c.pid, 'SIGKILL') } catch { /* gone */ }
  }
  children.clear()
}
process.on('exit', killAll)
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { killAll(); process.exit(130) })
}

async function finish({ passed, failed, skipped, error }) {
  const summary = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`
  if (jsonOut) {
    await writeFile(jsonOut, JSON.stringify({ passed, failed, skipped, error, timings, ms: Date.now() - started }, null, 2))
  }
  await Promise.allSettled(runCleanups.splice(0).reverse().map((fn) => withTimeout(fn(), 20_000, 'cleanup')))
  await server.stop()
  killAll()
  console.log(summary)
  process.exit(failed > 0 ? 1 : 0)
}

function withTimeout(promise, ms, what) {
  let timer
  return Promise.race([
    Promise.resolve(promise).finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${secs(ms)}`)), ms) }),
  ])
}

// ------------------------------------------------------------------ load tests

const files = (await readdir(here)).filter((f) => f.endsWith('.test.mjs')).sort()
for (const f of files) await import(pathToFileURL(join(here, f)).href)
// name-filter: a part of a test's name, or several separated by | (a test and the ones it needs)
const parts = filter ? filter.toLowerCase().split('|') : []
const selected = filter ? tests.filter((t) => parts.some((part) => t.name.toLowerCase().includes(part))) : tests
if (selected.length === 0) {
  console.error(`No browser tests match ${JSON.stringify(filter)}`)
  await finish({ passed: 0, failed: 1, skipped: 0, error: 'no tests' })
}

const missing = await chromiumMissing()
if (missing) {
  console.error(missing)
  await finish({ passed: 0, failed: selected.length, skipped: 0, error: missing })
}

// ------------------------------------------------------------------ build

function run(cmd, argv, { prefix }) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    children.add(child)
    const lines = []
    const keep = (chunk) => { for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(l) }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('close', (code) => { children.delete(child); resolvePromise({ code, lines, prefix }) })
  })
}

await mkdir(join(root, 'test-results'), { recursive: true })
if (!noBuild || !existsSync(join(outDir, 'index.html'))) {
  const t0 = Date.now()
  process.stdout.write('Building the app (vite build)… ')
  // --mode browser-test: the production build plus the engine hook the tests ask (src/app/testHooks.ts)
  const { code, lines } = await run(process.execPath, [viteBin, 'build', '--mode', 'browser-test', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { prefix: 'build' })
  timings.build = Date.now() - t0
  if (code !== 0) {
    console.log(`failed (${secs(timings.build)})`)
    console.log(lines.slice(-60).map((l) => `  ${l}`).join('\n'))
    await finish({ passed: 0, failed: selected.length, skipped: 0, error: 'vite build failed' })
  }
  // Full output (PGlite's direct-eval and plugin-timing warnings are expected) for whoever wants it.
  const log = join(root, 'test-results', 'browser-build.log')
  await writeFile(log, lines.join('\n') + '\n')
  console.log(`done in ${secs(timings.build)} (log: ${relative(root, log)})`)
}

// ------------------------------------------------------------------ preview server

function portFree(port) {
  return new Promise((res) => {
    const s = createServer().once('error', () => res(false)).once('listening', () => s.close(() => res(true)))
    s.listen(port, '127.0.0.1')
  })
}

let port = Number(process.env.BROWSER_TEST_PORT || 4173)
if (!(await portFree(port))) {
  // Someone else (another engineer's `npm run preview`) holds the port.
  if (process.env.BROWSER_TEST_PORT) {
    console.error(`Port ${port} is in use.`)
    await finish({ passed: 0, failed: selected.length, skipped: 0, error: `port ${port} in use` })
  }
  let p = 4174
  while (!(await portFree(p))) p++
  console.log(`Port ${port} is in use; serving on ${p} instead.`)
  port = p
}

/** @type {import('node:child_process').ChildProcess | null} */
let preview = null
const previewLog = []
server.url = `http://127.0.0.1:${port}`
server.outDir = outDir

server.start = async () => {
  if (preview) return
  const child = spawn(process.execPath, [viteBin, 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  })
  children.add(child)
  preview = child
  const keep = (c) => { previewLog.push(...c.toString().split('\n').filter(Boolean)); previewLog.splice(0, previewLog.length - 50) }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  let exited = false
  child.on('exit', () => { exited = true; children.delete(child); if (preview === child) preview = null })
  const end = Date.now() + 30_000
  for (;;) {
    if (exited) throw new Error(`vite preview exited:\n${previewLog.join('\n')}`)
    try {
      const r = await fetch(server.url + '/', { signal: AbortSignal.timeout(2000) })
      if (r.ok) return
    } catch { /* not yet */ }
    if (Date.now() > end) throw new Error(`vite preview did not answer on ${server.url} within 30 s:\n${previewLog.join('\n')}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

server.stop = async () => {
  const child = preview
  if (!child) return
  preview = null
  const gone = new Promise((r) => child.once('exit', r))
  try { process.kill(-child.pid, 'SIGTERM') } catch { /* gone */ }
  await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))])
  try { process.kill(-child.pid, 'SIGKILL') } catch { /* gone */ }
  children.delete(child)
}

try {
  await server.start()
} catch (e) {
  console.error(e.message)
  await finish({ passed: 0, failed: selected.length, skipped: 0, error: 'vite preview failed' })
}
console.log(`Serving ${server.url}; Chromium ${process.env.CHROMIUM_PATH || '/usr/bin/chromium'}; ${selected.length} tests\n`)

// ------------------------------------------------------------------ run

const results = new Map() // name → 'passed' | 'failed' | 'skipped'
let passed = 0, failed = 0, skipped = 0
const testsStarted = Date.now()

for (const tc of selected) {
  const unmet = tc.needs.filter((n) => results.get(n) !== 'passed')
  if (unmet.length) {
    const why = unmet.map((n) => `"${n}" ${results.get(n) ?? 'not run'}`).join(', ')
    console.log(`- ${tc.name} (skipped: needs ${why})`)
    results.set(tc.name, 'skipped'); skipped++
    continue
  }
  const t = new TestContext(tc.name)
  setCurrentTest(tc.name)
  const t0 = Date.now()
  let error = null
  try {
    // The server may have been stopped by a test that failed half-way.
    await server.start()
    await withTimeout(tc.fn(t), tc.timeout, 'test')
  } catch (e) {
    error = e
  }
  if (error) {
    // Screenshots before cleanup closes the pages.
    const dir = await screenshotDir()
    let i = 0
    for (const page of t.pages) {
      if (page.isClosed()) continue
      const file = join(dir, `${tc.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${i++}.png`)
      await withTimeout(page.screenshot({ path: file, fullPage: true }), 10_000, 'screenshot').then(
        () => t.note(`screenshot: ${file}`), () => {})
    }
  }
  for (const fn of t.cleanups.reverse()) {
    await withTimeout(fn(), 30_000, 'cleanup').catch((e) => t.note(`cleanup: ${e.message}`))
  }
  const took = secs(Date.now() - t0)
  if (error) {
    failed++; results.set(tc.name, 'failed')
    console.log(`✗ ${tc.name} (${took})`)
    console.log(String(error.stack || error).split('\n').slice(0, 8).map((l) => `    ${l}`).join('\n'))
  } else {
    passed++; results.set(tc.name, 'passed')
    console.log(`✓ ${tc.name} (${took})`)
  }
  for (const n of t.notes) console.log(`    ${n}`)
}
setCurrentTest('')
timings.tests = Date.now() - testsStarted

console.log(`\nBrowser tests: ${secs(timings.tests)} (build ${timings.build ? secs(timings.build) : 'skipped'}), ${requests.length} requests recorded, total ${secs(Date.now() - started)}`)
await finish({ passed, failed, skipped })
