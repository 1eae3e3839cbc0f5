// Cohorts you can work with (issue 15), as a user would: the delete dialog
// listing the cohorts that use one (with Edit links), edit → Save changes
// (and a cycle refused), duplicate, a cohort from a pasted list of emails,
// overlap numbers equal to the totals of the views they link to, Show SQL,
// a saved view reopened, Freeze, a list uploaded as a file, the size line,
// and (issue 14, last, since it erases the workspace)
// a cohort's members exported and definitions carried to an empty workspace.
// One Chromium profile with a small workspace written through the engine
// (120 users, a purchase for every fourth).
import { readFile } from 'node:fs/promises'
import {
  afterAll, assert, assertEqual, checkAccessibility, engine, launch, openApp, profileDir, readTotal, test, ui, waitFor, waitReady,
} from './harness.mjs'

const SEED = 'cohorts: a small workspace with three cohorts'
const story = { session: null, page: null, ids: {} }
afterAll(async () => { await story.session?.close() })

async function page(t, path) {
  if (!story.session) story.session = await launch(t, { dir: await profileDir('cohorts'), keep: true })
  if (!story.page || story.page.isClosed()) story.page = await openApp(t, story.session, path ?? '/')
  else if (path) await visit(story.page, path)
  t.pages.add(story.page)
  return story.page
}

/** Goes to a path of the app and waits for the database to be open. */
async function visit(p, path) {
  await p.goto(new URL(path, p.url()).href, { waitUntil: 'load' })
  await waitReady(p)
}

const filters = (p) => p.getByRole('group', { name: 'Filters', exact: true })
const and = (...f) => ({ op: 'and', filters: f })
const inCohort = (cohortId) => ({ type: 'cohort', cohortId, operator: 'in' })
const cohortsTable = (p) => p.getByRole('table', { name: 'Saved cohorts' })
/** JSON with sorted keys (jsonb keeps keys in its own order). */
const canonical = (v) => JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x))
const same = (actual, expected, what) => assertEqual(canonical(actual), canonical(expected), what)

async function cohortByName(p, name) {
  return (await engine(p, 'listCohorts')).find((c) => c.name === name)
}

/** The Users page's total once it settled and equals `expected`. */
async function totalIs(p, expected, what) {
  let last = null
  await waitFor(async () => {
    last = await readTotal(p).catch(() => null)
    return last === expected && !(await p.locator('.total-line .spinner').count())
  }, { timeout: 30_000, message: () => `the total to be ${expected} for ${what} (shows ${last})` })
}

const PROFILES = Array.from({ length: 120 }, (_, i) => ({ $distinct_id: `u${i}`, $set: { plan: i % 3 === 0 ? 'pro' : 'free', $email: `user${i}@example.com`, $name: `User ${i}` } }))

test(SEED, async (t) => {
  const p = await page(t)
  await waitReady(p)
  const r = await engine(p, 'applyProfileUpdates', PROFILES)
  assertEqual(r.errors.length, 0, 'profile updates refused')
  const events = Array.from({ length: 30 }, (_, k) => ({ event: 'buy', properties: { distinct_id: `u${k * 4}`, time: 1_700_000_000 + k * 3600, $insert_id: `b${k}` } }))
  await engine(p, 'importEvents', events)
  const pro = await engine(p, 'saveCohort', { name: 'Pro', kind: 'dynamic', filter: and({ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro'] }) })
  const buyers = await engine(p, 'saveCohort', { name: 'Buyers', kind: 'dynamic', filter: and({ type: 'behavior', event: 'buy', operator: 'atLeast', count: 1 }) })
  const both = await engine(p, 'saveCohort', { name: 'Pro buyers', kind: 'dynamic', filter: and(inCohort(pro.id), inCohort(buyers.id)) })
  story.ids = { pro: pro.id, buyers: buyers.id, both: both.id }
  await p.reload({ waitUntil: 'load' })
  await waitReady(p, { minProfiles: 120 })
}, { timeout: 120_000 })

test('cohorts: Delete lists the cohorts that use this one, with Edit links, and deletes nothing meanwhile', async (t) => {
  const p = await page(t, '/cohorts')
  const table = cohortsTable(p)
  await table.getByRole('link', { name: 'Pro buyers', exact: true }).waitFor({ timeout: 20_000 })
  await checkAccessibility(p, 'the Cohorts page')
  await table.getByRole('button', { name: 'Delete cohort Pro', exact: true }).click()
  const dialog = p.getByRole('alertdialog', { name: 'Delete this cohort?' })
  const uses = dialog.getByRole('list', { name: 'Cohorts that use this one' })
  await uses.waitFor({ timeout: 10_000 })
  same((await uses.getByRole('listitem').allTextContents()).map((s) => s.replace(/\s*Edit$/, '').trim()), ['Pro buyers'], 'the dependants listed')
  assert(await dialog.getByRole('button', { name: 'Delete', exact: true }).isDisabled(), 'Delete is disabled while another cohort uses it')
  await checkAccessibility(p, 'the delete dialog with dependants', { include: '[role=alertdialog]' })
  // The Edit link opens the dependant for editing.
  await dialog.getByRole('link', { name: 'Edit cohort Pro buyers', exact: true }).click()
  await p.getByRole('region', { name: 'Editing cohort' }).getByText('Editing cohort Pro buyers').waitFor({ timeout: 15_000 })
  assert(await cohortByName(p, 'Pro'), 'Pro was not deleted')
}, { needs: [SEED] })

test('cohorts: edit → Save changes (a cycle is refused first, saying why), the URL holding the edit', async (t) => {
  const p = await page(t, '/cohorts')
  await cohortsTable(p).getByRole('link', { name: 'Edit cohort Pro buyers', exact: true }).click()
  const bar = p.getByRole('region', { name: 'Editing cohort' })
  await bar.getByText('Editing cohort Pro buyers').waitFor({ timeout: 15_000 })
  const url = new URL(p.url())
  assertEqual(url.searchParams.get('editCohort'), story.ids.both, 'the URL names the cohort being edited')
  same(JSON.parse(url.searchParams.get('filter')), and(inCohort(story.ids.pro), inCohort(story.ids.buyers)), 'the builder holds the cohort\'s filter')
  const bothSize = await engine(p, 'countUsers', { scope: 'all', filter: and(inCohort(story.ids.both)) })
  await totalIs(p, bothSize, 'the cohort being edited')
  // A reload keeps the edit going.
  await p.reload({ waitUntil: 'load' })
  await bar.getByText('Editing cohort Pro buyers').waitFor({ timeout: 20_000 })
  await checkAccessibility(p, 'the Users page editing a cohort')

  // Make Pro use Pro buyers, as an edit of Pro: refused with the names.
  await visit(p, '/cohorts')
  await cohortsTable(p).getByRole('link', { name: 'Edit cohort Pro', exact: true }).click()
  await bar.getByText('Editing cohort Pro').waitFor({ timeout: 15_000 })
  await filters(p).getByRole('group', { name: 'Add to Filters', exact: true }).getByRole('button', { name: '+ Cohort', exact: true }).click()
  await filters(p).getByRole('group', { name: 'Condition 2', exact: true }).getByRole('combobox', { name: 'Cohort' }).selectOption({ label: 'Pro buyers' })
  await bar.getByRole('button', { name: 'Save changes' }).click()
  const alert = bar.getByRole('alert')
  await alert.waitFor({ timeout: 10_000 })
  const message = await alert.textContent()
  assert(/would make “Pro” use itself/.test(message) && message.includes('“Pro buyers”'), `the cycle explained by name: ${message}`)
  assertEqual((await cohortByName(p, 'Pro')).filter.filters.length, 1, 'Pro unchanged after the refusal')
  await bar.getByRole('button', { name: 'Cancel', exact: true }).click()
  await p.waitForURL((u) => u.pathname === '/cohorts', { timeout: 10_000 })

  // Edit Pro buyers: drop its second condition, Save changes.
  await cohortsTable(p).getByRole('link', { name: 'Edit cohort Pro buyers', exact: true }).click()
  await bar.getByText('Editing cohort Pro buyers').waitFor({ timeout: 15_000 })
  await filters(p).getByRole('button', { name: 'Remove Condition 2', exact: true }).click()
  await bar.getByRole('button', { name: 'Save changes' }).click()
  await p.waitForURL((u) => u.pathname === '/cohorts', { timeout: 15_000 })
  await p.getByRole('region', { name: /^Notifications/ }).getByText('Saved the changes to “Pro buyers”').waitFor({ timeout: 5000 })
  const saved = await cohortByName(p, 'Pro buyers')
  same(saved.filter, and(inCohort(story.ids.pro)), 'the saved filter')
}, { needs: [SEED], timeout: 120_000 })

test('cohorts: Duplicate, and rename in place', async (t) => {
  const p = await page(t, '/cohorts')
  const table = cohortsTable(p)
  await table.getByRole('button', { name: 'More actions for cohort Buyers' }).click()
  await p.getByRole('menuitem', { name: 'Duplicate' }).click()
  await table.getByRole('link', { name: 'Copy of Buyers', exact: true }).waitFor({ timeout: 15_000 })
  const [orig, copy] = [await cohortByName(p, 'Buyers'), await cohortByName(p, 'Copy of Buyers')]
  assert(copy && copy.id !== orig.id, 'a new cohort')
  same(copy.filter, orig.filter, 'the copy has the same definition')
  await table.getByRole('button', { name: 'More actions for cohort Copy of Buyers' }).click()
  await p.getByRole('menuitem', { name: 'Rename and describe' }).click()
  const form = table.getByRole('form', { name: 'Rename cohort Copy of Buyers' })
  await form.getByRole('textbox', { name: 'Cohort name' }).fill('Buyers (spare)')
  await form.getByRole('textbox', { name: 'Description' }).fill('a copy to try things on')
  await form.getByRole('button', { name: 'Save' }).click()
  await table.getByRole('link', { name: 'Buyers (spare)', exact: true }).waitFor({ timeout: 15_000 })
  assertEqual((await cohortByName(p, 'Buyers (spare)'))?.description, 'a copy to try things on', 'the description saved')
}, { needs: [SEED] })

test('cohorts: a static cohort from a pasted list of emails reports what matched nothing', async (t) => {
  const p = await page(t, '/cohorts')
  await p.getByRole('button', { name: 'New cohort from a list…' }).click()
  const dialog = p.getByRole('dialog', { name: 'New cohort from a list' })
  await dialog.getByRole('textbox', { name: 'Cohort name' }).fill('Invited')
  await dialog.getByRole('textbox', { name: 'List of users' }).fill('email\nUSER1@example.com\nuser2@example.com\nnobody@example.com\n')
  await dialog.getByRole('button', { name: 'Check the list' }).click()
  const report = dialog.getByRole('status', { name: 'List check' })
  await report.waitFor({ timeout: 10_000 })
  const text = await report.textContent()
  assert(text.includes('2 users matched from 3 entries') && text.includes('nobody@example.com'), `the report: ${text}`)
  await checkAccessibility(p, 'the list dialog', { include: '[role=dialog]' })
  await dialog.getByRole('button', { name: 'Create cohort of 2 users' }).click()
  await p.waitForURL((u) => u.pathname === '/' && u.searchParams.has('filter'), { timeout: 15_000 })
  same((await cohortByName(p, 'Invited'))?.members, ['u1', 'u2'], 'the members')
  await totalIs(p, 2, 'the new cohort\'s members')

  // Editing the static cohort: search for others, add all that match, Done.
  await visit(p, '/cohorts')
  await cohortsTable(p).getByRole('link', { name: 'Edit cohort Invited', exact: true }).click()
  const bar = p.getByRole('region', { name: 'Editing cohort' })
  await bar.getByText('Editing static cohort Invited').waitFor({ timeout: 15_000 })
  await ui.search(p).fill('user3')
  const matching = await engine(p, 'countUsers', { scope: 'all', search: 'user3', filter: and(inCohort((await cohortByName(p, 'Invited')).id)) })
  assertEqual(matching, 0, 'none of the members match user3')
  // The cohort condition stays in the builder: clear it to look at everyone.
  await p.getByRole('button', { name: 'Clear filters' }).click()
  await totalIs(p, 11, 'user3, user30 … user39')
  assert(new URL(p.url()).searchParams.get('editCohort'), 'still editing after the view changed')
  await bar.getByRole('button', { name: 'Add all 11 matching' }).click()
  await p.getByRole('region', { name: /^Notifications/ }).getByText('Added 11 users to “Invited”').waitFor({ timeout: 10_000 })
  assertEqual((await cohortByName(p, 'Invited')).members.length, 13, 'the members after adding')
  await bar.getByRole('button', { name: 'Done' }).click()
  await p.waitForURL((u) => u.pathname === '/cohorts', { timeout: 10_000 })
}, { needs: [SEED], timeout: 120_000 })

test('cohorts: overlap of two cohorts, each number equal to the total of the view it links to', async (t) => {
  const p = await page(t, '/cohorts')
  const panel = p.getByRole('region', { name: 'Compare cohorts' })
  await panel.getByRole('combobox', { name: 'First cohort' }).selectOption({ label: 'Pro' })
  await panel.getByRole('combobox', { name: 'Second cohort' }).selectOption({ label: 'Buyers' })
  await panel.getByRole('button', { name: 'Compare' }).click()
  const table = panel.getByRole('table', { name: 'Overlap' })
  await table.waitFor({ timeout: 15_000 })
  await checkAccessibility(p, 'the Cohorts page with an overlap')
  const links = await table.getByRole('link').evaluateAll((as) => as.map((a) => ({ label: a.getAttribute('aria-label'), href: a.getAttribute('href'), n: Number(a.textContent.replace(/\D/g, '')) })))
  assertEqual(links.length, 3, 'three regions')
  // 120 users: pro = i%3==0 (40), buyers = i%4==0 (30), both = i%12==0 (10).
  same(links.map((l) => l.n), [10, 20, 30], 'in both, only in Buyers, only in Pro')
  for (const link of links) {
    await visit(p, link.href)
    await totalIs(p, link.n, link.label)
    t.note(`${link.label} → ${link.n}`)
  }
}, { needs: [SEED], timeout: 120_000 })

test('cohorts: Show SQL, and a saved view reopened from the Views menu', async (t) => {
  const p = await page(t, '/?scope=all')
  await ui.search(p).fill('user1')
  await totalIs(p, await engine(p, 'countUsers', { scope: 'all', search: 'user1' }), 'the search')
  await p.getByRole('button', { name: 'Show SQL' }).click()
  const sqlDialog = p.getByRole('dialog', { name: /^SQL for/ })
  const sql = await sqlDialog.getByRole('textbox', { name: 'SQL' }).inputValue()
  assert(sql.includes('from profiles p') && sql.includes('"%user1%"'), `the SQL and its parameters: ${sql.slice(0, 300)}`)
  assert(await sqlDialog.getByRole('textbox', { name: 'SQL' }).evaluate((el) => el.readOnly), 'read-only')
  await checkAccessibility(p, 'the Show SQL dialog', { include: '[role=dialog]' })
  await sqlDialog.getByRole('button', { name: 'Close' }).click()

  await p.getByRole('button', { name: 'Saved views' }).click()
  await p.getByRole('menuitem', { name: 'Save this view…' }).click()
  const save = p.getByRole('dialog', { name: 'Save this view' })
  await save.getByRole('textbox', { name: 'View name' }).fill('Ones')
  await save.getByRole('button', { name: 'Save view' }).click()
  await save.waitFor({ state: 'detached', timeout: 10_000 })
  const views = await engine(p, 'listViews')
  same(views.map((v) => [v.name, v.view.scope, v.view.search]), [['Ones', 'all', 'user1']], 'the saved view')

  await visit(p, '/?scope=profiles&q=User%205')
  await totalIs(p, await engine(p, 'countUsers', { scope: 'profiles', search: 'User 5' }), 'another view')
  await p.getByRole('button', { name: 'Saved views' }).click()
  await p.getByRole('menuitem', { name: 'Ones' }).click()
  await p.waitForURL((u) => u.searchParams.get('q') === 'user1' && u.searchParams.get('scope') === 'all', { timeout: 10_000 })
  assertEqual(await ui.search(p).inputValue(), 'user1', 'the search box')
  await totalIs(p, await engine(p, 'countUsers', { scope: 'all', search: 'user1' }), 'the reopened view')
  assert(story.session.errors.length === 0, `console errors:\n  ${story.session.errors.join('\n  ')}`)
}, { needs: [SEED], timeout: 120_000 })

test('cohorts: Freeze a dynamic cohort; add users to the frozen one from an uploaded file; the size line tells each recorded size', async (t) => {
  const p = await page(t, '/cohorts')
  const table = cohortsTable(p)
  await table.getByRole('button', { name: 'More actions for cohort Pro', exact: true }).click()
  await p.getByRole('menuitem', { name: 'Freeze into a static cohort', exact: true }).click()
  await p.getByRole('region', { name: /^Notifications/ }).getByText('Froze “Pro” into a static cohort').waitFor({ timeout: 15_000 })
  const frozen = (await engine(p, 'listCohorts')).find((c) => /^Pro \(frozen \d{4}-\d{2}-\d{2}\)$/.test(c.name))
  assert(frozen && frozen.kind === 'static', 'a new static cohort named for the day')
  const proMembers = (await engine(p, 'listUsers', { scope: 'all', filter: and(inCohort(story.ids.pro)), offset: 0, limit: 1000 })).map((r) => r.distinctId).sort()
  same(frozen.members, proMembers, 'the frozen cohort holds Pro\'s members of today')
  const line = table.getByRole('img', { name: new RegExp(`^Size of ${frozen.name.replace(/[()]/g, '\\$&')}`) })
  await waitFor(async () => /: 40 on .* \(one recorded point\)$/.test((await line.getAttribute('aria-label').catch(() => '')) ?? ''), { message: 'the size line to show one point of 40' })

  // Two more users, from an uploaded file of distinct ids (one of them no user).
  await table.getByRole('button', { name: `More actions for cohort ${frozen.name}`, exact: true }).click()
  await p.getByRole('menuitem', { name: 'Add users from a list…', exact: true }).click()
  const dialog = p.getByRole('dialog', { name: `Add users to “${frozen.name}” from a list`, exact: true })
  await dialog.getByRole('radio', { name: 'Distinct IDs' }).check()
  await dialog.getByLabel('Upload a list', { exact: true }).setInputFiles({ name: 'more.csv', mimeType: 'text/csv', buffer: Buffer.from('distinct_id,note\nu1,a\nu2,b\nnobody,c\n') })
  await waitFor(async () => (await dialog.getByRole('textbox', { name: 'List of users' }).inputValue()).includes('nobody'), { message: 'the file to fill the list' })
  await dialog.getByRole('button', { name: 'Check the list' }).click()
  const report = await dialog.getByRole('status', { name: 'List check' }).textContent({ timeout: 10_000 })
  assert(report.includes('2 users matched from 3 entries') && report.includes('nobody'), `the report: ${report}`)
  await dialog.getByRole('button', { name: 'Add 2 users' }).click()
  await p.getByRole('region', { name: /^Notifications/ }).getByText(`Added 2 users to “${frozen.name}”`).waitFor({ timeout: 10_000 })
  same((await cohortByName(p, frozen.name)).members, [...proMembers, 'u1', 'u2'].sort(), 'the members after adding')
  await waitFor(async () => /over time: 2 recorded points, from 40 on .* to 42 on /.test((await line.getAttribute('aria-label').catch(() => '')) ?? ''),
    { message: async () => `the size line to tell 40 then 42 (says ${await line.getAttribute('aria-label').catch(() => null)})` })
}, { needs: [SEED], timeout: 120_000 })

async function download(p, click) {
  const [d] = await Promise.all([p.waitForEvent('download', { timeout: 60_000 }), click()])
  return { name: d.suggestedFilename(), text: await readFile(await d.path(), 'utf8') }
}

const sizeOf = (p, id) => engine(p, 'countUsers', { scope: 'all', filter: and(inCohort(id)) })

test('cohorts: Export a cohort\'s members; definitions carried to an empty workspace (a missing cohort named and nothing created, then each created)', async (t) => {
  const p = await page(t, '/cohorts')
  await p.evaluate(() => { window.showSaveFilePicker = undefined })
  const table = cohortsTable(p)
  await table.getByRole('button', { name: 'Export cohort Pro', exact: true }).click()
  const exportDialog = p.getByRole('dialog', { name: 'Export members of “Pro”', exact: true })
  await exportDialog.waitFor({ timeout: 15_000 })
  assert(await exportDialog.getByRole('radio', { name: 'All 40 members of “Pro”', exact: true }).isChecked(), 'all 40 members are chosen')
  const csv = await download(p, () => exportDialog.getByRole('button', { name: 'Export', exact: true }).click())
  assert(/^cohortlite-cohort-Pro-\d{4}-\d{2}-\d{2}\.csv$/.test(csv.name), `the file name: ${csv.name}`)
  const [header, ...lines] = csv.text.trim().split(/\r?\n/)
  assertEqual(header, '$distinct_id,$name,$email,$city,$country_code', 'the header: the id, then the Users page\'s default columns')
  const members = (await engine(p, 'listUsers', { scope: 'all', filter: and(inCohort(story.ids.pro)), offset: 0, limit: 1000 })).map((r) => r.distinctId)
  same(lines.map((l) => l.split(',')[0]).sort(), [...members].sort(), 'the rows are the cohort\'s members')
  await exportDialog.getByRole('button', { name: 'Close', exact: true }).click()

  // Download the definitions, and remember each cohort's size here.
  const names = ['Pro', 'Pro buyers', 'Buyers', 'Invited']
  const files = {}, sizes = {}
  for (const name of names) {
    await table.getByRole('button', { name: `More actions for cohort ${name}`, exact: true }).click()
    files[name] = await download(p, () => p.getByRole('menuitem', { name: 'Download definition', exact: true }).click())
    sizes[name] = await sizeOf(p, (await cohortByName(p, name)).id)
  }
  assert(/^cohortlite-cohort-Pro_buyers-\d{4}-\d{2}-\d{2}\.json$/.test(files['Pro buyers'].name), `the file name: ${files['Pro buyers'].name}`)
  const definition = JSON.parse(files['Pro buyers'].text)
  same(definition.cohort.filter, (await cohortByName(p, 'Pro buyers')).filter, 'the file holds the filter')
  same(definition.uses.cohorts, [{ id: story.ids.pro, name: 'Pro' }], 'and the cohort it uses, by id and name')
  same(JSON.parse(files.Invited.text).cohort.members, (await cohortByName(p, 'Invited')).members, 'a static cohort\'s file holds its member ids')

  // Another workspace: the same profiles, no events, no cohorts.
  await engine(p, 'erase')
  assertEqual((await engine(p, 'applyProfileUpdates', PROFILES)).errors.length, 0, 'profiles written')
  await visit(p, '/cohorts')
  await p.getByText('No saved cohorts yet.').waitFor({ timeout: 15_000 })
  const choose = async (name) => {
    await p.getByRole('button', { name: 'Import a cohort definition…', exact: true }).click()
    const dialog = p.getByRole('dialog', { name: 'Import a cohort definition', exact: true })
    await dialog.getByLabel('Cohort file', { exact: true }).setInputFiles({ name: files[name].name, mimeType: 'application/json', buffer: Buffer.from(files[name].text) })
    await dialog.getByRole('status', { name: 'Cohort file check' }).waitFor({ timeout: 15_000 })
    return dialog
  }
  const importIt = async (dialog, name) => {
    await dialog.getByRole('button', { name: 'Import cohort', exact: true }).click()
    await p.getByRole('region', { name: /^Notifications/ }).getByText(`Imported the cohort “${name}”`).waitFor({ timeout: 15_000 })
    await table.getByRole('link', { name, exact: true }).waitFor({ timeout: 15_000 })
    assertEqual(await sizeOf(p, (await cohortByName(p, name)).id), name === 'Buyers' ? 0 : sizes[name], `the size of ${name} here`)
  }

  // Pro buyers before Pro: refused, naming Pro, and nothing is created.
  let dialog = await choose('Pro buyers')
  const alert = dialog.getByRole('alert')
  await alert.waitFor({ timeout: 10_000 })
  const refusal = await alert.textContent()
  assert(refusal.includes('Nothing can be imported') && refusal.includes(`“Pro” (${story.ids.pro})`) && refusal.includes('import its definition first'), `the refusal: ${refusal}`)
  assert(await dialog.getByRole('button', { name: 'Import cohort', exact: true }).isDisabled(), 'Import is disabled while a cohort it uses is missing')
  await checkAccessibility(p, 'the import dialog with a missing cohort', { include: '[role=dialog]' })
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click()
  assertEqual((await engine(p, 'listCohorts')).length, 0, 'nothing was created')

  await importIt(await choose('Pro'), 'Pro')
  dialog = await choose('Pro buyers')
  const uses = await dialog.getByRole('status', { name: 'Cohort file check' }).textContent()
  assert(uses.includes('Uses “Pro”, found in this workspace.'), `the check: ${uses}`)
  await importIt(dialog, 'Pro buyers')
  // Buyers counts "buy" events, which this workspace has never seen: said, and imported anyway.
  dialog = await choose('Buyers')
  const unseen = await dialog.getByRole('status', { name: 'Cohort file check' }).textContent()
  assert(unseen.includes('Never seen here: event buy.'), `the check names the unseen event: ${unseen}`)
  await importIt(dialog, 'Buyers')
  dialog = await choose('Invited')
  const invited = await dialog.getByRole('status', { name: 'Cohort file check' }).textContent()
  assert(invited.includes(`${sizes.Invited} members; ${sizes.Invited} of them are users in this workspace.`), `the static cohort's check: ${invited}`)
  await importIt(dialog, 'Invited')
  same((await engine(p, 'listCohorts')).map((c) => c.name), ['Pro', 'Pro buyers', 'Buyers', 'Invited'], 'the cohorts created')
  assert(story.session.errors.length === 0, `console errors:\n  ${story.session.errors.join('\n  ')}`)
}, { needs: [SEED], timeout: 180_000 })
