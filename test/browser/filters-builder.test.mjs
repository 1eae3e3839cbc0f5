// The filter builder as a keyboard and a small screen meet it: the name
// pickers are comboboxes (arrows, Enter, options that say their type and
// count), a click right after typing is not lost, ten nested groups neither
// overlap nor overflow at 1280 and 390 px, and the nesting limit shows before
// it is reached. Runs on the sample data users-filters.test.mjs loads.
import { assert, assertEqual, server, waitFor, waitReady } from './harness.mjs'
import { addButton, condition, filters, LOAD, page, totalMatchesEngine, urlState } from './users-filters.test.mjs'
import { test } from './harness.mjs'

const prop = (property, values = ['pro']) => ({ type: 'property', property, dataType: 'string', operator: 'equals', values })

/** A filter of `levels` groups, one inside the other (the root is level 1), each with a condition. */
function nested(levels) {
  let g = { op: 'and', filters: [prop('plan')] }
  for (let i = 1; i < levels; i++) g = { op: i % 2 ? 'or' : 'and', filters: [prop('plan', ['team']), g] }
  return g
}

async function open(p, filter) {
  await p.goto(`${server.url}/${filter ? `?filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`)
  await waitReady(p, { minProfiles: 1 })
  await filters(p).waitFor()
}

/** Every visible control of the builder that overlaps another, or reaches past the builder or the window. */
async function layoutProblems(p) {
  return p.evaluate(() => {
    const builder = document.querySelector('[role=group][aria-label=Filters]')
    const box = builder.getBoundingClientRect()
    const controls = [...builder.querySelectorAll('button, input, select')]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0)
    const name = (el) => el.getAttribute('aria-label') || el.textContent.trim() || el.tagName
    const problems = []
    for (const { el, r } of controls) {
      if (r.right > box.right + 0.5 || r.left < box.left - 0.5) problems.push(`${name(el)} reaches past the builder (${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(box.left)}–${Math.round(box.right)})`)
      if (r.right > window.innerWidth + 0.5) problems.push(`${name(el)} reaches past the window`)
    }
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        const a = controls[i].r, b = controls[j].r
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left)
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
        // a control inside another (the picker's ▾ in its box) is one control
        if (w > 1 && h > 1 && !controls[i].el.parentElement.contains(controls[j].el) && !controls[j].el.parentElement.contains(controls[i].el)) {
          problems.push(`${name(controls[i].el)} overlaps ${name(controls[j].el)}`)
        }
      }
    }
    return { problems: problems.slice(0, 10), controls: controls.length, pageOverflow: document.documentElement.scrollWidth > window.innerWidth }
  })
}

test('filters builder: the property and event pickers are comboboxes, with types and counts, used by keyboard', async (t) => {
  const p = await page(t)
  await open(p)
  await addButton(p, 'Property').click()
  const c = condition(p, 1)
  const property = c.getByRole('combobox', { name: 'Property' })
  await property.focus()
  await p.keyboard.type('pla')
  const list = p.getByRole('listbox', { name: 'Property' })
  await list.waitFor()
  const plan = list.getByRole('option', { name: 'plan', exact: true })
  const detail = await plan.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby'))?.textContent ?? '')
  assert(/^Text · [\d,]+$/.test(detail), `the plan option describes its type and count: ${JSON.stringify(detail)}`)
  await p.keyboard.press('ArrowDown')
  await waitFor(async () => (await plan.getAttribute('data-highlighted')) !== null, { message: 'plan highlighted by ArrowDown' })
  await p.keyboard.press('Enter')
  await waitFor(async () => (await property.inputValue()) === 'plan', { message: 'the picker to show plan' })
  assertEqual(await c.getByRole('combobox', { name: 'Type' }).inputValue(), 'string', 'the picked property\'s type')

  await addButton(p, 'Behavior').click()
  const event = condition(p, 2).getByRole('combobox', { name: 'Event' })
  await event.focus()
  await event.fill('')
  await p.keyboard.type('purch')
  const events = p.getByRole('listbox', { name: 'Event' })
  const purchase = events.getByRole('option', { name: 'purchase', exact: true })
  await purchase.waitFor()
  const count = await purchase.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby'))?.textContent ?? '')
  assert(/^[\d,]+ events$/.test(count), `the purchase option says how many events: ${JSON.stringify(count)}`)
  await p.keyboard.press('ArrowDown')
  await p.keyboard.press('Enter')
  await waitFor(async () => (await urlState(p)).filter?.filters?.some((f) => f.event === 'purchase'), { message: 'purchase in the URL' })
  await p.keyboard.press('Escape')
}, { needs: [LOAD], timeout: 90_000 })

test('filters builder: typing a value and then clicking "+ Behavior" takes both, at the first click', async (t) => {
  const p = await page(t)
  await open(p)
  await addButton(p, 'Property').click()
  await condition(p, 1).getByRole('combobox', { name: 'Property' }).fill('plan')
  await condition(p, 1).getByRole('combobox', { name: 'Property' }).press('Tab')
  const value = condition(p, 1).getByRole('combobox', { name: 'Value' })
  await value.fill('pro')
  await addButton(p, 'Behavior').click()
  await condition(p, 2).waitFor({ timeout: 5_000 })
  await condition(p, 1).getByRole('button', { name: 'Remove value pro' }).waitFor({ timeout: 5_000 })
  const r = await totalMatchesEngine(p, 'plan is pro, and a behaviour', (f) => f?.filters.length === 2)
  assertEqual(JSON.stringify(r.url.filters[0].values), '["pro"]', 'the typed value in the URL')
}, { needs: [LOAD], timeout: 60_000 })

test('filters builder: ten nested groups do not overlap or overflow, at 1280 px and at 390 px', async (t) => {
  const p = await page(t)
  await open(p, nested(10))
  await filters(p).getByRole('group', { name: 'Group 2.2.2.2.2.2.2.2.2', exact: true }).waitFor()
  const wide = await layoutProblems(p)
  assert(wide.problems.length === 0, `at 1280 px: ${wide.problems.join('; ')}`)
  await p.setViewportSize({ width: 390, height: 844 })
  try {
    await waitFor(async () => (await p.evaluate(() => window.innerWidth)) === 390, { message: 'a 390 px window' })
    const narrow = await layoutProblems(p)
    assert(narrow.problems.length === 0, `at 390 px: ${narrow.problems.join('; ')}`)
    assert(!narrow.pageOverflow, 'the page does not scroll sideways at 390 px')
    t.note(`${wide.controls} controls checked at 1280 px, ${narrow.controls} at 390 px`)

    // At 390 px the builder is still used as usual: a condition added, its property picked from the list.
    await open(p)
    await addButton(p, 'Property').click()
    const picker = condition(p, 1).getByRole('combobox', { name: 'Property' })
    await picker.fill('plan')
    const option = p.getByRole('listbox', { name: 'Property' }).getByRole('option', { name: 'plan', exact: true })
    await option.waitFor()
    const box = await p.getByRole('listbox', { name: 'Property' }).boundingBox()
    assert(box && box.x >= 0 && box.x + box.width <= 390.5, `the list fits the window: ${JSON.stringify(box)}`)
    await option.click()
    const value = condition(p, 1).getByRole('combobox', { name: 'Value' })
    await value.fill('team')
    await value.press('Enter')
    await totalMatchesEngine(p, 'plan is team at 390 px', (f) => f?.filters[0]?.values?.[0] === 'team')
    const after = await layoutProblems(p)
    assert(after.problems.length === 0 && !after.pageOverflow, `one condition at 390 px: ${after.problems.join('; ')}`)
  } finally {
    await p.setViewportSize({ width: 1280, height: 800 })
  }
}, { needs: [LOAD], timeout: 90_000 })

test('filters builder: the nesting limit shows before it is reached', async (t) => {
  const p = await page(t)
  await open(p, nested(16))
  const deepest = filters(p).getByRole('group', { name: `Group ${Array(15).fill(2).join('.')}`, exact: true })
  await deepest.waitFor()
  const add = (path) => filters(p).getByRole('group', { name: `Add to group ${path}`, exact: true })
  const at12 = add(Array(11).fill(2).join('.'))
  const hint12 = await at12.locator('.nesting').textContent()
  assert(/Level 12 of at most 16: 4 more levels/.test(hint12), `level 12 says how many more fit: ${hint12}`)
  const group16 = add(Array(15).fill(2).join('.')).getByRole('button', { name: '+ Group', exact: true })
  assert(await group16.isDisabled(), '"+ Group" is disabled at level 16')
  const hint16 = await add(Array(15).fill(2).join('.')).locator('.nesting').textContent()
  assert(/at most 16 levels: no more groups/.test(hint16), `level 16 says why: ${hint16}`)
  t.note(hint12)
}, { needs: [LOAD], timeout: 60_000 })
