// Cohort definition files (issue 14): a cohort's definition downloads as a
// small JSON file and imports into another workspace, which finds the cohorts
// it uses (by id, else by name), names the missing ones and then creates
// nothing, and names the properties and events it has never seen.
import { beforeAll, describe, expect, it } from 'vitest'
import type { CohortFile } from '../../workers/engine/types'
import type { Condition, Group } from '../../workers/engine/filter/types'
import { freshEngine, useEngine, type Engine } from './helpers'

const and = (...filters: Array<Group | Condition>): Group => ({ op: 'and', filters })
const plan = (value: string): Condition => ({ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: [value] })
const inCohort = (cohortId: string, operator: 'in' | 'notIn' = 'in'): Condition => ({ type: 'cohort', cohortId, operator })
const bought = (min: number): Condition => ({
  type: 'behavior', event: 'Purchase', operator: 'atLeast', count: 1,
  where: and({ type: 'property', property: 'amount', dataType: 'number', operator: 'greaterThan', values: [min] }),
})

async function members(e: Engine, id: string): Promise<string[]> {
  const rows = await e.listUsers({ scope: 'all', filter: and(inCohort(id)), offset: 0, limit: 100 })
  return rows.map(r => r.distinctId).sort()
}

async function seed(e: Engine): Promise<void> {
  const r = await e.applyProfileUpdates([
    { $distinct_id: 'alice', $set: { plan: 'pro' } },
    { $distinct_id: 'bob', $set: { plan: 'pro' } },
    { $distinct_id: 'carol', $set: { plan: 'free' } },
  ])
  expect(r.errors).toEqual([])
  const t = 1_700_000_000
  await e.importEvents([
    { event: 'Purchase', properties: { distinct_id: 'alice', time: t, $insert_id: 'p1', amount: 120 } },
    { event: 'Purchase', properties: { distinct_id: 'carol', time: t, $insert_id: 'p2', amount: 20 } },
  ])
}

const textOf = async (file: Blob) => file.text()

describe('cohort definition files', () => {
  const source = useEngine()
  let target: Engine
  let paying: string, bigBuyers: string, vip: string, handPicked: string

  beforeAll(async () => {
    const e = source()
    await seed(e)
    paying = (await e.saveCohort({ name: 'Paying', description: 'on the pro plan', kind: 'dynamic', filter: and(plan('pro')) })).id
    bigBuyers = (await e.saveCohort({ name: 'Big buyers', kind: 'dynamic', filter: and(bought(100)) })).id
    vip = (await e.saveCohort({ name: 'VIP', kind: 'dynamic', filter: { op: 'or', filters: [inCohort(paying), inCohort(bigBuyers)] } })).id
    handPicked = (await e.saveCohort({ name: 'Hand-picked', kind: 'static', members: ['carol', 'zed'] })).id
    target = await freshEngine()
    await seed(target)
  })

  it('a dynamic cohort downloads as its definition, naming the cohorts, properties and events it uses', async () => {
    const file = await source().exportCohortFile(vip)
    expect(file.name).toMatch(/^cohortlite-cohort-VIP-\d{4}-\d\d-\d\d\.json$/)
    expect(file.type).toBe('application/json')
    const json = JSON.parse(await textOf(file)) as CohortFile
    expect(json).toMatchObject({
      format: 'cohortlite.cohort', version: 1,
      cohort: { id: vip, name: 'VIP', description: '', kind: 'dynamic', filter: { op: 'or', filters: [inCohort(paying), inCohort(bigBuyers)] } },
      uses: { cohorts: [{ id: paying, name: 'Paying' }, { id: bigBuyers, name: 'Big buyers' }], properties: [], events: [] },
    })
    const buyers = JSON.parse(await textOf(await source().exportCohortFile(bigBuyers))) as CohortFile
    expect(buyers.uses).toEqual({ cohorts: [], properties: [], events: ['Purchase'] })
    const staticFile = JSON.parse(await textOf(await source().exportCohortFile(handPicked))) as CohortFile
    expect(staticFile.cohort).toEqual({ id: handPicked, name: 'Hand-picked', description: '', kind: 'static', members: ['carol', 'zed'] })
    await expect(source().exportCohortFile('nope')).rejects.toThrow('there is no cohort "nope"')
  })

  it('a cohort whose dependencies are missing is refused, naming them, and nothing is created', async () => {
    const text = await textOf(await source().exportCohortFile(vip))
    const check = await target.checkCohortFile(text)
    expect(check.missingCohorts.map(m => m.name)).toEqual(['Paying', 'Big buyers'])
    expect(check.missingCohorts[0]!.reason).toContain('import its definition first')
    const before = await target.listCohorts()
    await expect(target.importCohortFile(text)).rejects.toThrow(
      `cohort "VIP" was not imported: it uses "Paying" (${paying}), but this workspace has no cohort with that id or name: import its definition first`)
    expect(await target.listCohorts()).toEqual(before)
  })

  it('imports the dependencies, then the cohort that uses them: same members as where it was made', async () => {
    for (const id of [paying, bigBuyers]) {
      const { id: here } = await target.importCohortFile(await source().exportCohortFile(id))
      expect(here).toBe(id) // the file's id is free here, so it is kept
    }
    const { id, check } = await target.importCohortFile(await source().exportCohortFile(vip))
    expect(id).toBe(vip)
    expect(check.cohorts.map(c => c.here.name)).toEqual(['Paying', 'Big buyers'])
    expect(await members(target, id)).toEqual(await members(source(), vip))
    expect(await members(target, id)).toEqual(['alice', 'bob'])
    const saved = (await target.listCohorts()).find(c => c.id === paying)
    expect(saved).toMatchObject({ name: 'Paying', description: 'on the pro plan', kind: 'dynamic', filter: and(plan('pro')) })
  })

  it('finds a dependency by name when its id differs, and points the filter at it', async () => {
    const other = await freshEngine()
    await seed(other)
    const local = (await other.saveCohort({ name: 'paying ', kind: 'dynamic', filter: and(plan('pro')) })).id
    const text = JSON.stringify({
      format: 'cohortlite.cohort', version: 1, cohort: { name: 'Not paying', kind: 'dynamic', filter: and(inCohort('cElsewhere1', 'notIn')) },
      uses: { cohorts: [{ id: 'cElsewhere1', name: 'Paying' }] },
    })
    const check = await other.checkCohortFile(text)
    expect(check.cohorts).toEqual([{ file: { id: 'cElsewhere1', name: 'Paying' }, here: { id: local, name: 'paying' } }])
    const { id } = await other.importCohortFile(text)
    expect((await other.listCohorts()).find(c => c.id === id)).toMatchObject({ filter: and(inCohort(local, 'notIn')) })
    expect(await members(other, id)).toEqual(['carol'])
    // Two cohorts by that name: which one is meant cannot be told, so nothing is imported.
    await other.saveCohort({ name: 'PAYING', kind: 'static', members: [] })
    const ambiguous = await other.checkCohortFile(text)
    expect(ambiguous.missingCohorts).toEqual([{ id: 'cElsewhere1', name: 'Paying', reason: '2 cohorts here are named "Paying": rename all but one' }])
    const count = (await other.listCohorts()).length
    await expect(other.importCohortFile(text)).rejects.toThrow('2 cohorts here are named "Paying"')
    expect((await other.listCohorts()).length).toBe(count)
    await other.close()
  })

  it('names the properties, events and event properties the workspace has never seen, and still imports', async () => {
    const text = JSON.stringify({
      format: 'cohortlite.cohort', version: 1,
      cohort: {
        name: 'Trial users', kind: 'dynamic', filter: and(
          plan('pro'),
          { type: 'property', property: 'trial_ends', dataType: 'datetime', operator: 'isSet' },
          { type: 'behavior', event: 'Signup', operator: 'atLeast', count: 1 },
          { type: 'aggregate', event: 'Purchase', fn: 'sum', property: 'coupon', operator: 'greaterThan', values: [0] },
          bought(5),
        ),
      },
    })
    const check = await target.checkCohortFile(text)
    expect(check).toMatchObject({
      name: 'Trial users', kind: 'dynamic', missingCohorts: [], nameTaken: false,
      unseenProperties: ['trial_ends'], unseenEvents: ['Signup'], unseenEventProperties: [{ event: 'Purchase', property: 'coupon' }],
    })
    const { id } = await target.importCohortFile(text)
    expect(await members(target, id)).toEqual([])
  })

  it('a static cohort keeps its member ids, says how many are users here, and takes a new name when asked', async () => {
    const text = await textOf(await source().exportCohortFile(handPicked))
    const check = await target.checkCohortFile(text)
    expect(check).toMatchObject({ kind: 'static', members: { total: 2, here: 1 }, missingCohorts: [] })
    const { id } = await target.importCohortFile(text)
    expect((await target.listCohorts()).find(c => c.id === id)).toMatchObject({ kind: 'static', members: ['carol', 'zed'], name: 'Hand-picked' })
    // Again: the id is taken now, so a second copy gets a new one, and the check says the name is taken.
    const again = await target.checkCohortFile(text, { name: 'Hand-picked again' })
    expect(again).toMatchObject({ sameIdAs: { id: handPicked, name: 'Hand-picked' }, nameTaken: false, name: 'Hand-picked again' })
    expect(again.id).not.toBe(handPicked)
    expect((await target.checkCohortFile(text)).nameTaken).toBe(true)
    const copy = await target.importCohortFile(text, { name: 'Hand-picked again' })
    expect(copy.id).not.toBe(handPicked)
    expect(await members(target, copy.id)).toEqual(['carol'])
  })

  it('refuses a file that is not one, is newer, or is malformed, with the field named and nothing created', async () => {
    const before = (await target.listCohorts()).length
    const cases: Array<[string, string]> = [
      ['{"format": "cohortlite.cohort", "version": 1, "cohort": {', 'the file is not JSON'],
      ['{"event": "x"}', 'this is not a Cohortlite cohort file'],
      ['[1, 2]', 'this is not a Cohortlite cohort file'],
      [JSON.stringify({ format: 'cohortlite.cohort', version: 2, cohort: {} }), 'the file was written by a newer Cohortlite (cohort file version 2; this one reads up to 1)'],
      [JSON.stringify({ format: 'cohortlite.cohort', version: 1, cohort: { name: '', kind: 'static', members: [] } }), 'cohort.name must be a non-empty string'],
      [JSON.stringify({ format: 'cohortlite.cohort', version: 1, cohort: { name: 'x', kind: 'weekly' } }), 'cohort.kind must be "dynamic" or "static", not "weekly"'],
      [JSON.stringify({ format: 'cohortlite.cohort', version: 1, cohort: { name: 'x', kind: 'static', members: ['ok', ''] } }), 'cohort.members[1]'],
      [JSON.stringify({ format: 'cohortlite.cohort', version: 1, cohort: { name: 'x', kind: 'dynamic', filter: and({ type: 'property', property: 'plan', dataType: 'string', operator: 'near', values: ['x'] } as never) } }),
        'cohort.filter.filters[0].operator'],
      [JSON.stringify({ format: 'cohortlite.cohort', version: 1, cohort: { id: 'a b', name: 'x', kind: 'static', members: [] } }), 'cohort.id must be 1 to 64 letters'],
      [JSON.stringify({ format: 'cohortlite.cohort', version: 1, cohort: { name: 'x', kind: 'dynamic', filter: and() }, uses: { cohorts: [{ id: 'c1' }] } }), 'uses.cohorts[0] must be'],
    ]
    for (const [text, message] of cases) {
      await expect(target.checkCohortFile(text), message).rejects.toThrow(message)
      await expect(target.importCohortFile(text), message).rejects.toThrow(message)
    }
    await expect(target.importCohortFile(await source().exportCohortFile(paying), { name: '  ' })).rejects.toThrow("the new cohort's name must be a non-empty string")
    expect((await target.listCohorts()).length).toBe(before)
  })

  it('a cohort file is read from a Blob as from text, and a byte-order mark is allowed', async () => {
    const text = await textOf(await source().exportCohortFile(paying))
    const check = await target.checkCohortFile(new Blob(['\uFEFF' + text]))
    expect(check).toMatchObject({ name: 'Paying', kind: 'dynamic', missingCohorts: [] })
  })
})
