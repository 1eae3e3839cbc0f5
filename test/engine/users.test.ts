import { beforeAll, describe, expect, it } from 'vitest'
import { useEngine } from './helpers'

const engine = useEngine()
const T = 1732838400

beforeAll(async () => {
  const updates = Array.from({ length: 250 }, (_, i) => ({
    $distinct_id: `user-${String(i).padStart(3, '0')}`,
    $set: {
      $name: i % 50 === 0 ? `Ada Lovelace ${i}` : `Person ${i}`,
      $email: `p${i}@example.com`,
      // numbers, numeric strings and junk mixed, as CSV imports leave them
      score: i % 3 === 0 ? i : i % 3 === 1 ? String(i) : `n/a`,
      ...(i % 10 === 0 ? {} : { plan: ['free', 'pro', 'team'][i % 3] }),
    },
  }))
  await engine().applyProfileUpdates(updates)
  await engine().importEvents(Array.from({ length: 40 }, (_, i) => ({
    event: 'visit', properties: { distinct_id: `anon-visitor-${i}`, time: T + i },
  })))
  await engine().applyProfileUpdates([{ $group_key: 'company_id', $group_id: 'acme', $set: { $name: 'Acme' } }])
})

describe('countUsers and listUsers', () => {
  it('User Profiles counts profiles; All Users adds event-only users; groups are apart', async () => {
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(250)
    expect(await engine().countUsers({ scope: 'all' })).toBe(290)
    expect(await engine().countUsers({ scope: 'all', groupKey: 'company_id' })).toBe(1)
    const all = await engine().listUsers({ scope: 'all', offset: 0, limit: 1000 })
    expect(all).toHaveLength(290)
    expect(all.filter(r => Object.keys(r.properties).length === 0)).toHaveLength(40)
    expect(await engine().stats()).toEqual({ profiles: 250, users: 290, events: 40, groups: 1, cohorts: 0 })
  })

  it('search matches distinct id, $email and $name, ignoring case, with LIKE characters taken literally', async () => {
    expect(await engine().countUsers({ scope: 'profiles', search: 'ADA LOVELACE' })).toBe(5)
    expect(await engine().countUsers({ scope: 'profiles', search: 'p7@EXAMPLE' })).toBe(1)
    expect(await engine().countUsers({ scope: 'all', search: 'anon-visitor-3' })).toBe(11)
    expect(await engine().countUsers({ scope: 'profiles', search: 'user-00' })).toBe(10)
    expect(await engine().countUsers({ scope: 'profiles', search: '%' })).toBe(0)
    expect(await engine().countUsers({ scope: 'profiles', search: '_' })).toBe(0)
    const rows = await engine().listUsers({ scope: 'profiles', search: 'lovelace', offset: 0, limit: 10 })
    expect(rows.map(r => r.distinctId)).toEqual(['user-000', 'user-050', 'user-100', 'user-150', 'user-200'])
  })

  it('windows at any offset page through the same order without gaps or repeats', async () => {
    const sort = { property: 'score', direction: 'desc' } as const
    const whole = await engine().listUsers({ scope: 'profiles', sort, offset: 0, limit: 300 })
    const paged = []
    for (let offset = 0; offset < 260; offset += 37) {
      paged.push(...await engine().listUsers({ scope: 'profiles', sort, offset, limit: 37 }))
    }
    expect(paged.map(r => r.distinctId)).toEqual(whole.map(r => r.distinctId))
    expect(await engine().listUsers({ scope: 'profiles', offset: 1000, limit: 10 })).toEqual([])
  })

  it('sorts numerically where values are numbers or numeric strings, then text, unset last in both directions', async () => {
    const asc = await engine().listUsers({ scope: 'profiles', sort: { property: 'score', direction: 'asc' }, offset: 0, limit: 300 })
    const scores = asc.map(r => r.properties.score)
    const numeric = scores.filter(s => s !== 'n/a').map(Number)
    expect(numeric).toEqual([...numeric].sort((a, b) => a - b))
    expect(scores.slice(numeric.length).every(s => s === 'n/a')).toBe(true)
    const desc = await engine().listUsers({ scope: 'profiles', sort: { property: 'score', direction: 'desc' }, offset: 0, limit: 3 })
    expect(desc.map(r => r.properties.score)).toEqual([249, '247', 246])
    const byPlan = await engine().listUsers({ scope: 'profiles', sort: { property: 'plan', direction: 'desc' }, offset: 0, limit: 300 })
    const plans = byPlan.map(r => r.properties.plan)
    expect(plans.slice(-25).every(p => p === undefined)).toBe(true)
    expect(plans[0]).toBe('team')
    const byId = await engine().listUsers({ scope: 'profiles', sort: { property: '$distinct_id', direction: 'desc' }, offset: 0, limit: 2 })
    expect(byId.map(r => r.distinctId)).toEqual(['user-249', 'user-248'])
  })

  it('a write is seen by the next window (materialized windows are dropped)', async () => {
    const before = await engine().listUsers({ scope: 'profiles', search: 'Lovelace', offset: 0, limit: 10 })
    await engine().applyProfileUpdates([{ $distinct_id: 'user-001', $set: { $name: 'Grace Lovelace' } }])
    const after = await engine().listUsers({ scope: 'profiles', search: 'Lovelace', offset: 0, limit: 10 })
    expect(after).toHaveLength(before.length + 1)
    expect(await engine().countUsers({ scope: 'profiles', search: 'Lovelace' })).toBe(6)
    await engine().applyProfileUpdates([{ $distinct_id: 'user-001', $set: { $name: 'Person 1' } }])
  })

  it('counts are kept until the next write, and stats() gives the unfiltered ones', async () => {
    const stats = await engine().stats()
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(stats.profiles)
    expect(await engine().countUsers({ scope: 'all' })).toBe(stats.users)
    const filter = { op: 'and' as const, filters: [{ type: 'property' as const, property: 'plan', dataType: 'string' as const, operator: 'equals' as const, values: ['pro'] }] }
    const pro = await engine().countUsers({ scope: 'profiles', filter })
    expect(await engine().countUsers({ scope: 'profiles', filter })).toBe(pro)
    await engine().applyProfileUpdates([{ $distinct_id: 'counted-later', $set: { plan: 'pro' } }])
    expect(await engine().countUsers({ scope: 'profiles', filter })).toBe(pro + 1)
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(stats.profiles + 1)
    expect((await engine().stats()).profiles).toBe(stats.profiles + 1)
    await engine().applyProfileUpdates([{ $distinct_id: 'counted-later', $delete: '' }])
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(stats.profiles)
  })

  it('refuses a bad scope, window or sort with a message naming it', async () => {
    await expect(engine().countUsers({ scope: 'everyone' as never })).rejects.toThrow(/scope must be "profiles" or "all"/)
    await expect(engine().listUsers({ scope: 'all', offset: -1, limit: 10 })).rejects.toThrow(/offset must be/)
    await expect(engine().listUsers({ scope: 'all', offset: 0, limit: 1.5 })).rejects.toThrow(/limit must be/)
    await expect(engine().listUsers({ scope: 'all', offset: 0, limit: 5, sort: { property: 'x', direction: 'up' as never } })).rejects.toThrow(/sort.direction/)
  })

  it('getProfile returns null for an unknown id', async () => {
    expect(await engine().getProfile('nobody')).toBeNull()
    expect((await engine().getProfile('user-007'))?.properties.$email).toBe('p7@example.com')
  })
})
