// The second part of the filter language built through the builder, as a
// user would: a sequence, an aggregate and an "at least 2 of 3" group, each
// count checked against the engine's own answer for the JSON the page put in
// its URL; and a pattern the engine refuses, said at its place. Runs on the
// sample data users-filters.test.mjs loads.
import { assert, assertEqual, readTotal, server, test, waitFor, waitReady } from './harness.mjs'
import { addButton, condition, engineAnswer, filters, LOAD, page, totalMatchesEngine, urlState } from './users-filters.test.mjs'

async function fresh(p) {
  await p.goto(`${server.url}/`)
  await waitReady(p, { minProfiles: 1 })
  await filters(p).waitFor()
}

/** Types a name into a picker and leaves it with Tab. */
async function pick(combobox, name) {
  await combobox.fill(name)
  await combobox.press('Tab')
}

/** The "removes N users" line of top-level condition `n`, checked against the engine's count without it. */
async function impactMatchesEngine(p, n, total, without) {
  const expected = (await p.evaluate((q) => globalThis.__cohortlite.api().countUsers(q), { scope: 'profiles', ...(without.filters.length ? { filter: without } : {}) })) - total
  const words = expected >= 0 ? `removes ${expected.toLocaleString('en-US')} user` : `adds ${(-expected).toLocaleString('en-US')} user`
  return waitFor(async () => {
    const text = await condition(p, n).locator('.impact').textContent({ timeout: 1000 }).catch(() => '')
    return text?.startsWith(words) ? text : null
  }, { timeout: 30_000, message: async () => `condition ${n} to say "${words}…"; says ${await condition(p, n).locator('.impact').textContent().catch(() => '(nothing)')}` })
}

test('filters more: a sequence built in the builder (add to cart, then purchase within a day) counts what the engine counts', async (t) => {
  const p = await page(t)
  await fresh(p)
  const all = (await totalMatchesEngine(p, 'no filter')).shown
  await addButton(p, 'Sequence').click()
  const c = condition(p, 1)
  await c.getByText('incomplete: not counted yet').waitFor()
  await pick(c.getByRole('combobox', { name: 'Step 1 event' }), 'add_to_cart')
  await pick(c.getByRole('combobox', { name: 'Step 2 event' }), 'purchase')
  await c.getByRole('combobox', { name: 'Within', exact: true }).selectOption('within')
  await c.getByRole('combobox', { name: 'Window', exact: true }).selectOption('ever')
  const r = await totalMatchesEngine(p, 'the sequence', (f) => f?.filters[0]?.type === 'sequence' && f.filters[0].within && !f.filters[0].window)
  assertEqual(JSON.stringify(r.url.filters[0]), JSON.stringify({
    type: 'sequence', operator: 'did', steps: [{ event: 'add_to_cart' }, { event: 'purchase' }], within: { amount: 1, unit: 'day' },
  }), 'the sequence in the URL')
  assert(r.shown > 0 && r.shown < all, `the sequence narrows the users (${r.shown} of ${all})`)
  t.note(`add_to_cart then purchase within a day: ${r.shown} of ${all}; ${await impactMatchesEngine(p, 1, r.shown, { op: 'and', filters: [] })}`)
  // The steps reorder: purchase, then add to cart.
  await c.getByRole('button', { name: 'Move step 2 up' }).click()
  const back = await totalMatchesEngine(p, 'the steps reversed', (f) => f?.filters[0]?.steps?.[0]?.event === 'purchase')
  t.note(`purchase then add_to_cart within a day: ${back.shown}`)
}, { needs: [LOAD], timeout: 120_000 })

test('filters more: an aggregate built in the builder (total purchase amount over 500) counts what the engine counts', async (t) => {
  const p = await page(t)
  await fresh(p)
  await addButton(p, 'Aggregate').click()
  const c = condition(p, 1)
  await pick(c.getByRole('combobox', { name: 'Event', exact: true }), 'purchase')
  const property = c.getByRole('combobox', { name: 'Event property' }).first()
  await property.fill('amo')
  // the purchase's own properties, with their types
  const amount = p.getByRole('listbox', { name: 'Event property' }).getByRole('option', { name: 'amount', exact: true })
  await amount.waitFor()
  const detail = await amount.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby'))?.textContent ?? '')
  assert(/^Number · /.test(detail), `amount is a number property of purchase: ${detail}`)
  await amount.click()
  await c.getByRole('combobox', { name: 'Comparison' }).selectOption({ label: 'greater than' })
  await c.getByRole('spinbutton', { name: 'Value' }).fill('500')
  await c.getByRole('combobox', { name: 'Window', exact: true }).selectOption('ever')
  const r = await totalMatchesEngine(p, 'total amount > 500', (f) => f?.filters[0]?.values?.[0] === 500 && !f.filters[0].window)
  assertEqual(JSON.stringify(r.url.filters[0]), JSON.stringify({
    type: 'aggregate', event: 'purchase', fn: 'sum', property: 'amount', operator: 'greaterThan', values: [500],
  }), 'the aggregate in the URL')
  assert(r.shown > 0, `someone spent over 500 (${r.shown})`)
  const engine = await engineAnswer(p)
  t.note(`total purchase amount > 500: ${r.shown} (engine ${engine.total})`)
  // average instead of total: a new count
  await c.getByRole('combobox', { name: 'Aggregate' }).selectOption({ label: 'average' })
  const avg = await totalMatchesEngine(p, 'average amount > 500', (f) => f?.filters[0]?.fn === 'avg')
  t.note(`average purchase amount > 500: ${avg.shown}`)
}, { needs: [LOAD], timeout: 120_000 })

test('filters more: "at least 2 of" three conditions, built in the builder, counts what the engine counts, with each one\'s effect', async (t) => {
  const p = await page(t)
  await fresh(p)
  await addButton(p, 'Property').click()
  await pick(condition(p, 1).getByRole('combobox', { name: 'Property' }), 'plan')
  const plan = condition(p, 1).getByRole('combobox', { name: 'Value' })
  await plan.fill('pro')
  await plan.press('Enter')
  await addButton(p, 'Behavior').click()
  await pick(condition(p, 2).getByRole('combobox', { name: 'Event' }), 'purchase')
  await addButton(p, 'Property').click()
  await pick(condition(p, 3).getByRole('combobox', { name: 'Property' }), 'age')
  await condition(p, 3).getByRole('combobox', { name: 'Operator' }).selectOption({ label: 'greater than' })
  await condition(p, 3).getByRole('spinbutton', { name: 'Value' }).fill('40')
  await totalMatchesEngine(p, 'all three', (f) => f?.filters.length === 3)
  await filters(p).getByRole('combobox', { name: 'Match', exact: true }).selectOption('atLeast')
  const r = await totalMatchesEngine(p, 'at least 2 of 3', (f) => f?.op === 'atLeast')
  assertEqual(r.url.k, 2, 'k in the URL')
  assertEqual(r.url.filters.length, 3, 'three conditions')
  const and = await p.evaluate((filter) => globalThis.__cohortlite.api().countUsers({ scope: 'profiles', filter }), { op: 'and', filters: r.url.filters })
  const or = await p.evaluate((filter) => globalThis.__cohortlite.api().countUsers({ scope: 'profiles', filter }), { op: 'or', filters: r.url.filters })
  assert(and <= r.shown && r.shown <= or, `all of them (${and}) <= at least 2 (${r.shown}) <= any (${or})`)
  for (let i = 0; i < 3; i++) {
    const rest = r.url.filters.filter((_, j) => j !== i)
    t.note(`condition ${i + 1}: ${await impactMatchesEngine(p, i + 1, r.shown, { op: 'atLeast', k: 2, filters: rest })}`)
  }
  t.note(`at least 2 of 3: ${r.shown} (all: ${and}, any: ${or})`)
  // k = 3 is "all of these"
  await filters(p).getByRole('spinbutton', { name: 'Match: at least how many' }).fill('3')
  await totalMatchesEngine(p, 'at least 3 of 3', (f) => f?.k === 3)
  assertEqual(await readTotal(p), and, 'at least 3 of 3 is all of them')
}, { needs: [LOAD], timeout: 150_000 })

test('filters more: a pattern the engine refuses says why, at its place, and is not counted', async (t) => {
  const p = await page(t)
  await fresh(p)
  await addButton(p, 'Property').click()
  const c = condition(p, 1)
  await pick(c.getByRole('combobox', { name: 'Property' }), '$email')
  await c.getByRole('combobox', { name: 'Operator' }).selectOption({ label: 'matches pattern' })
  const box = c.getByRole('textbox', { name: 'Pattern' })
  await box.fill('(?i)@EXAMPLE')
  const alert = c.getByRole('alert')
  await alert.waitFor()
  const text = (await alert.textContent()).trim()
  assert(/is not a pattern: it has "\(\?".*\(at character 1\)/.test(text), `the engine's words: ${text}`)
  assertEqual(await box.getAttribute('aria-invalid'), 'true', 'the box is marked invalid')
  assertEqual((await urlState(p)).filter, null, 'nothing in the URL while refused')
  await box.fill('@[a-z]+\\.com$')
  await alert.waitFor({ state: 'detached' })
  const r = await totalMatchesEngine(p, 'a valid pattern', (f) => f?.filters[0]?.operator === 'matches')
  t.note(`${text} → fixed: ${r.shown} users match @[a-z]+\\.com$`)
}, { needs: [LOAD], timeout: 90_000 })
