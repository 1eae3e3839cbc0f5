// The profile page and Add/Edit Profile (issue 7), driven as a user would:
// by roles and accessible names. One Chromium profile holds the sample data
// for every test here (loaded once, through the "Load sample data" button).
import {
  afterAll, assert, assertEqual, engine, launch, openApp, profileDir, readTotal, sleep, test, ui, visibleRows, waitFor, waitReady,
} from './harness.mjs'

const LOADED = 'Profile: sample data for the profile tests'

/** The sample project as the app generates it (same seed), read in Node through Vite since it is TypeScript. */
async function sampleProject() {
  const { runnerImport } = await import('vite')
  const file = new URL('../../workers/engine/sample/index.ts', import.meta.url).pathname
  const { module } = await runnerImport(file, { configFile: false, logLevel: 'silent' })
  const project = module.createSampleProject({})
  const counts = new Map()
  for (const batch of project.eventBatches()) {
    for (const e of batch) counts.set(e.properties.distinct_id, (counts.get(e.properties.distinct_id) ?? 0) + 1)
  }
  const busiest = [...counts].sort((a, b) => b[1] - a[1])[0][0]
  const profiles = new Set(project.profileUpdates.map((u) => u.$distinct_id))
  const anonymous = [...counts.keys()].find((id) => !profiles.has(id))
  return { busiest, anonymous, group: project.groupUpdates[0], groupKey: module.SAMPLE_GROUP_KEY }
}

const story = { dir: '', session: null, page: null, sample: null }
afterAll(async () => { await story.session?.close() })

async function storyPage(t, path) {
  if (!story.session) {
    story.session = await launch(t, { dir: story.dir, keep: true })
    story.page = null
  }
  if (!story.page || story.page.isClosed()) story.page = await openApp(t, story.session, path ?? '/')
  else if (path) await story.page.goto(new URL(path, story.page.url()).href)
  t.pages.add(story.page)
  return story.page
}

const props = (page) => page.getByRole('table', { name: 'Properties', exact: true })
const propRow = (page, name) => props(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) })
const feedStatus = (page) => page.getByRole('status', { name: 'Feed status', exact: true })

/** The value cell's text of a property, or null when the property is not shown. */
async function propValue(page, name) {
  const row = propRow(page, name)
  if ((await row.count()) === 0) return null
  // The row can go between the count and the read (a delete re-renders the table).
  const text = await row.locator('td.prop-value').textContent({ timeout: 2000 }).catch(() => null)
  return text === null ? null : text.trim()
}

async function openProfile(t, id) {
  const page = await storyPage(t, `/users/${encodeURIComponent(id)}`)
  await waitReady(page, { minProfiles: 1 })
  await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 20_000 })
  return page
}

/** Scrolls the feed until it says it has everything; returns the number of events it loaded. */
async function scrollFeedToEnd(page) {
  const feed = page.getByRole('list', { name: 'Activity feed', exact: true })
  let text = ''
  await waitFor(async () => {
    await feed.evaluate((el) => { el.scrollTop = el.scrollHeight })
    text = (await feedStatus(page).textContent()) ?? ''
    return /End of activity|No events/.test(text)
  }, { timeout: 30_000, interval: 150, message: () => `the feed to reach its end (status: ${JSON.stringify(text)})` })
  const m = /([\d,]+) events?/.exec(text)
  return m ? Number(m[1].replace(/,/g, '')) : 0
}

async function chartTotal(page) {
  const caption = (await page.getByLabel('Events in range', { exact: true }).textContent()) ?? ''
  return Number(/([\d,]+) events?/.exec(caption)[1].replace(/,/g, ''))
}

test(LOADED, async (t) => {
  story.dir = await profileDir('profile-story')
  story.sample = await sampleProject()
  const page = await storyPage(t)
  await waitReady(page)
  await ui.loadSample(page).click()
  await ui.progress(page).waitFor({ state: 'visible', timeout: 10_000 })
  await ui.progress(page).waitFor({ state: 'detached', timeout: 240_000 })
  await waitReady(page, { minProfiles: 5000, timeout: 30_000 })
}, { timeout: 300_000 })

test('Profile: open a profile from the Users table', async (t) => {
  const page = await storyPage(t, '/')
  await waitReady(page, { minProfiles: 1 })
  const rows = await waitFor(async () => {
    const r = await visibleRows(page)
    return r.length > 2 && r.every((x) => x.cells.some(Boolean)) ? r : null
  }, { message: 'rows in grid "Users"' })
  const [name, , id] = rows[0].cells
  await ui.grid(page).getByRole('link', { name, exact: true }).first().click()
  await page.waitForURL(`**/users/${encodeURIComponent(id)}`, { timeout: 10_000 })
  await waitFor(async () => (await page.getByRole('heading', { level: 1 }).textContent())?.trim() === name,
    { message: `the heading to be "${name}"` })
  assertEqual((await page.getByLabel('Distinct ID', { exact: true }).textContent())?.trim(), id, 'distinct id in the header')
  const events = Number(((await page.getByLabel('Event count', { exact: true }).textContent()) ?? '').replace(/\D/g, ''))
  assert(events > 0, `a sample user with a profile has events (Event count: ${events})`)
  assert((await page.getByRole('button', { name: 'Copy distinct ID', exact: true }).count()) === 1, 'a "Copy distinct ID" button')
  assert((await propRow(page, '$email').count()) === 1, 'the properties panel lists $email')
  const usersNav = ui.nav(page).getByRole('link', { name: 'Users', exact: true })
  assert(/\bactive\b/.test(await usersNav.getAttribute('class') ?? ''), 'the Users section stays highlighted in the navigation on a profile')
  t.note(`${name} (${id}): ${events} events`)
}, { needs: [LOADED], timeout: 60_000 })

test('Profile: edit a string, a number and a list; add and delete a property; $phone without + refused', async (t) => {
  const page = await openProfile(t, story.sample.busiest)
  const add = page.getByRole('form', { name: 'Add property', exact: true })
  async function addProperty(name, type, fill) {
    await add.getByLabel('New property name', { exact: true }).fill(name)
    await add.getByLabel('New property type', { exact: true }).selectOption(type)
    await fill(add)
    await add.getByRole('button', { name: 'Add property', exact: true }).click()
    await waitFor(async () => (await propValue(page, name)) !== null, { message: `property ${name} to show` })
  }
  // string
  await addProperty('note', 'string', (f) => f.getByLabel('New property value', { exact: true }).fill('hello'))
  assertEqual(await propValue(page, 'note'), 'hello', 'note after adding')
  await page.getByRole('button', { name: 'Edit note', exact: true }).click()
  await page.getByLabel('Value of note', { exact: true }).fill('hello, world')
  await page.getByRole('form', { name: 'Edit note' }).getByRole('button', { name: 'Save', exact: true }).click()
  await waitFor(async () => (await propValue(page, 'note')) === 'hello, world', { message: 'note to read "hello, world"' })
  // number
  await addProperty('score', 'number', (f) => f.getByLabel('New property value', { exact: true }).fill('5'))
  assertEqual(await propRow(page, 'score').getByText('Number', { exact: true }).count(), 1, 'score is typed Number')
  await page.getByRole('button', { name: 'Edit score', exact: true }).click()
  await page.getByLabel('Value of score', { exact: true }).fill('7.5')
  await page.getByRole('form', { name: 'Edit score' }).getByRole('button', { name: 'Save', exact: true }).click()
  await waitFor(async () => (await propValue(page, 'score')) === '7.5', { message: 'score to read 7.5' })
  // list, as chips
  await addProperty('colours', 'list', async (f) => {
    const box = f.getByLabel('Add to New property value', { exact: true })
    for (const c of ['red', 'green']) { await box.fill(c); await box.press('Enter') }
  })
  await page.getByRole('button', { name: 'Edit colours', exact: true }).click()
  const editor = page.getByRole('form', { name: 'Edit colours' })
  await editor.getByRole('button', { name: 'Remove red', exact: true }).click()
  await editor.getByLabel('Add to Value of colours', { exact: true }).fill('blue')
  await editor.getByLabel('Add to Value of colours', { exact: true }).press('Enter')
  await editor.getByRole('button', { name: 'Save', exact: true }).click()
  await waitFor(async () => (await propValue(page, 'colours'))?.replace(/\s+/g, ' ') === 'greenblue' ||
    (await propRow(page, 'colours').getByRole('listitem').allTextContents()).join(',') === 'green,blue',
  { message: 'colours to be [green, blue]' })
  // delete
  await page.getByRole('button', { name: 'Delete note', exact: true }).click()
  await waitFor(async () => (await propValue(page, 'note')) === null, { message: 'note to be gone' })
  // $phone must start with + and a country code
  await add.getByLabel('New property name', { exact: true }).fill('$phone')
  await add.getByLabel('New property value', { exact: true }).fill('020 7946 0958')
  await add.getByRole('button', { name: 'Add property', exact: true }).click()
  await add.getByRole('alert').filter({ hasText: '$phone must start with +' }).waitFor({ timeout: 5000 })
  // A refusal from the engine shows with the engine's own message, and nothing is written.
  await add.getByLabel('New property name', { exact: true }).fill('huge')
  await add.getByLabel('New property type', { exact: true }).selectOption('string')
  await add.getByLabel('New property value', { exact: true }).fill('x'.repeat(1_100_000))
  await add.getByRole('button', { name: 'Add property', exact: true }).click()
  await page.getByRole('alert').filter({ hasText: 'Not saved: $set.huge is larger than 1 MB' }).waitFor({ timeout: 10_000 })
  assertEqual(await propValue(page, 'huge'), null, 'the refused property is not shown')
  // Stored: the edits survive a reload.
  await page.reload()
  await waitReady(page, { minProfiles: 1 })
  await waitFor(async () => (await propValue(page, 'score')) === '7.5', { message: 'score after reload' })
  assertEqual((await propRow(page, 'colours').getByRole('listitem').allTextContents()).join(','), 'green,blue', 'colours after reload')
  assertEqual(await propValue(page, 'note'), null, 'note after reload')
  // Search narrows the panel.
  await page.getByRole('searchbox', { name: 'Search properties', exact: true }).fill('colo')
  await waitFor(async () => (await props(page).getByRole('rowheader').count()) === 1, { message: 'one property to match "colo"' })
}, { needs: [LOADED], timeout: 90_000 })

test('Profile: page through a long activity feed, expand a folded run, open an event; the chart matches the feed', async (t) => {
  const page = await openProfile(t, story.sample.busiest)
  await page.getByRole('radiogroup', { name: 'Range', exact: true }).getByRole('radio', { name: 'Last 90 days', exact: true }).check()
  await waitFor(async () => /loaded|End of activity/.test((await feedStatus(page).textContent()) ?? ''), { message: 'the feed to load' })
  const total = await scrollFeedToEnd(page)
  const chart = await chartTotal(page)
  assert(total > 200, `the busiest sample user's feed spans several pages of 200 (${total} events)`)
  assertEqual(total, chart, 'events in the feed (paged to the end) vs the chart total')
  // One day: a bar narrows the range to its day; the feed then holds that bar's count.
  const bar = page.getByRole('button', { name: /^\d{4}-\d{2}-\d{2}: [1-9][\d,]* events?$/ }).last()
  const label = await bar.getAttribute('aria-label')
  const dayCount = Number(/: ([\d,]+)/.exec(label)[1].replace(/,/g, ''))
  await bar.click()
  await waitFor(async () => /End of activity/.test((await feedStatus(page).textContent()) ?? ''), { message: 'the one-day feed' })
  assertEqual(await scrollFeedToEnd(page), dayCount, `events in the feed for ${label}`)
  // Back to 90 days, and the chart by keyboard: one Tab stop, the arrows move between days, Enter picks one.
  await page.getByRole('radio', { name: 'Last 90 days', exact: true }).check()
  const bars = page.getByRole('group', { name: 'Events per day', exact: true }).getByRole('button')
  await waitFor(async () => (await bars.count()) > 60, { message: 'the 90-day chart' })
  const stops = await bars.evaluateAll((gs) => gs.filter((g) => g.getAttribute('tabindex') === '0').map((g) => g.getAttribute('aria-label')))
  assertEqual(stops.length, 1, 'the chart is one Tab stop')
  await bars.last().focus()
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('ArrowLeft')
  const picked = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')
  const pickedDay = /^\d{4}-\d{2}-\d{2}/.exec(picked)?.[0]
  assert(pickedDay && picked !== stops[0], `ArrowLeft moves to an earlier day (${stops[0]} → ${picked})`)
  await page.keyboard.press('Enter')
  await waitFor(async () => ((await page.getByLabel('Events in range', { exact: true }).textContent()) ?? '').includes(`from ${pickedDay} to ${pickedDay}`),
    { message: `Enter to narrow the range to ${pickedDay}` })
  // Fold, unfold, details.
  await page.getByRole('radio', { name: 'Last 90 days', exact: true }).check()
  const feed = page.getByRole('list', { name: 'Activity feed', exact: true })
  const run = feed.getByRole('button', { name: /^Expand \d+ / }).first()
  await run.waitFor({ timeout: 20_000 })
  const runLabel = await run.getAttribute('aria-label')
  const [, n, event] = /^Expand (\d+) (.+) events$/.exec(runLabel)
  const before = await feed.getByRole('button', { name: new RegExp(`^${event} at `) }).count()
  await run.click()
  await feed.getByRole('button', { name: `Collapse ${n} ${event} events`, exact: true }).waitFor({ timeout: 5000 })
  const after = await feed.getByRole('button', { name: new RegExp(`^${event} at `) }).count()
  assert(after >= before + Math.min(Number(n), 5), `expanding "${runLabel}" shows its events (${before} → ${after} rows named ${event})`)
  await feed.getByRole('button', { name: new RegExp(`^${event} at `) }).first().click()
  const details = page.getByRole('region', { name: 'Event details', exact: true })
  await details.waitFor({ timeout: 5000 })
  assert((await details.getByRole('rowheader', { name: '$insert_id', exact: true }).count()) === 1, 'event details list $insert_id')
  // Hiding an event name takes it out of the feed and the chart.
  const names = page.getByRole('group', { name: 'Event names' })
  const first = names.getByRole('checkbox').first()
  const hiddenName = (await first.getAttribute('aria-label')).replace(/^Show /, '')
  await first.uncheck()
  await waitFor(async () => (await chartTotal(page)) < chart, { message: `the chart total to drop when ${hiddenName} is hidden` })
  const rest = await scrollFeedToEnd(page)
  assertEqual(rest, await chartTotal(page), `feed vs chart without ${hiddenName}`)
  assertEqual(await feed.getByRole('button', { name: new RegExp(`^(Expand \\d+ )?${hiddenName}( at |events)`) }).count(), 0, `${hiddenName} rows in the feed`)
  t.note(`${story.sample.busiest}: ${total} events in 90 days; ${label}; run "${runLabel}"; without ${hiddenName}: ${rest}`)
}, { needs: [LOADED], timeout: 120_000 })

test('Add/Edit Profile: create (phone checked), "already exists" on a second create, "does not exist" on update', async (t) => {
  const page = await storyPage(t, '/')
  await waitReady(page, { minProfiles: 1 })
  const open = async () => {
    await page.getByRole('button', { name: 'Add/Edit Profile', exact: true }).click()
    const d = page.getByRole('dialog', { name: 'Add/Edit Profile', exact: true })
    await d.waitFor({ timeout: 5000 })
    return d
  }
  let dialog = await open()
  await dialog.getByLabel('Distinct ID', { exact: true }).fill('test-created-1')
  await dialog.getByLabel('Property 1 name', { exact: true }).fill('$phone')
  await dialog.getByLabel('Property 1 value', { exact: true }).fill('44 20 7946 0958')
  await dialog.getByRole('button', { name: 'Add property', exact: true }).click()
  await dialog.getByLabel('Property 2 name', { exact: true }).fill('$name')
  await dialog.getByLabel('Property 2 value', { exact: true }).fill('Test Person')
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('alert').filter({ hasText: '$phone must start with +' }).waitFor({ timeout: 5000 })
  await dialog.getByLabel('Property 1 value', { exact: true }).fill('+44 20 7946 0958')
  // $avatar: http/https only.
  await dialog.getByRole('button', { name: 'Add property', exact: true }).click()
  await dialog.getByLabel('Property 3 name', { exact: true }).fill('$avatar')
  await dialog.getByLabel('Property 3 value', { exact: true }).fill('javascript:alert(1)')
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('alert').filter({ hasText: '$avatar must be an http' }).waitFor({ timeout: 5000 })
  await dialog.getByRole('button', { name: 'Remove property 3', exact: true }).click()
  // $email without @: kept, but flagged before saving.
  await dialog.getByRole('button', { name: 'Add property', exact: true }).click()
  await dialog.getByLabel('Property 3 name', { exact: true }).fill('$email')
  await dialog.getByLabel('Property 3 value', { exact: true }).fill('test.person')
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('alert', { name: 'Warning' }).filter({ hasText: '$email has no @' }).waitFor({ timeout: 5000 })
  await dialog.getByRole('button', { name: 'Save anyway', exact: true }).click()
  await page.waitForURL('**/users/test-created-1', { timeout: 10_000 })
  await waitFor(async () => (await page.getByRole('heading', { level: 1 }).textContent())?.trim() === 'Test Person', { message: 'the new profile page' })
  assertEqual(await propValue(page, '$phone'), '+44 20 7946 0958', '$phone on the new profile')
  assertEqual(await propValue(page, '$email'), 'test.person', '$email on the new profile (kept as given)')
  assertEqual(await propValue(page, '$avatar'), null, 'the refused $avatar was not written')

  await page.goto(new URL('/', page.url()).href)
  dialog = await open()
  await dialog.getByLabel('Distinct ID', { exact: true }).fill('test-created-1')
  await dialog.getByLabel('Property 1 name', { exact: true }).fill('plan')
  await dialog.getByLabel('Property 1 value', { exact: true }).fill('pro')
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('alert', { name: 'Warning' }).filter({ hasText: 'already exists' }).waitFor({ timeout: 5000 })
  assert(page.url().endsWith('/'), 'nothing saved yet: still on the Users page')

  await dialog.getByRole('radio', { name: 'Update', exact: true }).check()
  await dialog.getByLabel('Distinct ID', { exact: true }).fill('test-missing-2')
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('alert', { name: 'Warning' }).filter({ hasText: 'does not exist' }).waitFor({ timeout: 5000 })
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click()
  await dialog.waitFor({ state: 'detached', timeout: 5000 })
  // A group profile.
  dialog = await open()
  await dialog.getByLabel('Profile kind', { exact: true }).selectOption({ label: `Group: ${story.sample.groupKey}` })
  await dialog.getByLabel('Group ID', { exact: true }).fill('test-group-1')
  await dialog.getByLabel('Property 1 name', { exact: true }).fill('$name')
  await dialog.getByLabel('Property 1 value', { exact: true }).fill('Test Co')
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await page.waitForURL(`**/groups/${story.sample.groupKey}/test-group-1`, { timeout: 10_000 })
  await waitFor(async () => (await page.getByRole('heading', { level: 1 }).textContent())?.trim() === 'Test Co', { message: 'the new group profile page' })
  // The update was never written.
  await page.goto(new URL('/users/test-missing-2', page.url()).href)
  await page.getByRole('heading', { name: 'No such user', exact: true }).waitFor({ timeout: 15_000 })
  await page.getByRole('link', { name: 'Back to Users', exact: true }).waitFor()
}, { needs: [LOADED], timeout: 90_000 })

test('Profile: delete a profile; its events stay and the page offers to create one', async (t) => {
  const page = await openProfile(t, story.sample.busiest)
  const events = (await page.getByLabel('Event count', { exact: true }).textContent())?.trim()
  await page.getByRole('button', { name: 'Delete profile', exact: true }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Delete this profile?' })
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click()
  await page.getByRole('note', { name: 'No profile', exact: true }).waitFor({ timeout: 10_000 })
  assertEqual((await page.getByLabel('Event count', { exact: true }).textContent())?.trim(), events, 'events after deleting the profile')
  assertEqual(await props(page).count(), 0, 'no properties panel without a profile')
  await page.getByRole('button', { name: 'Create profile', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Add/Edit Profile', exact: true })
  assertEqual(await dialog.getByLabel('Distinct ID', { exact: true }).inputValue(), story.sample.busiest, 'the dialog has the id')
  await dialog.getByLabel('Property 1 name', { exact: true }).fill('$name')
  await dialog.getByLabel('Property 1 value', { exact: true }).fill('Back Again')
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await waitFor(async () => (await page.getByRole('heading', { level: 1 }).textContent())?.trim() === 'Back Again', { message: 'the re-created profile' })
  // A created-then-deleted profile without events is gone altogether.
  const p2 = await openProfile(t, 'test-created-1')
  await p2.getByRole('button', { name: 'Delete profile', exact: true }).click()
  await p2.getByRole('alertdialog', { name: 'Delete this profile?' }).getByRole('button', { name: 'Delete', exact: true }).click()
  await p2.getByRole('heading', { name: 'No such user', exact: true }).waitFor({ timeout: 10_000 })
}, { needs: [LOADED], timeout: 90_000 })

test('Profile: an event-only user and a group profile', async (t) => {
  const page = await openProfile(t, story.sample.anonymous)
  await page.getByRole('note', { name: 'No profile', exact: true }).getByText('events but no profile').waitFor({ timeout: 10_000 })
  assertEqual((await page.getByRole('heading', { level: 1 }).textContent())?.trim(), story.sample.anonymous, 'an event-only user is named by their id')
  const { group, groupKey } = story.sample
  await page.goto(new URL(`/groups/${groupKey}/${encodeURIComponent(group.$group_id)}`, page.url()).href)
  await waitFor(async () => (await page.getByRole('heading', { level: 1 }).textContent())?.trim() === String(group.$set.$name ?? group.$group_id),
    { message: 'the group profile heading' })
  assertEqual((await page.getByLabel('Group ID', { exact: true }).textContent())?.trim(), group.$group_id, 'group id')
  const first = Object.keys(group.$set).find((k) => !k.startsWith('$')) ?? '$name'
  assert((await propRow(page, first).count()) === 1, `the group's property ${first} is listed`)
}, { needs: [LOADED], timeout: 60_000 })

test('Users page: analyse group profiles behind the "Analyze" switch, with their own columns, and open one', async (t) => {
  const page = await storyPage(t, '/')
  await waitReady(page, { minProfiles: 1 })
  const analyze = page.getByRole('combobox', { name: 'Analyze', exact: true })
  await analyze.selectOption(story.sample.groupKey)
  await page.waitForURL(`**/?analyze=${story.sample.groupKey}`, { timeout: 10_000 })
  const groups = await engine(page, 'countUsers', { scope: 'profiles', groupKey: story.sample.groupKey })
  assert(groups > 0, 'the sample has group profiles')
  await waitFor(async () => (await readTotal(page)) === groups, { message: `"Total users" to show the ${groups} group profiles` })
  assertEqual(await ui.scope(page).count(), 0, 'no User Profiles / All Users switch for group profiles')
  const header = await ui.grid(page).getByRole('columnheader').allTextContents()
  assert(header.some((h) => /Group ID/.test(h)), `a "Group ID" column (headers: ${header.join(', ')})`)
  assert(!header.some((h) => /Email/.test(h)), 'the users\' columns are not carried over')
  const rows = await waitFor(async () => {
    const r = await visibleRows(page)
    return r.length > 1 && r.every((x) => x.cells.some(Boolean)) ? r : null
  }, { message: 'group rows in grid "Users"' })
  const [name, id] = rows[0].cells
  const [first] = await engine(page, 'listUsers', { scope: 'profiles', groupKey: story.sample.groupKey, offset: 0, limit: 1 })
  assertEqual(id, first.distinctId, 'the first row is the engine\'s first group')
  await ui.grid(page).getByRole('link', { name, exact: true }).first().click()
  await page.waitForURL(`**/groups/${story.sample.groupKey}/${encodeURIComponent(id)}`, { timeout: 10_000 })
  await waitFor(async () => (await page.getByRole('heading', { level: 1 }).textContent())?.trim() === name, { message: `the group heading "${name}"` })
  // Filters apply to the group profiles' own properties.
  const { group, groupKey } = story.sample
  const property = Object.keys(group.$set).find((k) => !k.startsWith('$') && typeof group.$set[k] === 'string')
  const filter = { op: 'and', filters: [{ type: 'property', property, dataType: 'string', operator: 'equals', values: [group.$set[property]] }] }
  await page.goto(new URL(`/?analyze=${groupKey}&filter=${encodeURIComponent(JSON.stringify(filter))}`, page.url()).href)
  await waitReady(page, { minProfiles: 1 })
  const filtered = await engine(page, 'countUsers', { scope: 'profiles', groupKey, filter })
  assert(filtered > 0 && filtered < groups, `the filter on ${property} narrows the groups (${filtered} of ${groups})`)
  await waitFor(async () => (await readTotal(page)) === filtered, { message: `"Total users" to show the ${filtered} filtered group profiles` })
  await page.getByRole('combobox', { name: 'Analyze', exact: true }).selectOption('')
  await ui.scope(page).waitFor({ timeout: 10_000 })
  await waitFor(async () => (await readTotal(page)) === 5000, { message: 'back to the 5,000 user profiles' })
}, { needs: [LOADED], timeout: 90_000 })

test('Profile: no console errors on the profile pages', async (t) => {
  await storyPage(t)
  await sleep(200)
  assert(story.session.errors.length === 0, `console errors:\n  ${story.session.errors.join('\n  ')}`)
}, { needs: [LOADED], timeout: 30_000 })
