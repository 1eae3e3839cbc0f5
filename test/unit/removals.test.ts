// countRemovals (src/users/removals.ts): each condition's "removes N users"
// is the count without it minus the total, and an empty "and" blames the
// first condition after which nobody is left.
import { describe, expect, it } from 'vitest'
import type { Group, UsersQuery } from '../../workers/engine/types'
import { conditionKey, countRemovals, type Removals } from '../../src/users/removals'

const cond = (v: string) => ({ type: 'property' as const, property: 'plan', dataType: 'string' as const, operator: 'equals' as const, values: [v] })
const A = cond('a'), B = cond('b'), C = cond('c')
/** a fake engine: users 1..10 hold plans; a count is how many pass every condition of an "and" */
const plans: Record<number, string[]> = { 1: ['a', 'b'], 2: ['a', 'b'], 3: ['a'], 4: ['b'], 5: ['c'] }
const count = async (q: UsersQuery) => Object.values(plans).filter(p => (q.filter?.filters ?? []).every(c => p.includes((c as typeof A).values[0]!))).length
const asking = (partials: Removals[] = []) => ({ current: () => true, partial: (r: Removals) => { partials.push(r) } })

describe('countRemovals', () => {
  it('counts what each condition removes, showing each as it comes', async () => {
    const query: UsersQuery = { scope: 'profiles', filter: { op: 'and', filters: [A, B] } as Group }
    const partials: Removals[] = []
    const r = await countRemovals(query, 2, count, id => id, asking(partials))
    expect(r.byCondition.get(conditionKey(A))).toBe(1) // without a: 3 with b
    expect(r.byCondition.get(conditionKey(B))).toBe(1) // without b: 3 with a
    expect(partials.map(p => p.byCondition.size)).toEqual([1, 2])
    expect(r.blame).toBe(null)
  })

  it('names the first condition after which nobody is left', async () => {
    const query: UsersQuery = { scope: 'profiles', filter: { op: 'and', filters: [A, C, B] } as Group }
    const r = await countRemovals(query, 0, count, id => id, asking())
    expect(r.blame).toMatch(/^Condition 2 \(.*\) removes everyone who is left$/)
  })

  it('stops asking once a newer question is asked', async () => {
    const query: UsersQuery = { scope: 'profiles', filter: { op: 'and', filters: [A, B, C] } as Group }
    let asked = 0
    const r = await countRemovals(query, 0, async q => { asked++; return count(q) }, id => id, { current: () => asked < 1, partial: () => {} })
    expect(asked).toBe(1)
    expect(r.byCondition.size).toBe(0)
  })
})
