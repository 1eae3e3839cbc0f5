// Cohorts whose definitions use the second part of the filter language,
// through the engine API: they save, count, nest and explain like any other;
// a cycle through an "at least k" group is refused naming it, and a cohort
// used inside one cannot be deleted.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '../../workers/engine/types'
import type { Condition, Group } from '../../workers/engine/filter/types'
import { useEngine } from './helpers'

const NOW = '2024-06-01T12:00:00.000Z'
const at = (days: number) => Math.floor(Date.parse(NOW) / 1000) - days * 86_400

const and = (...filters: Array<Group | Condition>): Group => ({ op: 'and', filters })
const inCohort = (cohortId: string, operator: 'in' | 'notIn' = 'in'): Condition => ({ type: 'cohort', cohortId, operator })
const cartThenBuy: Condition = { type: 'sequence', operator: 'did', steps: [{ event: 'cart' }, { event: 'buy' }], within: { amount: 1, unit: 'day' } }
const spentOver50: Condition = { type: 'aggregate', event: 'buy', fn: 'sum', property: 'amount', operator: 'greaterThan', values: [50] }
const firstBuyThisWeek: Condition = { type: 'behavior', event: 'buy', operator: 'firstTime', window: { last: 7, unit: 'day' } }
const pro: Condition = { type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro'] }

async function ids(engine: Engine, filter: Group): Promise<string[]> {
  const rows = await engine.listUsers({ scope: 'all', filter, now: NOW, offset: 0, limit: 100 })
  expect(await engine.countUsers({ scope: 'all', filter, now: NOW })).toBe(rows.length)
  return rows.map(r => r.distinctId).sort()
}

describe('cohorts defined by sequences, aggregates, first time and "at least k"', () => {
  const engine = useEngine()
  beforeAll(async () => {
    const e = engine()
    expect((await e.applyProfileUpdates([
      { $distinct_id: 'ann', $set: { plan: 'pro' } }, { $distinct_id: 'ben', $set: { plan: 'free' } }, { $distinct_id: 'cy', $set: { plan: 'pro' } },
    ])).errors).toEqual([])
    const ev = (distinct_id: string, event: string, days: number, id: string, amount?: number) =>
      ({ event, properties: { distinct_id, time: at(days), $insert_id: id, ...(amount === undefined ? {} : { amount }) } })
    expect((await e.importEvents([
      ev('ann', 'cart', 3, 'a1'), ev('ann', 'buy', 2.8, 'a2', 30), ev('ann', 'buy', 1, 'a3', 30),
      ev('ben', 'buy', 20, 'b1', 80), ev('ben', 'cart', 2, 'b2'),
      ev('cy', 'cart', 10, 'c1'), ev('cy', 'buy', 5, 'c2', 10),
      ev('dee', 'cart', 1, 'd1'), ev('dee', 'buy', 0.5, 'd2', 51),
    ])).errors).toEqual([])
  })

  it('save, count and nest like any dynamic cohort', async () => {
    const e = engine()
    const quick = await e.saveCohort({ name: 'Quick buyers', kind: 'dynamic', filter: and(cartThenBuy) })
    const big = await e.saveCohort({ name: 'Big spenders', kind: 'dynamic', filter: and(spentOver50) })
    const twoOf = await e.saveCohort({ name: 'Two of three', kind: 'dynamic', filter: { op: 'atLeast', k: 2, filters: [inCohort(quick.id), inCohort(big.id), firstBuyThisWeek] } })
    expect(await ids(e, and(inCohort(quick.id)))).toEqual(['ann', 'dee'])
    expect(await ids(e, and(inCohort(big.id)))).toEqual(['ann', 'ben', 'dee'])
    expect(await ids(e, and(firstBuyThisWeek))).toEqual(['ann', 'cy', 'dee'])
    expect(await ids(e, and(inCohort(twoOf.id)))).toEqual(['ann', 'dee'])
    expect(await ids(e, and(inCohort(twoOf.id, 'notIn'), pro))).toEqual(['cy'])
    const explained = await e.explain({ scope: 'all', filter: and(inCohort(twoOf.id)), now: NOW })
    expect(explained.sql).toMatch(/groups between unbounded preceding and 1 preceding/)
    expect(explained.sql).not.toContain('cart')
    expect(explained.params).toContain('cart')
  })

  it('refuses a cycle through an "at least k" group, naming it, and deleting a cohort one uses', async () => {
    const e = engine()
    const a = await e.saveCohort({ id: 'loop-a', name: 'A', kind: 'dynamic', filter: and(spentOver50) })
    const b = await e.saveCohort({ id: 'loop-b', name: 'B', kind: 'dynamic', filter: { op: 'atLeast', k: 1, filters: [cartThenBuy, { op: 'or', filters: [inCohort(a.id)] }] } })
    await expect(e.saveCohort({ id: a.id, name: 'A', kind: 'dynamic', filter: { op: 'atLeast', k: 2, filters: [pro, spentOver50, inCohort(b.id)] } }))
      .rejects.toThrow('its definition reaches itself through cohort conditions (loop-a → loop-b → loop-a)')
    await expect(e.deleteCohort(a.id)).rejects.toThrow(/is used by "B" \(loop-b\)/)
  })
})
