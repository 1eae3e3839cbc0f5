// Windows near the top are read directly (a top-N sort); deeper ones from the
// materialized order. Both must give one and the same order.
import { beforeAll, describe, expect, it } from 'vitest'
import { useEngine } from './helpers'

const engine = useEngine()
const N = 2600

beforeAll(async () => {
  await engine().applyProfileUpdates(Array.from({ length: N }, (_, i) => ({
    $distinct_id: `u${i}`,
    // many ties, numbers and numeric strings mixed, some unset
    $set: i % 11 === 0 ? { other: 1 } : { score: i % 7 === 0 ? String(i % 50) : i % 50 },
  })))
})

describe('listUsers windows across the direct and materialized paths', () => {
  for (const direction of ['asc', 'desc'] as const) {
    it(`pages through ${N} users sorted ${direction} with no gap or repeat`, async () => {
      const sort = { property: 'score', direction }
      const seen: string[] = []
      for (let offset = 0; offset < N; offset += 300) {
        const rows = await engine().listUsers({ scope: 'profiles', sort, offset, limit: 300 })
        seen.push(...rows.map(r => r.distinctId))
      }
      expect(seen).toHaveLength(N)
      expect(new Set(seen).size).toBe(N)
      // the same rows again, from windows that straddle the boundary the other way
      const straddle = await engine().listUsers({ scope: 'profiles', sort, offset: 1950, limit: 100 })
      expect(straddle.map(r => r.distinctId)).toEqual(seen.slice(1950, 2050))
      const top = await engine().listUsers({ scope: 'profiles', sort, offset: 1900, limit: 100 })
      expect(top.map(r => r.distinctId)).toEqual(seen.slice(1900, 2000))
      const scores = (await Promise.all(seen.map(async id => (await engine().getProfile(id))!.properties.score)))
      const set = scores.filter(s => s !== undefined).map(Number)
      expect(set).toEqual([...set].sort((a, b) => (direction === 'asc' ? a - b : b - a)))
      expect(scores.slice(set.length).every(s => s === undefined)).toBe(true)
    })
  }

  it('in first-seen order, windows read on from the last one (keyset) match jumps and the whole order', async () => {
    const filter = { op: 'and' as const, filters: [{ type: 'property' as const, property: 'score', dataType: 'number' as const, operator: 'lessThan' as const, values: [30] }] }
    const q = { scope: 'profiles' as const, filter }
    const total = await engine().countUsers(q)
    expect(total).toBeGreaterThan(1000)
    // down from the top, each window where the last ended
    const down: string[] = []
    for (let offset = 0; offset < total; offset += 137) {
      down.push(...(await engine().listUsers({ ...q, offset, limit: 137 })).map(r => r.distinctId))
    }
    expect(down).toHaveLength(total)
    expect(new Set(down).size).toBe(total)
    // first-seen order is the order the profiles were created in (u0, u1, …)
    const index = (id: string) => Number(id.slice(1))
    expect(down.map(index)).toEqual([...down.map(index)].sort((a, b) => a - b))
    // jumps to places no window ended at: the top rows, then the whole order
    for (const offset of [5, 333, 1999, total - 50]) {
      const rows = await engine().listUsers({ ...q, offset, limit: 50 })
      expect(rows.map(r => r.distinctId)).toEqual(down.slice(offset, offset + 50))
    }
    // after a write the kept places are gone: the same windows read afresh
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: { score: 1 } }])
    const again = await engine().listUsers({ ...q, offset: 137, limit: 137 })
    const fresh = await engine().listUsers({ ...q, offset: 0, limit: 1000 })
    expect(again.map(r => r.distinctId)).toEqual(fresh.slice(137, 274).map(r => r.distinctId))
  })

  it('keeps the top rows it read for the next windows, and forgets them when the data changes', async () => {
    const sort = { property: 'score', direction: 'desc' as const }
    const first = await engine().listUsers({ scope: 'profiles', sort, offset: 0, limit: 100 })
    const next = await engine().listUsers({ scope: 'profiles', sort, offset: 100, limit: 100 })
    const both = await engine().listUsers({ scope: 'profiles', sort, offset: 0, limit: 200 })
    expect([...first, ...next].map(r => r.distinctId)).toEqual(both.map(r => r.distinctId))
    await engine().applyProfileUpdates([{ $distinct_id: 'top-scorer', $set: { score: 1000 } }])
    const after = await engine().listUsers({ scope: 'profiles', sort, offset: 0, limit: 100 })
    expect(after[0]!.distinctId).toBe('top-scorer')
    expect(after.slice(1).map(r => r.distinctId)).toEqual(first.slice(0, 99).map(r => r.distinctId))
  })
})
