// The built app in headless Chromium, driven the way a user would: by roles
// and accessible names. Tests run in this order; the "sample data" story
// shares one Chromium profile so the (slow) sample load happens once.
import {
  afterAll, assert, assertEqual, checkAccessibility, isLocal, launch, openApp, profileDir, readTotal, requests,
  server, sleep, test, ui, visibleRows, waitFor, waitReady,
} from './harness.mjs'

/** The sample-data story: one Chromium profile that later files (users-page.test.mjs) go on with. */
export const SAMPLE = 'Load sample data: a progress bar, then rows and the right total'

/** The sample generator's own counts (workers/engine/sample), loaded through Vite since it is TypeScript. */
async function sampleCounts() {
  try {
    const { runnerImport } = await import('vite')
    const file = new URL('../../workers/engine/sample/index.ts', import.meta.url).pathname
    const { module } = await runnerImport(file, { configFile: false, logLevel: 'silent' })
    return module.SAMPLE_DEFAULTS ?? null
  } catch {
    return null
  }
}

// ------------------------------------------------------------------ shell

test('an unknown address says so, accessibly', async (t) => {
  const s = await launch(t)
  const page = await openApp(t, s, '/no/such/page')
  await page.getByRole('heading', { name: 'Page not found', exact: true }).waitFor({ timeout: 30_000 })
  await checkAccessibility(page, 'the "Page not found" page')
}, { timeout: 60_000 })

test('the app loads with no console errors', async (t) => {
  const s = await launch(t)
  const page = await openApp(t, s)
  await ui.nav(page).waitFor({ timeout: 30_000 })
  for (const name of ['Users', 'Cohorts', 'Import']) {
    const link = ui.nav(page).getByRole('link', { name, exact: true })
    assertEqual(await link.count(), 1, `links named "${name}" in nav "Main"`)
  }
  await waitReady(page)
  await ui.loadSample(page).waitFor({ timeout: 10_000 }) // an empty database offers sample data
  await checkAccessibility(page, 'the empty Users page')
  await sleep(1000) // late errors (service worker registration, storage estimate)
  assert(s.errors.length === 0, `console errors while loading:\n  ${s.errors.join('\n  ')}`)
}, { timeout: 90_000 })

test('the page runs under its Content-Security-Policy: an injected inline script does not run', async (t) => {
  const s = await launch(t)
  const page = await openApp(t, s)
  // The database opens under it: the worker, PGlite's wasm, the service worker.
  await waitReady(page)
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  assert(policy?.includes("script-src 'self' 'wasm-unsafe-eval'"), `the page's policy: ${policy}`)
  await waitFor(() => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.active)),
    { timeout: 60_000, message: 'an active service worker under the policy' })
  assert(s.errors.length === 0, `console errors before anything was injected (the app itself breaks the policy?):\n  ${s.errors.join('\n  ')}`)
  const injected = await page.evaluate(async () => {
    const refused = []
    document.addEventListener('securitypolicyviolation', (e) => refused.push(e.effectiveDirective))
    const script = document.createElement('script')
    script.textContent = 'window.__injectedScript = true'
    document.head.append(script)
    const holder = document.createElement('div')
    holder.innerHTML = '<img src="/favicon.svg" onload="window.__injectedHandler = true" alt="">'
    document.body.append(holder)
    const link = document.createElement('a')
    link.href = 'javascript:window.__injectedUrl = true'
    document.body.append(link)
    link.click()
    await new Promise((r) => setTimeout(r, 500))
    holder.remove()
    link.remove()
    return { script: window.__injectedScript ?? false, handler: window.__injectedHandler ?? false, url: window.__injectedUrl ?? false, refused }
  })
  assert(!injected.script && !injected.handler && !injected.url, `nothing injected ran: ${JSON.stringify(injected)}`)
  assert(injected.refused.includes('script-src-elem') && injected.refused.includes('script-src-attr'),
    `the browser refused them under the policy: ${JSON.stringify(injected.refused)}`)
  t.note(`refused: ${[...new Set(injected.refused)].join(', ')}`)
}, { timeout: 120_000 })

// ------------------------------------------------------------------ the sample-data story (one profile)

/** One profile shared by the tests below; its browser is closed and relaunched in between. */
export const story = { dir: '', session: null, page: null, status: null }
afterAll(async () => { await story.session?.close() })

export async function storyPage(t) {
  if (!story.session) {
    story.session = await launch(t, { dir: story.dir, keep: true })
    story.page = null
  }
  if (!story.page || story.page.isClosed()) story.page = await openApp(t, story.session)
  t.pages.add(story.page)
  return story.page
}

test(SAMPLE, async (t) => {
  story.dir = await profileDir('story')
  const page = await storyPage(t)
  await waitReady(page)
  const progress = ui.progress(page)
  await ui.loadSample(page).click()
  // The bar must show while loading (it is not enough that loading ends).
  await progress.waitFor({ state: 'visible', timeout: 10_000 })
  const seen = new Set()
  const watch = setInterval(() => {
    progress.getAttribute('aria-valuenow', { timeout: 500 }).then((v) => seen.add(v), () => {})
  }, 300)
  try {
    await progress.waitFor({ state: 'detached', timeout: 240_000 })
  } finally {
    clearInterval(watch)
  }
  const status = await waitReady(page, { minProfiles: 1, timeout: 30_000 })
  t.note(`status: ${status.text}`)
  t.note(`progress values seen: ${[...seen].filter((v) => v != null).join(', ') || '(indeterminate)'}`)
  const expectedCounts = await sampleCounts()
  if (expectedCounts) {
    for (const k of ['profiles', 'users', 'events']) {
      assertEqual(status[k], expectedCounts[k], `${k} in the status line vs the sample generator's SAMPLE_DEFAULTS`)
    }
  } else {
    t.note('SAMPLE_DEFAULTS not found in workers/engine/sample; checked the minimums only')
  }
  assert(status.profiles >= 5000, `the sample should hold at least 5,000 profiles; status says ${status.profiles}`)
  assert(status.events >= 100_000, `the sample should hold at least 100,000 events; status says ${status.events}`)
  assert(status.users > status.profiles, `the sample has event-only users, so users (${status.users}) > profiles (${status.profiles})`)
  story.status = status

  const profilesChecked = await ui.radio(page, 'User Profiles').isChecked()
  const allChecked = await ui.radio(page, 'All Users').isChecked()
  assert(profilesChecked !== allChecked, `exactly one of the "Scope" radios is checked (User Profiles: ${profilesChecked}, All Users: ${allChecked})`)
  const expected = profilesChecked ? status.profiles : status.users
  await waitFor(async () => (await readTotal(page)) === expected, {
    timeout: 15_000, message: async () => `"Total users" to show ${expected}`,
  }).catch(async (e) => { throw new Error(`${e.message}; it shows ${JSON.stringify(await ui.total(page).textContent())}`) })

  const grid = ui.grid(page)
  const rowCount = Number(await grid.getAttribute('aria-rowcount'))
  assert(rowCount === expected || rowCount === expected + 1,
    `grid "Users" aria-rowcount should be the total (${expected}, or +1 for a header row); it is ${rowCount}`)
  const rows = await waitFor(async () => {
    const r = await visibleRows(page)
    return r.length >= 5 && r.every((x) => x.cells.some(Boolean)) ? r : null
  }, { timeout: 15_000, message: 'at least 5 rows with gridcells in grid "Users"' })
  assert(rows.some((r) => r.index <= 2), `the first rows are shown (aria-rowindex ${rows[0].index}…)`)
  const names = new Set(rows.map((r) => r.cells[0]))
  assert(names.size > 1, `rows show different names; saw ${[...names].join(', ')}`)
  t.note(`first row: ${rows[0].cells.join(' | ')}`)
  assert(story.session.errors.length === 0, `console errors:\n  ${story.session.errors.join('\n  ')}`)
}, { timeout: 300_000 })

test('scrolling far down the grid shows later rows', async (t) => {
  const page = await storyPage(t)
  await waitReady(page, { minProfiles: 1 })
  const first = await waitFor(async () => { const r = await visibleRows(page); return r.length ? r : null },
    { message: 'rows in grid "Users"' })
  const total = Number(await ui.grid(page).getAttribute('aria-rowcount'))
  const firstMax = Math.max(...first.map((r) => r.index))
  const box = await ui.grid(page).boundingBox()
  assert(box, 'grid "Users" is visible')
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 300))
  // Wheel down, as a user would, until we are past the middle of the list.
  let later = first
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, 20_000)
    await sleep(150)
    later = await visibleRows(page, { inView: true })
    if (later.length && Math.min(...later.map((r) => r.index)) > total / 2) break
  }
  later = await waitFor(async () => {
    const r = await visibleRows(page, { inView: true })
    return r.length && r.every((x) => x.cells.some(Boolean)) ? r : null
  }, { timeout: 10_000, message: 'filled rows after scrolling' })
  const minLater = Math.min(...later.map((r) => r.index))
  assert(minLater > total / 2, `after scrolling, rows past the middle show (aria-rowindex ${minLater}, aria-rowcount ${total}; before: ≤ ${firstMax})`)
  const before = new Set(first.map((r) => r.cells[0]))
  const after = later.map((r) => r.cells[0])
  assert(after.some((n) => !before.has(n)), `later rows show other names than the first rows (${after.slice(0, 3).join(', ')})`)
  // And the very end of the list.
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, 50_000)
    await sleep(100)
    const r = await visibleRows(page)
    if (r.some((x) => x.index >= total)) break
  }
  const end = await waitFor(async () => {
    const r = await visibleRows(page)
    return r.some((x) => x.index >= total && x.cells.some(Boolean)) ? r : null
  }, { timeout: 10_000, message: `the last row (aria-rowindex ${total}) to show` })
  t.note(`rows ${first[0]?.index}…${firstMax} → ${minLater}… → last ${Math.max(...end.map((r) => r.index))}`)
}, { needs: [SAMPLE], timeout: 120_000 })

test('the search box narrows the list', async (t) => {
  const page = await storyPage(t)
  await waitReady(page, { minProfiles: 1 })
  await ui.radio(page, 'User Profiles').check()
  await waitFor(async () => (await readTotal(page)) === story.status.profiles, { message: `"Total users" = ${story.status.profiles} profiles` })
  await page.mouse.wheel(0, -1e7)
  const rows = await waitFor(async () => {
    const r = (await visibleRows(page)).filter((x) => x.cells[1]?.includes('@'))
    return r.length ? r : null
  }, { message: 'a row with an email' })
  const email = rows[0].cells[1]
  const box = ui.search(page)
  await box.fill(email)
  const narrowed = await waitFor(async () => {
    const n = await readTotal(page)
    return n != null && n < story.status.profiles ? n : null
  }, { timeout: 15_000, message: `"Total users" to drop below ${story.status.profiles} after searching ${email}` })
  assert(narrowed >= 1, `searching an email shown in the list finds it (total ${narrowed})`)
  const found = await waitFor(async () => {
    const r = await visibleRows(page)
    return r.length >= Math.min(narrowed, 5) && r.length <= narrowed && r.every((x) => x.cells.some(Boolean)) ? r : null
  }, { message: `the grid to show the ${narrowed} matching row(s)` })
  const needle = email.toLowerCase()
  for (const r of found) {
    assert(r.cells.some((c) => c.toLowerCase().includes(needle)), `row ${r.index} matches "${email}": ${r.cells.join(' | ')}`)
  }
  // Part of an address, in capitals: the match is case-insensitive and not exact.
  const part = email.split('@')[0].slice(0, 5).toUpperCase()
  await box.fill(part)
  const partial = await waitFor(async () => {
    const n = await readTotal(page)
    return n != null && n >= narrowed && n < story.status.profiles ? n : null
  }, { timeout: 15_000, message: async () => `"Total users" for "${part}" to be between ${narrowed} and ${story.status.profiles - 1}; shows ${await readTotal(page)}` })
  const partRows = await waitFor(async () => {
    const r = await visibleRows(page)
    return r.length >= Math.min(partial, 5) && r.every((x) => x.cells.some(Boolean)) ? r : null
  }, { message: `rows for "${part}"` })
  for (const r of partRows) {
    assert(r.cells.some((c) => c.toLowerCase().includes(part.toLowerCase())), `row ${r.index} matches "${part}": ${r.cells.join(' | ')}`)
  }
  t.note(`search "${email}" → ${narrowed}; "${part}" → ${partial}`)
  await box.fill('')
  await waitFor(async () => (await readTotal(page)) === story.status.profiles, { message: 'the total to come back after clearing the search' })
}, { needs: [SAMPLE], timeout: 90_000 })

test('the Scope switch changes the total (All Users > User Profiles)', async (t) => {
  const page = await storyPage(t)
  await waitReady(page, { minProfiles: 1 })
  const { profiles, users } = story.status
  await ui.radio(page, 'All Users').check()
  await waitFor(async () => (await readTotal(page)) === users, { timeout: 15_000, message: async () => `"Total users" = ${users} (All Users); shows ${await readTotal(page)}` })
  assert(await ui.radio(page, 'All Users').isChecked(), '"All Users" is checked')
  const rowCount = Number(await ui.grid(page).getAttribute('aria-rowcount'))
  assert(rowCount === users || rowCount === users + 1, `aria-rowcount follows the scope (${rowCount} for ${users} users)`)
  await ui.radio(page, 'User Profiles').check()
  await waitFor(async () => (await readTotal(page)) === profiles, { timeout: 15_000, message: async () => `"Total users" = ${profiles} (User Profiles); shows ${await readTotal(page)}` })
  t.note(`User Profiles ${profiles}, All Users ${users}`)
}, { needs: [SAMPLE], timeout: 60_000 })

test('the data survives a reload', async (t) => {
  const page = await storyPage(t)
  await page.reload({ waitUntil: 'load' })
  const status = await waitReady(page, { minProfiles: 1 })
  assertEqual(status.profiles, story.status.profiles, 'profiles after reload')
  assertEqual(status.users, story.status.users, 'users after reload')
  assertEqual(status.events, story.status.events, 'events after reload')
  await waitFor(async () => (await visibleRows(page)).length > 0, { message: 'rows after reload' })
}, { needs: [SAMPLE], timeout: 90_000 })

test('the data survives a browser restart', async (t) => {
  await storyPage(t)
  await story.session.close()
  story.session = null
  const page = await storyPage(t)
  const status = await waitReady(page, { minProfiles: 1 })
  assertEqual(status.profiles, story.status.profiles, 'profiles after restart')
  assertEqual(status.users, story.status.users, 'users after restart')
  assertEqual(status.events, story.status.events, 'events after restart')
  await waitFor(async () => (await visibleRows(page)).length > 0, { message: 'rows after restart' })
}, { needs: [SAMPLE], timeout: 90_000 })

test('after one visit the app reloads offline', async (t) => {
  const page = await storyPage(t)
  await waitReady(page, { minProfiles: 1 })
  // The service worker has installed (precached everything) once it is active.
  await waitFor(() => page.evaluate(async () => {
    if (!('serviceWorker' in navigator)) return false
    const reg = await navigator.serviceWorker.getRegistration()
    return Boolean(reg?.active)
  }), { timeout: 60_000, message: 'an active service worker' })
  // Offline for real: the browser is offline and the server is gone.
  await story.session.context.setOffline(true)
  await server.stop()
  t.defer(async () => {
    await story.session?.context.setOffline(false)
    await server.start()
  })
  await page.reload({ waitUntil: 'load' })
  await ui.nav(page).waitFor({ timeout: 30_000 })
  const status = await waitReady(page, { minProfiles: 1 })
  assertEqual(status.profiles, story.status.profiles, 'profiles offline')
  await waitFor(async () => (await visibleRows(page)).length > 0, { message: 'rows offline' })
}, { needs: [SAMPLE], timeout: 120_000 })

// ------------------------------------------------------------------ one owner

test('a second tab sees "open in another tab" and can take over', async (t) => {
  const s = await launch(t)
  const first = await openApp(t, s)
  await waitReady(first)
  const second = await s.context.newPage()
  t.pages.add(second)
  await second.goto(server.url + '/')
  await second.getByText('Cohortlite is open in another tab').waitFor({ timeout: 30_000 })
  await checkAccessibility(second, 'the "open in another tab" screen')
  const take = second.getByRole('button', { name: 'Use here', exact: true })
  await take.click()
  await first.getByText('Cohortlite was opened in another tab').waitFor({ timeout: 30_000 })
  await checkAccessibility(first, 'the "opened in another tab" screen')
  await waitReady(second)
  assert(!(await second.getByText('Cohortlite is open in another tab').isVisible()), 'the second tab no longer says "open in another tab"')
}, { timeout: 120_000 })

// ------------------------------------------------------------------ network

test('no request leaves the machine', async (t) => {
  if (requests.length === 0) {
    // Run alone: make a visit to have something to check.
    const s = await launch(t)
    const page = await openApp(t, s)
    await waitReady(page)
  }
  assert(requests.length > 0, 'requests were recorded during the run')
  const outside = requests.filter((r) => !isLocal(r.url))
  const list = outside.slice(0, 20).map((r) => `${r.url} (during "${r.test}")`)
  assert(outside.length === 0, `${outside.length} of ${requests.length} requests left the machine:\n  ${list.join('\n  ')}`)
  t.note(`${requests.length} requests, all to ${[...new Set(requests.map((r) => { try { const u = new URL(r.url); return u.origin === 'null' ? u.protocol : u.origin } catch { return r.url.slice(0, 20) } }))].join(', ')}`)
}, { timeout: 60_000 })

