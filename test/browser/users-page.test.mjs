// The Users page as a whole, driven as a user would (roles and names): its
// dialogs (accessible, focus kept inside and given back), the theme, the
// search limit, edits made just before a view change, the columns in the URL,
// sorting by Name, Analyze and the Users link, a phone-sized screen, and the
// Cohorts page. It goes on with app.test.mjs's sample-data story (the same
// Chromium profile and database), so the sample is loaded once for both.
import { SAMPLE as LOAD, story, storyPage } from './app.test.mjs'
import {
  assert, assertEqual, checkAccessibility, engine, readTotal, server, sleep, test, ui, visibleRows, waitFor, waitReady,
} from './harness.mjs'

/** Console errors (a refused style or script included) from before this file's tests: none are allowed after. */
let errorsBefore = null

async function page(t, path) {
  const p = await storyPage(t)
  errorsBefore ??= { session: story.session, count: story.session.errors.length }
  // In the page, as a link would: no reload, so the database stays open (faster, and as a user moves).
  if (path) await p.evaluate((to) => { history.pushState(null, '', to); dispatchEvent(new PopStateEvent('popstate')) }, path)
  await waitReady(p, { minProfiles: 1 })
  return p
}

const params = (p) => new URL(p.url()).searchParams
const filters = (p) => p.getByRole('group', { name: 'Filters', exact: true })
const condition = (p, n) => filters(p).getByRole('group', { name: `Condition ${n}`, exact: true })
const addButton = (p, what) => filters(p).getByRole('group', { name: 'Add to Filters', exact: true }).getByRole('button', { name: `+ ${what}`, exact: true })
const focused = (p) => p.evaluate(() => {
  const el = document.activeElement
  return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40)}` : null
})

/** The rows' first cells (names) once filled. */
async function names(p, n = 8) {
  const rows = await waitFor(async () => {
    const r = await visibleRows(p)
    return r.length >= n && r.every((x) => x.cells.some(Boolean)) ? r : null
  }, { message: 'filled rows' })
  return rows.sort((a, b) => a.index - b.index).slice(0, n).map((r) => r.cells[0])
}

/**
 * Opens a dialog with `opener`, checks it (axe, focus inside, Tab stays
 * inside), closes it with `close` and checks that focus is back on the opener.
 */
async function dialogRound(p, { opener, name, role = 'dialog', close = (d) => p.keyboard.press('Escape'), inside }) {
  await opener.focus()
  await opener.press('Enter')
  const dialog = p.getByRole(role, { name, exact: true })
  await dialog.waitFor({ timeout: 10_000 })
  await waitFor(() => dialog.evaluate((d) => d.contains(document.activeElement)), { timeout: 5000, message: `focus inside "${name}"` })
  const violations = await checkAccessibility(p, `the "${name}" ${role}`, { include: `[role=${role}]` })
  for (let i = 0; i < 25; i++) {
    await p.keyboard.press('Tab')
    assert(await dialog.evaluate((d) => d.contains(document.activeElement)), `Tab ${i + 1} keeps focus inside "${name}" (on ${await focused(p)})`)
  }
  await inside?.(dialog)
  await close(dialog)
  await dialog.waitFor({ state: 'detached', timeout: 10_000 })
  const openerName = await opener.evaluate((el) => el.getAttribute('aria-label') ?? el.textContent.trim())
  await waitFor(() => opener.evaluate((el) => el === document.activeElement), { timeout: 5000, message: async () => `focus back on "${openerName}" after closing "${name}"; it is on ${await focused(p)}` })
  return violations
}

test('Users page: no serious accessibility violation; every dialog keeps focus inside and gives it back to its opener', async (t) => {
  const p = await page(t, '/')
  await names(p)
  const notes = []
  const onPage = await checkAccessibility(p, 'the Users page')
  notes.push(`page: ${onPage.map((v) => v.id).join(', ') || 'none'}`)
  // A filter, so the builder's controls are checked too.
  await addButton(p, 'Property').click()
  await condition(p, 1).waitFor()
  await checkAccessibility(p, 'the Users page with a condition')
  await filters(p).getByRole('button', { name: 'Remove Condition 1' }).click()

  notes.push(...await dialogRound(p, { opener: p.getByRole('button', { name: 'Edit Columns', exact: true }), name: 'Edit Columns' }).then((v) => v.map((x) => x.id)))
  await dialogRound(p, {
    opener: p.getByRole('button', { name: 'Save as cohort', exact: true }), name: 'Save as cohort',
    close: (d) => d.getByRole('button', { name: 'Cancel', exact: true }).click(),
  })
  await dialogRound(p, { opener: p.getByRole('button', { name: 'Add/Edit Profile', exact: true }), name: 'Add/Edit Profile' })
  // A second opener of the same dialog gets the focus back too.
  await ui.grid(p).locator('.grid-body').getByRole('checkbox').first().click()
  await dialogRound(p, {
    opener: p.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Save selection as cohort' }), name: 'Save as cohort',
  })
  await p.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Clear selection' }).click()
  // The theme menu (a menu, not a dialog).
  const themeButton = p.getByRole('button', { name: 'Theme', exact: true })
  await themeButton.click()
  const menu = p.getByRole('menu')
  await menu.waitFor({ timeout: 5000 })
  await checkAccessibility(p, 'the Theme menu', { include: '[role=menu]' })
  await p.keyboard.press('Escape')
  await waitFor(() => themeButton.evaluate((el) => el === document.activeElement), { timeout: 5000, message: 'focus back on the Theme button' })
  t.note(`minor/moderate: ${notes.join('; ') || 'none'}`)
}, { needs: [LOAD], timeout: 120_000 })

test('Users page: the theme follows the system, the Theme menu overrides it, and the choice is remembered', async (t) => {
  const p = await page(t, '/')
  t.defer(() => p.emulateMedia({ colorScheme: 'light' }))
  const theme = () => p.evaluate(() => document.documentElement.dataset.theme)
  await p.emulateMedia({ colorScheme: 'dark' })
  await p.reload()
  await waitReady(p, { minProfiles: 1 })
  assertEqual(await theme(), 'dark', 'data-theme with a dark system')
  await names(p)
  await checkAccessibility(p, 'the Users page in the dark theme')
  await dialogRound(p, { opener: p.getByRole('button', { name: 'Save as cohort', exact: true }), name: 'Save as cohort' })
  const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor)
  await p.getByRole('button', { name: 'Theme', exact: true }).click()
  await p.getByRole('menuitemradio', { name: 'Light', exact: true }).click()
  assertEqual(await theme(), 'light', 'data-theme after choosing Light')
  assert(bg !== await p.evaluate(() => getComputedStyle(document.body).backgroundColor), 'the page changed colour')
  await p.reload()
  await waitReady(p, { minProfiles: 1 })
  assertEqual(await theme(), 'light', 'Light is remembered over a dark system after a reload')
  await p.getByRole('button', { name: 'Theme', exact: true }).click()
  assertEqual(await p.getByRole('menuitemradio', { name: 'Light', exact: true }).getAttribute('aria-checked'), 'true', 'Light is checked in the menu')
  await p.getByRole('menuitemradio', { name: 'System', exact: true }).click()
  assertEqual(await theme(), 'dark', 'System follows the system again')
  await p.emulateMedia({ colorScheme: 'light' })
  await waitFor(async () => (await theme()) === 'light', { timeout: 5000, message: 'the theme to follow a change of the system' })
}, { needs: [LOAD], timeout: 120_000 })

test('Users page: a search is at most 1,000 characters, with a message, and never reaches the URL or the engine beyond that', async (t) => {
  const p = await page(t, '/')
  const all = await waitFor(async () => readTotal(p), { message: 'a total' })
  const box = ui.search(p)
  await box.fill('emma')
  await waitFor(() => params(p).get('q') === 'emma', { message: 'q=emma in the URL' })
  const emma = await waitFor(async () => { const n = await readTotal(p); return n !== null && n < all ? n : null }, { message: 'the total for "emma"' })
  await box.fill('x'.repeat(1001))
  const alert = p.getByRole('alert').filter({ hasText: 'at most 1,000 characters' })
  await alert.waitFor({ timeout: 5000 })
  assert((await alert.textContent()).includes('1,001'), `the message says how long the search is: ${await alert.textContent()}`)
  assertEqual(await box.getAttribute('aria-invalid'), 'true', 'the box is marked invalid')
  await sleep(800)
  assertEqual(params(p).get('q'), 'emma', 'the URL keeps the last search')
  assertEqual(await readTotal(p), emma, 'the list keeps the last search')
  assertEqual((await box.inputValue()).length, 1001, 'what was typed stays in the box')
  // A 1 MB paste: the same, and the page stays responsive.
  await box.evaluate((el) => { el.value = 'y'.repeat(1_048_576); el.dispatchEvent(new Event('input', { bubbles: true })) })
  await p.getByRole('alert').filter({ hasText: '1,048,576' }).waitFor({ timeout: 5000 })
  assert(p.url().length < 2000, `the URL stays short (${p.url().length} characters)`)
  // Exactly 1,000 is a search.
  await box.fill('z'.repeat(1000))
  await waitFor(() => params(p).get('q')?.length === 1000, { message: 'a 1,000-character search in the URL' })
  await alert.waitFor({ state: 'detached', timeout: 5000 })
  await waitFor(async () => (await readTotal(p)) === 0, { message: 'nobody matches z×1000' })
  // A link with an over-long search: said, and not searched.
  await p.goto(`${server.url}/?q=${'w'.repeat(2000)}`)
  await waitReady(p, { minProfiles: 1 })
  await p.getByRole('alert').filter({ hasText: 'the search must be at most 1,000 characters' }).waitFor({ timeout: 10_000 })
  await waitFor(async () => (await readTotal(p)) === all, { message: 'the whole list for a refused search' })
  await box.fill('')
}, { needs: [LOAD], timeout: 90_000 })

test('Users page: an edit made just before a view change is kept (chip then All Users; search then a column header; search then a profile)', async (t) => {
  const p = await page(t, '/')
  await names(p)
  // plan is pro (Enter), then "All Users" at once
  await addButton(p, 'Property').click()
  const c = condition(p, 1)
  await c.getByRole('combobox', { name: 'Property' }).fill('plan')
  await c.getByRole('combobox', { name: 'Property' }).press('Tab')
  const value = c.getByRole('combobox', { name: 'Value' })
  await value.fill('pro')
  await value.press('Enter')
  await ui.radio(p, 'All Users').check()
  await sleep(600)
  await c.getByRole('button', { name: 'Remove value pro' }).waitFor({ timeout: 2000 })
    .catch(() => { throw new Error('the "pro" chip vanished after clicking All Users') })
  await waitFor(() => params(p).get('scope') === 'all' && params(p).get('filter')?.includes('"pro"'),
    { message: () => `scope=all and the filter with "pro" in the URL; it is ${p.url()}` })
  const engineCount = await engine(p, 'countUsers', { scope: 'all', filter: JSON.parse(params(p).get('filter')) })
  await waitFor(async () => (await readTotal(p)) === engineCount, { message: `the total to count plan is pro over All Users (${engineCount})` })
  await filters(p).getByRole('button', { name: 'Remove Condition 1' }).click()
  await ui.radio(p, 'User Profiles').check()

  // type in search, then a column header at once
  await ui.search(p).fill('smith')
  await p.getByRole('button', { name: 'Sort by Email', exact: true }).click()
  await sleep(600)
  assertEqual(await ui.search(p).inputValue(), 'smith', 'the search box after clicking a column header')
  await waitFor(() => params(p).get('q') === 'smith' && params(p).get('sort') === '$email:asc', { message: () => `q=smith and the sort in the URL: ${p.url()}` })

  // type in search, then open a profile at once: Back shows the search
  const first = await names(p, 1)
  await ui.search(p).fill('smith j')
  await ui.grid(p).getByRole('link', { name: first[0], exact: true }).first().click()
  await p.waitForURL('**/users/**', { timeout: 10_000 })
  await p.goBack()
  await waitReady(p, { minProfiles: 1 })
  await waitFor(async () => (await ui.search(p).inputValue()) === 'smith j' && params(p).get('q') === 'smith j',
    { message: async () => `the search "smith j" after Back; box ${JSON.stringify(await ui.search(p).inputValue())}, URL ${p.url()}` })
  await ui.search(p).fill('')
}, { needs: [LOAD], timeout: 90_000 })

test('Users page: after Edit Columns every header cell has its new aria-colindex; the columns are always in the URL', async (t) => {
  const p = await page(t, '/')
  await names(p)
  await waitFor(() => params(p).get('cols'), { message: () => `the columns in the URL of the plain page: ${p.url()}` })
  await p.getByRole('button', { name: 'Edit Columns', exact: true }).click()
  const dialog = p.getByRole('dialog', { name: 'Edit Columns' })
  await dialog.getByRole('button', { name: 'Move column $city up' }).click()
  await dialog.getByRole('button', { name: 'Move column $city up' }).click()
  await dialog.getByRole('button', { name: 'Remove column $country_code' }).click()
  await dialog.getByRole('combobox', { name: 'Add column' }).fill('plan')
  await dialog.getByRole('button', { name: 'Add', exact: true }).click()
  await dialog.getByRole('button', { name: 'Done' }).click()
  await dialog.waitFor({ state: 'detached' })
  const cols = JSON.parse(params(p).get('cols'))
  assertEqual(JSON.stringify(cols), JSON.stringify(['$city', '$email', '$distinct_id', 'plan']), 'the columns in the URL')
  const check = async () => {
    // Read once the grid is shown with a row of cells (evaluateAll does not wait: right after a change of columns the grid may be mounting).
    let headers = [], row = []
    await waitFor(async () => {
      headers = await ui.grid(p).getByRole('columnheader').evaluateAll((hs) => hs.map((h) => [h.textContent.trim(), Number(h.getAttribute('aria-colindex'))]))
      row = await ui.grid(p).locator('.grid-body [role=row]').first().locator('[role=gridcell]').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('aria-colindex'))))
      return headers.length > 0 && row.length > 0
    }, { message: 'the grid with its headers and a row of cells' })
    headers.forEach(([text, index], i) => assertEqual(index, i + 1, `aria-colindex of header "${text}"`))
    assertEqual(row.join(','), headers.map((_, i) => i + 1).join(','), 'the cells\' aria-colindex')
    return headers.map(([text]) => text)
  }
  await waitFor(async () => (await p.getByRole('columnheader').first().textContent()) !== null, { message: 'headers' })
  const headers = await check()
  assert(/city/i.test(headers[1]), `City is the second column now: ${headers.join(' | ')}`)
  // A reload, and the plain page: the URL still holds the columns shown.
  await p.reload()
  await waitReady(p, { minProfiles: 1 })
  assertEqual(params(p).get('cols'), JSON.stringify(cols), 'cols after a reload')
  await p.goto(`${server.url}/?scope=all`)
  await waitReady(p, { minProfiles: 1 })
  await waitFor(() => params(p).get('cols') === JSON.stringify(cols), { message: () => `the remembered columns written into a URL without them: ${p.url()}` })
  assertEqual(params(p).get('scope'), 'all', 'the rest of the URL is kept')
  await check()
  // back to the defaults
  await p.getByRole('button', { name: 'Edit Columns', exact: true }).click()
  await dialog.getByRole('button', { name: 'Reset to defaults' }).click()
  await dialog.getByRole('button', { name: 'Done' }).click()
  await dialog.waitFor({ state: 'detached' })
  await check()
}, { needs: [LOAD], timeout: 90_000 })

test('Users page: sorting by Name follows the names as shown', async (t) => {
  const p = await page(t, '/?scope=all')
  await p.getByRole('button', { name: 'Sort by Name', exact: true }).click()
  await waitFor(() => params(p).get('sort') === '$name:asc', { message: 'sort=$name:asc' })
  const shown = await names(p, 12)
  const expected = (await engine(p, 'listUsers', { scope: 'all', sort: { property: '$name', direction: 'asc' }, offset: 0, limit: 12 })).map((r) => r.distinctId)
  assertEqual(JSON.stringify(shown), JSON.stringify([...shown].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))), 'the first names in order')
  const ids = await ui.grid(p).locator('.grid-body [role=row]').evaluateAll((rows) => rows
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .slice(0, 12).map((r) => decodeURIComponent(r.querySelector('a.user-link').getAttribute('href').replace('/users/', ''))))
  assertEqual(JSON.stringify(ids), JSON.stringify(expected), 'the rows are the engine\'s first 12 by name')
  t.note(`first names: ${shown.slice(0, 5).join(', ')}`)
  await p.getByRole('button', { name: 'Sort by Name', exact: true }).click()
  await waitFor(() => params(p).get('sort') === '$name:desc', { message: 'sort=$name:desc' })
  const down = await names(p, 12)
  assertEqual(JSON.stringify(down), JSON.stringify([...down].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))), 'descending')
}, { needs: [LOAD], timeout: 60_000 })

test('Users page: the Users link shows users after analysing groups; a group profile goes back to its groups', async (t) => {
  const p = await page(t, '/')
  const analyze = p.getByRole('combobox', { name: 'Analyze', exact: true })
  const keys = await analyze.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean))
  assert(keys.length > 0, 'the sample has a group key')
  await analyze.selectOption(keys[0])
  await waitFor(() => params(p).get('analyze') === keys[0], { message: 'analyze in the URL' })
  // The label and its select do not run into each other.
  const [label, select] = await Promise.all([p.locator('.analyze > span').boundingBox(), analyze.boundingBox()])
  assert(label.x + label.width <= select.x, `"Analyze" ends before its dropdown (${label.x + label.width} > ${select.x})`)
  const [groupName] = await names(p, 1)
  await ui.grid(p).getByRole('link', { name: groupName, exact: true }).first().click()
  await p.waitForURL(`**/groups/${keys[0]}/**`)
  // The profile's back link: to this key's profiles, as they were.
  await p.getByRole('link', { name: `← ${keys[0]} profiles`, exact: true }).click()
  await waitFor(() => params(p).get('analyze') === keys[0], { message: () => `back on ${keys[0]} profiles: ${p.url()}` })
  await ui.grid(p).getByRole('link', { name: groupName, exact: true }).first().click()
  await p.waitForURL(`**/groups/${keys[0]}/**`)
  // The Users link: users.
  await ui.nav(p).getByRole('link', { name: 'Users', exact: true }).click()
  await ui.scope(p).waitFor({ timeout: 10_000 })
  assertEqual(params(p).get('analyze'), null, 'no analyze in the URL after the Users link')
  assertEqual(await analyze.inputValue(), '', 'Analyze shows Users')
  await waitFor(async () => (await readTotal(p)) === 5000, { message: 'the 5,000 user profiles' })
  // And on the Users page itself.
  await analyze.selectOption(keys[0])
  await waitFor(() => params(p).get('analyze') === keys[0], { message: 'analyze again' })
  await ui.nav(p).getByRole('link', { name: 'Users', exact: true }).click()
  await ui.scope(p).waitFor({ timeout: 10_000 })
  assertEqual(await analyze.inputValue(), '', 'Analyze shows Users after the Users link on the page')
}, { needs: [LOAD], timeout: 90_000 })

test('Users page: usable at 390 px wide (nothing overlaps the total, nothing wider than the screen)', async (t) => {
  const p = await page(t, '/')
  await p.setViewportSize({ width: 390, height: 844 })
  t.defer(() => p.setViewportSize({ width: 1280, height: 800 }))
  await names(p, 3)
  const box = (l) => l.boundingBox()
  const total = await box(p.locator('.total-line'))
  const add = await box(p.getByRole('button', { name: 'Add/Edit Profile', exact: true }))
  const apart = (a, b) => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y
  assert(apart(total, add), `"Add/Edit Profile" (${JSON.stringify(add)}) overlaps the total (${JSON.stringify(total)})`)
  const wide = await p.evaluate(() => [...document.querySelectorAll('.app-header *, .page-head *, .toolbar *, .filter-card *')]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1).map((el) => el.className || el.tagName))
  assertEqual(wide.join(', '), '', 'controls past the right edge of the screen')
  const grid = await box(ui.grid(p))
  assert(grid.height >= 300, `the list keeps a usable height (${grid.height} px)`)
  await checkAccessibility(p, 'the Users page at 390 px')
  await dialogRound(p, { opener: p.getByRole('button', { name: 'Add/Edit Profile', exact: true }), name: 'Add/Edit Profile' })
  const profile = await p.getByRole('link', { name: (await names(p, 1))[0], exact: true }).first().getAttribute('href')
  await p.goto(server.url + profile)
  await p.getByRole('heading', { level: 1 }).waitFor()
  await p.getByRole('table', { name: 'Properties', exact: true }).waitFor()
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert(overflow <= 0, `the profile page is no wider than the screen (${overflow} px too wide)`)
  const valueWidth = await p.locator('td.prop-value').first().evaluate((td) => td.getBoundingClientRect().width)
  assert(valueWidth >= 120, `property values have room (${valueWidth} px)`)
  await checkAccessibility(p, 'the profile page at 390 px')
}, { needs: [LOAD], timeout: 90_000 })

test('Cohorts page: saved cohorts, a confirmation (accessible) before deleting, focus back on Delete after Cancel', async (t) => {
  const p = await page(t, `/?filter=${encodeURIComponent(JSON.stringify({ op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['team'] }] }))}`)
  await names(p, 1)
  await p.getByRole('button', { name: 'Save as cohort', exact: true }).click()
  const dialog = p.getByRole('dialog', { name: 'Save as cohort' })
  await dialog.getByRole('textbox', { name: 'Cohort name' }).fill('Team plan')
  await dialog.getByRole('button', { name: 'Save cohort' }).click()
  await dialog.waitFor({ state: 'detached', timeout: 30_000 })
  // The confirmation is a toast in the notifications region.
  await p.getByRole('region', { name: /^Notifications/ }).getByText('Saved the cohort “Team plan”').waitFor({ timeout: 5000 })
  await ui.nav(p).getByRole('link', { name: 'Cohorts', exact: true }).click()
  const table = p.getByRole('table', { name: 'Saved cohorts' })
  await table.getByRole('link', { name: 'Team plan', exact: true }).waitFor({ timeout: 15_000 })
  await checkAccessibility(p, 'the Cohorts page')
  const del = table.getByRole('button', { name: 'Delete cohort Team plan' })
  await dialogRound(p, {
    opener: del, name: 'Delete this cohort?', role: 'alertdialog',
    close: (d) => d.getByRole('button', { name: 'Cancel', exact: true }).click(),
  })
  await del.click()
  await p.getByRole('alertdialog', { name: 'Delete this cohort?' }).getByRole('button', { name: 'Delete', exact: true }).click()
  await table.getByRole('link', { name: 'Team plan', exact: true }).waitFor({ state: 'detached', timeout: 15_000 })
  await p.getByRole('region', { name: /^Notifications/ }).getByText('Deleted the cohort “Team plan”').waitFor({ timeout: 5000 })
  assertEqual(await p.evaluate(() => document.querySelectorAll('[role=alert]').length), 0, 'no error shown on the Cohorts page')
  const errors = story.session.errors.slice(errorsBefore.session === story.session ? errorsBefore.count : 0)
  assert(errors.length === 0, `console errors on the Users and Cohorts pages:\n  ${errors.join('\n  ')}`)
}, { needs: [LOAD], timeout: 90_000 })
