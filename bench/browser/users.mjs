// The Users page on the benchmark's database, measured in Chromium as a user
// drives it (roles and accessible names, real keystrokes, real scrolling):
//   (a) last keystroke → the total shows the new count, for three filters;
//   (b) a jump to the middle of the table → every visible row filled;
//   (c) a scroll down from the top, a fast scroll and a scrollbar drag →
//       frames longer than 1.5 × 16.7 ms, and frames showing skeleton rows.
// Every time is taken in the page (performance.now(), a MutationObserver on the
// total, a requestAnimationFrame loop), never across the CDP round trip.
import { engineTimed, readTotal, ui, waitFor, waitReady } from '../../test/browser/harness.mjs'

const FRAME = 1000 / 60
const DROPPED = 1.5 * FRAME

const filters = (p) => p.getByRole('group', { name: 'Filters', exact: true })
const condition = (p, i) => filters(p).getByRole('group', { name: `Condition ${i}`, exact: true })
const addButton = (p, what) => filters(p).getByRole('group', { name: 'Add to Filters', exact: true })
  .getByRole('button', { name: `+ ${what}`, exact: true })

const urlFilter = (p) => {
  const f = new URL(p.url()).searchParams.get('filter')
  return f ? JSON.parse(f) : null
}

/**
 * Waits until the worker has nothing queued: a cheap call (the cohort list)
 * answers quickly three times in a row. A count or a window in progress makes
 * it wait behind, since the engine runs one query at a time.
 */
async function settle(p, { timeout = 600_000 } = {}) {
  let quick = 0
  const end = Date.now() + timeout
  while (quick < 3) {
    if (Date.now() > end) throw new Error('the worker did not go idle')
    const { ms } = await engineTimed(p, 'listCohorts')
    quick = ms < 100 ? quick + 1 : 0
    await p.waitForTimeout(300)
  }
}

/** Starts recording keydowns and changes of the total's text, in the page. */
async function arm(p) {
  await p.evaluate(() => {
    const m = { keys: [], changes: [], longTasks: [] }
    globalThis.__benchMeasure?.stop()
    const onKey = () => m.keys.push(performance.now())
    document.addEventListener('keydown', onKey, true)
    const total = document.querySelector('[aria-label="Total users"]')
    const observer = new MutationObserver(() => m.changes.push({ t: performance.now(), text: total.textContent }))
    observer.observe(total, { childList: true, characterData: true, subtree: true })
    // Main-thread work over 50 ms: tells the page's own share of the wait from the worker's.
    const tasks = new PerformanceObserver((list) => { for (const e of list.getEntries()) m.longTasks.push({ t: e.startTime, ms: e.duration }) })
    tasks.observe({ type: 'longtask' })
    m.stop = () => { document.removeEventListener('keydown', onKey, true); observer.disconnect(); tasks.disconnect() }
    globalThis.__benchMeasure = m
  })
}

/** After the page has settled on its count: last keydown → the first time the total read its final text. */
async function keystrokeToCount(p) {
  return p.evaluate(() => {
    const m = globalThis.__benchMeasure
    m.stop()
    const final = document.querySelector('[aria-label="Total users"]').textContent
    const last = Math.max(...m.keys)
    const shown = m.changes.find((c) => c.t >= last && c.text === final)
    const blocked = shown ? m.longTasks.filter((x) => x.t >= last && x.t < shown.t).reduce((a, x) => a + x.ms, 0) : null
    return { final, ms: shown ? shown.t - last : null, keys: m.keys.length, changes: m.changes.length, blocked }
  })
}

/** The total settles and is the engine's own answer for the filter in the URL. */
async function checkedAgainstEngine(p, until) {
  await waitFor(async () => until(urlFilter(p)), { timeout: 60_000, message: 'the filter to reach the URL' })
  await waitFor(async () => (await p.locator('.total-line .spinner').count()) === 0, { timeout: 600_000, message: 'the count to finish' })
  await settle(p)
  const shown = await readTotal(p)
  const filter = urlFilter(p)
  // "and (an empty group)": the same count and work, but not the count the page has just made (kept until a write)
  const { value: engine, ms: engineMs } = await engineTimed(p, 'countUsers', { scope: 'profiles', filter: { op: 'and', filters: [filter, { op: 'and', filters: [] }] } })
  if (shown !== engine) throw new Error(`the page shows ${shown} for ${JSON.stringify(filter)}, the engine counts ${engine}`)
  return { users: shown, engineMs }
}

async function clearFilters(p) {
  const clear = p.getByRole('button', { name: 'Clear filters', exact: true })
  if (await clear.count()) {
    await clear.click()
    await waitFor(async () => urlFilter(p) === null || urlFilter(p).filters.length === 0, { timeout: 60_000, message: 'no filter in the URL' })
  }
  await settle(p)
}

async function typeSlowly(locator, text) {
  await locator.pressSequentially(text, { delay: 60 })
}

/** The three filters of (a): each built up to its last edit, the worker left idle, then the last edit typed and timed. */
async function filterLatencies(p, log) {
  const out = []

  // 1. A property equality typed into the value box.
  await clearFilters(p)
  await addButton(p, 'Property').click()
  let c = condition(p, 1)
  await c.getByRole('combobox', { name: 'Property' }).fill('plan')
  await c.getByRole('combobox', { name: 'Property' }).press('Tab')
  const value = c.getByRole('combobox', { name: 'Value' })
  await value.click() // focus reads the property's top values
  await settle(p)
  await arm(p)
  await typeSlowly(value, 'pro')
  await value.press('Enter')
  let checked = await checkedAgainstEngine(p, (f) => f?.filters[0]?.values?.[0] === 'pro')
  out.push({ name: 'plan is "pro" (typed into the value box, Enter)', ...checked, ...(await keystrokeToCount(p)) })
  log(`filter 1: ${JSON.stringify(out.at(-1))}`)

  // 2. A numeric range.
  await clearFilters(p)
  await addButton(p, 'Property').click()
  c = condition(p, 1)
  await c.getByRole('combobox', { name: 'Property' }).fill('age')
  await c.getByRole('combobox', { name: 'Property' }).press('Tab')
  await c.getByRole('combobox', { name: 'Type' }).selectOption('number')
  await c.getByRole('combobox', { name: 'Operator' }).selectOption({ label: 'between' })
  await settle(p)
  await arm(p)
  await typeSlowly(c.getByRole('spinbutton', { name: 'From' }), '25')
  await typeSlowly(c.getByRole('spinbutton', { name: 'To' }), '35')
  checked = await checkedAgainstEngine(p, (f) => f?.filters[0]?.values?.[1] === 35)
  out.push({ name: 'age between 25 and 35 (typed into From and To)', ...checked, ...(await keystrokeToCount(p)) })
  log(`filter 2: ${JSON.stringify(out.at(-1))}`)

  // 3. A behaviour: did purchase at least once, ever.
  await clearFilters(p)
  await addButton(p, 'Behavior').click()
  c = condition(p, 1)
  await c.getByRole('combobox', { name: 'Window', exact: true }).selectOption('ever')
  await settle(p)
  const event = c.getByRole('combobox', { name: 'Event' })
  await event.fill('')
  await arm(p)
  await typeSlowly(event, 'purchase')
  await event.press('Tab')
  checked = await checkedAgainstEngine(p, (f) => f?.filters[0]?.event === 'purchase')
  out.push({ name: 'did purchase at least once, ever (event typed, Tab)', ...checked, ...(await keystrokeToCount(p)) })
  log(`filter 3: ${JSON.stringify(out.at(-1))}`)

  await clearFilters(p)
  return out
}

/** In the page: sets the grid's scroll so row `index` is at the top; then the time until every visible row is filled. */
async function jumpTo(p, index) {
  return p.evaluate(async (index) => {
    const grid = document.querySelector('[role=grid][aria-label="Users"]')
    const total = Number(grid.getAttribute('aria-rowcount')) - 1
    const HEADER = 40, ROW = 40
    const ch = grid.clientHeight
    const scale = (HEADER + total * ROW - ch) / (grid.scrollHeight - ch)
    const busyVisible = () => {
      const box = grid.getBoundingClientRect()
      let visible = 0, busy = 0
      for (const r of grid.querySelectorAll('[role=rowgroup].grid-body [role=row]')) {
        const b = r.getBoundingClientRect()
        if (b.bottom <= box.top + HEADER || b.top >= box.bottom) continue
        visible++
        if (r.getAttribute('aria-busy') === 'true') busy++
      }
      return { visible, busy }
    }
    const start = performance.now()
    grid.scrollTop = (index * ROW) / scale
    let frames = 0
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r))
      frames++
      const s = busyVisible()
      if (s.visible > 0 && s.busy === 0) {
        const first = Math.min(...[...grid.querySelectorAll('[role=rowgroup].grid-body [role=row]')].map((r) => Number(r.getAttribute('aria-rowindex'))))
        return { ms: performance.now() - start, frames, firstRow: first - 2 }
      }
      if (performance.now() - start > 600_000) return { ms: null, frames, firstRow: null }
    }
  }, index)
}

/**
 * In the page: a rAF loop for `seconds` that moves the grid at `rowsPerSecond`
 * (0: an idle baseline). The position follows the clock, not the frame count,
 * so slow frames do not slow the scroll down.
 */
async function scrollRun(p, rowsPerSecond, seconds) {
  return p.evaluate(async ({ rowsPerSecond, seconds, DROPPED }) => {
    const grid = document.querySelector('[role=grid][aria-label="Users"]')
    const total = Number(grid.getAttribute('aria-rowcount')) - 1
    const HEADER = 40, ROW = 40
    const ch = grid.clientHeight
    const scale = (HEADER + total * ROW - ch) / (grid.scrollHeight - ch)
    const blankVisible = () => {
      const box = grid.getBoundingClientRect()
      for (const r of grid.querySelectorAll('[role=rowgroup].grid-body [role=row]')) {
        const b = r.getBoundingClientRect()
        if (b.bottom <= box.top + HEADER || b.top >= box.bottom) continue
        if (r.getAttribute('aria-busy') === 'true') return true
      }
      return false
    }
    let frames = 0, dropped = 0, blank = 0, streak = 0, longestBlank = 0, worstGap = 0
    let prev = await new Promise((r) => requestAnimationFrame(r))
    const start = prev
    const from = grid.scrollTop
    for (;;) {
      if (rowsPerSecond) grid.scrollTop = from + (((prev - start) / 1000) * rowsPerSecond * ROW) / scale
      const t = await new Promise((r) => requestAnimationFrame(r))
      frames++
      const gap = t - prev
      prev = t
      worstGap = Math.max(worstGap, gap)
      if (gap > DROPPED) dropped++
      if (blankVisible()) { blank++; streak++; longestBlank = Math.max(longestBlank, streak) } else streak = 0
      if (t - start >= seconds * 1000) break
    }
    return { frames, dropped, blank, longestBlank, worstGap, rows: Math.round(((grid.scrollTop - from) * scale) / ROW), seconds }
  }, { rowsPerSecond, seconds, DROPPED })
}

export async function measureUsersPage({ context, url, rows, log }) {
  const table = []
  const row = (figure, value, extra = {}) => table.push({ figure, value, ...extra })
  const p = await context.newPage()
  const start = Date.now()
  await p.goto(`${url}/`)
  await waitReady(p, { timeout: 600_000, minProfiles: 1 })
  row('open the app on the database: navigation → status "Ready"', `${((Date.now() - start) / 1000).toFixed(2)} s`)
  await waitFor(async () => (await readTotal(p)) === rows, { timeout: 600_000, message: `"Total users" to say ${rows}` })
  row('… → the total shows', `${((Date.now() - start) / 1000).toFixed(2)} s`)
  await settle(p)
  log(`Users page ready after ${((Date.now() - start) / 1000).toFixed(1)} s`)

  for (const f of await filterLatencies(p, log)) {
    row(`last keystroke → count: ${f.name} → ${f.users.toLocaleString('en-US')}`, f.ms === null ? 'not seen' : `${(f.ms / 1000).toFixed(2)} s (main thread in long tasks ${((f.blocked ?? 0) / 1000).toFixed(2)} s)`,
      { floor: `${(f.engineMs / 1000).toFixed(2)} s (countUsers alone)`, ratio: f.ms === null ? '' : (f.ms / f.engineMs).toFixed(2) })
  }

  await ui.grid(p).waitFor()
  await settle(p)
  // Down from the top, as someone reading the list would (3,000 rows): past
  // the first screens every window reads on from where the last one ended.
  await jumpTo(p, 0)
  await settle(p)
  const down = await scrollRun(p, 300, 10)
  log(`scroll down from the top: ${JSON.stringify(down)}`)
  row('scroll down from the top, 300 rows/s: dropped frames (gap > 25 ms)', `${down.dropped} of ${down.frames} (${((100 * down.dropped) / down.frames).toFixed(0)} %), worst gap ${down.worstGap.toFixed(0)} ms, rows 0 → ${down.rows.toLocaleString('en-US')} in ${down.seconds} s`)
  row('scroll down from the top, 300 rows/s: frames showing skeleton rows', `${down.blank} of ${down.frames} (${((100 * down.blank) / down.frames).toFixed(0)} %), longest run ${down.longestBlank} frames`)
  await settle(p)
  const middle = Math.floor(rows / 2)
  for (const [what, index] of [[`to row ${middle.toLocaleString('en-US')} (the middle)`, middle],
    [`to row ${Math.floor(rows / 4).toLocaleString('en-US')}`, Math.floor(rows / 4)],
    ['to the end', rows - 1]]) {
    const j = await jumpTo(p, index)
    log(`jump ${what}: ${JSON.stringify(j)}`)
    row(`jump ${what} → every visible row filled`, j.ms === null ? 'never' : `${j.ms.toFixed(0)} ms (${j.frames} frames)`)
    await settle(p)
  }

  await jumpTo(p, Math.floor(rows / 10))
  await settle(p)
  for (const [what, perSecond] of [['idle (no scrolling), baseline', 0], ['fast scroll, 300 rows/s', 300], ['scrollbar drag, 3,000 rows/s', 3000]]) {
    const s = await scrollRun(p, perSecond, 4)
    log(`${what}: ${JSON.stringify(s)}`)
    const pct = (x) => `${((100 * x) / s.frames).toFixed(0)} %`
    row(`${what}: dropped frames (gap > 25 ms)`, `${s.dropped} of ${s.frames} (${pct(s.dropped)}), worst gap ${s.worstGap.toFixed(0)} ms${perSecond ? `, ${s.rows.toLocaleString("en-US")} rows in ${s.seconds} s` : ""}`)
    if (perSecond) row(`${what}: frames showing skeleton rows`, `${s.blank} of ${s.frames} (${pct(s.blank)}), longest run ${s.longestBlank} frames`)
    await settle(p)
  }
  await p.close()
  return table
}
