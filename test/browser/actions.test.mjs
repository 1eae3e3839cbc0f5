// Actions on the Users page (issue 15), driven as a user would: a bulk set
// for all matching users with its confirmation, progress and undo (each
// user's own old value back); a selection deleted and undone; a click
// anywhere in a header cell sorts; a column resized by dragging and by keys,
// remembered after a reload; the Events column sorting; axe throughout.
// One small workspace of its own, written through the test hook.
import {
  afterAll, assert, assertEqual, checkAccessibility, engine, launch, openApp, profileDir, readTotal, test, ui, visibleRows, waitFor, waitReady,
} from './harness.mjs'

const SEEDED = 'Actions: a workspace of 120 users'
const USERS = 120
const story = { dir: '', session: null, page: null }
afterAll(async () => { await story.session?.close() })

async function page(t, path = '/') {
  if (!story.session) story.session = await launch(t, { dir: story.dir, keep: true })
  if (!story.page || story.page.isClosed()) story.page = await openApp(t, story.session, path)
  else await story.page.goto(new URL(path, story.page.url()).href)
  t.pages.add(story.page)
  await waitReady(story.page, { minProfiles: USERS })
  return story.page
}

const planOf = (i) => (i % 3 === 0 ? 'pro' : 'free')
const planIs = (plan) => ({ op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: [plan] }] })
const withFilter = (filter) => `/?filter=${encodeURIComponent(JSON.stringify(filter))}`

test(SEEDED, async (t) => {
  story.dir = await profileDir('actions')
  story.session = await launch(t, { dir: story.dir, keep: true })
  const p = await openApp(t, story.session)
  story.page = p
  await waitReady(p)
  const updates = Array.from({ length: USERS }, (_, i) => ({ $distinct_id: `u${i}`, $set: { $name: `User ${String(i).padStart(3, '0')}`, $email: `u${i}@example.com`, plan: planOf(i) } }))
  const summary = await engine(p, 'applyProfileUpdates', updates)
  assertEqual(summary.errors.length, 0, 'seed errors')
  // u5 has 3 events, u7 one: the Events column has something to sort.
  const events = [5, 5, 5, 7].map((u, i) => ({ event: 'login', properties: { distinct_id: `u${u}`, time: 1_700_000_000 + i, $insert_id: `e${i}` } }))
  await engine(p, 'importEvents', events)
  await p.reload()
  await waitReady(p, { minProfiles: USERS })
  assertEqual(await waitFor(() => readTotal(p)), USERS, 'the total')
}, { timeout: 300_000 })

test('Actions: set a property on all matching users, confirmed, with progress; undo restores each old value', async (t) => {
  const p = await page(t, withFilter(planIs('free')))
  await waitFor(async () => (await readTotal(p)) === 80, { message: '80 free users' })
  await p.getByRole('button', { name: 'For all 80 matching', exact: true }).click()
  await p.getByRole('menuitem', { name: 'Set a property…', exact: true }).click()
  const dialog = p.getByRole('dialog', { name: 'Set a property', exact: true })
  await dialog.waitFor()
  await checkAccessibility(p, 'the Set a property dialog', { include: '[role=dialog]' })
  await dialog.getByRole('combobox', { name: 'Property name', exact: true }).fill('plan')
  await dialog.getByRole('textbox', { name: 'Value', exact: true }).fill('team')
  await dialog.getByRole('button', { name: 'Continue', exact: true }).click()
  const confirm = p.getByRole('alertdialog', { name: 'Set plan to “team” on 80 profiles?', exact: true })
  await confirm.waitFor()
  await checkAccessibility(p, 'the confirmation', { include: '[role=alertdialog]' })
  // Watch for the progress bar: the run is short, so a MutationObserver records that it showed.
  await p.evaluate(() => {
    globalThis.__progressSeen = false
    new MutationObserver(() => { if (document.querySelector('progress[aria-label="Progress"]')) globalThis.__progressSeen = true })
      .observe(document.body, { childList: true, subtree: true })
  })
  await confirm.getByRole('button', { name: 'Confirm', exact: true }).click()
  await confirm.waitFor({ state: 'detached', timeout: 30_000 })
  assert(await p.evaluate(() => globalThis.__progressSeen), 'the progress bar showed while the action ran')
  await waitFor(async () => (await readTotal(p)) === 0, { message: 'no free user left in the view' })
  assertEqual(await engine(p, 'countUsers', { scope: 'profiles', filter: planIs('team') }), 80, 'users with plan team')
  const bar = p.getByRole('region', { name: 'Last change', exact: true })
  await bar.getByText('Set plan to “team” on 80 profiles').waitFor()
  await checkAccessibility(p, 'the Users page with the undo bar')

  await bar.getByRole('button', { name: 'Undo', exact: true }).click()
  await bar.waitFor({ state: 'detached', timeout: 30_000 })
  await waitFor(async () => (await readTotal(p)) === 80, { message: 'the 80 free users back' })
  for (const i of [0, 1, 2, 3, 119]) {
    assertEqual((await engine(p, 'getProfile', `u${i}`)).properties.plan, planOf(i), `u${i}'s own plan after the undo`)
  }
  assertEqual(await engine(p, 'countUsers', { scope: 'profiles', filter: planIs('team') }), 0, 'users with plan team after the undo')
}, { needs: [SEEDED] })

test('Actions: delete the selected profiles, then undo', async (t) => {
  const p = await page(t, '/')
  await waitFor(async () => (await visibleRows(p)).length >= 3, { message: 'rows' })
  for (const name of ['User 000', 'User 001']) await ui.grid(p).getByRole('checkbox', { name: `Select ${name}`, exact: true }).click()
  const bar = p.getByRole('region', { name: 'Selection', exact: true })
  await bar.getByText('2 users selected').waitFor()
  await bar.getByRole('button', { name: 'Actions', exact: true }).click()
  await p.getByRole('menuitem', { name: 'Delete profiles…', exact: true }).click()
  const confirm = p.getByRole('alertdialog', { name: 'Delete 2 profiles?', exact: true })
  await confirm.waitFor()
  await confirm.getByRole('button', { name: 'Delete 2 profiles', exact: true }).click()
  await waitFor(async () => (await readTotal(p)) === USERS - 2, { message: 'two profiles fewer' })
  assertEqual(await engine(p, 'getProfile', 'u0'), null, 'u0 deleted')
  await p.getByRole('region', { name: 'Last change', exact: true }).getByRole('button', { name: 'Undo', exact: true }).click()
  await waitFor(async () => (await readTotal(p)) === USERS, { message: 'the profiles back' })
  assertEqual((await engine(p, 'getProfile', 'u0')).properties.$name, 'User 000', 'u0 restored')
}, { needs: [SEEDED] })

test('Actions: a click anywhere in a header cell sorts', async (t) => {
  const p = await page(t, '/')
  const head = ui.grid(p).getByRole('columnheader', { name: /Email/ })
  const box = await head.boundingBox()
  // Far from the label, short of the resize handle on the right edge.
  await p.mouse.click(box.x + box.width - 24, box.y + box.height / 2)
  await waitFor(() => new URL(p.url()).searchParams.get('sort') === '$email:asc', { message: 'sorted by Email' })
  assertEqual(await head.getAttribute('aria-sort'), 'ascending', 'the Email header says so')
}, { needs: [SEEDED] })

test('Actions: a column resized by dragging and by keys keeps its width after a reload', async (t) => {
  const p = await page(t, '/')
  const head = ui.grid(p).getByRole('columnheader', { name: /City/ })
  const handle = ui.grid(p).getByRole('separator', { name: 'Resize column City', exact: true })
  const before = (await head.boundingBox()).width
  const h = await handle.boundingBox()
  await p.mouse.move(h.x + h.width / 2, h.y + h.height / 2)
  await p.mouse.down()
  await p.mouse.move(h.x + h.width / 2 + 60, h.y + h.height / 2, { steps: 5 })
  await p.mouse.move(h.x + h.width / 2 + 120, h.y + h.height / 2, { steps: 5 })
  await p.mouse.up()
  const dragged = (await head.boundingBox()).width
  assert(Math.abs(dragged - (before + 120)) <= 2, `dragged 120 px wider: ${before} → ${dragged}`)
  await handle.focus()
  await p.keyboard.press('ArrowRight')
  await waitFor(async () => Math.abs((await head.boundingBox()).width - (dragged + 16)) <= 2, { message: 'ArrowRight: 16 px wider' })
  assertEqual(Number(await handle.getAttribute('aria-valuenow')), Math.round(dragged + 16), 'the handle says the width')
  await p.reload()
  await waitReady(p, { minProfiles: USERS })
  await waitFor(async () => Math.abs(((await head.boundingBox())?.width ?? 0) - (dragged + 16)) <= 2, { message: 'the width after a reload' })
  await checkAccessibility(p, 'the Users page with a resized column')
}, { needs: [SEEDED] })

test('Actions: the Events column shows each user\'s event count and sorts', async (t) => {
  const p = await page(t, '/')
  await p.getByRole('button', { name: 'Edit Columns', exact: true }).click()
  const dialog = p.getByRole('dialog', { name: 'Edit Columns', exact: true })
  await dialog.getByRole('combobox', { name: 'Add column', exact: true }).fill('$event_count')
  await dialog.getByRole('button', { name: 'Add', exact: true }).click()
  await dialog.getByRole('button', { name: 'Done', exact: true }).click()
  const head = ui.grid(p).getByRole('columnheader', { name: /Events/ })
  await head.waitFor()
  await head.click()
  await head.click() // ascending, then descending
  await waitFor(() => new URL(p.url()).searchParams.get('sort') === '$event_count:desc', { message: 'sorted by Events, descending' })
  const rows = await waitFor(async () => {
    const r = (await visibleRows(p)).sort((a, b) => a.index - b.index)
    return r.length >= 3 && r[0].cells[0] === 'User 005' ? r : null
  }, { message: 'User 005 (3 events) first' })
  const events = rows.slice(0, 3).map((r) => r.cells.at(-1))
  assertEqual(JSON.stringify(events), JSON.stringify(['3', '1', '0']), 'event counts of the first rows')
}, { needs: [SEEDED] })

test('Actions: a profile page edit is undone from its undo bar, and a delete there too', async (t) => {
  const p = await page(t, '/users/u3')
  await p.getByRole('button', { name: 'Edit plan', exact: true }).click()
  await p.getByLabel('Value of plan', { exact: true }).fill('enterprise')
  await p.getByRole('form', { name: 'Edit plan' }).getByRole('button', { name: 'Save', exact: true }).click()
  const bar = p.getByRole('region', { name: 'Last change', exact: true })
  await bar.getByText('Set plan to “enterprise”', { exact: false }).waitFor({ timeout: 30_000 })
  assertEqual((await engine(p, 'getProfile', 'u3')).properties.plan, 'enterprise', 'u3 plan after the edit')
  await checkAccessibility(p, 'the profile page with its undo bar')
  await bar.getByRole('button', { name: 'Undo', exact: true }).click()
  await bar.waitFor({ state: 'detached', timeout: 30_000 })
  assertEqual((await engine(p, 'getProfile', 'u3')).properties.plan, 'pro', 'u3 plan after the undo')

  await p.getByRole('button', { name: 'Delete profile', exact: true }).click()
  await p.getByRole('alertdialog', { name: 'Delete this profile?' }).getByRole('button', { name: 'Delete', exact: true }).click()
  await bar.getByRole('button', { name: 'Undo', exact: true }).click()
  await bar.waitFor({ state: 'detached', timeout: 30_000 })
  assertEqual((await engine(p, 'getProfile', 'u3'))?.properties.$name, 'User 003', 'u3 back after undoing the delete')
}, { needs: [SEEDED] })
