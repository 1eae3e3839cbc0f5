#!/usr/bin/env node
// `npm test`: unit + engine tests (vitest, Node), then the browser suite
// (test/browser/run.mjs). The last line sums both: "N passed, N failed[, N skipped]".
// Without Chromium, and where Debian's apt-get can be used (as root, or with
// passwordless sudo), it installs the `chromium` package first; elsewhere the
// browser suite stops with the one line that says how.
// Exit code 1 if anything failed, the browser is missing, or a suite crashed.
// Typechecking is `npm run typecheck`, not part of this.
import { spawn, spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const results = join(root, 'test-results')
await mkdir(results, { recursive: true })
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`
const started = Date.now()

/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set()
const killAll = () => { for (const c of children) { try { process.kill(-c.pid, 'SIGKILL') } catch { /* gone */ } } }
process.on('exit', killAll)
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { killAll(); process.exit(130) })

/** Runs a command with inherited output; kills its whole process group after `limitMs`. */
function run(argv, limitMs) {
  return new Promise((res) => {
    const child = spawn(process.execPath, argv, { cwd: root, stdio: 'inherit', detached: true, env: process.env })
    children.add(child)
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      console.error(`\n${argv.join(' ')}: no result after ${secs(limitMs)}; stopping it.`)
      try { process.kill(-child.pid, 'SIGKILL') } catch { /* gone */ }
    }, limitMs)
    child.on('close', (code, signal) => { clearTimeout(timer); children.delete(child); res({ code, signal, timedOut }) })
  })
}

async function readJson(file) {
  try { return JSON.parse(await readFile(file, 'utf8')) } catch { return null }
}

// ------------------------------------------------------------------ vitest

const unitJson = join(results, 'vitest.json')
await rm(unitJson, { force: true })
console.log('== Unit and engine tests (vitest) ==')
let t0 = Date.now()
const unitRun = await run([
  join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run',
  '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`,
], 40 * 60_000) // a guard against a hang, not a budget
const unitMs = Date.now() - t0
const unitReport = await readJson(unitJson)
const unit = { passed: 0, failed: 0, skipped: 0 }
if (unitReport) {
  unit.passed = unitReport.numPassedTests ?? 0
  unit.failed = unitReport.numFailedTests ?? 0
  unit.skipped = (unitReport.numPendingTests ?? 0) + (unitReport.numTodoTests ?? 0)
  // A file that fails to load (syntax error, failing beforeAll) has no failed
  // *tests*, but its suite failed: count it, or the run would look green.
  const brokenFiles = (unitReport.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'))
  unit.failed += brokenFiles.length
}
if (unitRun.code !== 0 && unit.failed === 0) {
  // Crashed, timed out, unhandled errors, global setup failed…: one failure, not a silent pass.
  unit.failed = 1
  console.error(`vitest exited with ${unitRun.timedOut ? 'a timeout' : `code ${unitRun.code}${unitRun.signal ? ` (${unitRun.signal})` : ''}`}; counted as 1 failure.`)
}

// ------------------------------------------------------------------ browser

/** Installs Debian's chromium when it is missing and apt-get can be used; says what it did. */
function ensureChromium() {
  if (process.env.CHROMIUM_PATH) return // the user's own choice: the browser runner checks it
  try {
    accessSync('/usr/bin/chromium', constants.X_OK)
    return
  } catch { /* missing */ }
  const quiet = { stdio: 'ignore' }
  const hasAptGet = spawnSync('sh', ['-c', 'command -v apt-get'], quiet).status === 0
  const root = process.getuid?.() === 0
  const sudo = !root && spawnSync('sudo', ['-n', 'true'], quiet).status === 0
  if (!hasAptGet || (!root && !sudo)) return // the browser runner prints the one-line instruction
  console.log('Chromium is missing: installing Debian\'s chromium package (apt-get) …')
  const apt = (...args) => spawnSync(root ? 'apt-get' : 'sudo', root ? args : ['apt-get', ...args],
    { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0
  if (!apt('update', '-qq') || !apt('install', '-y', '-qq', 'chromium')) console.error('Installing chromium failed; the browser suite will say what is missing.')
}
ensureChromium()

const browserJson = join(results, 'browser.json')
await rm(browserJson, { force: true })
console.log('\n== Browser tests (vite build, vite preview, headless Chromium) ==')
t0 = Date.now()
const browserRun = await run([join(root, 'test', 'browser', 'run.mjs'), '--json', browserJson], 40 * 60_000)
const browserMs = Date.now() - t0
const browserReport = await readJson(browserJson)
const browser = {
  passed: browserReport?.passed ?? 0,
  failed: browserReport?.failed ?? 0,
  skipped: browserReport?.skipped ?? 0,
}
if (browserRun.code !== 0 && browser.failed === 0) {
  browser.failed = 1
  console.error(`The browser suite exited with ${browserRun.timedOut ? 'a timeout' : `code ${browserRun.code}`}; counted as 1 failure.`)
}

// ------------------------------------------------------------------ summary

const passed = unit.passed + browser.passed
const failed = unit.failed + browser.failed
const skipped = unit.skipped + browser.skipped
console.log(`\nunit+engine: ${unit.passed} passed, ${unit.failed} failed in ${secs(unitMs)}; ` +
  `browser: ${browser.passed} passed, ${browser.failed} failed${browser.skipped ? `, ${browser.skipped} skipped` : ''} in ${secs(browserMs)}; ` +
  `total ${secs(Date.now() - started)}`)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exitCode = failed > 0 || browserReport?.error ? 1 : 0
