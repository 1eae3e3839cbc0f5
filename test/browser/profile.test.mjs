// The profile page and Add/Edit Profile (issue 7), driven as a user would:
// by roles and accessible names. One Chromium profile holds the sample data
// for every test here (loaded once, through the "Load sample data" button).
import {
  afterAll, assert, assertEqual, checkAccessibility, engine, launch, openApp, profileDir, readTotal, sleep, test, ui, visibleRows, waitFor, waitReady,
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

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
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
  await page.getByRole('list', { name: 'Activity feed', exact: true }).getByRole('button').first().waitFor({ timeout: 20_000 })
  await checkAccessibility(page, 'a user\'s profile page')
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

test('Profile: the date editor says it is UTC, shows the stored time in UTC and writes UTC', async (t) => {
  const page = await openProfile(t, story.sample.busiest)
  await page.getByRole('searchbox', { name: 'Search properties', exact: true }).fill('')
  await page.getByRole('button', { name: 'Edit $created', exact: true }).click()
  const editor = page.getByRole('form', { name: 'Edit $created' })
  await checkAccessibility(page, 'the inline property editor', { include: 'form[aria-label="Edit $created"]' })
  const field = editor.getByLabel('Value of $created (UTC)', { exact: true })
  const stored = await engine(page, 'getProfile', story.sample.busiest)
  const utc = new Date(Date.parse(String(stored.properties.$created).replace(' ', 'T'))).toISOString().slice(0, 19)
  // A datetime-local field's value is normalized: whole minutes drop their ":00" seconds.
  const shown = utc.endsWith(':00') ? utc.slice(0, 16) : utc
  assertEqual(await field.inputValue(), shown, 'the field shows the stored time in UTC')
  assert((await editor.textContent()).includes('UTC'), 'the editor says UTC')
  await field.fill('2026-01-02T03:04:05')
  await editor.getByRole('button', { name: 'Save', exact: true }).click()
  await waitFor(async () => (await propValue(page, '$created')) === '2026-01-02T03:04:05Z', { message: async () => `$created to be written in UTC; shows ${await propValue(page, '$created')}` })
  assertEqual((await page.getByLabel('Created', { exact: true }).textContent()).trim(), '2026-01-02 03:04 UTC', 'the header shows the same time, in UTC')
  const again = await engine(page, 'getProfile', story.sample.busiest)
  assertEqual(again.properties.$created, '2026-01-02T03:04:05Z', 'the stored value')
}, { needs: [LOADED], timeout: 60_000 })

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
  // A scale: 0 at the bottom, a round top at least the busiest day, bars measured on it; days below.
  const counts = await bars.evaluateAll((gs) => gs.map((g) => Number(g.dataset.count)))
  const yTicks = (await page.locator('.day-chart .chart-y span').allTextContents()).map((x) => Number(x.replace(/,/g, '')))
  assertEqual(yTicks[yTicks.length - 1], 0, 'the count axis starts at 0')
  assert(yTicks[0] >= Math.max(...counts) && yTicks[0] < Math.max(...counts) * 2 + 2, `the top tick (${yTicks[0]}) is just above the busiest day (${Math.max(...counts)})`)
  const xTicks = await page.locator('.day-chart .chart-x span').allTextContents()
  const days = await bars.evaluateAll((gs) => gs.map((g) => g.dataset.day))
  assertEqual(xTicks[0], days[0], 'the day axis starts at the first day')
  assertEqual(xTicks[xTicks.length - 1], days[days.length - 1], 'the day axis ends at the last day')
  const busiest = bars.nth(counts.indexOf(Math.max(...counts)))
  const [busiestBox, plot] = await Promise.all([busiest.locator('.bar-fill').boundingBox(), page.locator('.day-chart svg').boundingBox()])
  const expected = (Math.max(...counts) / yTicks[0]) * plot.height
  assert(Math.abs(busiestBox.height - expected) <= 2, `the busiest bar is drawn to scale (${busiestBox.height.toFixed(1)} px, expected ${expected.toFixed(1)})`)
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
  // A folded run is a button named by what it shows ("page_view × 3, <times>"), expanded or not.
  const run = feed.locator('button[aria-expanded="false"]').first()
  await run.waitFor({ timeout: 20_000 })
  const event = (await run.locator('.feed-event').textContent()).trim()
  const n = Number((await run.locator('.run-count').textContent()).replace(/\D/g, ''))
  const runLabel = `${event} × ${n}`
  const eventRows = () => feed.getByRole('button', { name: new RegExp(`^${escapeRegExp(event)}\\s*,`) })
  const before = await eventRows().count()
  await run.click()
  await feed.locator('button[aria-expanded="true"]').filter({ hasText: event }).first().waitFor({ timeout: 5000 })
  const after = await eventRows().count()
  assert(after >= before + Math.min(n, 5), `expanding "${runLabel}" shows its events (${before} → ${after} rows named ${event})`)
  assert((await feed.getByRole('button', { name: new RegExp(`^${escapeRegExp(event)}\\s*,.*\\bat \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s*$`) }).count()) > 0,
    'an event row is named by what it shows: "<event>, <properties>, at <time>"')
  await eventRows().first().click()
  const details = page.getByRole('region', { name: 'Event details', exact: true })
  await details.waitFor({ timeout: 5000 })
  await checkAccessibility(page, 'a profile with an event\'s details open')
  assert((await details.locator('dt').filter({ hasText: /^\$insert_id$/ }).count()) === 1, 'event details list $insert_id')
  // Names and values do not overlap, and the heading stays inside the panel.
  const overlaps = await details.evaluate((panel) => {
    const box = panel.getBoundingClientRect()
    const bad = [...panel.querySelectorAll('.event-props > div')].filter((row) => {
      const dt = row.querySelector('dt').getBoundingClientRect(), dd = row.querySelector('dd').getBoundingClientRect()
      return dt.bottom > dd.top + 0.5 && dt.right > dd.left + 0.5
    }).map((row) => row.querySelector('dt').textContent)
    const heading = panel.querySelector('h3')
    if (heading.scrollWidth > heading.clientWidth + 1 || heading.getBoundingClientRect().right > box.right + 0.5) bad.push('the heading')
    return bad
  })
  assertEqual(overlaps.join(', '), '', 'event details: names overlapping their values, or a heading past the panel')
  // Hiding an event name takes it out of the feed and the chart.
  const names = page.getByRole('group', { name: 'Event names' })
  const first = names.getByRole('checkbox').first()
  const hiddenName = (await first.getAttribute('aria-label')).replace(/^Show /, '')
  await first.uncheck()
  await waitFor(async () => (await chartTotal(page)) < chart, { message: `the chart total to drop when ${hiddenName} is hidden` })
  const rest = await scrollFeedToEnd(page)
  assertEqual(rest, await chartTotal(page), `feed vs chart without ${hiddenName}`)
  assertEqual(await feed.getByRole('button', { name: new RegExp(`^${escapeRegExp(hiddenName)}[ ,]`) }).count(), 0, `${hiddenName} rows in the feed`)
  // Hidden names are in the URL: a reload keeps them.
  assertEqual(JSON.parse(new URL(page.url()).searchParams.get('hide')).join(','), hiddenName, 'hide= in the URL')
  await page.reload()
  await waitReady(page, { minProfiles: 1 })
  await names.getByRole('checkbox', { name: `Show ${hiddenName}`, exact: true }).waitFor({ timeout: 20_000 })
  assert(!(await names.getByRole('checkbox', { name: `Show ${hiddenName}`, exact: true }).isChecked()), `${hiddenName} is still hidden after a reload`)
  await page.getByRole('radio', { name: 'Last 90 days', exact: true }).check()
  await waitFor(async () => (await chartTotal(page)) === rest, { message: `the chart without ${hiddenName} after a reload` })
  await names.getByRole('checkbox', { name: `Show ${hiddenName}`, exact: true }).check()
  await waitFor(() => !new URL(page.url()).searchParams.get('hide'), { message: 'hide= gone when nothing is hidden' })
  t.note(`${story.sample.busiest}: ${total} events in 90 days; ${label}; run "${runLabel}"; without ${hiddenName}: ${rest}`)
}, { needs: [LOADED], timeout: 120_000 })

test('Profile: the event details panel fits long names and values (no overlap, the heading inside)', async (t) => {
  const id = story.sample.busiest
  let page = await openProfile(t, id)
  const long = 'checkout_completed_with_a_very_long_event_name_that_has_no_spaces_at_all'
  await engine(page, 'importEvents', [{ event: long, properties: {
    distinct_id: id, time: Math.floor(Date.now() / 1000) - 60, $insert_id: 'long-details-1',
    a_property_name_long_enough_to_fill_the_whole_column_twice: 'a value that is also rather long and keeps going',
    short: 'x'.repeat(80),
  } }])
  page = await openProfile(t, id)
  const feed = page.getByRole('list', { name: 'Activity feed', exact: true })
  await feed.getByRole('button', { name: new RegExp(`^${long}\\s*,`) }).click()
  const details = page.getByRole('region', { name: 'Event details', exact: true })
  await details.waitFor({ timeout: 5000 })
  const problems = await details.evaluate((panel) => {
    const box = panel.getBoundingClientRect()
    const bad = []
    for (const row of panel.querySelectorAll('.event-props > div')) {
      const dt = row.querySelector('dt').getBoundingClientRect(), dd = row.querySelector('dd').getBoundingClientRect()
      if (dt.bottom > dd.top + 0.5 && dt.right > dd.left + 0.5) bad.push(`${row.querySelector('dt').textContent} overlaps its value`)
      if (dt.right > box.right + 0.5 || dd.right > box.right + 0.5) bad.push(`${row.querySelector('dt').textContent} runs past the panel`)
    }
    const h = panel.querySelector('h3')
    if (h.getBoundingClientRect().right > box.right + 0.5 || h.scrollWidth > h.clientWidth + 1) bad.push('the heading runs past the panel')
    return bad
  })
  assertEqual(problems.join('; '), '', 'the event details panel')
}, { needs: [LOADED], timeout: 60_000 })

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
  await checkAccessibility(page, 'the Add/Edit Profile dialog', { include: '[role=dialog]' })
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
  assertEqual(new URL(page.url()).pathname, '/', 'nothing saved yet: still on the Users page')

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
  const deleteButton = page.getByRole('button', { name: 'Delete profile', exact: true })
  await deleteButton.click()
  const confirm = page.getByRole('alertdialog', { name: 'Delete this profile?' })
  await checkAccessibility(page, 'the delete confirmation', { include: '[role=alertdialog]' })
  assert(await confirm.getByRole('button', { name: 'Cancel', exact: true }).evaluate((b) => b === document.activeElement), 'Cancel has the focus first')
  await page.keyboard.press('Escape')
  await confirm.waitFor({ state: 'detached' })
  await waitFor(() => deleteButton.evaluate((b) => b === document.activeElement), { timeout: 5000, message: 'focus back on "Delete profile"' })
  await deleteButton.click()
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
  await checkAccessibility(page, 'an event-only user\'s page')
  const { group, groupKey } = story.sample
  await page.goto(new URL(`/groups/${groupKey}/${encodeURIComponent(group.$group_id)}`, page.url()).href)
  await waitFor(async () => (await page.getByRole('heading', { level: 1 }).textContent())?.trim() === String(group.$set.$name ?? group.$group_id),
    { message: 'the group profile heading' })
  assertEqual((await page.getByLabel('Group ID', { exact: true }).textContent())?.trim(), group.$group_id, 'group id')
  const first = Object.keys(group.$set).find((k) => !k.startsWith('$')) ?? '$name'
  assert((await propRow(page, first).count()) === 1, `the group's property ${first} is listed`)
  await checkAccessibility(page, 'a group profile\'s page')
}, { needs: [LOADED], timeout: 60_000 })

test('Users page: analyse group profiles behind the "Analyze" switch, with their own columns, and open one', async (t) => {
  const page = await storyPage(t, '/')
  await waitReady(page, { minProfiles: 1 })
  const analyze = page.getByRole('combobox', { name: 'Analyze', exact: true })
  await analyze.selectOption(story.sample.groupKey)
  await waitFor(() => new URL(page.url()).searchParams.get('analyze') === story.sample.groupKey, { timeout: 10_000, message: 'analyze in the URL' })
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
