// The Users page's filter builder, live counts, URL state, columns, sorting,
// selection and cohorts, driven as a user would (roles and names), each count
// checked against the engine's own answer for the filter JSON the page put
// in its URL. One Chromium profile with the sample data for the whole file.
import {
  afterAll, assert, assertEqual, engine, launch, openApp, profileDir, readTotal, server, sleep, test, ui, visibleRows,
  waitFor, waitReady,
} from './harness.mjs'

export const LOAD = 'filters: load the sample data'
const story = { session: null, page: null }
afterAll(async () => { await story.session?.close() })

/** The one page with the sample data loaded, shared by this file and filters-*.test.mjs. */
export async function page(t) {
  if (!story.session) story.session = await launch(t, { dir: await profileDir('filters'), keep: true })
  if (!story.page || story.page.isClosed()) story.page = await openApp(t, story.session)
  t.pages.add(story.page)
  return story.page
}

export const filters = (p) => p.getByRole('group', { name: 'Filters', exact: true })
export const condition = (p, n) => filters(p).getByRole('group', { name: `Condition ${n}`, exact: true })
export const addButton = (p, what) => filters(p).getByRole('group', { name: 'Add to Filters', exact: true }).getByRole('button', { name: `+ ${what}`, exact: true })

/** JSON with sorted keys (jsonb stores keys in its own order). */
function canonical(v) {
  return JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x))
}

/** The page's URL state. */
export async function urlState(p) {
  const u = new URL(p.url())
  const f = u.searchParams.get('filter')
  return { scope: u.searchParams.get('scope') ?? 'profiles', search: u.searchParams.get('q') ?? '', filter: f ? JSON.parse(f) : null, sort: u.searchParams.get('sort'), cols: u.searchParams.get('cols') }
}

/** The engine's answer (count and first rows) for the URL's query, asked directly. */
export async function engineAnswer(p, { sort } = {}) {
  const s = await urlState(p)
  const query = { scope: s.scope, ...(s.search ? { search: s.search } : {}), ...(s.filter ? { filter: s.filter } : {}) }
  const total = await engine(p, 'countUsers', query)
  const rows = await engine(p, 'listUsers', { ...query, offset: 0, limit: 5, ...(sort ? { sort } : {}) })
  return { total, ids: rows.map((r) => r.distinctId) }
}

/** Waits until the page's total equals the engine's for the URL's filter, and returns it. */
export async function totalMatchesEngine(p, what, until = () => true) {
  let last = null
  return waitFor(async () => {
    const shown = await readTotal(p)
    const url = (await urlState(p)).filter
    if (!until(url)) { last = { url }; return null }
    last = { shown, engine: (await engineAnswer(p)).total, url }
    return shown === last.engine && !(await p.locator('.total-line .spinner').count()) ? last : null
  }, { timeout: 30_000, message: () => `"Total users" to match the engine for ${what}: ${JSON.stringify(last)}` })
}

/** Distinct ids of the first rows shown (the Distinct ID column). */
async function firstIds(p, n = 5) {
  const rows = await waitFor(async () => {
    const r = await visibleRows(p)
    return r.length >= Math.min(n, 1) && r.every((x) => x.cells.some(Boolean)) ? r : null
  }, { message: 'filled rows' })
  const headers = await p.getByRole('columnheader').allTextContents()
  const col = headers.findIndex((h) => /distinct id/i.test(h))
  assert(col >= 0, `a Distinct ID column (headers: ${headers.join(', ')})`)
  return rows.sort((a, b) => a.index - b.index).slice(0, n).map((r) => r.cells[col])
}

test(LOAD, async (t) => {
  const p = await page(t)
  await waitReady(p)
  await ui.loadSample(p).click()
  await ui.progress(p).waitFor({ state: 'detached', timeout: 240_000 })
  await waitReady(p, { minProfiles: 1 })
  await filters(p).waitFor({ timeout: 15_000 })
}, { timeout: 300_000 })

test('filters: a property condition (string, chips) counts what the engine counts', async (t) => {
  const p = await page(t)
  const all = await totalMatchesEngine(p, 'no filter')
  await addButton(p, 'Property').click()
  const c = condition(p, 1)
  const started = Date.now()
  await c.getByRole('combobox', { name: 'Property' }).fill('plan')
  await c.getByRole('combobox', { name: 'Property' }).press('Tab')
  assertEqual(await c.getByRole('combobox', { name: 'Type' }).inputValue(), 'string', 'the inferred type of "plan"')
  const value = c.getByRole('combobox', { name: 'Value' })
  await value.fill('pro')
  await value.press('Enter')
  await value.fill('team')
  await value.press('Enter')
  await c.getByRole('button', { name: 'Remove value pro' }).waitFor()
  const r = await totalMatchesEngine(p, 'plan is pro or team', (f) => f?.filters[0]?.values?.length === 2)
  t.note(`plan is pro or team: ${r.shown} of ${all.shown} (${Date.now() - started} ms from the first keystroke)`)
  assert(r.shown > 0 && r.shown < all.shown, `the filter narrows the list (${r.shown} of ${all.shown})`)
  assertEqual(JSON.stringify(r.url), JSON.stringify({ op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro', 'team'] }] }), 'the filter JSON in the URL')
  const engine = await engineAnswer(p)
  assertEqual(JSON.stringify(await firstIds(p)), JSON.stringify(engine.ids), 'the first rows')
  const ms = await ui.total(p).getAttribute('data-count-ms')
  t.note(`last change → count shown: ${ms} ms`)
}, { needs: [LOAD], timeout: 90_000 })

test('filters: number operators, a behaviour and "removes N users" per condition', async (t) => {
  const p = await page(t)
  // a number condition
  await addButton(p, 'Property').click()
  const c2 = condition(p, 2)
  await c2.getByRole('combobox', { name: 'Property' }).fill('age')
  await c2.getByRole('combobox', { name: 'Property' }).press('Tab')
  assertEqual(await c2.getByRole('combobox', { name: 'Type' }).inputValue(), 'number', 'the inferred type of "age"')
  await c2.getByRole('combobox', { name: 'Operator' }).selectOption({ label: 'at least' })
  await c2.getByRole('spinbutton', { name: 'Value' }).fill('30')
  await totalMatchesEngine(p, 'plan and age ≥ 30', (f) => f?.filters.length === 2)
  // a behaviour condition
  await addButton(p, 'Behavior').click()
  const c3 = condition(p, 3)
  await c3.getByRole('combobox', { name: 'Event' }).fill('purchase')
  await c3.getByRole('combobox', { name: 'Event' }).press('Tab')
  await c3.getByRole('spinbutton', { name: 'Times' }).fill('2')
  await c3.getByRole('combobox', { name: 'Window', exact: true }).selectOption('ever')
  const r = await totalMatchesEngine(p, 'plan, age and purchase ≥ 2 times', (f) => f?.filters[2]?.event === 'purchase' && f.filters[2].count === 2 && !f.filters[2].window)
  const f = r.url
  assertEqual(JSON.stringify(f.filters[2]), JSON.stringify({ type: 'behavior', event: 'purchase', operator: 'atLeast', count: 2 }), 'the behaviour condition in the URL')
  // each condition says how many users it alone removes: the engine's count without it, minus the total
  for (let i = 0; i < 3; i++) {
    const rest = { op: 'and', filters: f.filters.filter((_, j) => j !== i) }
    const without = await engine(p, 'countUsers', { scope: 'profiles', filter: rest })
    const expected = without - r.shown
    const text = await waitFor(async () => {
      const s = await condition(p, i + 1).locator('.impact').textContent({ timeout: 1000 }).catch(() => '')
      return s && s.includes(expected.toLocaleString('en-US')) ? s : null
    }, { timeout: 20_000, message: async () => `condition ${i + 1} to say it removes ${expected} users; says ${await condition(p, i + 1).locator('.impact').textContent().catch(() => '(nothing)')}` })
    t.note(`condition ${i + 1}: ${text}`)
  }
}, { needs: [LOAD], timeout: 120_000 })

test('filters: reorder and remove conditions; back and forward move through changes', async (t) => {
  const p = await page(t)
  const before = (await urlState(p)).filter
  await condition(p, 1).getByRole('button', { name: 'Move Condition 1 down' }).click()
  await waitFor(async () => (await urlState(p)).filter?.filters[0]?.property === 'age', { message: 'age to come first in the URL' })
  await totalMatchesEngine(p, 'reordered')
  await condition(p, 3).getByRole('button', { name: 'Remove Condition 3' }).click()
  await waitFor(async () => (await urlState(p)).filter?.filters.length === 2, { message: 'two conditions in the URL' })
  await totalMatchesEngine(p, 'behaviour removed')
  await p.goBack()
  await waitFor(async () => (await urlState(p)).filter?.filters.length === 3, { message: 'back: three conditions again' })
  await waitFor(async () => (await filters(p).getByRole('group', { name: /^Condition \d$/ }).count()) === 3, { message: 'the builder to show three conditions after Back' })
  await totalMatchesEngine(p, 'after Back')
  await p.goBack()
  await waitFor(async () => JSON.stringify((await urlState(p)).filter) === JSON.stringify(before), { message: 'back again: the original order' })
  await p.goForward()
  await waitFor(async () => (await urlState(p)).filter?.filters[0]?.property === 'age', { message: 'forward: age first' })
}, { needs: [LOAD], timeout: 90_000 })

test('filters: a reload restores the view from the URL', async (t) => {
  const p = await page(t)
  const before = await urlState(p)
  const total = await readTotal(p)
  await p.reload({ waitUntil: 'load' })
  await waitReady(p, { minProfiles: 1 })
  const r = await totalMatchesEngine(p, 'after reload')
  assertEqual(r.shown, total, 'the total after reload')
  assertEqual(JSON.stringify((await urlState(p)).filter), JSON.stringify(before.filter), 'the filter after reload')
  assertEqual(await filters(p).getByRole('group', { name: /^Condition \d$/ }).count(), before.filter.filters.length, 'conditions shown after reload')
}, { needs: [LOAD], timeout: 90_000 })

test('filters: a bad URL shows the validation message and an empty filter', async (t) => {
  const p = await page(t)
  const bad = encodeURIComponent(JSON.stringify({ op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'nope', values: ['x'] }] }))
  await p.goto(`${server.url}/?filter=${bad}`)
  await waitReady(p, { minProfiles: 1 })
  const alert = p.getByRole('alert').filter({ hasText: 'filters[0].operator' })
  await alert.waitFor({ timeout: 30_000 })
  t.note(`message: ${(await alert.textContent()).trim()}`)
  const profiles = await engine(p, 'countUsers', { scope: 'profiles' })
  await waitFor(async () => (await readTotal(p)) === profiles, { message: `"Total users" = ${profiles}, the count without a filter` })
  assertEqual(await filters(p).getByRole('group', { name: /^Condition \d$/ }).count(), 0, 'no conditions shown')
  await p.goto(`${server.url}/?filter=%7Bnot%20json`)
  // A new page load: on a busy machine the database takes a while to open again.
  await p.getByRole('alert').filter({ hasText: 'not JSON' }).waitFor({ timeout: 120_000 })
  await ui.grid(p).waitFor()
}, { needs: [LOAD], timeout: 300_000 })

test('filters: Edit Columns (remembered) and sorting by a header', async (t) => {
  const p = await page(t)
  await p.goto(`${server.url}/`)
  await waitReady(p, { minProfiles: 1 })
  await p.getByRole('button', { name: 'Edit Columns', exact: true }).click()
  const dialog = p.getByRole('dialog', { name: 'Edit Columns' })
  await dialog.getByRole('combobox', { name: 'Add column' }).fill('age')
  await dialog.getByRole('button', { name: 'Add', exact: true }).click()
  await dialog.getByRole('button', { name: 'Remove column $city' }).click()
  await dialog.getByRole('button', { name: 'Done' }).click()
  const headers = await waitFor(async () => {
    const h = (await p.getByRole('columnheader').allTextContents()).map((s) => s.trim())
    return h.some((x) => x.startsWith('age')) && !h.includes('City') ? h : null
  }, { message: 'an "age" column and no City column' })
  t.note(`columns: ${headers.join(' | ')}`)
  // sorting by age, descending: the engine's order
  await p.getByRole('button', { name: 'Sort by age' }).click()
  await p.getByRole('button', { name: 'Sort by age' }).click()
  const header = p.getByRole('columnheader').filter({ has: p.getByRole('button', { name: 'Sort by age' }) })
  await waitFor(async () => (await header.getAttribute('aria-sort')) === 'descending', { message: 'aria-sort descending' })
  assertEqual((await urlState(p)).sort, 'age:desc', 'sort in the URL')
  const expected = (await engineAnswer(p, { sort: { property: 'age', direction: 'desc' } })).ids
  await waitFor(async () => JSON.stringify(await firstIds(p)) === JSON.stringify(expected), { message: `first rows by age desc: ${expected.join(', ')}` })
  // the columns are remembered without the URL
  await p.goto(`${server.url}/`)
  await waitReady(p, { minProfiles: 1 })
  await waitFor(async () => (await p.getByRole('columnheader').allTextContents()).some((x) => x.trim().startsWith('age')), { message: 'the age column after opening the plain URL' })
}, { needs: [LOAD], timeout: 90_000 })

test('filters: select rows (click, shift-click range, all that match)', async (t) => {
  const p = await page(t)
  await p.goto(`${server.url}/`)
  await waitReady(p, { minProfiles: 1 })
  await firstIds(p)
  const boxes = ui.grid(p).locator('.grid-body').getByRole('checkbox')
  await boxes.nth(0).click()
  await boxes.nth(3).click({ modifiers: ['Shift'] })
  const bar = p.getByRole('region', { name: 'Selection' })
  await waitFor(async () => /4 users selected/.test(await bar.textContent()), { message: '"4 users selected"' })
  await boxes.nth(1).click()
  await waitFor(async () => /3 users selected/.test(await bar.textContent()), { message: '"3 users selected"' })
  const total = await readTotal(p)
  await bar.getByRole('button', { name: /Select all .* that match/ }).click()
  await waitFor(async () => (await bar.textContent()).includes(`${total.toLocaleString('en-US')} users selected`), { message: `all ${total} selected` })
  await bar.getByRole('button', { name: 'Clear selection' }).click()
  await bar.waitFor({ state: 'detached' })
}, { needs: [LOAD], timeout: 60_000 })

test('filters: save a cohort from a filter, then use it in another filter', async (t) => {
  const p = await page(t)
  const filter = { op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['enterprise'] }] }
  await p.goto(`${server.url}/?filter=${encodeURIComponent(JSON.stringify(filter))}`)
  await waitReady(p, { minProfiles: 1 })
  const enterprise = (await totalMatchesEngine(p, 'plan is enterprise')).shown
  await p.getByRole('button', { name: 'Save as cohort', exact: true }).click()
  const dialog = p.getByRole('dialog', { name: 'Save as cohort' })
  assert((await dialog.textContent()).includes(enterprise.toLocaleString('en-US')), 'the dialog shows the count')
  await dialog.getByRole('textbox', { name: 'Cohort name' }).fill('Enterprise customers')
  await dialog.getByRole('radio', { name: /Dynamic/ }).check()
  await dialog.getByRole('button', { name: 'Save cohort' }).click()
  await dialog.waitFor({ state: 'detached', timeout: 30_000 })
  // a static one too, from the same filter
  await p.getByRole('button', { name: 'Save as cohort', exact: true }).click()
  await dialog.getByRole('textbox', { name: 'Cohort name' }).fill('Enterprise, frozen')
  await dialog.getByRole('radio', { name: /Static/ }).check()
  await dialog.getByRole('button', { name: 'Save cohort' }).click()
  await dialog.waitFor({ state: 'detached', timeout: 30_000 })
  const cohorts = await engine(p, 'listCohorts')
  const dyn = cohorts.find((c) => c.name === 'Enterprise customers')
  const stat = cohorts.find((c) => c.name === 'Enterprise, frozen')
  assert(dyn?.kind === 'dynamic' && canonical(dyn.filter) === canonical(filter), `a dynamic cohort with the filter: ${JSON.stringify(dyn)}`)
  assert(stat?.kind === 'static' && stat.members.length === enterprise, `a static cohort with ${enterprise} members: ${stat?.members?.length}`)

  // a new filter: not in the cohort
  await p.goto(`${server.url}/`)
  await waitReady(p, { minProfiles: 1 })
  const all = (await totalMatchesEngine(p, 'no filter')).shown
  await addButton(p, 'Cohort').click()
  const c = condition(p, 1)
  await c.getByRole('combobox', { name: 'Cohort' }).selectOption({ label: 'Enterprise customers' })
  await c.getByRole('combobox', { name: 'Membership' }).selectOption({ label: 'not in' })
  const r = await totalMatchesEngine(p, 'not in the cohort', (f) => f?.filters[0]?.operator === 'notIn' && f.filters[0].cohortId === dyn.id)
  assertEqual(JSON.stringify(r.url.filters[0]), JSON.stringify({ type: 'cohort', cohortId: dyn.id, operator: 'notIn' }), 'the cohort condition')
  assertEqual(r.shown, all - enterprise, 'users not in the enterprise cohort')
  t.note(`${all} users, ${enterprise} enterprise, ${r.shown} not in the cohort`)
}, { needs: [LOAD], timeout: 120_000 })

test('filters: no results say which condition removed everyone', async (t) => {
  const p = await page(t)
  const filter = { op: 'and', filters: [
    { type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro'] },
    { type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['free'] },
  ] }
  await p.goto(`${server.url}/?filter=${encodeURIComponent(JSON.stringify(filter))}`)
  await waitReady(p, { minProfiles: 1 })
  await waitFor(async () => (await readTotal(p)) === 0, { message: 'a total of 0' })
  const status = p.getByRole('status').filter({ hasText: 'No users match' })
  await waitFor(async () => /Condition 2/.test(await status.textContent()), { message: 'the message to name condition 2' })
  t.note((await status.textContent()).trim())
}, { needs: [LOAD], timeout: 60_000 })

test('filters: keyboard moves through rows and Enter opens the profile; window and scroll figures', async (t) => {
  const p = await page(t)
  await p.goto(`${server.url}/`)
  await waitReady(p, { minProfiles: 1 })
  const ids = await firstIds(p, 3)
  const grid = ui.grid(p)
  await grid.focus()
  await p.keyboard.press('ArrowDown')
  await p.keyboard.press('ArrowDown')
  await waitFor(async () => (await grid.getAttribute('aria-activedescendant')) === 'user-row-1', { message: 'the second row active' })
  await p.keyboard.press('Enter')
  await p.waitForURL(`**/users/${encodeURIComponent(ids[1])}`, { timeout: 10_000 })
  await p.goBack()
  await waitReady(p, { minProfiles: 1 })
  await firstIds(p, 3)

  // a jump to the middle: time until every row on screen is filled
  const fill = await p.evaluate(async () => {
    const el = document.querySelector('[role=grid][aria-label="Users"]')
    const started = performance.now()
    el.scrollTop = (el.scrollHeight - el.clientHeight) / 2
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r))
      const rows = [...el.querySelectorAll('.grid-body [role=row]')]
      if (rows.length && rows.every((r) => r.getAttribute('aria-busy') !== 'true')) return performance.now() - started
      if (performance.now() - started > 10_000) return -1
    }
  })
  assert(fill >= 0, 'rows fill after a jump to the middle')
  // a fast scroll: frames longer than 50 ms, and frames with blank (skeleton) rows on screen
  const scroll = await p.evaluate(async () => {
    const el = document.querySelector('[role=grid][aria-label="Users"]')
    el.scrollTop = 0
    let frames = 0, long = 0, blank = 0, last = performance.now()
    const end = last + 2000
    while (performance.now() < end) {
      el.scrollTop += 400
      await new Promise((r) => requestAnimationFrame(r))
      const now = performance.now()
      frames++
      if (now - last > 50) long++
      if (el.querySelector('.grid-body [role=row][aria-busy=true]')) blank++
      last = now
    }
    return { frames, long, blank }
  })
  t.note(`window fill after a jump to the middle: ${Math.round(fill)} ms; fast scroll (400 px a frame, 2 s): ${scroll.frames} frames, ${scroll.long} over 50 ms, ${scroll.blank} with blank rows`)
}, { needs: [LOAD], timeout: 90_000 })
