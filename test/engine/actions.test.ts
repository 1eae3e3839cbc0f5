// Actions on profiles (actions/): each action's effect, its preview, its undo
// restoring every previous value exactly (rows, casts, memberships, ids), a
// cancelled or failed action changing nothing, and the undo ending at the
// next write.
import { describe, expect, it } from 'vitest'
import type { Engine, Group } from '../../workers/engine/types'
import { castsAgree, snapshot } from './actions-helpers'
import { freshEngine, useEngine } from './helpers'

const planIs = (value: string): Group => ({ op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: [value] }] })

async function seed(engine: Engine) {
  const updates = await engine.applyProfileUpdates([
    { $distinct_id: 'alice', $set: { plan: 'pro', score: 5, seen: '2024-01-02T03:04:05Z' } },
    { $distinct_id: 'bob', $set: { plan: 'free', score: '7' } },
    { $distinct_id: 'carol', $set: { plan: 'free' } },
    { $distinct_id: 'dave', $set: { name: 'Dave' } },
    { $group_key: 'company', $group_id: 'acme', $set: { plan: 'free' } },
  ])
  expect(updates.errors).toEqual([])
  await engine.importEvents([
    { event: 'login', properties: { distinct_id: 'bob', time: 1_700_000_000, $insert_id: 'b1' } },
    { event: 'login', properties: { distinct_id: 'eve', time: 1_700_000_100, $insert_id: 'e1' } },
  ])
  const cohort = await engine.saveCohort({ name: 'Picked', kind: 'static', members: ['alice', 'bob', 'nobody'] })
  return cohort.id
}

describe('set and unset', () => {
  const engine = useEngine({ per: 'test' })

  it('sets a property on every matching profile, counts first, and undo restores each old value', async () => {
    await seed(engine())
    const before = await snapshot(engine())
    const target = { query: { scope: 'all' as const } }
    const action = { kind: 'set' as const, property: 'plan', value: 'pro' }
    // alice already has it; bob, carol, dave change; eve (events only) gets a profile.
    expect(await engine().previewAction(target, action)).toEqual({ matched: 5, changes: 4 })
    const progress: Array<{ done: number; total: number }> = []
    const result = await engine().runAction(target, action, p => progress.push(p))
    expect(result).toMatchObject({ matched: 5, changed: 4, undo: { action, groupKey: '', changed: 4 } })
    expect(progress.at(0)).toEqual({ done: 0, total: 4 })
    expect(progress.at(-1)).toEqual({ done: 4, total: 4 })
    expect(await engine().countUsers({ scope: 'profiles', filter: planIs('pro') })).toBe(5)
    expect((await engine().getProfile('eve'))?.properties).toEqual({ plan: 'pro' })
    expect((await engine().getGroupProfile('company', 'acme'))?.properties).toEqual({ plan: 'free' })
    expect(await castsAgree(engine())).toBe(0)
    expect(await engine().lastAction()).toEqual(result.undo)

    expect(await engine().undoAction(result.undo!.id)).toEqual({ restored: 4 })
    expect(await snapshot(engine())).toEqual(before)
    expect(await engine().lastAction()).toBeNull()
    expect(await engine().countUsers({ scope: 'profiles', filter: planIs('pro') })).toBe(1)
  })

  it('writes the casts of a number or a datetime, and takes them back on undo', async () => {
    await seed(engine())
    const before = await snapshot(engine())
    for (const value of [42, '2025-05-06', ' 3.5 ', true, ['a', 1]]) {
      const r = await engine().runAction({ query: { scope: 'profiles' } }, { kind: 'set', property: 'score', value })
      expect(await castsAgree(engine())).toBe(0)
      await engine().undoAction(r.undo!.id)
      expect(await snapshot(engine())).toEqual(before)
    }
  })

  it('unsets a property where it is set; undo puts back each value, and unset ones stay unset', async () => {
    await seed(engine())
    const before = await snapshot(engine())
    const target = { query: { scope: 'profiles' as const } }
    expect(await engine().previewAction(target, { kind: 'unset', property: 'score' })).toEqual({ matched: 4, changes: 2 })
    const r = await engine().runAction(target, { kind: 'unset', property: 'score' })
    expect(r.changed).toBe(2)
    expect((await engine().getProfile('alice'))?.properties).toEqual({ plan: 'pro', seen: '2024-01-02T03:04:05Z' })
    expect(await castsAgree(engine())).toBe(0)
    await engine().undoAction(r.undo!.id)
    expect(await snapshot(engine())).toEqual(before)
  })

  it('acts on a list of ids, or on a query less the rows unticked', async () => {
    await seed(engine())
    const r1 = await engine().runAction({ ids: ['bob', 'carol', 'nobody'] }, { kind: 'set', property: 'tag', value: 'x' })
    expect(r1).toMatchObject({ matched: 2, changed: 2 })
    const r2 = await engine().runAction({ query: { scope: 'profiles', filter: planIs('free') }, except: ['bob'] }, { kind: 'set', property: 'tag', value: 'y' })
    expect(r2).toMatchObject({ matched: 1, changed: 1 })
    expect((await engine().getProfile('carol'))?.properties.tag).toBe('y')
    expect((await engine().getProfile('bob'))?.properties.tag).toBe('x')
    const r3 = await engine().runAction({ ids: ['acme'], groupKey: 'company' }, { kind: 'unset', property: 'plan' })
    expect(r3.changed).toBe(1)
    expect((await engine().getGroupProfile('company', 'acme'))?.properties).toEqual({})
  })

  it('changing nothing keeps the previous undo', async () => {
    await seed(engine())
    const first = await engine().runAction({ ids: ['bob'] }, { kind: 'set', property: 'plan', value: 'team' })
    const none = await engine().runAction({ ids: ['bob'] }, { kind: 'set', property: 'plan', value: 'team' })
    expect(none).toEqual({ matched: 1, changed: 0, undo: null })
    expect(await engine().lastAction()).toEqual(first.undo)
  })
})

describe('delete and cohorts', () => {
  const engine = useEngine({ per: 'test' })

  it('deletes profiles (events stay) and their static cohort places; undo restores rows, ids and places', async () => {
    const cohort = await seed(engine())
    const before = await snapshot(engine())
    const target = { query: { scope: 'all' as const } }
    // eve has events only: no profile to delete.
    expect(await engine().previewAction(target, { kind: 'delete' })).toEqual({ matched: 5, changes: 4 })
    const r = await engine().runAction(target, { kind: 'delete' })
    expect(r.changed).toBe(4)
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(0)
    // bob has events: still a user, without a profile.
    expect(await engine().countUsers({ scope: 'all' })).toBe(2)
    expect((await engine().profileSummary('bob')).kind).toBe('events')
    expect((await engine().listCohorts()).find(c => c.id === cohort)).toMatchObject({ members: ['nobody'] })
    expect((await engine().stats()).events).toBe(2)
    await engine().undoAction(r.undo!.id)
    expect(await snapshot(engine())).toEqual(before)
  })

  it('adds to and removes from a static cohort; undo restores the members and the cohort as it was', async () => {
    const cohort = await seed(engine())
    const before = await snapshot(engine())
    const inCohort: Group = { op: 'and', filters: [{ type: 'cohort', cohortId: cohort, operator: 'in' }] }
    const add = { kind: 'addToCohort' as const, cohortId: cohort }
    expect(await engine().previewAction({ query: { scope: 'all' } }, add)).toEqual({ matched: 5, changes: 3 })
    const r = await engine().runAction({ query: { scope: 'all' } }, add)
    expect(await engine().countUsers({ scope: 'all', filter: inCohort })).toBe(5)
    await engine().undoAction(r.undo!.id)
    expect(await snapshot(engine())).toEqual(before)

    const remove = { kind: 'removeFromCohort' as const, cohortId: cohort }
    const r2 = await engine().runAction({ ids: ['alice', 'carol'] }, remove)
    expect(r2.changed).toBe(1)
    expect(await engine().countUsers({ scope: 'all', filter: inCohort })).toBe(1)
    await engine().undoAction(r2.undo!.id)
    expect(await snapshot(engine())).toEqual(before)
  })

  it('refuses a dynamic cohort, an unknown one, and group profiles, naming why', async () => {
    await seed(engine())
    const dynamic = await engine().saveCohort({ name: 'Pros', kind: 'dynamic', filter: planIs('pro') })
    await expect(engine().runAction({ ids: ['bob'] }, { kind: 'addToCohort', cohortId: dynamic.id })).rejects.toThrow(/"Pros" is dynamic/)
    await expect(engine().previewAction({ ids: ['bob'] }, { kind: 'removeFromCohort', cohortId: 'nope' })).rejects.toThrow(/no cohort "nope"/)
    await expect(engine().runAction({ ids: ['acme'], groupKey: 'company' }, { kind: 'addToCohort', cohortId: dynamic.id })).rejects.toThrow(/cohorts hold users/)
  })
})

describe('cancel, failure, and the end of the undo', () => {
  const engine = useEngine({ per: 'test' })

  it('a cancelled action changes nothing and keeps the previous undo', async () => {
    await seed(engine())
    const first = await engine().runAction({ ids: ['carol'] }, { kind: 'set', property: 'plan', value: 'team' })
    const before = await snapshot(engine())
    for (const action of [{ kind: 'delete' as const }, { kind: 'set' as const, property: 'plan', value: 'x' }, { kind: 'unset' as const, property: 'plan' }]) {
      const controller = new AbortController()
      await expect(engine().runAction({ query: { scope: 'all' } }, action, () => controller.abort(), controller.signal)).rejects.toThrow(/abort/i)
      expect(await snapshot(engine())).toEqual(before)
      expect(await engine().lastAction()).toEqual(first.undo)
    }
    // A cancelled undo too.
    const controller = new AbortController()
    await expect(engine().undoAction(first.undo!.id, () => controller.abort(), controller.signal)).rejects.toThrow(/abort/i)
    expect(await snapshot(engine())).toEqual(before)
    expect(await engine().lastAction()).toEqual(first.undo)
  })

  it('a failing action changes nothing: a profile that would pass 2,000 properties', async () => {
    await seed(engine())
    const wide = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`p${i}`, i]))
    await engine().applyProfileUpdates([{ $distinct_id: 'wide', $set: wide }])
    const before = await snapshot(engine())
    await expect(engine().runAction({ query: { scope: 'profiles' } }, { kind: 'set', property: 'fresh', value: 1 }))
      .rejects.toThrow(/"wide" would hold more than 2,000 properties/)
    expect(await snapshot(engine())).toEqual(before)
  })

  it('any other write ends the undo; an undo names its action', async () => {
    await seed(engine())
    const r = await engine().runAction({ ids: ['bob'] }, { kind: 'set', property: 'plan', value: 'team' })
    await expect(engine().undoAction(r.undo!.id + 1)).rejects.toThrow(/another action came after it/)
    await engine().applyProfileUpdates([{ $distinct_id: 'zed', $set: { a: 1 } }])
    expect(await engine().lastAction()).toBeNull()
    await expect(engine().undoAction(r.undo!.id)).rejects.toThrow(/nothing to undo/)
    expect((await engine().getProfile('bob'))?.properties.plan).toBe('team')
  })

  it('refuses bad actions and targets with a message naming the field', async () => {
    const e = engine()
    const t = { ids: ['a'] }
    await expect(e.runAction(t, { kind: 'paint' } as never)).rejects.toThrow(/action.kind must be one of/)
    await expect(e.runAction(t, { kind: 'set', property: '', value: 1 })).rejects.toThrow(/empty property name/)
    await expect(e.runAction(t, { kind: 'set', property: 'x'.repeat(300), value: 1 })).rejects.toThrow(/longer than 255/)
    await expect(e.runAction(t, { kind: 'set', property: 'n', value: Number.NaN })).rejects.toThrow(/not a finite number/)
    await expect(e.runAction(t, { kind: 'set', property: 'n', value: null })).rejects.toThrow(/unset it/)
    await expect(e.runAction({ ids: ['ok', 'undefined'] }, { kind: 'delete' })).rejects.toThrow(/target.ids\[1\] "undefined" is not a valid id/)
    await expect(e.runAction({ query: { scope: 'some' } } as never, { kind: 'delete' })).rejects.toThrow(/scope must be/)
    await expect(e.runAction({} as never, { kind: 'delete' })).rejects.toThrow(/needs a query or a list of ids/)
  })

  it('the undo survives closing and reopening the workspace', async () => {
    const e = await freshEngine()
    await seed(e)
    const r = await e.runAction({ ids: ['bob'] }, { kind: 'unset', property: 'plan' })
    const dump = await e.dumpDataDir()
    await e.close()
    const { openEngine } = await import('../../workers/engine/index')
    const again = await openEngine({ loadDataDir: dump })
    expect(await again.lastAction()).toEqual(r.undo)
    await again.undoAction(r.undo!.id)
    expect((await again.getProfile('bob'))?.properties.plan).toBe('free')
    await again.close()
  })
})
