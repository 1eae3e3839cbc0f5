// The Import page's profiles CSV wizard and import history (issue 6), driven
// as a user would: real files through the file input and by drag and drop,
// then what the summary says and what the Users page then shows. One
// Chromium profile (one database) for the whole file; tests build on each
// other in order. Files are generated into a temp dir, never committed.
import { readFile } from 'node:fs/promises'
import {
  afterAll, assert, assertEqual, launch, openApp, parseStatus, profileDir, readTotal, sleep, tempFiles, test, ui, visibleRows, waitFor, waitReady,
} from './harness.mjs'

const story = { dir: '', session: null, page: null }
afterAll(async () => { await story.session?.close() })

const file = tempFiles('import-files')

async function importPage(t, path = '/import') {
  if (!story.session) {
    story.dir ||= await profileDir('import-story')
    story.session = await launch(t, { dir: story.dir, keep: true })
  }
  if (!story.page || story.page.isClosed()) story.page = await openApp(t, story.session, path)
  else await story.page.goto(new URL(path, story.page.url()).href)
  t.pages.add(story.page)
  await waitReady(story.page)
  return story.page
}

const fileInput = (page) => page.getByLabel('Choose a CSV file', { exact: true })
const preview = (page) => page.getByRole('table', { name: 'Preview of the first rows', exact: true })
const propertyBox = (page, n) => page.getByLabel(`Property for column ${n}`, { exact: true })
const includeBox = (page, n) => page.getByRole('checkbox', { name: `Import column ${n}`, exact: true })
const identifierSelect = (page) => page.getByLabel(/^Identifier column/)
const headerBox = (page) => page.getByRole('checkbox', { name: 'First row is a header', exact: true })
const summaryCount = async (page, what) => Number(((await page.locator('.summary-counts div').filter({ hasText: what }).locator('dd').textContent()) ?? '').replace(/[^\d]/g, ''))

async function statusCounts(page) {
  return parseStatus(((await ui.status(page).textContent()) ?? '').trim())
}

/** Chooses a file through the real <input type=file>, and waits for its preview. */
async function choose(page, path) {
  await fileInput(page).setInputFiles(path)
  await preview(page).waitFor({ timeout: 20_000 })
}

/** Drops a file on the drop zone: a `drop` event carrying a DataTransfer built in the page. */
async function drop(page, name, bytes) {
  const zone = page.getByTestId('drop-zone')
  const data = await page.evaluateHandle(({ name, bytes }) => {
    const dt = new DataTransfer()
    dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'text/csv' }))
    return dt
  }, { name, bytes: [...bytes] })
  await zone.dispatchEvent('dragenter', { dataTransfer: data })
  await zone.dispatchEvent('drop', { dataTransfer: data })
  await preview(page).waitFor({ timeout: 20_000 })
}

async function importAndWait(page, timeout = 60_000) {
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await page.getByRole('heading', { name: /^Imported / }).waitFor({ timeout })
}

/** Follows the summary's link and returns the Users page's total and its rows. */
async function showImported(page) {
  await page.getByRole('link', { name: /^Show the imported profiles$|^Show all users$/ }).click()
  await waitFor(() => page.url().includes('filter='), { message: 'the Users page filtered by the import' })
  await ui.grid(page).waitFor({ timeout: 20_000 })
  const total = await waitFor(async () => {
    const n = await readTotal(page).catch(() => null)
    return n === null ? null : { n }
  }, { message: 'the Users total' })
  await sleep(300)
  return { total: (await readTotal(page)) ?? total.n, rows: await visibleRows(page) }
}

const HEADERLESS = 'Import: a headerless CSV as Mixpanel expects, through the file input'
test(HEADERLESS, async (t) => {
  const page = await importPage(t)
  assertEqual(await page.getByRole('tab', { name: 'Profiles (CSV)' }).getAttribute('aria-selected'), 'true', 'the Profiles tab is open')
  await choose(page, await file('people.csv', 'u1,ada@example.com,Ada Lovelace,pro\nu2,grace@example.com,Grace Hopper,free\nu3,alan@example.com,Alan Turing,pro\n'))
  assert(!(await headerBox(page).isChecked()), 'a headerless file is read as headerless')
  assertEqual(await propertyBox(page, 2).inputValue(), '$email', 'the email column maps itself')
  assert(/3 data rows/.test(await page.getByLabel('Chosen file').textContent()), 'the file facts count 3 rows')
  // Without an identifier the $email column is the id; pick column 1 instead, and name the other columns.
  assert(/mapped to \$email, is each profile's id/.test(await page.getByRole('status').filter({ hasText: 'No identifier column' }).textContent()), 'the $email column is named as the id')
  await identifierSelect(page).selectOption({ label: 'Column 1' })
  await includeBox(page, 3).check()
  await propertyBox(page, 3).fill('$name')
  await includeBox(page, 4).check()
  await propertyBox(page, 4).fill('plan')
  await importAndWait(page)
  assertEqual(await summaryCount(page, 'Created'), 3, 'created')
  assertEqual(await summaryCount(page, 'Skipped'), 0, 'skipped')
  const { total, rows } = await showImported(page)
  assertEqual(total, 3, 'the Users page shows the 3 imported profiles')
  const text = rows.map(r => r.cells.join(' ')).join('\n')
  for (const name of ['Ada Lovelace', 'Grace Hopper', 'Alan Turing']) assert(text.includes(name), `the grid shows ${name}: ${text}`)
}, { timeout: 120_000 })

const BOM = 'Import: a header, a BOM and CRLF, dropped on the drop zone; the dry run writes nothing and matches the import'
test(BOM, async (t) => {
  const page = await importPage(t)
  const before = await statusCounts(page)
  const csv = '\ufeffid,E-mail,First Name,plan\r\nu3,alan@example.com,Alan,team\r\nu4,ken@example.com,Ken,free\r\nu5,barbara@example.com,Barbara,pro\r\n'
  await drop(page, 'crm-export.csv', new TextEncoder().encode(csv))
  const facts = await page.getByLabel('Chosen file').textContent()
  assert(/UTF-8 BOM/.test(facts) && /CRLF line ends/.test(facts) && /3 data rows/.test(facts), `BOM, CRLF and 3 rows are seen: ${facts}`)
  assert(await headerBox(page).isChecked(), 'the header is offered')
  assertEqual(await identifierSelect(page).inputValue(), '0', 'the id column is the identifier')
  assertEqual(await propertyBox(page, 2).inputValue(), '$email', 'E-mail maps to $email')
  assertEqual(await propertyBox(page, 3).inputValue(), '$first_name', 'First Name maps to $first_name')
  assertEqual(await propertyBox(page, 4).inputValue(), 'plan', 'plan keeps its name')
  const headerCell = await preview(page).locator('tbody tr').first().locator('td').first().textContent()
  assertEqual(headerCell, 'u3', 'the header row is not a data row in the preview (and the BOM is gone)')

  await page.getByRole('button', { name: 'Dry run', exact: true }).click()
  const report = page.getByLabel('Dry run result')
  await report.waitFor({ timeout: 30_000 })
  const text = (await report.textContent()).replace(/\s+/g, ' ')
  assert(/create 2 profiles, update 1 existing profile and skip 0 rows/.test(text), `the dry run counts: ${text}`)
  const afterDry = await statusCounts(page)
  assertEqual(afterDry.profiles, before.profiles, 'the dry run wrote nothing')

  await importAndWait(page)
  assertEqual(await summaryCount(page, 'Created'), 2, 'created as the dry run said')
  assertEqual(await summaryCount(page, 'Updated'), 1, 'updated as the dry run said')
  const { total, rows } = await showImported(page)
  assertEqual(total, 3, 'the link shows the 3 profiles this import touched')
  assert(rows.some(r => r.cells.join(' ').includes('Barbara')), 'Barbara is listed')
}, { timeout: 120_000, needs: [HEADERLESS] })

test('Import: group profiles under a new group key; the group key column is the identifier', async (t) => {
  const page = await importPage(t)
  await choose(page, await file('companies.csv', 'company_id,name,industry\nacme,Acme Inc,retail\nglobex,Globex,energy\n'))
  assertEqual(await identifierSelect(page).inputValue(), '', 'for users, no column names an id')
  await page.getByRole('radio', { name: 'Group profiles' }).check()
  await page.getByLabel('Group key').fill('company_id')
  await waitFor(async () => (await identifierSelect(page).inputValue()) === '0', { message: 'the company_id column to become the identifier' })
  assert(/A new group key/.test(await page.locator('.wizard-step').filter({ hasText: '3. Import into' }).textContent()), 'the key is new')
  assertEqual(await propertyBox(page, 2).inputValue(), '$name', 'name maps to $name')
  await importAndWait(page)
  assertEqual(await summaryCount(page, 'Created'), 2, 'two groups created')
  await page.getByRole('link', { name: 'Show the company_id profiles' }).click()
  await waitFor(() => page.url().includes('analyze=company_id'), { message: 'the Users page analysing company_id' })
  await ui.grid(page).waitFor({ timeout: 20_000 })
  await waitFor(async () => (await readTotal(page)) === 2, { message: 'the 2 company_id profiles' })
  const listed = async () => (await visibleRows(page)).map(r => r.cells.join(' ')).join('\n')
  await waitFor(async () => /Acme Inc/.test(await listed()) && /Globex/.test(await listed()),
    { timeout: 10_000, message: 'Acme Inc and Globex in the grid' })
}, { timeout: 120_000, needs: [HEADERLESS] })

test('Import: a Windows-1252 file is detected, read as Windows-1252, and imported with its accents', async (t) => {
  const page = await importPage(t)
  const latin = (s) => Uint8Array.from([...s].map(c => c.charCodeAt(0)))
  await choose(page, await file('excel.csv', latin('id,name,city\r\nw1,Zo\xe9 Dupr\xe9,K\xf6ln\r\nw2,Ren\xe9e,Montr\xe9al\r\n')))
  assert(/not valid UTF-8/.test(await page.getByRole('status').filter({ hasText: 'not valid UTF-8' }).textContent()), 'the wizard says the file is not UTF-8')
  assertEqual(await page.getByLabel('Encoding').inputValue(), 'windows-1252', 'Windows-1252 is chosen')
  const cells = await preview(page).locator('tbody td').allTextContents()
  assert(cells.includes('Zoé Dupré') && cells.includes('Köln'), `the preview reads the accents: ${cells}`)
  await importAndWait(page)
  assertEqual(await summaryCount(page, 'Created'), 2, 'created')
  const { rows } = await showImported(page)
  const text = rows.map(r => r.cells.join(' ')).join('\n')
  assert(text.includes('Zoé Dupré') && text.includes('Renée'), `the Users page shows the accents: ${text}`)
}, { timeout: 120_000, needs: [HEADERLESS] })

const RAGGED = 'Import: ragged and unparsable rows: the good rows import, the skipped ones show with reasons and download'
test(RAGGED, async (t) => {
  const page = await importPage(t)
  const csv = 'r1,r1@example.com,pro\nr2,r2@example.com\n,nobody@example.com,free\nnull,nil@example.com,free\nr5,r5@example.com,pro,extra,cells\nr6,"never closed,free\n'
  await choose(page, await file('ragged.csv', csv))
  await identifierSelect(page).selectOption({ label: 'Column 1' })
  await includeBox(page, 3).check()
  await propertyBox(page, 3).fill('plan')
  await importAndWait(page)
  assertEqual(await summaryCount(page, 'Created'), 3, 'r1, r2 (ragged) and r5 are created')
  assertEqual(await summaryCount(page, 'Skipped'), 3, 'three rows are skipped')
  const skipped = page.getByRole('table', { name: 'Skipped rows', exact: true })
  const lines = await skipped.locator('tbody tr').evaluateAll(trs => trs.map(tr => [...tr.cells].map(c => c.textContent.trim()).join(' ')))
  assert(/^3 \$distinct_id is empty \(column 1\)/.test(lines[0]), `row 3: ${lines[0]}`)
  assert(/^4 \$distinct_id "null" is not a valid id/.test(lines[1]), `row 4: ${lines[1]}`)
  assert(/^6 cannot be parsed: a quoted field is not closed/.test(lines[2]), `row 6: ${lines[2]}`)

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download skipped rows (CSV)' }).click(),
  ])
  assertEqual(download.suggestedFilename(), 'ragged-skipped-rows.csv', 'the download name')
  const text = await readFile(await download.path(), 'utf8')
  const out = text.split('\r\n')
  assertEqual(out[0], 'row,reason,cell 1,cell 2,cell 3', 'the download header')
  assertEqual(out[1], '3,$distinct_id is empty (column 1),,nobody@example.com,free', 'row 3 with its cells')
  assert(out[2].startsWith('4,"$distinct_id ""null"" is not a valid id'), `row 4: ${out[2]}`)
  assert(out[3].startsWith('6,"cannot be parsed: a quoted field is not closed: it runs to the end of the file, taking its line",r6,"never closed,free'), `row 6 with its cells: ${out[3]}`)

  const { total, rows } = await showImported(page)
  assertEqual(total, 3, 'the Users page shows the 3 imported rows')
  assert(rows.some(r => r.cells.join(' ').includes('r2@example.com')), 'the ragged row imported what it had')
}, { timeout: 120_000, needs: [HEADERLESS] })

test('Import: quoted commas, quotes and newlines inside fields', async (t) => {
  const page = await importPage(t)
  await choose(page, await file('quoted.csv', 'id,name,note\nq1,"Lovelace, Ada","first line\nsecond line"\nq2,"Hopper, ""Amazing"" Grace",plain\n'))
  const cells = await preview(page).locator('tbody td').allTextContents()
  assert(cells.includes('Lovelace, Ada') && cells.includes('Hopper, "Amazing" Grace'), `the preview splits on the right commas: ${cells}`)
  assert(cells.some(c => c.includes('first line') && c.includes('second line')), 'the newline stays inside its field')
  await importAndWait(page)
  assertEqual(await summaryCount(page, 'Created'), 2, 'two profiles from three lines')
  const { total, rows } = await showImported(page)
  assertEqual(total, 2, 'two profiles shown')
  const text = rows.map(r => r.cells.join(' | ')).join('\n')
  assert(text.includes('Lovelace, Ada') && text.includes('Hopper, "Amazing" Grace'), `names with commas and quotes: ${text}`)
  await page.goto(new URL('/users/q1', page.url()).href)
  await page.getByText('second line', { exact: false }).first().waitFor({ timeout: 20_000 })
}, { timeout: 120_000, needs: [HEADERLESS] })

// An estimate from the first 64 KiB never refuses a file (issue 13): it warns, with its uncertainty.
test('Import: a file estimated over 1,000,000 rows is warned about, not refused up front', async (t) => {
  const page = await importPage(t)
  await choose(page, await file('huge.csv', 'x,1\n'.repeat(1_600_000)))
  const warning = page.getByRole('status').filter({ hasText: 'may hold more than 1,000,000 data rows' })
  await warning.waitFor({ timeout: 10_000 })
  assert(/about 1,[56]\d\d,\d{3}/.test(await warning.textContent()), `the estimate is shown: ${await warning.textContent()}`)
  const facts = await page.getByLabel('Chosen file').textContent()
  assert(/at least [\d,]+ data rows; about 1,[56]\d\d,\d{3} if the rest is like the first 64 KiB/.test(facts), `the estimate says how sure it is: ${facts}`)
  assert(!(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()), 'Import stays possible: the import counts exactly')
}, { timeout: 120_000, needs: [HEADERLESS] })

test('Import: a file just over the limit is refused by the import itself, nothing written', async (t) => {
  const page = await importPage(t)
  const before = await statusCounts(page)
  await choose(page, await file('just-over.csv', 'x,1\n'.repeat(1_000_001)))
  await includeBox(page, 2).check()
  await propertyBox(page, 2).fill('n')
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  const error = page.getByRole('alert').filter({ hasText: 'more than 1,000,000 data rows' })
  await error.waitFor({ timeout: 240_000 })
  assert(/nothing was written/.test(await error.textContent()), 'the message says nothing was written')
  assertEqual((await statusCounts(page)).profiles, before.profiles, 'nothing written')
}, { timeout: 300_000, needs: [HEADERLESS] })

const CANCEL = 'Import: a 300,000-row import cancelled half-way leaves the data unchanged; leaving mid-import asks first'
test(CANCEL, async (t) => {
  const page = await importPage(t)
  const before = await statusCounts(page)
  const lines = ['id,email,plan,age']
  for (let i = 0; i < 300_000; i++) lines.push(`big-${i},big.${i}@example.com,${i % 3 ? 'pro' : 'free'},${18 + (i % 60)}`)
  await choose(page, await file('big.csv', lines.join('\n') + '\n'))
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  const bar = page.getByRole('progressbar', { name: 'Import progress', exact: true })
  await waitFor(async () => Number(await bar.getAttribute('aria-valuenow').catch(() => '0')) > 0, { timeout: 60_000, interval: 50, message: 'the first progress' })
  const figures = (await page.locator('.import-progress-figures').textContent()) ?? ''
  assert(/rows/.test(figures) && /rows\/s/.test(figures) && /left/.test(figures) && /MB/.test(figures), `rows, MB, rate and time left: ${figures}`)

  // Leaving asks first; staying keeps the import going.
  let asked = ''
  page.once('dialog', d => { asked = d.message(); void d.dismiss() })
  await ui.nav(page).getByRole('link', { name: 'Users' }).click()
  await waitFor(() => asked, { timeout: 5000, message: 'the leave confirmation' })
  assert(/import is running/i.test(asked), `the question: ${asked}`)
  assert(new URL(page.url()).pathname === '/import', 'still on the Import page')
  assert(await bar.isVisible(), 'the import is still running')

  // The page stays responsive while the worker imports: typing in a box answers.
  const typed = await page.evaluate(() => new Promise(resolve => {
    const t0 = performance.now()
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)))
  }))
  assert(typed < 1000, `two frames took ${typed} ms during the import`)

  await page.getByRole('button', { name: 'Cancel', exact: true }).click()
  const message = page.getByRole('alert').filter({ hasText: 'cancelled' })
  await message.waitFor({ timeout: 60_000 })
  assert(/Nothing was written/.test(await message.textContent()), 'the cancel message')
  await sleep(500)
  assertEqual((await statusCounts(page)).profiles, before.profiles, 'the status line counts are unchanged')
  await page.goto(new URL('/?scope=all', page.url()).href)
  await ui.grid(page).waitFor({ timeout: 20_000 })
  await waitFor(async () => (await readTotal(page)) !== null, { message: 'the total' })
  assertEqual(await readTotal(page), before.users, 'All Users is unchanged after the cancel')
}, { timeout: 240_000, needs: [HEADERLESS] })

test('Import: the History tab lists past imports and downloads their skipped rows again', async (t) => {
  const page = await importPage(t, '/import?tab=history')
  const table = page.getByRole('table', { name: 'Past imports', exact: true })
  await table.waitFor({ timeout: 20_000 })
  const rows = await table.locator('tbody tr').evaluateAll(trs => trs.map(tr => [...tr.cells].map(c => c.textContent.trim().replace(/\s+/g, ' ')).join(' ')))
  assert(/^big\.csv/.test(rows[0]) && /Cancelled/.test(rows[0]), `newest first, the cancelled import: ${rows[0]}`)
  for (const name of ['people.csv', 'crm-export.csv', 'excel.csv', 'ragged.csv', 'quoted.csv']) {
    assert(rows.some(r => r.startsWith(name) && /Imported/.test(r)), `${name} is listed as imported`)
  }
  assert(rows.some(r => r.startsWith('just-over.csv') && /Failed/.test(r) && /more than 1,000,000/.test(r)), 'the refused file is listed as failed')
  const ragged = rows.find(r => r.startsWith('ragged.csv'))
  assert(/User profiles \(CSV\)/.test(ragged) && /6\s*3\s*0\s*3/.test(ragged), `rows, created, updated, skipped: ${ragged}`)
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the skipped rows of ragged.csv' }).click(),
  ])
  const text = await readFile(await download.path(), 'utf8')
  assertEqual(text.split('\r\n')[1], '3,$distinct_id is empty (column 1),,nobody@example.com,free', 'the history download has the cells')
  await page.getByRole('link', { name: 'Show the profiles people.csv imported' }).click()
  await ui.grid(page).waitFor({ timeout: 20_000 })
  await waitFor(async () => (await readTotal(page)) === 3, { message: 'the 3 profiles of people.csv' })
  assert(story.session.errors.length === 0, `console errors during the import tests:\n  ${story.session.errors.join('\n  ')}`)
}, { timeout: 120_000, needs: [RAGGED, CANCEL] })
