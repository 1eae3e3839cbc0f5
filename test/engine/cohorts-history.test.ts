// Cohorts over time and side by side (issue 15): size points on save and on
// count (at most one an hour), sizes as of a date against a reference (the
// same data cut at that date, counted with `now` there), overlap regions
// against their own filters, and saved views.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Condition, Group } from '../../workers/engine/filter/types'
import type { TrackedEvent } from '../../workers/engine/types'
import { freshEngine, useEngine, type Engine } from './helpers'

const and = (...filters: Array<Group | Condition>): Group => ({ op: 'and', filters })
const plan = (value: string): Condition => ({ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: [value] })
const inCohort = (cohortId: string, operator: 'in' | 'notIn' = 'in'): Condition => ({ type: 'cohort', cohortId, operator })

describe('size history', () => {
  it('keeps a point on every save and member change, and counted points at most once per period', async () => {
    const hourly = await freshEngine()
    await hourly.applyProfileUpdates([{ $distinct_id: 'a', $set: { plan: 'pro' } }, { $distinct_id: 'b', $set: { plan: 'free' } }])
    const { id } = await hourly.saveCohort({ name: 'Pro', kind: 'dynamic', filter: and(plan('pro')) })
    expect((await hourly.cohortSizeHistory(id)).map(p => [p.size, p.reason])).toEqual([[1, 'saved']])
    await hourly.applyProfileUpdates([{ $distinct_id: 'b', $set: { plan: 'pro' } }])
    expect(await hourly.countCohort(id)).toBe(2)
    // Within the hour of the save: not kept.
    expect((await hourly.cohortSizeHistory(id)).map(p => [p.size, p.reason])).toEqual([[1, 'saved']])
    const st = await hourly.saveCohort({ name: 'S', kind: 'static', members: ['a'] })
    await hourly.addCohortMembers(st.id, { ids: ['b'] })
    await hourly.removeCohortMembers(st.id, { ids: ['a'] })
    expect((await hourly.cohortSizeHistory(st.id)).map(p => [p.size, p.reason])).toEqual([[1, 'saved'], [2, 'saved'], [1, 'saved']])
    await expect(hourly.countCohort('nope')).rejects.toThrow('there is no cohort "nope"')
    await hourly.close()

    const every = await freshEngine({ cohortSizeEveryMs: 0 })
    await every.applyProfileUpdates([{ $distinct_id: 'a', $set: { plan: 'pro' } }])
    const c = await every.saveCohort({ name: 'Pro', kind: 'dynamic', filter: and(plan('pro')) })
    await every.applyProfileUpdates([{ $distinct_id: 'b', $set: { plan: 'pro' } }])
    expect(await every.countCohort(c.id)).toBe(2)
    expect(await every.countCohort(c.id)).toBe(2)
    const points = await every.cohortSizeHistory(c.id)
    expect(points.map(p => [p.size, p.reason])).toEqual([[1, 'saved'], [2, 'counted'], [2, 'counted']])
    expect(points.every((p, i) => i === 0 || p.at > points[i - 1]!.at)).toBe(true)
    // A deleted cohort's points go with it.
    await every.deleteCohort(c.id)
    expect(await every.cohortSizeHistory(c.id)).toEqual([])
    await every.close()
  })
})

// ---- as of a date

const T = '2024-03-15'
const T_END = Date.parse('2024-03-16T00:00:00Z') / 1000
const START = Date.parse('2024-02-01T00:00:00Z') / 1000

/** A small deterministic world: 40 users with profiles, ~600 events over 60 days around T. */
function world(): { updates: Array<Record<string, unknown>>; events: TrackedEvent[] } {
  let seed = 42
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  const updates = Array.from({ length: 40 }, (_, i) => ({ $distinct_id: `u${i}`, $set: { plan: rand() < 0.5 ? 'pro' : 'free' } }))
  const names = ['open', 'buy', 'share']
  const events: TrackedEvent[] = Array.from({ length: 600 }, (_, i) => ({
    event: names[Math.floor(rand() * names.length)]!,
    properties: {
      distinct_id: `u${Math.floor(rand() ** 1.5 * 40)}`,
      time: START + Math.floor(rand() * 60 * 86_400),
      $insert_id: `i${i}`,
      amount: Math.floor(rand() * 100),
    },
  }))
  return { updates, events }
}

const FILTERS: Record<string, Group> = {
  'bought ever': and({ type: 'behavior', event: 'buy', operator: 'atLeast', count: 2 }),
  'never shared': and({ type: 'behavior', event: 'share', operator: 'didNot' }),
  'opened in the last 7 days': and({ type: 'behavior', event: 'open', operator: 'atLeast', count: 1, window: { last: 7, unit: 'day' } }),
  'at most 3 opens ever': and({ type: 'behavior', event: 'open', operator: 'atMost', count: 3 }),
  'first buy in the last 14 days': and({ type: 'behavior', event: 'buy', operator: 'firstTime', window: { last: 14, unit: 'day' } }),
  'a window across the date': and({ type: 'behavior', event: '$any', operator: 'exactly', count: 2, window: { from: '2024-03-10', to: '2024-03-25' } }),
  'spent over 150': and({ type: 'aggregate', event: 'buy', fn: 'sum', property: 'amount', operator: 'greaterThan', values: [150] }),
  'open then buy within a day': and({ type: 'sequence', operator: 'did', steps: [{ event: 'open' }, { event: 'buy' }], within: { amount: 1, unit: 'day' } }),
  'pro and bought, or never opened': { op: 'or', filters: [and(plan('pro'), { type: 'behavior', event: 'buy', operator: 'atLeast', count: 1 }), and({ type: 'behavior', event: 'open', operator: 'didNot' })] },
}

describe('size on a date', () => {
  const full = useEngine()
  let cut: Engine
  const ids = new Map<string, string>()
  beforeAll(async () => {
    const { updates, events } = world()
    cut = await freshEngine()
    for (const e of [full(), cut]) expect((await e.applyProfileUpdates(updates)).errors).toEqual([])
    expect((await full().importEvents(events)).errors).toEqual([])
    // The reference: only the events before the end of T.
    const before = events.filter(e => (e.properties.time as number) < T_END)
    expect(before.length).toBeGreaterThan(100)
    expect(before.length).toBeLessThan(events.length - 100)
    expect((await cut.importEvents(before)).errors).toEqual([])
    for (const e of [full(), cut]) {
      for (const [name, filter] of Object.entries(FILTERS)) {
        const { id } = await e.saveCohort({ id: `c${Object.keys(FILTERS).indexOf(name)}`, name, kind: 'dynamic', filter })
        ids.set(name, id)
      }
      // A cohort of cohorts is evaluated as of the date all the way down.
      await e.saveCohort({ id: 'nested', name: 'nested', kind: 'dynamic', filter: and(inCohort('c0'), inCohort('c1', 'notIn')) })
    }
  })

  for (const name of [...Object.keys(FILTERS), 'nested']) {
    it(`${name}: as of the date equals the data cut there, counted with now there`, async () => {
      const id = ids.get(name) ?? 'nested'
      const reference = await cut.countUsers({ scope: 'all', filter: and(inCohort(id)), now: new Date(T_END * 1000).toISOString() })
      const asOf = await full().countCohortAt(id, T)
      expect(asOf).toBe(reference)
    })
  }

  it('the as-of counts differ from today in some cohorts (the date matters), and bad dates are refused', async () => {
    let differs = 0
    for (const id of ids.values()) {
      if (await full().countCohortAt(id, T) !== await full().countCohort(id)) differs++
    }
    expect(differs).toBeGreaterThan(2)
    await expect(full().countCohortAt('c0', '15/03/2024')).rejects.toThrow('the date must be an ISO date or date-time, not "15/03/2024"')
    await expect(full().countCohortAt('nope', T)).rejects.toThrow('there is no cohort "nope"')
  })
})

describe('overlap', () => {
  const engine = useEngine()
  it('gives every region of 2 and 3 cohorts, each equal to its own filter counted, and they add up', async () => {
    const e = engine()
    await e.applyProfileUpdates(Array.from({ length: 30 }, (_, i) => ({ $distinct_id: `u${i}`, $set: { n: i } })))
    const mod = (k: number, r: number) => e.saveCohort({ name: `n%${k}=${r}`, kind: 'static', members: Array.from({ length: 30 }, (_, i) => i).filter(i => i % k === r).map(i => `u${i}`) })
    const a = await mod(2, 0), b = await mod(3, 0)
    const c = await e.saveCohort({ name: 'n<10', kind: 'dynamic', filter: and({ type: 'property', property: 'n', dataType: 'number', operator: 'lessThan', values: [10] }) })
    const two = await e.cohortOverlap([a.id, b.id])
    expect(two.map(r => [r.inside, r.outside, r.count])).toEqual([
      [[a.id, b.id], [], 5], [[b.id], [a.id], 5], [[a.id], [b.id], 10],
    ])
    const three = await e.cohortOverlap([a.id, b.id, c.id])
    expect(three).toHaveLength(7)
    for (const r of three) expect(r.count).toBe(await e.countUsers({ scope: 'all', filter: r.filter }))
    // The regions partition the union: 2∪3∪(<10) of 0..29.
    const union = Array.from({ length: 30 }, (_, i) => i).filter(i => i % 2 === 0 || i % 3 === 0 || i < 10).length
    expect(three.reduce((s, r) => s + r.count, 0)).toBe(union)
    expect(three[0]).toMatchObject({ inside: [a.id, b.id, c.id], count: 2 })
    await expect(e.cohortOverlap([a.id])).rejects.toThrow('pick 2 or 3 cohorts')
    await expect(e.cohortOverlap([a.id, a.id])).rejects.toThrow('pick different cohorts')
    await expect(e.cohortOverlap([a.id, 'nope'])).rejects.toThrow('there is no cohort "nope"')
  })
})

describe('saved views', () => {
  const engine = useEngine()
  const view = { scope: 'all' as const, search: 'ann', filter: and(plan('pro')), columns: ['$email', 'plan'], sort: { property: 'plan', direction: 'desc' as const } }

  it('saves, lists by name, replaces by id, refuses a taken name or a bad view, and deletes', async () => {
    const e = engine()
    const { id } = await e.saveView({ name: 'Pro users', view })
    await e.saveView({ name: 'another', view: { ...view, sort: null, search: '  ' } })
    let list = await e.listViews()
    expect(list.map(v => v.name)).toEqual(['another', 'Pro users'])
    expect(list[1]).toMatchObject({ id, view })
    expect(list[0]!.view).toMatchObject({ search: '', sort: null })
    await expect(e.saveView({ name: 'PRO USERS', view })).rejects.toThrow('there is already a view named "PRO USERS"')
    await e.saveView({ id, name: 'Pro users', view: { ...view, columns: ['plan'] } })
    list = await e.listViews()
    expect(list.find(v => v.id === id)!.view.columns).toEqual(['plan'])
    await expect(e.saveView({ name: ' ', view })).rejects.toThrow('Give the view a name')
    await expect(e.saveView({ name: 'x', view: { ...view, scope: 'nobody' as never } })).rejects.toThrow('view.scope must be "profiles" or "all"')
    await expect(e.saveView({ name: 'x', view: { ...view, filter: { op: 'xor', filters: [] } as never } })).rejects.toThrow()
    await expect(e.saveView({ name: 'x', view: { ...view, extra: 1 } as never })).rejects.toThrow('view.extra is not part of a view')
    await e.deleteView(id)
    expect((await e.listViews()).map(v => v.name)).toEqual(['another'])
    await expect(e.deleteView(id)).rejects.toThrow(`there is no saved view "${id}"`)
  })

  it('travels in a backup: a workspace restored from the dump has its views', async () => {
    const e = engine()
    await e.saveView({ name: 'Kept', view })
    const { openEngine } = await import('../../workers/engine/index')
    const copy = await openEngine({ loadDataDir: await e.dumpDataDir() })
    try {
      expect((await copy.listViews()).map(v => v.name)).toContain('Kept')
    } finally {
      await copy.close()
    }
  })
})
