// The Users table's Last seen and Events columns (users/activity.ts): a
// window's rows carry them when asked, and both sort, unset last.
import { beforeAll, describe, expect, it } from 'vitest'
import { useEngine } from './helpers'

describe('Last seen and Events', () => {
  const engine = useEngine()

  beforeAll(async () => {
    const e = engine()
    await e.applyProfileUpdates([
      { $distinct_id: 'a', $set: { n: 1 } },
      { $distinct_id: 'b', $set: { n: 2, $last_seen: '2020-05-01T00:00:00Z' } },
      { $distinct_id: 'c', $set: { n: 3 } },
      { $distinct_id: 'd', $set: { n: 4, $last_seen: '2023-12-31' } },
    ])
    const at = (day: number) => Date.UTC(2024, 0, day) / 1000
    await e.importEvents([
      { event: 'x', properties: { distinct_id: 'a', time: at(1), $insert_id: '1' } },
      { event: 'x', properties: { distinct_id: 'a', time: at(2), $insert_id: '2' } },
      { event: 'x', properties: { distinct_id: 'c', time: at(9), $insert_id: '3' } },
      { event: 'x', properties: { distinct_id: 'c', time: at(3), $insert_id: '4' } },
      { event: 'x', properties: { distinct_id: 'c', time: at(4), $insert_id: '5' } },
      { event: 'x', properties: { distinct_id: 'e', time: at(5), $insert_id: '6' } },
    ])
  })

  const ids = async (property: string, direction: 'asc' | 'desc', scope: 'all' | 'profiles' = 'all') =>
    (await engine().listUsers({ scope, offset: 0, limit: 10, sort: { property, direction } })).map(r => r.distinctId)

  it('gives each row its latest event and event count when asked', async () => {
    const rows = await engine().listUsers({ scope: 'all', offset: 0, limit: 10, activity: true })
    expect(rows.map(r => [r.distinctId, r.lastSeen, r.eventCount])).toEqual([
      ['a', '2024-01-02T00:00:00.000Z', 2],
      ['b', null, 0],
      ['c', '2024-01-09T00:00:00.000Z', 3],
      ['d', null, 0],
      ['e', '2024-01-05T00:00:00.000Z', 1],
    ])
    const plain = await engine().listUsers({ scope: 'all', offset: 0, limit: 1 })
    expect(plain[0]).not.toHaveProperty('eventCount')
  })

  it('sorts by event count, ties in first-seen order', async () => {
    expect(await ids('$event_count', 'desc')).toEqual(['c', 'a', 'e', 'b', 'd'])
    expect(await ids('$event_count', 'asc')).toEqual(['b', 'd', 'e', 'a', 'c'])
  })

  it('sorts by last seen: the latest event, else the $last_seen property; neither last', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'f', $set: { n: 5 } }])
    expect(await ids('$last_seen', 'desc')).toEqual(['c', 'e', 'a', 'd', 'b', 'f'])
    expect(await ids('$last_seen', 'asc')).toEqual(['b', 'd', 'a', 'e', 'c', 'f'])
    // Deep windows read the whole order (windows.ts): the same order.
    const deep = await engine().listUsers({ scope: 'all', offset: 3, limit: 3, sort: { property: '$last_seen', direction: 'desc' }, activity: true })
    expect(deep.map(r => [r.distinctId, r.eventCount])).toEqual([['d', 0], ['b', 0], ['f', 0]])
  })
})
