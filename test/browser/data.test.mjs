// The Data page (issue 14), driven as a user would: a small workspace made
// through the Import page, backed up (plain and encrypted) with the files'
// contents checked, erased by typing the word, restored from each backup
// after seeing the counts (a wrong passphrase and a file that is no backup
// refused on the way), and still there after a reload. One Chromium profile.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { gunzipSync } from 'node:zlib'
import {
  afterAll, assert, assertEqual, launch, openApp, parseStatus, profileDir, sleep, tempFiles, test, ui, waitFor, waitReady,
} from './harness.mjs'

const story = { dir: '', session: null, page: null }
afterAll(async () => { await story.session?.close() })
const file = tempFiles('data-files')

async function page(t, path = '/') {
  if (!story.session) {
    story.dir ||= await profileDir('data-story')
    story.session = await launch(t, { dir: story.dir, keep: true })
  }
  if (!story.page || story.page.isClosed()) story.page = await openApp(t, story.session, path)
  else await story.page.goto(new URL(path, story.page.url()).href)
  t.pages.add(story.page)
  await waitReady(story.page)
  return story.page
}

const counts = async (p) => parseStatus(((await ui.status(p).textContent()) ?? '').trim())
/** Waits until the status line shows `profiles` profiles (and `events` events) and returns it parsed. */
const statusWith = (p, profiles, events = profiles === 0 ? 0 : undefined) => waitFor(async () => {
  const s = await counts(p)
  return s.ready && s.profiles === profiles && (events === undefined || s.events === events) ? s : null
}, { message: async () => `the status line to show ${profiles} profiles${events === undefined ? '' : ` and ${events} events`}; it says ${(await counts(p)).text}` })

async function download(p, click) {
  const [d] = await Promise.all([p.waitForEvent('download', { timeout: 120_000 }), click()])
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) }
}

/** The manifest of a plain backup: the first entry of the gunzipped tar. */
function manifestOf(bytes) {
  const tar = gunzipSync(bytes)
  const name = tar.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '')
  assertEqual(name, 'cohortlite-backup.json', 'the backup\'s first entry')
  const size = parseInt(tar.subarray(124, 136).toString('utf8'), 8)
  return JSON.parse(tar.subarray(512, 512 + size).toString('utf8'))
}

/** axe-core's WCAG 2 A/AA violations inside `selector`, as "rule: target" lines. */
async function axeViolations(p, selector) {
  if (!(await p.evaluate(() => 'axe' in window))) {
    // Evaluated through the DevTools protocol: the page's Content-Security-Policy refuses a script tag.
    await p.evaluate(await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'))
  }
  const violations = await p.evaluate((sel) => window.axe.run(sel, { runOnly: ['wcag2a', 'wcag2aa'] }).then(r => r.violations), selector)
  return violations.flatMap(v => v.nodes.map(n => `${v.id}: ${n.target.join(' ')}`))
}

async function erase(p, { checkA11y = false } = {}) {
  await p.getByRole('button', { name: 'Erase workspace…', exact: true }).click()
  const dialog = p.getByRole('alertdialog', { name: 'Erase this workspace?' })
  await dialog.waitFor({ timeout: 10_000 })
  if (checkA11y) {
    const found = await axeViolations(p, '[role=alertdialog]')
    assert(found.length === 0, `accessibility of the erase dialog:\n  ${found.join('\n  ')}`)
  }
  const go = dialog.getByRole('button', { name: 'Erase everything', exact: true })
  assert(await go.isDisabled(), 'Erase everything waits for the word')
  await dialog.getByLabel('Type erase to confirm').fill('eras')
  assert(await go.isDisabled(), 'a part of the word is not enough')
  await dialog.getByLabel('Type erase to confirm').fill('erase')
  await go.click()
  await p.getByRole('status').filter({ hasText: 'The workspace is empty.' }).waitFor({ timeout: 30_000 })
  return statusWith(p, 0)
}

/** Chooses a backup on the Data page; with `passphrase`, answers the question for it. */
async function chooseBackup(p, path, passphrase) {
  await p.getByLabel('Backup file', { exact: true }).setInputFiles(path)
  if (passphrase !== undefined) {
    const box = p.getByLabel('Passphrase of the backup', { exact: true })
    await box.waitFor({ timeout: 30_000 })
    await box.fill(passphrase)
    await p.getByRole('button', { name: 'Open backup', exact: true }).click()
  }
}

/** The comparison table's two columns, as numbers by row title. */
async function comparison(p) {
  const table = p.getByRole('table', { name: 'The backup and this workspace', exact: true })
  await table.waitFor({ timeout: 60_000 })
  const rows = await table.locator('tbody tr').evaluateAll(trs => trs.map(tr => [...tr.children].map(c => c.textContent.trim())))
  const num = (s) => Number(s.replace(/[^\d]/g, ''))
  return Object.fromEntries(rows.map(([title, backup, now]) => [title, { backup: num(backup), now: num(now) }]))
}

async function restore(p, expected, events) {
  await p.getByRole('button', { name: 'Restore this backup…', exact: true }).click()
  const dialog = p.getByRole('alertdialog', { name: 'Replace this workspace?' })
  await dialog.waitFor({ timeout: 10_000 })
  await dialog.getByRole('button', { name: 'Replace with the backup', exact: true }).click()
  await p.getByRole('status').filter({ hasText: /^Restored: / }).waitFor({ timeout: 120_000 })
  return statusWith(p, expected, events)
}

const STORY = 'Data: back up (plain and encrypted), erase, restore each through the Data page; wrong passphrase and foreign files refused'
test(STORY, async (t) => {
  // A small workspace: 3 profiles by CSV (which also makes a cohort), 3 events of which one by a new user.
  let p = await page(t, '/import')
  await p.getByLabel('Choose a CSV file', { exact: true }).setInputFiles(
    await file('people.csv', 'id,E-mail,plan\nu1,ada@example.com,pro\nu2,grace@example.com,"free, for now"\nu3,zoë@example.com,pro\n'))
  await p.getByRole('table', { name: 'Preview of the first rows', exact: true }).waitFor({ timeout: 20_000 })
  await p.getByRole('button', { name: 'Import', exact: true }).click()
  await p.getByRole('heading', { name: /^Imported / }).waitFor({ timeout: 60_000 })
  p = await page(t, '/import?tab=events')
  const T = Math.floor(Date.now() / 1000) - 3600
  const ndjson = [['Signed Up', 'u1', 'a'], ['Played', 'u1', 'b'], ['Played', 'anon-7', 'c']]
    .map(([event, id, insert], i) => JSON.stringify({ event, properties: { distinct_id: id, time: T + i, $insert_id: insert } })).join('\n')
  await p.getByLabel('Choose an events file', { exact: true }).setInputFiles(await file('events.ndjson', ndjson + '\n'))
  await p.getByRole('button', { name: 'Import events', exact: true }).click()
  await p.getByRole('heading', { name: /^Imported / }).waitFor({ timeout: 60_000 })
  const before = await statusWith(p, 3, 3)

  // The Data page, from the main navigation.
  await ui.nav(p).getByRole('link', { name: 'Data', exact: true }).click()
  await p.getByRole('heading', { name: 'Data', level: 1 }).waitFor({ timeout: 10_000 })
  const storage = p.getByRole('region', { name: 'Storage' })
  await storage.getByText(/ allowed$/).waitFor({ timeout: 10_000 })
  if (await storage.getByRole('note').count()) {
    assert(/the browser may clear this data when space runs low; back it up/.test(await storage.getByRole('note').textContent()), 'the warning says what to do')
    await storage.getByRole('button', { name: 'Ask the browser to keep this data' }).click()
    await storage.getByRole('status').waitFor({ timeout: 10_000 })
    t.note(`persistence: ${(await storage.getByRole('status').textContent()).trim()}`)
  } else {
    t.note('storage is already persistent here')
  }

  // Back up, plain: a tar.gz whose manifest has the status line's counts.
  const plain = await download(p, () => p.getByRole('button', { name: 'Back up', exact: true }).click())
  assert(/^cohortlite-\d{4}-\d{2}-\d{2}\.tar\.gz$/.test(plain.name), `the backup's name: ${plain.name}`)
  const manifest = manifestOf(plain.bytes)
  for (const k of ['profiles', 'users', 'events']) assertEqual(manifest.counts[k], before[k], `the manifest's ${k}`)
  assertEqual(manifest.counts.cohorts, 1, 'the manifest counts the import\'s cohort')
  t.note(`plain backup: ${plain.bytes.length} bytes, schema ${manifest.schemaVersion}, app ${manifest.appVersion}`)
  await p.getByRole('status').filter({ hasText: /^Saved cohortlite-/ }).waitFor({ timeout: 10_000 })

  // Back up, encrypted: the passphrase asked twice, nothing readable in the file.
  await p.getByRole('checkbox', { name: 'Encrypt with a passphrase' }).check()
  await p.getByLabel('Passphrase', { exact: true }).fill('blue tulips at dawn')
  await p.getByLabel('Repeat the passphrase', { exact: true }).fill('blue tulips at dusk')
  await p.getByRole('button', { name: 'Back up', exact: true }).click()
  await p.getByRole('alert').filter({ hasText: 'The two passphrases differ' }).waitFor({ timeout: 5000 })
  await p.getByLabel('Repeat the passphrase', { exact: true }).fill('blue tulips at dawn')
  const sealed = await download(p, () => p.getByRole('button', { name: 'Back up', exact: true }).click())
  assert(/\.tar\.gz\.enc$/.test(sealed.name), `the encrypted backup's name: ${sealed.name}`)
  assertEqual(sealed.bytes.subarray(0, 28).toString('utf8'), 'COHORTLITE ENCRYPTED BACKUP\n', 'the encrypted file\'s first line')
  assert(!sealed.bytes.includes('cohortlite-backup.json'), 'nothing of the content shows')
  const plainPath = await file(plain.name, plain.bytes)
  const sealedPath = await file(sealed.name, sealed.bytes)

  // Erase, then restore the plain backup after seeing its counts beside the empty workspace's.
  const found = await axeViolations(p, '.data-page')
  assert(found.length === 0, `accessibility of the Data page:\n  ${found.join('\n  ')}`)
  await erase(p, { checkA11y: true })
  await chooseBackup(p, plainPath)
  const shown = await comparison(p)
  assertEqual(shown.Profiles.backup, 3, 'the backup\'s profiles')
  assertEqual(shown.Profiles.now, 0, 'the workspace\'s profiles now')
  assertEqual(shown.Events.backup, 3, 'the backup\'s events')
  const restored = await restore(p, 3, 3)
  for (const k of ['profiles', 'users', 'events']) assertEqual(restored[k], before[k], `${k} after the restore`)

  // A file that is no backup is refused, saying so; the workspace stays.
  await chooseBackup(p, await file('people-again.csv', 'id,plan\nu9,pro\n'))
  await p.getByRole('alert').filter({ hasText: 'This file is not a Cohortlite backup' }).waitFor({ timeout: 30_000 })
  assertEqual((await counts(p)).profiles, 3, 'profiles after the refused file')

  // Erase, then the encrypted backup: a wrong passphrase is refused, the right one restores.
  await erase(p)
  await chooseBackup(p, sealedPath, 'blue tulips at dusk')
  await p.getByRole('alert').filter({ hasText: /^Wrong passphrase/ }).waitFor({ timeout: 60_000 })
  assertEqual((await counts(p)).profiles, 0, 'nothing restored with a wrong passphrase')
  const box = p.getByLabel('Passphrase of the backup', { exact: true })
  await box.fill('blue tulips at dawn')
  await p.getByRole('button', { name: 'Open backup', exact: true }).click()
  assertEqual((await comparison(p)).Cohorts.backup, 1, 'the encrypted backup\'s cohorts')
  await restore(p, 3, 3)

  // Export as SQL runs pg_dump in the worker: a file psql can load, with the restored rows.
  const sql = await download(p, () => p.getByRole('button', { name: 'Export as SQL', exact: true }).click())
  assert(/^cohortlite-\d{4}-\d{2}-\d{2}\.sql$/.test(sql.name), `the SQL file's name: ${sql.name}`)
  const text = sql.bytes.toString('utf8')
  assert(text.startsWith('--\n-- A Cohortlite workspace as SQL'), 'the SQL file starts with its header')
  assert(/^CREATE TABLE public\.profiles \(/m.test(text) && !/^SET transaction_timeout = 0;$/m.test(text), 'the schema is there, without PGlite-only lines')
  assert(text.includes("'grace@example.com'") || text.includes('"grace@example.com"'), 'the restored profiles are in the SQL file')

  // After a reload the restored workspace opens (the worker found the data dir the restore switched to).
  await p.reload({ waitUntil: 'load' })
  await statusWith(p, 3, 3)
  p = await page(t, '/cohorts')
  // The backup's one cohort is its import's, kept with the import history.
  await p.getByText('1 import cohort is kept with the import history', { exact: false }).waitFor({ timeout: 20_000 })
  await sleep(500)
  assert(story.session.errors.length === 0, `console errors:\n  ${story.session.errors.join('\n  ')}`)
}, { timeout: 420_000 })
