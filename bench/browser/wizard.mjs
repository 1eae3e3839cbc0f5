#!/usr/bin/env node
// The profiles CSV wizard at scale, as a user drives it (issue 6): the built
// app (vite preview), headless Chromium, OPFS, a fresh profile; the
// benchmark's CSV (bench/data.ts, 1,000,000 rows by default) chosen through
// the wizard's file input, its suggested mapping accepted, Import clicked.
// Measures
//   - wall time from the Import click to the summary on screen,
//   - the page's longest main-thread block meanwhile (PerformanceObserver 'longtask'),
//   - peak memory: the tab's renderer process (page + its DB worker) as VmRSS
//     sampled from /proc every 250 ms, the whole browser's, and the page's JS
//     heap (CDP Performance.getMetrics).
//
//   node bench/browser/wizard.mjs [--rows N] [--no-build]
//
// Env: CHROMIUM_PATH, BROWSER_TEST_PORT (default 4301), BROWSER_TEST_OUT (build
// dir, default /tmp/a1-dist), BENCH_BROWSER_DATA (CSV dir, default
// $TMPDIR/cohortlite-bench-browser, shared with bench/browser/run.mjs).
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { runnerImport } from 'vite'
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumMissing } from '../../test/browser/harness.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js')
const args = process.argv.slice(2)
const arg = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : fallback }
const ROWS = arg('rows', 1_000_000)
const port = Number(process.env.BROWSER_TEST_PORT || 4301)
const outDir = resolve(process.env.BROWSER_TEST_OUT || '/tmp/a1-dist')
const dataDir = resolve(process.env.BENCH_BROWSER_DATA || join(tmpdir(), 'cohortlite-bench-browser'))
const url = `http://127.0.0.1:${port}`
const log = (s) => process.stderr.write(`[wizard ${new Date().toISOString().slice(11, 19)}] ${s}\n`)
const mb = (bytes) => `${Math.round(bytes / 1e6)} MB`

const children = new Set()
function killChildren() {
  for (const c of children) { try { process.kill(-c.pid, 'SIGKILL') } catch { /* gone */ } }
  children.clear()
}
process.on('exit', killChildren)
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { killChildren(); process.exit(130) })

function node(argv, { wait = true } = {}) {
  const child = spawn(process.execPath, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  children.add(child)
  const lines = []
  child.stdout.on('data', (c) => lines.push(c.toString()))
  child.stderr.on('data', (c) => lines.push(c.toString()))
  if (!wait) return child
  return new Promise((done) => child.on('close', (code) => { children.delete(child); done({ code, out: lines.join('') }) }))
}

/** VmRSS in bytes of every process under `rootPid`, by process type (browser, renderer, gpu…). */
function processTree(rootPid) {
  const byParent = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (!byParent.has(ppid)) byParent.set(ppid, [])
      byParent.get(ppid).push(Number(name))
    } catch { /* gone */ }
  }
  const out = []
  const walk = (pid) => {
    try {
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? (pid === rootPid ? 'browser' : 'other')
      const extension = /--extension-process/.test(cmd)
      out.push({ pid, rss, type: extension ? 'extension' : type })
    } catch { /* gone */ }
    for (const c of byParent.get(pid) ?? []) walk(c)
  }
  walk(rootPid)
  return out
}

function browserPid(profile) {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8')
      if (cmd.includes(profile) && !/--type=/.test(cmd)) return Number(name)
    } catch { /* gone */ }
  }
  return null
}

async function main() {
  const missing = await chromiumMissing()
  if (missing) throw new Error(missing)
  if (!args.includes('--no-build')) {
    log(`building the app into ${outDir}…`)
    const { code, out } = await node([viteBin, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'])
    if (code !== 0) throw new Error(`vite build failed:\n${out}`)
  }
  mkdirSync(dataDir, { recursive: true })
  const { module: data } = await runnerImport(join(root, 'bench', 'data.ts'), { configFile: false, logLevel: 'silent' })
  log(`the benchmark CSV (${ROWS.toLocaleString('en-US')} rows)…`)
  const csv = await data.profileCsv(dataDir, ROWS)
  const csvBytes = statSync(csv).size
  log(`${csv}: ${mb(csvBytes)}`)

  const server = node([viteBin, 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { wait: false })
  for (let i = 0; ; i++) {
    try { if ((await fetch(url)).ok) break } catch { /* not yet */ }
    if (i > 100) throw new Error('vite preview did not answer')
    await new Promise((r) => setTimeout(r, 200))
  }

  const profile = mkdtempSync(join(tmpdir(), 'cohortlite-wizard-bench-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC',
  })
  try {
    await context.addInitScript(() => {
      window.__longtasks = []
      try {
        new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, ms: e.duration }) })
          .observe({ type: 'longtask', buffered: true })
      } catch { /* no longtask support */ }
    })
    const page = context.pages()[0] ?? await context.newPage()
    page.on('dialog', (d) => void d.accept())
    page.on('console', (m) => { if (/Cohortlite: imported/.test(m.text())) log(m.text()) })
    await page.goto(`${url}/import`)
    await page.getByRole('status', { name: 'Database status' }).filter({ hasText: 'Ready' }).waitFor({ timeout: 120_000 })
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')

    await page.getByLabel('Choose a CSV file', { exact: true }).setInputFiles(csv)
    await page.getByRole('table', { name: 'Preview of the first rows' }).waitFor({ timeout: 60_000 })
    const facts = (await page.getByLabel('Chosen file').textContent())?.trim()
    const mapping = await page.locator('.preview-grid thead th').evaluateAll((ths) => ths.map((th) => {
      const box = th.querySelector('input[type=text]')
      return th.classList.contains('identifier') ? '(identifier)' : box && !box.disabled ? box.value : '(skipped)'
    }))
    log(`sniffed: ${facts}; mapping: ${mapping.join(', ')}`)

    const pid = browserPid(profile)
    const rendererNow = () => (pid ? Math.max(0, ...processTree(pid).filter((p) => p.type === 'renderer').map((p) => p.rss)) : 0)
    const rendererBefore = rendererNow()
    const peak = { renderer: 0, browser: 0, heap: 0 }
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        if (pid) {
          const tree = processTree(pid)
          peak.browser = Math.max(peak.browser, tree.reduce((s, p) => s + p.rss, 0))
          peak.renderer = Math.max(peak.renderer, ...tree.filter((p) => p.type === 'renderer').map((p) => p.rss))
        }
        try {
          const { metrics } = await cdp.send('Performance.getMetrics')
          peak.heap = Math.max(peak.heap, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0)
        } catch { /* busy */ }
        await new Promise((r) => setTimeout(r, 250))
      }
    })()

    const before = await page.evaluate(() => performance.now())
    const started = Date.now()
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    log('importing…')
    const ticker = setInterval(async () => {
      const text = await page.locator('.import-progress-figures').textContent({ timeout: 1000 }).catch(() => '')
      if (text) log(text.replace(/\s+/g, ' ').replace('Cancel', '').trim())
    }, 15_000)
    await page.getByRole('heading', { name: /^Imported / }).waitFor({ timeout: 60 * 60_000 })
    const wallMs = Date.now() - started
    clearInterval(ticker)
    sampling = false
    await sampler
    const counts = await page.locator('.summary-counts div').evaluateAll((ds) => ds.map((d) => d.textContent.replace(/\s+/g, ' ').trim()))
    const tasks = await page.evaluate((t0) => window.__longtasks.filter((e) => e.start >= t0), before)
    const longest = tasks.reduce((m, e) => Math.max(m, e.ms), 0)
    // The observer works here: a 120 ms busy loop must show up as a long task.
    const probe = await page.evaluate(async () => {
      const n = window.__longtasks.length
      // In a task of the page's own (code run by CDP's evaluate is not a task the observer sees).
      setTimeout(() => { const t = performance.now(); while (performance.now() - t < 120) { /* block the main thread */ } }, 0)
      await new Promise((r) => setTimeout(r, 500))
      return window.__longtasks.slice(n).reduce((m, e) => Math.max(m, e.ms), 0)
    })
    if (probe < 100) throw new Error(`the longtask observer missed a 120 ms block (saw ${probe} ms): the figure would mean nothing`)

    const rows = [
      ['rows', ROWS.toLocaleString('en-US'), `${mb(csvBytes)} CSV`],
      ['wall time, Import click → summary', `${(wallMs / 1000).toFixed(1)} s`, `${Math.round(ROWS / (wallMs / 1000)).toLocaleString('en-US')} rows/s`],
      ['longest main-thread block during the import', `${Math.round(longest)} ms`, `${tasks.length} long tasks (> 50 ms); observer checked: a 120 ms block read ${Math.round(probe)} ms`],
      ['peak tab memory (renderer VmRSS: page + DB worker)', mb(peak.renderer), `${mb(rendererBefore)} with the file chosen, before Import`],
      ['peak browser memory (all Chromium processes)', mb(peak.browser), ''],
      ['peak page JS heap (CDP JSHeapUsedSize)', mb(peak.heap), ''],
      ['summary', counts.join(' · '), ''],
    ]
    console.log(`\nProfiles CSV wizard, ${new Date().toISOString().slice(0, 10)}, headless Chromium, OPFS\n`)
    console.log('| figure | value | note |\n|---|---|---|')
    for (const r of rows) console.log(`| ${r.join(' | ')} |`)
    console.log(`\nmapping accepted as suggested: ${mapping.join(', ')}`)
  } finally {
    await context.close().catch(() => {})
    rmSync(profile, { recursive: true, force: true })
    killChildren()
  }
}

main().catch((e) => { console.error(e); killChildren(); process.exit(1) })
