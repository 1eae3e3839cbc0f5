import { describe, expect, it } from 'vitest'
import { useEngine } from './helpers'

const engine = useEngine({ per: 'test' })
const T = 1732838400 // 2024-11-29T00:00:00Z

describe('importEvents', () => {
  it('stores events with Unix seconds or milliseconds and creates event-only users', async () => {
    const s = await engine().importEvents([
      { event: 'a', properties: { distinct_id: 'u1', time: T, $insert_id: 'i1', amount: 12 } },
      { event: 'b', properties: { distinct_id: 'u1', time: T * 1000 + 1500, $insert_id: 'i2' } },
      { event: 'c', properties: { distinct_id: 'u2', time: T + 0.25, $insert_id: 'i3' } },
    ])
    expect(s).toMatchObject({ rows: 3, created: 3, skipped: 0, duplicates: 0, errors: [] })
    const feed = await engine().activity('u1', { limit: 10 })
    expect(feed.map(e => [e.event, e.time])).toEqual([
      ['b', '2024-11-29T00:00:01.500Z'],
      ['a', '2024-11-29T00:00:00.000Z'],
    ])
    expect(feed[1]!.properties).toEqual({ amount: 12, $insert_id: 'i1' })
    expect((await engine().activity('u2', { limit: 1 }))[0]!.time).toBe('2024-11-29T00:00:00.250Z')
    expect(await engine().getProfile('u2')).toEqual({ distinctId: 'u2', properties: {} })
    expect(await engine().countUsers({ scope: 'all' })).toBe(2)
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(0)
  })

  it('10^11 is the boundary between seconds and milliseconds', async () => {
    const s = await engine().importEvents([
      // 10^11 - 1 seconds is the year 5138: read as seconds, so refused as out of range
      { event: 's', properties: { distinct_id: 'u', time: 99_999_999_999, $insert_id: '1' } },
      { event: 'ms', properties: { distinct_id: 'u', time: 100_000_000_000, $insert_id: '2' } },
      { event: 's2', properties: { distinct_id: 'u', time: 1_700_000_000.5, $insert_id: '3' } },
    ])
    expect(s.errors).toEqual([{ row: 1, message: expect.stringMatching(/out of range/) }])
    const feed = await engine().activity('u', { limit: 10 })
    expect(Object.fromEntries(feed.map(e => [e.event, e.time]))).toEqual({
      ms: new Date(100_000_000_000).toISOString(),
      s2: '2023-11-14T22:13:20.500Z',
    })
  })

  it('deduplicates (event, distinct_id, time, $insert_id) within a batch and across imports', async () => {
    const e = (event: string, id: string, time: number, insert: string) => ({ event, properties: { distinct_id: id, time, $insert_id: insert } })
    const first = await engine().importEvents([e('a', 'u', T, 'x'), e('a', 'u', T, 'x'), e('a', 'u', T, 'y'), e('b', 'u', T, 'x'), e('a', 'v', T, 'x'), e('a', 'u', T + 1, 'x')])
    expect(first).toMatchObject({ rows: 6, created: 5, duplicates: 1, skipped: 0 })
    const again = await engine().importEvents([e('a', 'u', T, 'x'), e('a', 'u', T * 1000, 'x')])
    expect(again).toMatchObject({ created: 0, duplicates: 2 })
    expect(await engine().activity('u', { limit: 100 })).toHaveLength(4)
  })

  it('events without $insert_id are deduplicated by content, so re-importing a file is idempotent', async () => {
    const batch = [
      { event: 'a', properties: { distinct_id: 'u', time: T, k: 1 } },
      { event: 'a', properties: { distinct_id: 'u', time: T, k: 2 } },
    ]
    expect(await engine().importEvents(batch)).toMatchObject({ created: 2 })
    expect(await engine().importEvents(batch)).toMatchObject({ created: 0, duplicates: 2 })
    const feed = await engine().activity('u', { limit: 10 })
    expect(feed.map(e => e.properties)).toEqual(expect.arrayContaining([{ k: 1 }, { k: 2 }]))
  })

  it('reports a missing or refused distinct_id, a missing event and a bad time with their index, and stores the rest', async () => {
    const s = await engine().importEvents([
      { event: 'ok', properties: { distinct_id: 'u', time: T } },
      { event: 'a', properties: { time: T } },
      { event: 'a', properties: { distinct_id: 'anon', time: T } },
      { properties: { distinct_id: 'u', time: T } } as never,
      { event: '', properties: { distinct_id: 'u', time: T } },
      { event: 'a', properties: { distinct_id: 'u' } },
      { event: 'a', properties: { distinct_id: 'u', time: 'yesterday' } },
      { event: 'a', properties: { distinct_id: 'u', time: -5 } },
      { event: 'a' } as never,
      'nope' as never,
      { event: 'ok2', properties: { distinct_id: 7, time: '2024-11-29T10:00:00' } },
    ])
    expect(s.created).toBe(2)
    expect(s.skipped).toBe(9)
    expect(s.errors.map(e => e.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(s.errors[0]!.message).toMatch(/distinct_id is missing/)
    expect(s.errors[1]!.message).toMatch(/"anon" is not a valid id/)
    expect(s.errors[2]!.message).toMatch(/event is missing/)
    expect(s.errors[3]!.message).toMatch(/event must be a non-empty string/)
    expect(s.errors[4]!.message).toMatch(/time is missing/)
    expect(s.errors[5]!.message).toMatch(/"yesterday" is not Unix seconds/)
    expect(s.errors[6]!.message).toMatch(/out of range/)
    expect(s.errors[7]!.message).toMatch(/properties must be an object/)
    expect(s.errors[8]!.message).toMatch(/an event must be an object/)
    expect((await engine().activity('7', { limit: 1 }))[0]!.time).toBe('2024-11-29T10:00:00.000Z')
  })

  it('does not create a profile, so event-only users stay out of User Profiles', async () => {
    await engine().importEvents([{ event: 'a', properties: { distinct_id: 'u', time: T } }])
    await engine().applyProfileUpdates([{ $distinct_id: 'u', $set: { plan: 'pro' } }])
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(1)
    expect(await engine().countUsers({ scope: 'all' })).toBe(1)
  })
})

describe('activity', () => {
  it('pages newest first by cursor without losing events that share a time', async () => {
    const events = Array.from({ length: 25 }, (_, i) => ({
      event: `e${i}`, properties: { distinct_id: 'u', time: T + Math.floor(i / 5), $insert_id: String(i) },
    }))
    await engine().importEvents(events)
    const seen: string[] = []
    let before: string | undefined
    for (;;) {
      const page = await engine().activity('u', { limit: 7, ...(before ? { before } : {}) })
      seen.push(...page.map(e => e.event))
      if (page.length < 7) break
      before = page[page.length - 1]!.cursor
    }
    expect(seen).toHaveLength(25)
    expect(new Set(seen).size).toBe(25)
    const times = (await engine().activity('u', { limit: 25 })).map(e => e.time)
    expect([...times].sort().reverse()).toEqual(times)
  })

  it('takes an ISO time as before: events strictly before it', async () => {
    await engine().importEvents([0, 1, 2].map(i => ({ event: `e${i}`, properties: { distinct_id: 'u', time: T + i * 60 } })))
    const page = await engine().activity('u', { before: new Date((T + 60) * 1000).toISOString(), limit: 10 })
    expect(page.map(e => e.event)).toEqual(['e0'])
  })

  it('is empty for an unknown user and refuses a bad limit or cursor', async () => {
    expect(await engine().activity('nobody', { limit: 10 })).toEqual([])
    await expect(engine().activity('u', { limit: 0 })).rejects.toThrow(/limit/)
    await expect(engine().activity('u', { limit: 5, before: 'soon' })).rejects.toThrow(/before "soon"/)
  })
})
