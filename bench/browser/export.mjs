#!/usr/bin/env node
// node bench/browser/export.mjs [--rows N] [--no-build]: the Export dialog at
// scale in headless Chromium (OPFS, the real DB worker). Builds the app
// (--mode browser-test, for the engine hook), imports bench/data.ts's profile
// CSV of N rows through the hook, then on the Users page exports every
// profile with 10 columns (the id and bench/data.ts's 9 properties) as CSV
// through the Export dialog, into a save picker that counts the bytes and
// drops them (the File System Access path, without a disk in the way). It
// samples the page's JS heap (DevTools Runtime.getHeapUsage) every 250 ms
// and reports its start, peak and end, with the export's time against
// reading the same rows through the worker in 10,000-row listUsers windows.
// Env: CHROMIUM_PATH, BROWSER_TEST_PORT (default 4180).
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { runnerImport } from 'vite'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/browser/harness.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js')
const args = process.argv.slice(2)
const arg = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : fallback }
const ROWS = arg('rows', 1_000_000)
const port = Number(process.env.BROWSER_TEST_PORT || 4180)
const outDir = join(root, 'test-results', 'bench-export-dist')
const log = (s) => process.stderr.write(`[bench:export ${new Date().toISOString().slice(11, 19)}] ${s}\n`)
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`

if (!args.includes('--no-build')) {
  log('building the app')
  execFileSync(process.execPath, [viteBin, 'build', '--mode', 'browser-test', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
}
const { module: data } = await runnerImport('/bench/data.ts', { root, configFile: false, logLevel: 'error' })
const csvPath = await data.profileCsv(join(root, '.bench'), ROWS)
const header = data.CSV_HEADER.split(',')

const preview = spawn(process.execPath, [viteBin, 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: root, stdio: 'ignore', detached: true })
const profile = mkdtempSync(join(tmpdir(), 'cohortlite-bench-export-'))
const stop = () => { try { process.kill(-preview.pid, 'SIGKILL') } catch { /* gone */ } rmSync(profile, { recursive: true, force: true }) }
process.on('exit', stop)
await new Promise((r) => setTimeout(r, 3000))

const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } })
const page = await context.newPage()
page.setDefaultTimeout(30 * 60_000)
await page.goto(`http://127.0.0.1:${port}/`)
await page.waitForFunction(() => globalThis.__cohortlite, null, { timeout: 120_000 })
await page.getByRole('status', { name: 'Database status' }).filter({ hasText: /^\s*Ready/ }).waitFor({ timeout: 300_000 })

log(`importing ${ROWS.toLocaleString('en-US')} profiles`)
await page.evaluate(() => { const input = document.createElement('input'); input.type = 'file'; input.id = 'bench-file'; document.body.append(input) })
await page.setInputFiles('#bench-file', csvPath)
const columns = header.map((c, index) => ({ index, property: index === 1 ? '$email' : index === 2 ? '$name' : c })).slice(1)
await page.evaluate(async (columns) => {
  const file = document.querySelector('#bench-file').files[0]
  await globalThis.__cohortlite.api().importProfilesCsv(file, { kind: 'user', header: true, identifier: 0, columns })
}, columns)
const properties = columns.map((c) => c.property)
// The Users page showing every property column, as a user would set it up before exporting.
await page.goto(`http://127.0.0.1:${port}/?cols=${encodeURIComponent(JSON.stringify(properties.filter((p) => p !== '$name')))}`)
await page.getByLabel('Total users').filter({ hasText: /\d/ }).waitFor({ timeout: 300_000 })

log('reading the rows through the worker (floor)')
const floor = await page.evaluate(async (rows) => {
  const api = globalThis.__cohortlite.api()
  const t = performance.now()
  for (let offset = 0; offset < rows; offset += 10_000) await api.listUsers({ scope: 'profiles', offset, limit: 10_000 })
  return performance.now() - t
}, ROWS)

const cdp = await context.newCDPSession(page)
await cdp.send('HeapProfiler.collectGarbage')
const heap = async () => (await cdp.send('Runtime.getHeapUsage')).usedSize
await page.evaluate(() => {
  globalThis.__written = 0
  globalThis.showSaveFilePicker = async () => ({
    createWritable: async () => ({ write: async (d) => { globalThis.__written += d.length }, close: async () => {}, abort: async () => {} }),
  })
})
const start = await heap()
let peak = start
const samples = []
const sampler = setInterval(async () => { const h = await heap().catch(() => 0); samples.push(h); peak = Math.max(peak, h) }, 250)
log('exporting')
const t0 = Date.now()
await page.getByRole('button', { name: 'Export', exact: true }).click()
const dialog = page.getByRole('dialog', { name: 'Export users' })
await dialog.getByRole('button', { name: 'Export', exact: true }).click()
await dialog.getByRole('status').filter({ hasText: /^Exported/ }).waitFor({ timeout: 60 * 60_000 })
const took = Date.now() - t0
clearInterval(sampler)
const written = await page.evaluate(() => globalThis.__written)
const end = await heap()
const lines = [
  `Cohortlite export in Chromium, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  '', '| figure | value | floor | ratio |', '|---|---|---|---|',
  `| read ${ROWS.toLocaleString('en-US')} profiles through the worker (listUsers, 10,000 a window) | ${secs(floor)} | | |`,
  `| Export dialog, CSV, ${ROWS.toLocaleString('en-US')} profiles × 10 columns (${mb(written)}) into the save picker | ${secs(took)} | ${secs(floor)} | ${(took / floor).toFixed(2)} |`,
  `| page JS heap: before → peak → after (${samples.length} samples) | ${mb(start)} → ${mb(peak)} → ${mb(end)} | | ${(peak / start).toFixed(2)} |`,
]
console.log(lines.join('\n'))
await context.close()
stop()
process.exit(0)
