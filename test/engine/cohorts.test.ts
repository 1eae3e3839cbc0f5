// Cohorts through the engine API: static and dynamic, cohorts of cohorts in
// both scopes, cycle and dependents refusals, member id rules, ids, updates,
// and filters that round-trip unchanged.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '../../workers/engine/types'
import type { Condition, Group } from '../../workers/engine/filter/types'
import { freshEngine, useEngine } from './helpers'

const NOW = '2024-06-01T12:00:00.000Z'
const day = (n: number) => Math.floor(Date.parse(NOW) / 1000) - n * 86_400

const and = (...filters: Array<Group | Condition>): Group => ({ op: 'and', filters })
const or = (...filters: Array<Group | Condition>): Group => ({ op: 'or', filters })
const plan = (value: string): Condition => ({ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: [value] })
const bought = (count = 1): Condition => ({ type: 'behavior', event: 'buy', operator: 'atLeast', count })
const inCohort = (cohortId: string, operator: 'in' | 'notIn' = 'in'): Condition => ({ type: 'cohort', cohortId, operator })

/**
 * Users: alice (pro, 2 buys), bob (pro), carol (free, 1 buy), dave (no
 * properties left: a profile not in User Profiles), eve (events only, 3 buys),
 * frank (events only, a view).
 */
async function seed(engine: Engine): Promise<void> {
  const updates = await engine.applyProfileUpdates([
    { $distinct_id: 'alice', $set: { plan: 'pro' } },
    { $distinct_id: 'bob', $set: { plan: 'pro' } },
    { $distinct_id: 'carol', $set: { plan: 'free' } },
    { $distinct_id: 'dave', $set: { plan: 'gone' } },
    { $distinct_id: 'dave', $unset: ['plan'] },
  ])
  expect(updates.errors).toEqual([])
  const events = await engine.importEvents([
    { event: 'buy', properties: { distinct_id: 'alice', time: day(1), $insert_id: 'a1' } },
    { event: 'buy', properties: { distinct_id: 'alice', time: day(2), $insert_id: 'a2' } },
    { event: 'buy', properties: { distinct_id: 'carol', time: day(3), $insert_id: 'c1' } },
    { event: 'buy', properties: { distinct_id: 'eve', time: day(1), $insert_id: 'e1' } },
    { event: 'buy', properties: { distinct_id: 'eve', time: day(2), $insert_id: 'e2' } },
    { event: 'buy', properties: { distinct_id: 'eve', time: day(3), $insert_id: 'e3' } },
    { event: 'view', properties: { distinct_id: 'frank', time: day(1), $insert_id: 'f1' } },
  ])
  expect(events.errors).toEqual([])
}

async function ids(engine: Engine, scope: 'profiles' | 'all', filter: Group): Promise<string[]> {
  const rows = await engine.listUsers({ scope, filter, now: NOW, offset: 0, limit: 100 })
  const count = await engine.countUsers({ scope, filter, now: NOW })
  expect(count).toBe(rows.length)
  return rows.map(r => r.distinctId).sort()
}

describe('cohorts of cohorts, static and dynamic, in both scopes', () => {
  const engine = useEngine()
  beforeAll(async () => { await seed(engine()) })

  it('counts and lists the right users', async () => {
    const e = engine()
    // Static: stored ids, including one with no user (ignored) and an event-only user.
    const vip = await e.saveCohort({ name: 'VIP', kind: 'static', members: ['bob', 'frank', 'nobody'] })
    // Dynamic, evaluated over All Users: eve has no profile but bought.
    const buyers = await e.saveCohort({ name: 'Buyers', kind: 'dynamic', filter: and(bought()) })
    // Cohort of cohorts: a static and a dynamic one.
    const buyersOrVip = await e.saveCohort({ name: 'Buyers or VIP', kind: 'dynamic', filter: or(inCohort(buyers.id), inCohort(vip.id)) })
    // Three levels: notIn of a cohort of cohorts, with a property condition.
    const others = await e.saveCohort({ name: 'Others', kind: 'dynamic', filter: and(inCohort(buyersOrVip.id, 'notIn')) })
    const proOthers = await e.saveCohort({ name: 'Pro buyers', kind: 'dynamic', filter: and(plan('pro'), inCohort(others.id, 'notIn'), inCohort(vip.id, 'notIn')) })

    expect(await ids(e, 'all', and(inCohort(vip.id)))).toEqual(['bob', 'frank'])
    expect(await ids(e, 'profiles', and(inCohort(vip.id)))).toEqual(['bob'])
    expect(await ids(e, 'all', and(inCohort(vip.id, 'notIn')))).toEqual(['alice', 'carol', 'dave', 'eve'])
    expect(await ids(e, 'profiles', and(inCohort(vip.id, 'notIn')))).toEqual(['alice', 'carol'])

    expect(await ids(e, 'all', and(inCohort(buyers.id)))).toEqual(['alice', 'carol', 'eve'])
    expect(await ids(e, 'profiles', and(inCohort(buyers.id)))).toEqual(['alice', 'carol'])

    expect(await ids(e, 'all', and(inCohort(buyersOrVip.id)))).toEqual(['alice', 'bob', 'carol', 'eve', 'frank'])
    expect(await ids(e, 'profiles', and(inCohort(buyersOrVip.id)))).toEqual(['alice', 'bob', 'carol'])
    expect(await ids(e, 'all', and(inCohort(others.id)))).toEqual(['dave'])
    expect(await ids(e, 'profiles', and(inCohort(others.id)))).toEqual([])
    expect(await ids(e, 'all', and(inCohort(proOthers.id)))).toEqual(['alice'])
    expect(await ids(e, 'all', and(inCohort(proOthers.id, 'notIn'), bought(2)))).toEqual(['eve'])
    expect(await ids(e, 'profiles', or(inCohort(proOthers.id), inCohort(others.id)))).toEqual(['alice'])
  })
})

describe('saving', () => {
  const engine = useEngine({ per: 'test' })

  it('generates short URL-safe ids, and lists cohorts with their definition', async () => {
    const e = engine()
    const a = await e.saveCohort({ name: '  Pro users ', description: 'paying', kind: 'dynamic', filter: and(plan('pro')) })
    const b = await e.saveCohort({ name: 'Pro users', kind: 'static', members: [' bob ', 'alice', 42, 'alice'] as unknown as string[] })
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{2,16}$/)
    expect(b.id).not.toBe(a.id)
    const list = await e.listCohorts()
    expect(list).toHaveLength(2)
    expect(list[0]).toMatchObject({ id: a.id, name: 'Pro users', description: 'paying', kind: 'dynamic', filter: and(plan('pro')) })
    expect(list[1]).toMatchObject({ id: b.id, name: 'Pro users', description: '', kind: 'static', members: ['42', 'alice', 'bob'] })
    for (const c of list) {
      expect(new Date(c.createdAt).toISOString()).toBe(c.createdAt)
      expect(c.updatedAt).toBe(c.createdAt)
    }
  })

  it('stores a filter that round-trips through JSON unchanged', async () => {
    const e = engine()
    await seed(e)
    const filter: Group = and(
      { type: 'property', property: `it's "quoted"`, dataType: 'datetime', operator: 'inLast', amount: 1.5, unit: 'week' },
      or({ type: 'behavior', event: '$any', operator: 'exactly', count: 0, window: { from: '2024-01-01', to: '2024-01-31T12:00:00+02:00' },
        where: and({ type: 'property', property: 'amount', dataType: 'number', operator: 'between', values: [0.1, 1e21] }) },
      { type: 'property', property: 'tags', dataType: 'list', operator: 'contains', values: ['ü', ''] }),
    )
    const { id } = await e.saveCohort({ id: 'round-trip', name: 'Round trip', kind: 'dynamic', filter: JSON.parse(JSON.stringify(filter)) })
    const [saved] = await e.listCohorts()
    expect(saved).toMatchObject({ id, kind: 'dynamic' })
    const stored = (saved as { filter: Group }).filter
    expect(stored).toEqual(filter)
    expect(JSON.parse(JSON.stringify(stored))).toEqual(filter)
    // What listCohorts returns can be saved again as is (an exported cohort imports back).
    await e.saveCohort(JSON.parse(JSON.stringify(saved)))
    expect((await e.listCohorts())[0]).toMatchObject({ id, filter })
  })

  it('re-saving an id updates it: created kept, updated later, members replaced, kind may change', async () => {
    const e = engine()
    await e.saveCohort({ id: 'c1', name: 'First', kind: 'static', members: ['a', 'b'] })
    const [before] = await e.listCohorts()
    await new Promise(r => setTimeout(r, 20))
    await e.saveCohort({ id: 'c1', name: 'Second', kind: 'static', members: ['c'] })
    const [after] = await e.listCohorts()
    expect(after).toMatchObject({ id: 'c1', name: 'Second', members: ['c'], createdAt: before!.createdAt })
    expect(Date.parse(after!.updatedAt)).toBeGreaterThan(Date.parse(before!.updatedAt))
    await e.saveCohort({ id: 'c1', name: 'Third', kind: 'dynamic', filter: and() })
    const [third] = await e.listCohorts()
    expect(third).toMatchObject({ id: 'c1', kind: 'dynamic', filter: and() })
    expect(third).not.toHaveProperty('members')
    expect(await e.listCohorts()).toHaveLength(1)
  })

  it('refuses bad input, writing nothing', async () => {
    const e = engine()
    const bad = async (input: unknown) => {
      const error = await e.saveCohort(input as never).then(() => undefined, (err: Error) => err.message)
      expect(error, JSON.stringify(input)).toBeTypeOf('string')
      return error as string
    }
    expect(await bad({ name: 'x', kind: 'static', members: ['ok', ' anon '] })).toBe('cohort.members[1] "anon" is not a valid id (tracking libraries send it by mistake)')
    for (const refused of ['null', 'undefined', 'none', 'nil', '0', '-1', '[]', '{}', '00000000-0000-0000-0000-000000000000', '  ', 'NULL']) {
      expect(await bad({ name: 'x', kind: 'static', members: [refused] })).toMatch(/^cohort\.members\[0\]/)
    }
    expect(await bad({ name: 'x', kind: 'static', members: ['x'.repeat(256)] })).toMatch(/longer than 255/)
    expect(await bad({ name: 'x', kind: 'static', members: [{}] })).toMatch(/^cohort\.members\[0\] must be a string or a number/)
    expect(await bad({ name: 'x', kind: 'static' })).toBe('cohort.members must be a list of distinct ids')
    expect(await bad({ name: ' ', kind: 'static', members: [] })).toBe('cohort.name must be a non-empty string')
    expect(await bad({ name: 'x', kind: 'smart', members: [] })).toBe('cohort.kind must be "dynamic" or "static", not "smart"')
    expect(await bad({ id: 'has space', name: 'x', kind: 'static', members: [] })).toMatch(/^cohort\.id must be 1 to 64 letters/)
    expect(await bad({ name: 'x', kind: 'dynamic', filter: and(plan('pro')), members: ['a'] })).toMatch(/^cohort\.members is only for static/)
    expect(await bad({ name: 'x', kind: 'static', members: [], filter: and() })).toMatch(/^cohort\.filter is only for dynamic/)
    expect(await bad({ name: 'x', kind: 'dynamic' })).toBe('cohort.filter must be a group ({ op, filters }), not nothing')
    expect(await bad({ name: 'x', kind: 'dynamic', filter: and(bought(), { type: 'behavior', event: 'buy', operator: 'atLeast', count: 1, window: { last: 0, unit: 'day' } }) }))
      .toBe('cohort.filter.filters[1].window.last must be > 0, not 0')
    expect(await bad({ name: 'x', kind: 'dynamic', filter: and(inCohort('missing')) })).toBe('cohort.filter.filters[0].cohortId names no saved cohort ("missing")')
    expect(await bad({ name: 'x', kind: 'static', members: [], color: 'red' })).toBe('cohort.color is not a field of a cohort')
    expect(await e.listCohorts()).toEqual([])
  })
})

describe('cycles and dependents', () => {
  const engine = useEngine({ per: 'test' })

  it('refuses a definition that reaches itself, naming the cycle', async () => {
    const e = engine()
    await e.saveCohort({ id: 'c1', name: 'One', kind: 'dynamic', filter: and(plan('pro')) })
    await e.saveCohort({ id: 'c2', name: 'Two', kind: 'dynamic', filter: and(inCohort('c1')) })
    await e.saveCohort({ id: 'c3', name: 'Three', kind: 'dynamic', filter: or(plan('x'), and(inCohort('c2', 'notIn'))) })
    await expect(e.saveCohort({ id: 'c1', name: 'One', kind: 'dynamic', filter: and(inCohort('c2')) }))
      .rejects.toThrow('cohort "One" cannot be saved: its definition reaches itself through cohort conditions (c1 → c2 → c1)')
    await expect(e.saveCohort({ id: 'c1', name: 'One', kind: 'dynamic', filter: or(plan('a'), inCohort('c3', 'notIn')) }))
      .rejects.toThrow('(c1 → c3 → c2 → c1)')
    await expect(e.saveCohort({ id: 'c1', name: 'One', kind: 'dynamic', filter: and(inCohort('c1')) })).rejects.toThrow('(c1 → c1)')
    // A brand-new id naming itself.
    await expect(e.saveCohort({ id: 'c9', name: 'Nine', kind: 'dynamic', filter: and(inCohort('c9')) })).rejects.toThrow('(c9 → c9)')
    // Nothing changed.
    expect((await e.listCohorts()).map(c => c.id)).toEqual(['c1', 'c2', 'c3'])
    expect((await e.listCohorts())[0]).toMatchObject({ filter: and(plan('pro')) })
    // Referring to a cohort twice, or through two paths, is not a cycle.
    await e.saveCohort({ id: 'c4', name: 'Four', kind: 'dynamic', filter: and(inCohort('c2'), inCohort('c3'), inCohort('c1', 'notIn')) })
    // A static cohort breaks a chain: its members are stored, not evaluated.
    await e.saveCohort({ id: 'c1', name: 'One', kind: 'static', members: ['alice'] })
    await e.saveCohort({ id: 'c1', name: 'One', kind: 'dynamic', filter: and(plan('pro')) })
  })

  it('refuses to delete a cohort others use, naming them; deletes it once they are gone', async () => {
    const e = engine()
    await e.saveCohort({ id: 'base', name: 'Base', kind: 'static', members: ['alice'] })
    await e.saveCohort({ id: 'a', name: 'Alpha', kind: 'dynamic', filter: and(inCohort('base')) })
    await e.saveCohort({ id: 'b', name: 'Beta', kind: 'dynamic', filter: or(plan('x'), and(inCohort('base', 'notIn'))) })
    await expect(e.deleteCohort('base')).rejects.toThrow('cohort "Base" (base) cannot be deleted: it is used by "Alpha" (a), "Beta" (b); change or delete those cohorts first')
    await e.deleteCohort('a')
    await expect(e.deleteCohort('base')).rejects.toThrow('it is used by "Beta" (b); change or delete that cohort first')
    await e.saveCohort({ id: 'b', name: 'Beta', kind: 'dynamic', filter: and(plan('x')) })
    await e.deleteCohort('base')
    expect((await e.listCohorts()).map(c => c.id)).toEqual(['b'])
    await expect(e.deleteCohort('base')).rejects.toThrow('there is no cohort "base"')
  })

  it('a filter naming an unknown cohort is a validation error when queried', async () => {
    const e = engine()
    await expect(e.countUsers({ scope: 'all', filter: and(inCohort(`x'; drop table cohorts; --`)) }))
      .rejects.toThrow(`filters[0].cohortId names no saved cohort ("x'; drop table cohorts; --")`)
  })

  it('cohorts hold users: a cohort condition cannot filter group profiles', async () => {
    const e = engine()
    await e.saveCohort({ id: 'c1', name: 'One', kind: 'static', members: ['alice'] })
    await expect(e.countUsers({ scope: 'all', groupKey: 'company', filter: and(inCohort('c1')) }))
      .rejects.toThrow('filters[0] is a cohort condition: cohorts hold users, so they cannot filter group profiles')
  })
})

it('a fresh engine has no cohorts', async () => {
  const e = await freshEngine()
  expect(await e.listCohorts()).toEqual([])
  await e.close()
})
