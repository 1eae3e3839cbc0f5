// The Import page against the rough edges of issue 13, as a user meets them:
// keyboard focus on the file choosers, a phone-sized screen, and an import
// cut off by a reload. Each test has its own Chromium profile (database).
import {
  assert, assertEqual, launch, openApp, parseStatus, tempFiles, test, ui, waitFor, waitReady,
} from './harness.mjs'

const file = tempFiles('import-robust')

async function importPage(t, path = '/import') {
  const session = await launch(t)
  const page = await openApp(t, session, path)
  await waitReady(page)
  return { session, page }
}

/** The outline the focused control shows, read from the element that draws it. */
async function focusRing(page) {
  return page.evaluate(() => {
    const active = document.activeElement
    if (!active) return null
    // A visually hidden file input draws nothing itself: its label is the button the user sees.
    const drawn = active.matches('input[type=file]') ? active.closest('label') ?? active : active
    const style = getComputedStyle(drawn)
    const box = drawn.getBoundingClientRect()
    return { tag: active.tagName, type: active.getAttribute('type'), style: style.outlineStyle, width: parseFloat(style.outlineWidth), boxWidth: box.width, text: drawn.textContent?.trim() }
  })
}

test('Import: keyboard focus on every file chooser draws a visible ring (WCAG 2.4.7)', async (t) => {
  const { page } = await importPage(t)
  for (const [tab, name] of [['Profiles (CSV)', 'Choose a CSV file'], ['Events', 'Choose an events file'], ['Profile updates', 'Choose a profile updates file']]) {
    await page.getByRole('tab', { name: tab, exact: true }).click()
    await page.getByRole('tab', { name: tab, exact: true }).focus()
    // Tab from the tab list to the chooser, as a keyboard user does.
    const reached = await waitFor(async () => {
      await page.keyboard.press('Tab')
      const ring = await focusRing(page)
      return ring?.type === 'file' ? ring : null
    }, { timeout: 10_000, interval: 0, message: `Tab reaches "${name}"` })
    assert(reached.text?.includes(name), `the focused chooser is "${name}": ${reached.text}`)
    assert(reached.style !== 'none' && reached.width >= 2, `"${name}" shows a focus ring: ${JSON.stringify(reached)}`)
    assert(reached.boxWidth > 40, `the ring is drawn on the visible button, not a 1 px input: ${reached.boxWidth}`)
  }
}, { timeout: 120_000 })

test('Import: usable on a 390 px wide screen', async (t) => {
  const { page } = await importPage(t)
  await page.setViewportSize({ width: 390, height: 844 })
  const csv = 'id,email,name,plan,country,company,signup_date\n' + Array.from({ length: 20 }, (_, i) => `u${i},u${i}@example.com,User ${i},pro,DE,Acme,2025-01-0${(i % 9) + 1}`).join('\n') + '\n'
  await page.getByLabel('Choose a CSV file', { exact: true }).setInputFiles(await file('phone.csv', csv))
  await page.getByRole('table', { name: 'Preview of the first rows', exact: true }).waitFor({ timeout: 20_000 })
  const overflow = await page.evaluate(() => {
    const panel = document.querySelector('.import-page')
    const wide = [...panel.querySelectorAll('*')].filter(el => {
      const r = el.getBoundingClientRect()
      // Inside a scroll box (the preview grid, the tab list) a child may be wider: the box scrolls, the page does not.
      return r.width > 0 && r.right > window.innerWidth + 1 && !el.closest('.preview-scroll, .history-scroll, .import-tabs')
    })
    return { page: panel.getBoundingClientRect().right, viewport: window.innerWidth, wide: wide.slice(0, 5).map(el => `${el.tagName}.${el.className}`) }
  })
  assert(overflow.page <= overflow.viewport + 1, `the Import page fits: ${JSON.stringify(overflow)}`)
  assert(overflow.wide.length === 0, `no control runs past the right edge: ${overflow.wide}`)
  const importButton = page.getByRole('button', { name: 'Import', exact: true })
  await importButton.scrollIntoViewIfNeeded()
  const box = await importButton.boundingBox()
  assert(box && box.x >= 0 && box.x + box.width <= 390, `the Import button is on screen: ${JSON.stringify(box)}`)
  await importButton.click()
  await page.getByRole('heading', { name: /^Imported / }).waitFor({ timeout: 60_000 })
}, { timeout: 120_000 })

test('Import: an import cut off by a reload is in the History as interrupted', async (t) => {
  const { page } = await importPage(t)
  const rows = 400_000
  const csv = 'id,email,plan\n' + Array.from({ length: rows }, (_, i) => `user-${i},user${i}@example.com,${i % 3 ? 'free' : 'pro'}`).join('\n') + '\n'
  await page.getByLabel('Choose a CSV file', { exact: true }).setInputFiles(await file('cut.csv', csv))
  await page.getByRole('table', { name: 'Preview of the first rows', exact: true }).waitFor({ timeout: 20_000 })
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  const progress = page.getByRole('progressbar', { name: 'Import progress', exact: true })
  await waitFor(async () => Number(await progress.getAttribute('aria-valuenow').catch(() => '0')) > 5, { timeout: 60_000, message: 'the import under way' })
  // The leave guard asks before a reload; the user says leave.
  page.on('dialog', dialog => void dialog.accept())
  await page.reload({ waitUntil: 'load' })
  await waitReady(page, { timeout: 90_000 })
  await page.goto(new URL('/import?tab=history', page.url()).href)
  await waitReady(page, { timeout: 90_000 })
  const table = page.getByRole('table', { name: 'Past imports', exact: true })
  await table.waitFor({ timeout: 20_000 })
  const row = table.getByRole('row').filter({ hasText: 'cut.csv' })
  await row.waitFor({ timeout: 10_000 })
  const text = (await row.textContent()) ?? ''
  assert(/Interrupted/.test(text), `the entry says interrupted: ${text}`)
  assert(/closed or reloaded/.test(text), `and why: ${text}`)
  const status = parseStatus(((await ui.status(page).textContent()) ?? '').trim())
  assert(!status.profiles, `nothing of it was written: ${status.text}`)
}, { timeout: 240_000 })
