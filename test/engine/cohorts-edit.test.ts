// Working with saved cohorts (issue 15): rename and describe, duplicate,
// freeze, cycle refusal on save, dependants before a delete, static members
// added and removed (by ids and by query), and lists of ids or emails.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Condition, Group } from '../../workers/engine/filter/types'
import { readList } from '../../workers/engine/cohorts/entries'
import { useEngine, type Engine } from './helpers'

const and = (...filters: Array<Group | Condition>): Group => ({ op: 'and', filters })
const plan = (value: string): Condition => ({ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: [value] })
const inCohort = (cohortId: string, operator: 'in' | 'notIn' = 'in'): Condition => ({ type: 'cohort', cohortId, operator })

async function members(e: Engine, id: string): Promise<string[]> {
  const rows = await e.listUsers({ scope: 'all', filter: and(inCohort(id)), offset: 0, limit: 100 })
  return rows.map(r => r.distinctId).sort()
}

async function seed(e: Engine): Promise<void> {
  const r = await e.applyProfileUpdates([
    { $distinct_id: 'alice', $set: { plan: 'pro', $email: 'Alice@Example.com' } },
    { $distinct_id: 'bob', $set: { plan: 'pro', $email: 'bob@example.com ' } },
    { $distinct_id: 'carol', $set: { plan: 'free', $email: 'shared@example.com' } },
    { $distinct_id: 'dan', $set: { plan: 'free', $email: 'SHARED@example.com' } },
  ])
  expect(r.errors).toEqual([])
  await e.importEvents([{ event: 'view', properties: { distinct_id: 'eve', time: 1_700_000_000, $insert_id: 'e1' } }])
}

describe('editing cohorts', () => {
  const engine = useEngine()
  beforeAll(async () => { await seed(engine()) })

  it('renames and describes in place, and refuses a blank name or another field', async () => {
    const e = engine()
    const { id } = await e.saveCohort({ name: 'Pro', kind: 'dynamic', filter: and(plan('pro')) })
    const before = (await e.listCohorts()).find(c => c.id === id)!
    await e.updateCohort(id, { name: '  Paying  ', description: 'on the pro plan' })
    const after = (await e.listCohorts()).find(c => c.id === id)!
    expect(after).toMatchObject({ name: 'Paying', description: 'on the pro plan', kind: 'dynamic', filter: and(plan('pro')), createdAt: before.createdAt })
    await e.updateCohort(id, { description: '' })
    expect((await e.listCohorts()).find(c => c.id === id)).toMatchObject({ name: 'Paying', description: '' })
    await expect(e.updateCohort(id, { name: ' ' })).rejects.toThrow('cohort.name must be a non-empty string')
    await expect(e.updateCohort(id, { kind: 'static' } as never)).rejects.toThrow('cohort.kind cannot be changed here')
    await expect(e.updateCohort('nope', { name: 'x' })).rejects.toThrow('there is no cohort "nope"')
  })

  it('save changes refuses a cycle and leaves the cohort as it was', async () => {
    const e = engine()
    const a = await e.saveCohort({ name: 'A', kind: 'dynamic', filter: and(plan('pro')) })
    const b = await e.saveCohort({ name: 'B', kind: 'dynamic', filter: and(inCohort(a.id)) })
    const c = await e.saveCohort({ name: 'C', kind: 'dynamic', filter: and(inCohort(b.id, 'notIn')) })
    await expect(e.saveCohort({ id: a.id, name: 'A', kind: 'dynamic', filter: and(inCohort(c.id)) }))
      .rejects.toThrow(`its definition reaches itself through cohort conditions (${a.id} → ${c.id} → ${b.id} → ${a.id})`)
    expect((await e.listCohorts()).find(x => x.id === a.id)).toMatchObject({ filter: and(plan('pro')) })
    expect(await members(e, a.id)).toEqual(['alice', 'bob'])
    // A change that does not reach itself is saved.
    await e.saveCohort({ id: a.id, name: 'A', kind: 'dynamic', filter: and(plan('free')) })
    expect(await members(e, b.id)).toEqual(['carol', 'dan'])
  })

  it('lists the dependants a delete would break, and deletes once they no longer use it', async () => {
    const e = engine()
    const base = await e.saveCohort({ name: 'Base', kind: 'static', members: ['alice'] })
    const x = await e.saveCohort({ name: 'Uses base', kind: 'dynamic', filter: and(inCohort(base.id)) })
    const y = await e.saveCohort({ name: 'Also uses base', kind: 'dynamic', filter: { op: 'or', filters: [plan('pro'), and(inCohort(base.id, 'notIn'))] } })
    expect(await e.cohortDependants(base.id)).toEqual([{ id: x.id, name: 'Uses base' }, { id: y.id, name: 'Also uses base' }])
    await expect(e.deleteCohort(base.id)).rejects.toThrow('"Uses base"')
    await e.saveCohort({ id: x.id, name: 'Uses base', kind: 'dynamic', filter: and(plan('pro')) })
    await e.deleteCohort(y.id)
    expect(await e.cohortDependants(base.id)).toEqual([])
    await e.deleteCohort(base.id)
    expect((await e.listCohorts()).some(c => c.id === base.id)).toBe(false)
  })

  it('duplicates a dynamic and a static cohort, independent of the original', async () => {
    const e = engine()
    const dyn = await e.saveCohort({ name: 'Free', description: 'd', kind: 'dynamic', filter: and(plan('free')) })
    const copy = await e.duplicateCohort(dyn.id)
    expect(copy.id).not.toBe(dyn.id)
    expect((await e.listCohorts()).find(c => c.id === copy.id)).toMatchObject({ name: 'Copy of Free', description: 'd', kind: 'dynamic', filter: and(plan('free')) })
    const st = await e.saveCohort({ name: 'Two', kind: 'static', members: ['alice', 'ghost'] })
    const stCopy = await e.duplicateCohort(st.id, 'Two again')
    await e.removeCohortMembers(st.id, { ids: ['alice'] })
    expect((await e.listCohorts()).find(c => c.id === stCopy.id)).toMatchObject({ name: 'Two again', kind: 'static', members: ['alice', 'ghost'] })
    await expect(e.duplicateCohort('nope')).rejects.toThrow('there is no cohort "nope"')
  })

  it('freezes a dynamic cohort into a static snapshot that no longer follows the data', async () => {
    const e = engine()
    const dyn = await e.saveCohort({ name: 'Pro now', kind: 'dynamic', filter: and(plan('pro')) })
    const frozen = await e.freezeCohort(dyn.id)
    const saved = (await e.listCohorts()).find(c => c.id === frozen.id)!
    expect(saved).toMatchObject({ kind: 'static', members: ['alice', 'bob'] })
    expect(saved.name).toMatch(/^Pro now \(frozen \d{4}-\d{2}-\d{2}\)$/)
    await e.applyProfileUpdates([{ $distinct_id: 'carol', $set: { plan: 'pro' } }])
    expect(await members(e, dyn.id)).toEqual(['alice', 'bob', 'carol'])
    expect(await members(e, frozen.id)).toEqual(['alice', 'bob'])
    await e.applyProfileUpdates([{ $distinct_id: 'carol', $set: { plan: 'free' } }])
    await expect(e.freezeCohort(frozen.id)).rejects.toThrow('is already static')
  })

  it('adds and removes static members by ids and by query, counting what changed', async () => {
    const e = engine()
    const st = await e.saveCohort({ name: 'Hand-picked', kind: 'static', members: ['alice'] })
    expect(await e.addCohortMembers(st.id, { ids: ['alice', 'eve', ' eve '] })).toEqual({ added: 1 })
    expect(await members(e, st.id)).toEqual(['alice', 'eve'])
    expect(await e.addCohortMembers(st.id, { query: { scope: 'profiles', filter: and(plan('free')) } })).toEqual({ added: 2 })
    expect(await members(e, st.id)).toEqual(['alice', 'carol', 'dan', 'eve'])
    expect(await e.removeCohortMembers(st.id, { query: { scope: 'all', search: 'example.com' } })).toEqual({ removed: 3 })
    expect(await e.removeCohortMembers(st.id, { ids: ['eve', 'nobody'] })).toEqual({ removed: 1 })
    expect(await members(e, st.id)).toEqual([])
    const dyn = await e.saveCohort({ name: 'Dyn', kind: 'dynamic', filter: and(plan('pro')) })
    await expect(e.addCohortMembers(dyn.id, { ids: ['alice'] })).rejects.toThrow('is dynamic')
    await expect(e.addCohortMembers(st.id, { ids: ['null'] })).rejects.toThrow('ids[0] "null" is not a valid id')
    // A refused add writes nothing.
    await expect(e.addCohortMembers(st.id, { ids: ['bob', 'undefined'] })).rejects.toThrow()
    expect(await members(e, st.id)).toEqual([])
  })
})

describe('lists of ids or emails', () => {
  const engine = useEngine()
  beforeAll(async () => { await seed(engine()) })

  it('reads one entry per line, or a CSV column picked by name', () => {
    expect(readList('email\nalice@example.com\n\n  bob@example.com  \r\n', 'email'))
      .toEqual({ columns: [], column: null, entries: ['alice@example.com', 'bob@example.com'] })
    expect(readList('alice\nbob', 'id').entries).toEqual(['alice', 'bob'])
    const csv = 'name,E-mail,plan\nAlice,alice@example.com,pro\n"Smith, Bob",bob@example.com,free\nNo mail,,free\n'
    expect(readList(csv, 'email')).toEqual({ columns: ['name', 'E-mail', 'plan'], column: 'E-mail', entries: ['alice@example.com', 'bob@example.com'] })
    expect(readList(csv, 'id', 'name').entries).toEqual(['Alice', 'Smith, Bob', 'No mail'])
    expect(() => readList(csv, 'id', 'user')).toThrow('the list has no column "user" (its columns: "name", "E-mail", "plan")')
  })

  it('matches emails ignoring case and spaces, reporting entries that match none or several', async () => {
    const m = await engine().matchUserList(['alice@example.com', 'BOB@EXAMPLE.COM', 'shared@example.com', 'nobody@example.com', 'ALICE@example.com', ''], 'email')
    expect(m).toEqual({
      ids: ['alice', 'bob', 'carol', 'dan'],
      entries: 4,
      unmatched: ['nobody@example.com'],
      ambiguous: [{ entry: 'shared@example.com', ids: ['carol', 'dan'] }],
    })
  })

  it('matches distinct ids exactly, events-only users included', async () => {
    const m = await engine().matchUserList(['eve', 'alice', 'Alice', 'ghost', 'alice'], 'id')
    expect(m).toEqual({ ids: ['eve', 'alice'], entries: 4, unmatched: ['Alice', 'ghost'], ambiguous: [] })
  })

  it('a cohort made from a list, then extended from another', async () => {
    const e = engine()
    const first = await e.matchUserList(readList('E-mail\nalice@example.com\n', 'email').entries, 'email')
    const { id } = await e.saveCohort({ name: 'From list', kind: 'static', members: first.ids })
    const more = await e.matchUserList(readList('id,x\ncarol,1\neve,2\n', 'id').entries, 'id')
    expect(await e.addCohortMembers(id, { ids: more.ids })).toEqual({ added: 2 })
    expect(await members(e, id)).toEqual(['alice', 'carol', 'eve'])
  })
})
