// A tiny browser-test harness: test registration, Chromium launch with the
// flags this closed network needs, request/console recording, and waits.
// Run by test/browser/run.mjs; test files are test/browser/*.test.mjs.
import { access, constants, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
]

export async function chromiumMissing() {
  try {
    await access(CHROMIUM_PATH, constants.X_OK)
    return null
  } catch {
    return `Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH`
  }
}

// ---------------------------------------------------------------- registry

/** @typedef {{ name: string, fn: (t: TestContext) => Promise<void>, timeout: number, needs: string[] }} TestCase */
/** @type {TestCase[]} */
export const tests = []
/** @type {Array<() => Promise<void>>} */
export const runCleanups = []

/**
 * Registers a test. Tests run one at a time, in registration order.
 * `needs`: names of earlier tests whose state this one builds on; if one of
 * them did not pass, this test is skipped (and says why) instead of failing
 * for someone else's reason.
 */
export function test(name, fn, { timeout = 90_000, needs = [] } = {}) {
  tests.push({ name, fn, timeout, needs })
}

/** Runs after the whole suite (e.g. closing a browser shared by several tests). */
export function afterAll(fn) {
  runCleanups.push(fn)
}

/**
 * `file(name, content)` writes a file for the page to read (an upload, a
 * drop) into a temp dir of the test file's own, removed after the run.
 */
export function tempFiles(prefix) {
  let dir = ''
  afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }) })
  return async function file(name, content) {
    dir ||= await mkdtemp(join(tmpdir(), `cohortlite-${prefix}-`))
    const path = join(dir, name)
    await writeFile(path, content)
    return path
  }
}

/** The app's URL; set by the runner once `vite preview` answers. */
export const server = {
  url: '',
  /** The served build's directory (built with --mode browser-test). */
  outDir: '',
  /** Stops `vite preview` (offline test); `start()` brings it back on the same port. */
  stop: async () => {},
  start: async () => {},
}

// ---------------------------------------------------------------- test context

export class TestContext {
  constructor(name) {
    this.name = name
    /** @type {Array<() => Promise<void> | void>} */
    this.cleanups = []
    /** @type {Set<import('playwright-core').Page>} */
    this.pages = new Set()
    this.notes = []
  }
  /** Runs after this test, pass or fail (latest first). */
  defer(fn) { this.cleanups.push(fn) }
  /** A line printed under the test's result. */
  note(line) { this.notes.push(line) }
}

// ---------------------------------------------------------------- recording

/** Every request any page, worker or service worker made during the run. */
export const requests = []
let currentTest = ''
export function setCurrentTest(name) { currentTest = name }

/** Console errors and uncaught exceptions of one context, from the moment it is watched. */
function watchContext(context) {
  const errors = []
  context.on('request', (r) => requests.push({ url: r.url(), test: currentTest }))
  context.on('console', (m) => {
    if (m.type() === 'error') {
      const where = m.location()?.url ? ` (${m.location().url}:${m.location().lineNumber})` : ''
      errors.push(`console.error: ${m.text()}${where}`)
    }
  })
  context.on('weberror', (e) => errors.push(`uncaught: ${e.error()?.stack || e.error()}`))
  context.on('page', (page) => page.on('crash', () => errors.push(`page crashed: ${page.url()}`)))
  return errors
}

/** A URL that stays on this machine. */
export function isLocal(url) {
  if (/^(data|blob|about|chrome|chrome-extension|devtools):/.test(url)) return true
  try {
    const host = new URL(url).hostname
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1'
  } catch {
    return false
  }
}

// ---------------------------------------------------------------- browsers

/** A fresh, empty Chromium profile directory, removed after the run. */
export async function profileDir(label = 'profile') {
  const dir = await mkdtemp(join(tmpdir(), `cohortlite-${label}-`))
  runCleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/**
 * Chromium with its own user-data-dir: storage (OPFS, IndexedDB, the service
 * worker and its caches) belongs to this profile only, and survives closing
 * and relaunching with the same dir. Closed after the test unless `keep`.
 */
export async function launch(t, { dir, keep = false } = {}) {
  dir ??= await profileDir()
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
  })
  const errors = watchContext(context)
  const session = { context, dir, errors, close: () => closeContext(context) }
  if (!keep) t.defer(session.close)
  return session
}

async function closeContext(context) {
  // Close pages first, as a user closing the window would: the app gets its
  // pagehide/unload and can close its database.
  for (const page of context.pages()) await page.close().catch(() => {})
  await context.close().catch(() => {})
}

/** A new page in `session`, tracked so a failing test gets a screenshot. */
export async function openApp(t, session, path = '/') {
  const page = session.context.pages().find((p) => p.url() === 'about:blank') ?? (await session.context.newPage())
  t.pages.add(page)
  await page.goto(server.url + path, { waitUntil: 'load' })
  return page
}

// ---------------------------------------------------------------- app vocabulary

export const ui = {
  status: (page) => page.getByRole('status', { name: 'Database status', exact: true }),
  total: (page) => page.getByLabel('Total users', { exact: true }),
  grid: (page) => page.getByRole('grid', { name: 'Users', exact: true }),
  search: (page) => page.getByRole('searchbox', { name: 'Search users', exact: true }),
  scope: (page) => page.getByRole('radiogroup', { name: 'Scope', exact: true }),
  radio: (page, name) => ui.scope(page).getByRole('radio', { name, exact: true }),
  nav: (page) => page.getByRole('navigation', { name: 'Main', exact: true }),
  loadSample: (page) => page.getByRole('button', { name: 'Load sample data', exact: true }),
  progress: (page) => page.getByRole('progressbar', { name: 'Loading sample data', exact: true }),
}

/** "1,234" / "1 234" / "1234 users" → 1234 */
export function parseCount(text) {
  const m = /\d[\d,.\u00a0\u202f ]*/.exec(text ?? '')
  if (!m) return null
  return Number(m[0].replace(/[^\d]/g, ''))
}

/** The status line parsed: "Ready · N profiles · N users · N events · … stored". */
export function parseStatus(text) {
  const n = (word) => {
    const m = new RegExp(`([\\d][\\d,.\\u00a0\\u202f ]*)\\s*${word}`).exec(text)
    return m ? Number(m[1].replace(/[^\d]/g, '')) : null
  }
  return { ready: /^\s*Ready\b/.test(text), profiles: n('profiles'), users: n('users'), events: n('events'), text }
}

/** Waits for the status line to say Ready and returns it parsed. */
export async function waitReady(page, { timeout = 120_000, minProfiles = 0 } = {}) {
  let last = ''
  return waitFor(async () => {
    last = (await ui.status(page).textContent({ timeout: 1000 }).catch(() => '')) ?? ''
    const s = parseStatus(last.trim())
    return s.ready && (s.profiles ?? 0) >= minProfiles ? s : null
  }, { timeout, message: () => `the status line ("Database status") to say Ready${minProfiles ? ` with ≥ ${minProfiles} profiles` : ''}; last seen: ${JSON.stringify(last.trim())}` })
}

/** The number in the "Total users" element. */
export async function readTotal(page) {
  return parseCount(await ui.total(page).textContent({ timeout: 5000 }))
}

/**
 * The rows of the Users grid now in the DOM: aria-rowindex and cell texts.
 * With `inView`, only those inside the grid's viewport (the DOM also holds a
 * few rows above and below, built ahead of a scroll).
 */
export async function visibleRows(page, { inView = false } = {}) {
  return ui.grid(page).locator('[role=row][aria-rowindex]').evaluateAll((rows, inView) => rows
    .filter((r) => r.querySelector('[role=gridcell]'))
    .filter((r) => {
      if (!inView) return true
      const grid = r.closest('[role=grid]').getBoundingClientRect()
      const head = r.closest('[role=grid]').querySelector('[role=columnheader]').getBoundingClientRect()
      const box = r.getBoundingClientRect()
      return box.bottom > head.bottom && box.top < grid.bottom
    })
    .map((r) => ({
      index: Number(r.getAttribute('aria-rowindex')),
      // What a screen reader reads: aria-hidden decorations (avatars) left out.
      cells: [...r.querySelectorAll('[role=gridcell]')].map((c) => {
        const copy = c.cloneNode(true)
        for (const hidden of copy.querySelectorAll('[aria-hidden=true]')) hidden.remove()
        return (copy.textContent ?? '').trim()
      }),
    })), inView)
}

// ---------------------------------------------------------------- accessibility

let axeSource = null

/**
 * axe-core (the accessibility checker) on what the page shows: the whole
 * document, or only `include` (a CSS selector, e.g. '[role=dialog]': a modal
 * dialog hides the page behind it from screen readers). Fails on any serious
 * or critical violation; returns every violation found (the minor and
 * moderate ones too, for a note). `what` names the screen in the message.
 */
export async function checkAccessibility(page, what, { include, exclude } = {}) {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy does not apply to it.
  if (!(await page.evaluate(() => typeof globalThis.axe === 'object'))) await page.evaluate(axeSource)
  const violations = await page.evaluate(async ([include, exclude]) => {
    const context = include || exclude ? { include: include ? [include] : [document], exclude: exclude ? [exclude] : [] } : document
    const result = await globalThis.axe.run(context, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240)}`),
    }))
  }, [include ?? null, exclude ?? null])
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  if (bad.length) {
    throw new Error(`${what}: ${bad.length} serious or critical accessibility violation(s):\n` +
      bad.map((v) => `  [${v.impact}] ${v.id} (${v.count}×): ${v.help}\n${v.nodes.map((n) => `      ${n}`).join('\n')}`).join('\n'))
  }
  return violations
}

// ---------------------------------------------------------------- the engine's own answers

/**
 * Calls the engine in the page (`engine(page, 'countUsers', query)`), to
 * compare what the page shows with. Test builds only (`vite build --mode
 * browser-test`, src/app/testHooks.ts); the production bundle has no such hook.
 */
export async function engine(page, method, ...args) {
  return (await engineTimed(page, method, ...args)).value
}

/** The same, with the call's time measured in the page: `{ value, ms }`. */
export async function engineTimed(page, method, ...args) {
  return page.evaluate(async ([m, a]) => {
    // The hook's module loads right after the app's (a dynamic import).
    for (let i = 0; !globalThis.__cohortlite && i < 100; i++) await new Promise((r) => setTimeout(r, 50))
    if (!globalThis.__cohortlite) throw new Error('no test hook: build the app with --mode browser-test')
    const t = performance.now()
    const value = await globalThis.__cohortlite.api()[m](...a)
    return { value, ms: performance.now() - t }
  }, [method, args])
}

// ---------------------------------------------------------------- waiting and asserting

export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)) }

/** Polls `fn` until it returns a truthy value (returned) or the timeout ends. */
export async function waitFor(fn, { timeout = 30_000, interval = 250, message = 'condition' } = {}) {
  const end = Date.now() + timeout
  let lastError
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
    } catch (e) { lastError = e }
    if (Date.now() > end) {
      const what = typeof message === 'function' ? await message() : message
      throw new Error(`Timed out after ${timeout / 1000} s waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`)
    }
    await sleep(interval)
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message)
}

export function assertEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}

export async function screenshotDir() {
  const dir = join(process.cwd(), 'test-results', 'browser')
  await mkdir(dir, { recursive: true })
  return dir
}
