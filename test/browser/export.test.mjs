// Export (issue 14), driven as a user would: the Export dialog on the Users
// page for every user matching a search (CSV through the browser's download,
// its content checked against the engine's own rows) and for selected rows
// (NDJSON through a save picker, the File System Access path, stubbed so a
// headless browser can answer it); Cancel leaving no file; "Export events of
// these users" and the profile page's "Export activity", both re-imported on
// the Import page as all duplicates. One Chromium profile for the file.
import { readFile } from 'node:fs/promises'
import {
  afterAll, assert, assertEqual, checkAccessibility, engine, launch, openApp, profileDir, readTotal, tempFiles, test, ui, waitFor, waitReady,
} from './harness.mjs'

const story = { dir: '', session: null, page: null }
afterAll(async () => { await story.session?.close() })
const file = tempFiles('export-files')

const T = Math.floor(Date.now() / 3_600_000) * 3600 - 86_400
const USERS = Array.from({ length: 24 }, (_, i) => ({
  $distinct_id: `user-${i}`,
  $set: {
    $name: i === 1 ? '=HYPERLINK("http://evil")' : `Person ${i}, "the ${i}th"`,
    $email: `p${i}@example.com`, $city: i % 2 ? 'Zürich' : 'Multi\nline', plan: i % 3 ? 'pro' : 'free', n: i * 1.5,
    ...(i % 4 === 0 ? { tags: ['a', 'b'] } : {}),
  },
}))
const EVENTS = USERS.flatMap((u, i) => Array.from({ length: 1 + (i % 3) }, (_, k) => ({
  event: k ? 'Viewed' : 'Signed up', properties: { distinct_id: u.$distinct_id, time: T + i * 60 + k + 0.25, page: `p${k}` },
})))

async function page(t, path = '/') {
  if (!story.session) {
    story.dir ||= await profileDir('export-story')
    story.session = await launch(t, { dir: story.dir, keep: true })
  }
  if (!story.page || story.page.isClosed()) {
    story.page = await openApp(t, story.session, path)
    // The first open of a new profile may take two minutes on a busy machine.
    await waitReady(story.page, { timeout: 180_000 })
    if ((await engine(story.page, 'stats')).users === 0) {
      await engine(story.page, 'applyProfileUpdates', USERS)
      await engine(story.page, 'importEvents', EVENTS)
      await story.page.reload()
    }
  } else await story.page.goto(new URL(path, story.page.url()).href)
  t.pages.add(story.page)
  await waitReady(story.page, { minProfiles: USERS.length, timeout: 120_000 })
  return story.page
}

async function download(p, click) {
  const [d] = await Promise.all([p.waitForEvent('download', { timeout: 120_000 }), click()])
  return { name: d.suggestedFilename(), text: await readFile(await d.path(), 'utf8') }
}

/** RFC 4180 read back (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = []
  let row = [], cell = '', quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') { row.push(cell); cell = '' }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++ }
    else cell += c
  }
  return rows
}

const dialog = (p, name) => p.getByRole('dialog', { name, exact: true })

/** The save picker stubbed in the page: chunks collected in memory, and whether the file was closed, aborted or removed. */
async function stubPicker(p, { hang = false } = {}) {
  await p.evaluate((hang) => {
    const saved = { name: null, chunks: [], closed: false, aborted: false, removed: false }
    window.__saved = saved
    window.showSaveFilePicker = async ({ suggestedName }) => {
      saved.name = suggestedName
      return {
        remove: async () => { saved.removed = true },
        createWritable: async () => ({
          write: (data) => (hang ? new Promise(() => {}) : Promise.resolve(saved.chunks.push(new TextDecoder().decode(data)))),
          close: async () => { saved.closed = true },
          abort: async () => { saved.aborted = true },
        }),
      }
    }
  }, hang)
}

test('Export dialog: every user matching a search as CSV (downloaded, content checked); accessible', async (t) => {
  const p = await page(t)
  await p.evaluate(() => { window.showSaveFilePicker = undefined })
  await ui.search(p).fill('user-1')
  await waitFor(async () => (await readTotal(p)) === 11, { message: 'the search to match user-1 and user-10…19' })
  await p.getByRole('button', { name: 'Export', exact: true }).click()
  const d = dialog(p, 'Export users')
  await d.waitFor()
  assert(await d.getByRole('radio', { name: /^All 11 users that match this view$/ }).isChecked(), 'all 11 matching users are chosen')
  assert(/spreadsheet shows it as text/.test(await d.textContent()), 'the dialog explains the formula guard')
  await checkAccessibility(p, 'the Export dialog', { include: '[role=dialog]' })
  const { name, text } = await download(p, () => d.getByRole('button', { name: 'Export', exact: true }).click())
  assert(/^cohortlite-users-\d{4}-\d{2}-\d{2}\.csv$/.test(name), `the file name: ${name}`)
  await d.getByRole('status').filter({ hasText: /Exported 11 rows/ }).waitFor()
  const [header, ...rows] = parseCsv(text)
  assertEqual(JSON.stringify(header), JSON.stringify(['$distinct_id', '$name', '$email', '$city', '$country_code']), 'the header: the id, then the displayed columns')
  const expected = await engine(p, 'listUsers', { scope: 'profiles', search: 'user-1', offset: 0, limit: 100 })
  assertEqual(JSON.stringify(rows.map(r => r[0])), JSON.stringify(expected.map(r => r.distinctId)), 'the rows are the view\'s, in its order')
  const one = rows.find(r => r[0] === 'user-1')
  assertEqual(one[1], '\'=HYPERLINK("http://evil")', 'a formula is guarded with a leading \'')
  const ten = rows.find(r => r[0] === 'user-10')
  assertEqual(JSON.stringify(ten.slice(1)), JSON.stringify(['Person 10, "the 10th"', 'p10@example.com', 'Multi\nline', '']), 'commas, quotes and line breaks survive')
  await d.getByRole('button', { name: 'Close', exact: true }).click()
  await ui.search(p).fill('')
}, { timeout: 300_000 })

test('Export dialog: the selected rows as NDJSON through the save picker; Cancel leaves no file', async (t) => {
  const p = await page(t)
  await waitFor(async () => (await readTotal(p)) === USERS.length, { message: 'all users listed' })
  await stubPicker(p)
  const bar = p.getByRole('region', { name: 'Selection' })
  for (const [n, who] of [[1, 'Person 2, "the 2th"'], [2, 'Person 4, "the 4th"']]) {
    await ui.grid(p).getByRole('checkbox', { name: `Select ${who}` }).click()
    await waitFor(async () => new RegExp(`^${n} users? selected`).test(((await bar.textContent().catch(() => '')) ?? '')), { message: `${n} selected` })
  }
  await p.getByRole('button', { name: 'Export', exact: true }).click()
  const d = dialog(p, 'Export users')
  assert(await d.getByRole('radio', { name: 'The 2 selected' }).isChecked(), 'the selection is chosen when there is one')
  await d.getByRole('radio', { name: /^NDJSON of profile updates/ }).check()
  await d.getByRole('radio', { name: 'Every property these users have' }).check()
  await d.getByRole('button', { name: 'Export', exact: true }).click()
  await d.getByRole('status').filter({ hasText: /Exported 2 rows .* to the file you chose/ }).waitFor()
  const saved = await p.evaluate(() => window.__saved)
  assert(saved.closed && !saved.aborted, 'the picked file was written and closed')
  assert(/^cohortlite-users-.*\.ndjson$/.test(saved.name), `the suggested name: ${saved.name}`)
  const lines = saved.chunks.join('').trimEnd().split('\n').map(l => JSON.parse(l))
  assertEqual(JSON.stringify(lines.map(l => l.$distinct_id)), JSON.stringify(['user-2', 'user-4']), 'the two selected users')
  const sorted = (o) => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))))
  assertEqual(sorted(lines[1].$set), sorted(USERS[4].$set), 'every property, as stored')
  await d.getByRole('button', { name: 'Close', exact: true }).click()

  // Cancel while the file is being written: the writable is aborted and the picked file removed.
  await stubPicker(p, { hang: true })
  await p.getByRole('button', { name: 'Export', exact: true }).click()
  await d.getByRole('button', { name: 'Export', exact: true }).click()
  await d.getByRole('progressbar', { name: 'Export progress' }).waitFor()
  await d.getByRole('button', { name: 'Cancel export', exact: true }).click()
  await d.getByRole('status').filter({ hasText: 'Export cancelled; no file was kept.' }).waitFor()
  const cancelled = await p.evaluate(() => window.__saved)
  assert(cancelled.aborted && cancelled.removed && !cancelled.closed, `cancel aborts the writable and removes the file: ${JSON.stringify(cancelled)}`)
  await d.getByRole('button', { name: 'Cancel', exact: true }).click()
  await bar.getByRole('button', { name: 'Clear selection' }).click()
}, { timeout: 240_000 })

/** Imports an events file on the Import page and returns the summary's Stored and Duplicates. */
async function reimport(p, name, text) {
  await p.goto(new URL('/import?tab=events', p.url()).href)
  await waitReady(p)
  await p.getByLabel('Choose an events file', { exact: true }).setInputFiles(await file(name, text))
  await waitFor(async () => /detected: NDJSON/.test((await p.getByLabel('Chosen file', { exact: true }).textContent()) ?? ''), { message: 'NDJSON detected' })
  await p.getByRole('button', { name: 'Import events', exact: true }).click()
  await p.getByRole('heading', { name: /^Imported / }).waitFor({ timeout: 60_000 })
  const count = async (what) => Number(((await p.locator('.summary-counts div').filter({ hasText: what }).locator('dd').textContent()) ?? '').replace(/[^\d]/g, ''))
  return { stored: await count('Stored'), duplicates: await count('Duplicates') }
}

test('Events out: "Export events of these users" and "Export activity", each re-imported as all duplicates', async (t) => {
  const p = await page(t)
  await p.evaluate(() => { window.showSaveFilePicker = undefined })
  await p.getByRole('button', { name: 'Export events of these users', exact: true }).click()
  const d = dialog(p, 'Export events of these users')
  await checkAccessibility(p, 'the events export dialog', { include: '[role=dialog]' })
  const all = await download(p, () => d.getByRole('button', { name: 'Export', exact: true }).click())
  const lines = all.text.trimEnd().split('\n').map(l => JSON.parse(l))
  assertEqual(lines.length, EVENTS.length, 'every event of the matching users')
  const first = lines.find(l => l.properties.distinct_id === 'user-0')
  assertEqual(JSON.stringify(Object.keys(first.properties).slice(0, 3)), JSON.stringify(['time', 'distinct_id', '$insert_id']), 'Mixpanel\'s raw-export shape')
  assertEqual(first.properties.time, T + 0.25, 'the time in seconds, milliseconds kept')
  assertEqual(JSON.stringify(await reimport(p, 'events.ndjson', all.text)), JSON.stringify({ stored: 0, duplicates: EVENTS.length }), 're-imported: all duplicates')

  await p.goto(new URL('/users/user-5', p.url()).href)
  await waitReady(p)
  await p.evaluate(() => { window.showSaveFilePicker = undefined })
  await p.getByRole('button', { name: 'Export activity', exact: true }).click()
  const a = dialog(p, 'Export activity')
  const mine = await download(p, () => a.getByRole('button', { name: 'Export', exact: true }).click())
  assert(/^cohortlite-user-5-events-/.test(mine.name), `the activity file's name: ${mine.name}`)
  const events = mine.text.trimEnd().split('\n').map(l => JSON.parse(l))
  assertEqual(events.length, 3, 'user-5\'s three events')
  assert(events.every(e => e.properties.distinct_id === 'user-5'), 'only user-5\'s')
  assertEqual(JSON.stringify(await reimport(p, 'activity.ndjson', mine.text)), JSON.stringify({ stored: 0, duplicates: 3 }), 'the activity re-imported: all duplicates')
}, { timeout: 240_000 })
