// The Import page's Events and Profile updates tabs (issue 6, parts 2 and 3),
// driven as a user would: real files through the file input and once by drag
// and drop, then what the summary says and what the profile and Users pages
// show. One Chromium profile (one database) for the file; tests build on each
// other in order. Files are generated into a temp dir, never committed.
import { readFile } from 'node:fs/promises'
import {
  afterAll, assert, assertEqual, launch, openApp, parseStatus, profileDir, readTotal, sleep, tempFiles, test, ui, visibleRows, waitFor, waitReady,
} from './harness.mjs'

const story = { dir: '', session: null, page: null }
afterAll(async () => { await story.session?.close() })

const file = tempFiles('event-files')

async function importPage(t, tab) {
  const path = `/import?tab=${tab}`
  if (!story.session) {
    story.dir ||= await profileDir('import-events')
    story.session = await launch(t, { dir: story.dir, keep: true })
  }
  if (!story.page || story.page.isClosed()) story.page = await openApp(t, story.session, path)
  else await story.page.goto(new URL(path, story.page.url()).href)
  t.pages.add(story.page)
  await waitReady(story.page)
  return story.page
}

// A day ago, whole hours: inside the profile page's default 30-day activity range.
const T = Math.floor(Date.now() / 3_600_000) * 3600 - 86_400
const ev = (event, id, time, extra = {}) => JSON.stringify({ event, properties: { distinct_id: id, time, ...extra } })
const statusCounts = async (page) => parseStatus(((await ui.status(page).textContent()) ?? '').trim())
const summaryCount = async (page, what) => Number(((await page.locator('.summary-counts div').filter({ hasText: what }).locator('dd').textContent()) ?? '').replace(/[^\d]/g, ''))
const facts = (page) => page.getByLabel('Chosen file', { exact: true })

async function importAndWait(page, button, timeout = 60_000) {
  await page.getByRole('button', { name: button, exact: true }).click()
  await page.getByRole('heading', { name: /^Imported / }).waitFor({ timeout })
}

/** A user's activity feed on the profile page, once it lists every one of `names`. */
async function feedText(page, distinctId, names) {
  await page.goto(new URL(`/users/${encodeURIComponent(distinctId)}`, page.url()).href)
  const feed = page.getByRole('list', { name: 'Activity feed', exact: true })
  await feed.waitFor({ timeout: 30_000 })
  let text = ''
  await waitFor(async () => {
    text = (await feed.textContent()) ?? ''
    return names.every(n => text.includes(n))
  }, { message: () => `${distinctId}'s feed to list ${names.join(', ')}; it shows: ${text}` })
  return text
}

const NDJSON = 'Import files: events NDJSON with duplicates and a bad line, through the file input; the profile page shows the events'
test(NDJSON, async (t) => {
  const page = await importPage(t, 'events')
  const before = await statusCounts(page)
  const lines = [
    ev('Signed Up', 'ev-ada', T, { $insert_id: 'a1', plan: 'pro' }),
    ev('Played Song', 'ev-ada', T + 60, { $insert_id: 'a2' }),
    ev('Signed Up', 'ev-ada', T, { $insert_id: 'a1', plan: 'pro' }), // duplicate of line 1
    '{"event": "Broken", "properties": ',                            // line 4: not JSON
    ev('Played Song', 'ev-grace', T * 1000, { $insert_id: 'g1' }),
  ]
  await page.getByLabel('Choose an events file', { exact: true }).setInputFiles(await file('events.ndjson', lines.join('\n') + '\n'))
  await waitFor(async () => /detected: NDJSON/.test((await facts(page).textContent()) ?? ''), { message: 'the format to be detected' })
  assertEqual(await page.getByLabel('Format', { exact: true }).inputValue(), 'ndjson', 'the format select says NDJSON')
  const preview = page.getByRole('list', { name: 'Preview of the first items', exact: true })
  assert(/Played Song/.test(await preview.textContent()), 'the first items are previewed')
  await importAndWait(page, 'Import events')
  assertEqual(await summaryCount(page, 'Stored'), 3, 'stored')
  assertEqual(await summaryCount(page, 'Duplicates'), 1, 'duplicates')
  assertEqual(await summaryCount(page, 'Skipped'), 1, 'skipped')
  const skipped = await page.getByRole('table', { name: 'Skipped rows', exact: true }).locator('tbody tr').first().textContent()
  assert(/^4\s*not valid JSON/.test(skipped.trim()), `line 4 is skipped as not JSON: ${skipped}`)
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download skipped rows (CSV)' }).click(),
  ])
  const text = await readFile(await download.path(), 'utf8')
  assert(/^row,reason/.test(text) && /\r\n4,"?not valid JSON/.test(text) && text.includes('Broken'), `the download holds line 4 and its text: ${text}`)
  await waitFor(async () => (await statusCounts(page)).events === (before.events ?? 0) + 3, { message: 'the status line to count 3 more events' })

  const ada = await feedText(page, 'ev-ada', ['Signed Up', 'Played Song'])
  assert(ada.includes('Signed Up') && ada.includes('Played Song'), `Ada's feed shows both events: ${ada}`)
  assertEqual((ada.match(/Signed Up/g) ?? []).length, 1, 'the duplicate is stored once')
}, { timeout: 150_000 })

const CSV = 'Import files: events from a CSV with a mapping; the columns and the time unit are detected, the unit changed and confirmed'
test(CSV, async (t) => {
  const page = await importPage(t, 'events')
  const csv = `user_id,event,timestamp,plan\nev-ken,Upgraded,${T},team\nev-ken,Downgraded,${T + 3600},free\nev-ken,Upgraded,soon,team\n`
  await page.getByLabel('Choose an events file', { exact: true }).setInputFiles(await file('events.csv', csv))
  await waitFor(async () => /detected: CSV/.test((await facts(page).textContent()) ?? ''), { message: 'CSV to be detected' })
  await page.getByRole('table', { name: 'Preview of the first rows', exact: true }).waitFor({ timeout: 20_000 })
  assertEqual(await page.getByLabel('Event name column', { exact: true }).inputValue(), '1', 'event is column 2')
  assertEqual(await page.getByLabel('Distinct ID column', { exact: true }).inputValue(), '0', 'user_id is the distinct id')
  assertEqual(await page.getByLabel('Time column', { exact: true }).inputValue(), '2', 'timestamp is the time')
  const unit = page.getByLabel('Time is written as', { exact: true })
  assertEqual(await unit.inputValue(), 'seconds', 'Unix seconds detected')
  assert(/look like Unix seconds/.test(await page.getByRole('status').filter({ hasText: 'time values' }).textContent()), 'the detected unit is said')
  // Changing the unit is the user's call: milliseconds would put these in January 1970; back to seconds.
  await unit.selectOption('milliseconds')
  await unit.selectOption('seconds')
  await importAndWait(page, 'Import events')
  assertEqual(await summaryCount(page, 'Stored'), 2, 'two rows stored')
  assertEqual(await summaryCount(page, 'Skipped'), 1, 'the row with a bad time is skipped')
  const skipped = await page.getByRole('table', { name: 'Skipped rows', exact: true }).locator('tbody tr').first().textContent()
  assert(/^4\s*column 3 \(time\): "soon" is not Unix seconds/.test(skipped.trim()), `row 4 and why: ${skipped}`)
  const feed = await feedText(page, 'ev-ken', ['Upgraded', 'Downgraded'])
  assert(feed.includes('Upgraded') && feed.includes('Downgraded'), `Ken's feed: ${feed}`)
}, { timeout: 150_000, needs: [NDJSON] })

const DROP = 'Import files: events as a JSON array dropped on the drop zone'
test(DROP, async (t) => {
  const page = await importPage(t, 'events')
  const before = await statusCounts(page)
  const json = `[\n${ev('Opened App', 'ev-drop', T)},\n${ev('Opened App', 'ev-drop', T + 1)}\n]`
  const zone = page.getByTestId('events-drop-zone')
  const data = await page.evaluateHandle(({ json }) => {
    const dt = new DataTransfer()
    dt.items.add(new File([json], 'dropped.json', { type: 'application/json' }))
    return dt
  }, { json })
  await zone.dispatchEvent('dragenter', { dataTransfer: data })
  await zone.dispatchEvent('drop', { dataTransfer: data })
  await waitFor(async () => /dropped\.json/.test((await facts(page).textContent().catch(() => '')) ?? '') && /JSON array/.test((await facts(page).textContent()) ?? ''), { message: 'the dropped file and its format' })
  await importAndWait(page, 'Import events')
  assertEqual(await summaryCount(page, 'Stored'), 2, 'both elements stored')
  await waitFor(async () => (await statusCounts(page)).events === (before.events ?? 0) + 2, { message: 'the status line to count two more events' })
}, { timeout: 120_000, needs: [NDJSON] })

const ENGAGE = 'Import files: profile updates from an Engage JSON file; the Users page shows the updated properties'
test(ENGAGE, async (t) => {
  const page = await importPage(t, 'updates')
  const updates = [
    { $distinct_id: 'ev-ada', $set: { $name: 'Ada Lovelace', $email: 'ada@example.com', plan: 'free' } },
    { $distinct_id: 'ev-ada', $set_once: { plan: 'ignored', first_seen: '2024-11-29' } },
    { $distinct_id: 'ev-ada', $add: { logins: 3 } },
    { $distinct_id: 'ev-ada', $union: { tags: ['music', 'math'] } },
    { $distinct_id: 'ev-grace', $set: { $name: 'Grace Hopper', plan: 'pro' } },
    { $distinct_id: 'ev-grace', $unset: ['plan'] },
    { $set: { orphan: true } },
  ]
  await page.getByLabel('Choose a profile updates file', { exact: true }).setInputFiles(await file('engage.json', JSON.stringify(updates, null, 2)))
  await waitFor(async () => /detected: JSON array/.test((await facts(page).textContent()) ?? ''), { message: 'a JSON array to be detected' })
  await importAndWait(page, 'Apply updates')
  assertEqual(await summaryCount(page, 'Created'), 2, 'two profiles created (Ada and Grace had events only)')
  assertEqual(await summaryCount(page, 'Updated'), 4, 'four later updates')
  assertEqual(await summaryCount(page, 'Skipped'), 1, 'the update without an id is skipped')
  await page.getByRole('link', { name: 'Show user profiles' }).click()
  await ui.grid(page).waitFor({ timeout: 20_000 })
  await ui.search(page).fill('Ada')
  await waitFor(async () => (await readTotal(page)) === 1, { message: 'Ada to be found' })
  const rows = (await visibleRows(page)).map(r => r.cells.join(' ')).join('\n')
  assert(rows.includes('Ada Lovelace') && rows.includes('ada@example.com'), `the Users page shows Ada's new properties: ${rows}`)
  await page.goto(new URL('/users/ev-ada', page.url()).href)
  await page.getByText('logins').first().waitFor({ timeout: 20_000 })
  const body = (await page.locator('main').textContent()) ?? ''
  assert(/free/.test(body) && !/ignored/.test(body) && /math/.test(body), `the profile holds plan=free, tags, logins: ${body.slice(0, 400)}`)
}, { timeout: 150_000, needs: [NDJSON] })

test('Import files: a large events NDJSON import cancelled half-way leaves the data unchanged', async (t) => {
  const page = await importPage(t, 'events')
  const before = await statusCounts(page)
  const lines = []
  for (let i = 0; i < 400_000; i++) lines.push(ev('Tick', `ev-big-${i % 5000}`, T + i, { $insert_id: `t${i}`, n: i }))
  await page.getByLabel('Choose an events file', { exact: true }).setInputFiles(await file('big.ndjson', lines.join('\n') + '\n'))
  await waitFor(async () => /detected: NDJSON/.test((await facts(page).textContent()) ?? ''), { message: 'the format' })
  await page.getByRole('button', { name: 'Import events', exact: true }).click()
  const bar = page.getByRole('progressbar', { name: 'Import progress', exact: true })
  await waitFor(async () => Number(await bar.getAttribute('aria-valuenow').catch(() => '0')) > 0, { timeout: 60_000, interval: 50, message: 'the first progress' })
  const figures = (await page.locator('.import-progress-figures').textContent()) ?? ''
  assert(/rows/.test(figures) && /rows\/s/.test(figures) && /MB/.test(figures), `rows, MB and rate: ${figures}`)
  let asked = ''
  page.once('dialog', d => { asked = d.message(); void d.dismiss() })
  await ui.nav(page).getByRole('link', { name: 'Users' }).click()
  await waitFor(() => asked, { timeout: 5000, message: 'the leave confirmation' })
  assert(/import of events is running/i.test(asked), `leaving asks first: ${asked}`)
  await page.getByRole('button', { name: 'Cancel', exact: true }).click()
  const message = page.getByRole('alert').filter({ hasText: 'cancelled' })
  await message.waitFor({ timeout: 120_000 })
  assert(/Nothing was written/.test(await message.textContent()), 'the cancel message')
  await sleep(500)
  const after = await statusCounts(page)
  assertEqual(after.events, before.events, 'the events count is unchanged')
  assertEqual(after.users, before.users, 'the users count is unchanged')
}, { timeout: 300_000, needs: [NDJSON] })

test('Import files: the History tab lists the events and profile updates imports, the cancelled one included', async (t) => {
  const page = await importPage(t, 'history')
  const table = page.getByRole('table', { name: 'Past imports', exact: true })
  await table.waitFor({ timeout: 20_000 })
  const rows = await table.locator('tbody tr').evaluateAll(trs => trs.map(tr => [...tr.cells].map(c => c.textContent.trim().replace(/\s+/g, ' ')).join(' ')))
  assert(/^big\.ndjson/.test(rows[0]) && /Events/.test(rows[0]) && /Cancelled/.test(rows[0]), `newest first, the cancelled events import: ${rows[0]}`)
  for (const name of ['events.ndjson', 'events.csv', 'dropped.json']) {
    assert(rows.some(r => r.startsWith(name) && /Events/.test(r) && /Imported/.test(r)), `${name} is listed as an events import: ${rows.join(' | ')}`)
  }
  assert(rows.some(r => r.startsWith('engage.json') && /Profile updates/.test(r)), `engage.json is listed as profile updates: ${rows.join(' | ')}`)
}, { timeout: 90_000, needs: [NDJSON] })
