// The profile page's engine methods (workers/engine/profiles/insights.ts).
import { beforeAll, describe, expect, it } from 'vitest'
import { useEngine } from './helpers'

const engine = useEngine()
const DAY = 86_400
const NOW = Date.UTC(2026, 10, 29, 12) / 1000 // 2026-11-29T12:00Z

beforeAll(async () => {
  await engine().applyProfileUpdates([
    { $distinct_id: 'ada', $set: { $name: 'Ada', plan: 'pro', age: 36 } },
    { $distinct_id: 'bob', $set: { plan: 'free' } },
    { $distinct_id: 'empty', $set: {} },
    { $group_key: 'company_id', $group_id: 'acme', $set: { $name: 'Acme', industry: 'rockets' } },
  ])
  const events = []
  // ada: 3 page views a day for 10 days, a purchase every other day; two events share one time.
  for (let d = 0; d < 10; d++) {
    for (let k = 0; k < 3; k++) events.push({ event: 'page_view', properties: { distinct_id: 'ada', time: NOW - d * DAY - k * 60, $insert_id: `pv-${d}-${k}` } })
    if (d % 2 === 0) events.push({ event: 'purchase', properties: { distinct_id: 'ada', time: NOW - d * DAY - 3600, $insert_id: `p-${d}`, amount: d } })
  }
  events.push({ event: 'login', properties: { distinct_id: 'ada', time: NOW - 3600, $insert_id: 'same-time' } })
  events.push({ event: "it's; drop table events; --", properties: { distinct_id: 'anon-1', time: NOW - 100, $insert_id: 'x' } })
  await engine().importEvents(events)
})

describe('profile insights', () => {
  it('profileSummary: count, first and last seen; profile, events only, or nothing', async () => {
    const ada = await engine().profileSummary('ada')
    expect(ada).toEqual({
      kind: 'profile', eventCount: 36,
      firstSeen: new Date((NOW - 9 * DAY - 120) * 1000).toISOString(),
      lastSeen: new Date(NOW * 1000).toISOString(),
    })
    expect(await engine().profileSummary('anon-1')).toMatchObject({ kind: 'events', eventCount: 1 })
    expect(await engine().profileSummary('empty')).toEqual({ kind: 'profile', eventCount: 0, firstSeen: null, lastSeen: null })
    expect(await engine().profileSummary('nobody')).toEqual({ kind: 'none', eventCount: 0, firstSeen: null, lastSeen: null })
    expect(await engine().profileSummary('acme', 'company_id')).toMatchObject({ kind: 'profile', eventCount: 0 })
  })

  it('eventsPerDay counts UTC days in [from, to) and agrees with the feed', async () => {
    const from = new Date((NOW - 4 * DAY) * 1000).toISOString().slice(0, 10) + 'T00:00:00.000Z'
    const to = new Date((NOW + DAY) * 1000).toISOString()
    const days = await engine().eventsPerDay('ada', { from, to })
    expect(days.map(d => d.day)).toEqual(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'])
    expect(days.map(d => d.count)).toEqual([4, 3, 4, 3, 5])
    const total = days.reduce((s, d) => s + d.count, 0)
    // The same range through the feed, paged by cursor.
    let seen = 0
    let before: string | undefined
    for (;;) {
      const page = await engine().activity('ada', { limit: 4, since: from, ...(before ? { before } : {}) })
      seen += page.length
      if (page.length < 4) break
      before = page[page.length - 1]!.cursor
    }
    expect(seen).toBe(total)
    const noViews = await engine().eventsPerDay('ada', { from, to, exclude: ['page_view'] })
    expect(noViews.reduce((s, d) => s + d.count, 0)).toBe(4)
  })

  it('activity pages newest first, leaves out excluded names, and binds odd names', async () => {
    const all = await engine().activity('ada', { limit: 1000 })
    expect(all).toHaveLength(36)
    expect(all.map(e => e.time)).toEqual([...all.map(e => e.time)].sort().reverse())
    const purchases = await engine().activity('ada', { limit: 1000, exclude: ['page_view', 'login'] })
    expect(purchases.map(e => e.event)).toEqual(Array(5).fill('purchase'))
    expect(purchases[0]!.properties).toMatchObject({ amount: 0, $insert_id: 'p-0' })
    const odd = await engine().activity('anon-1', { limit: 10, exclude: ["it's; drop table events; --"] })
    expect(odd).toEqual([])
    expect(await engine().activity('anon-1', { limit: 10 })).toHaveLength(1)
    await expect(engine().activity('ada', { limit: 0 })).rejects.toThrow(/limit/)
    await expect(engine().activity('ada', { limit: 5, before: 'yesterday' })).rejects.toThrow(/before/)
  })

  it('userEventNames: most frequent first', async () => {
    expect(await engine().userEventNames('ada')).toEqual([
      { event: 'page_view', count: 30 }, { event: 'purchase', count: 5 }, { event: 'login', count: 1 },
    ])
    expect(await engine().userEventNames('nobody')).toEqual([])
  })

  it('userCohorts: static by membership, dynamic by definition (behaviour and cohort-of-cohort too)', async () => {
    const now = new Date(NOW * 1000 + 1000).toISOString()
    const pro = await engine().saveCohort({ name: 'Pro', kind: 'dynamic', filter: { op: 'and', filters: [
      { type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro'] }] } })
    const vip = await engine().saveCohort({ name: 'VIP', kind: 'static', members: ['ada', 'anon-1'] })
    const buyers = await engine().saveCohort({ name: 'Buyers', kind: 'dynamic', filter: { op: 'and', filters: [
      { type: 'behavior', event: 'purchase', operator: 'atLeast', count: 3, window: { last: 30, unit: 'day' } }] } })
    const proBuyers = await engine().saveCohort({ name: 'Pro buyers', kind: 'dynamic', filter: { op: 'and', filters: [
      { type: 'cohort', cohortId: pro.id, operator: 'in' }, { type: 'cohort', cohortId: buyers.id, operator: 'in' }] } })
    const names = async (id: string) => (await engine().userCohorts(id, now)).map(c => c.name)
    expect(await names('ada')).toEqual(['Pro', 'VIP', 'Buyers', 'Pro buyers'])
    expect(await names('bob')).toEqual([])
    expect(await names('anon-1')).toEqual(['VIP'])
    expect(await names('nobody')).toEqual([])
    expect((await engine().userCohorts('ada', now)).map(c => c.id)).toEqual([pro.id, vip.id, buyers.id, proBuyers.id])
  })
})
