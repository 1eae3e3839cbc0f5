import { describe, expect, it } from 'vitest'
import { freshEngine, useEngine } from './helpers'
import { readAll } from './export-helpers'
import type { Engine, TrackedEvent } from '../../workers/engine/types.ts'

const engine = useEngine()

const T = 1_700_000_000
// Events with and without $insert_id (derived ones then), with milliseconds, a device-only user, and tricky properties.
const EVENTS: TrackedEvent[] = [
  { event: 'Signed up', properties: { distinct_id: 'u1', time: T, $insert_id: 'a1', plan: 'pro', tags: ['x', 'y'] } },
  { event: 'Viewed', properties: { distinct_id: 'u1', time: T + 60.123, page: 'say "hi", then\nleave', n: 1.5 } },
  { event: 'Viewed', properties: { distinct_id: 'u1', time: (T + 60.123) * 1000, page: 'same time, other event' } },
  { event: 'Purchase', properties: { distinct_id: 'u2', time: T + 5, $insert_id: 'p-1', amount: 9.99, meta: { sku: 'Zoë 🚀' } } },
  { event: 'Opened', properties: { $device_id: 'dev-9', time: T + 7 } },
  ...Array.from({ length: 25 }, (_, i) => ({ event: 'Tick', properties: { distinct_id: `bulk${i % 5}`, time: T + 100 + i, i } })),
]

let filled = false
async function filledEngine(): Promise<Engine> {
  if (!filled) {
    const e = engine()
    await e.applyProfileUpdates([{ $distinct_id: 'u1', $set: { plan: 'pro' } }, { $distinct_id: 'u2', $set: { plan: 'free' } }])
    expect((await e.importEvents(EVENTS)).created).toBe(EVENTS.length)
    filled = true
  }
  return engine()
}

const lines = (text: string) => text.trimEnd().split('\n').map(l => JSON.parse(l) as { event: string; properties: Record<string, unknown> })

describe('exportEvents', () => {
  it('a user\'s events, oldest first, in Mixpanel\'s raw-export shape', async () => {
    const e = await filledEngine()
    const stream = await e.exportEvents({ distinctId: 'u1' })
    expect(stream.total).toBe(3)
    expect(stream.fileName).toMatch(/^cohortlite-u1-events-\d{4}-\d{2}-\d{2}\.ndjson$/)
    const events = lines((await readAll(stream)).text)
    expect(events.map(ev => ev.event)).toEqual(['Signed up', 'Viewed', 'Viewed'])
    expect(events[0]).toEqual({ event: 'Signed up', properties: { time: T, distinct_id: 'u1', $insert_id: 'a1', plan: 'pro', tags: ['x', 'y'] } })
    expect(Object.keys(events[1]!.properties).slice(0, 3)).toEqual(['time', 'distinct_id', '$insert_id'])
    expect(events[1]!.properties.time).toBe(T + 60.123)
    expect(events[1]!.properties.$insert_id).toMatch(/^h:/)
    // Two events at the same millisecond: ordered by their dedup hash, so either may come first.
    expect(events.slice(1).map(ev => ev.properties.page).sort()).toEqual(['same time, other event', 'say "hi", then\nleave'])
  })

  it('every event of the users a view selects, user by user, across chunks; a selection narrows it', async () => {
    const e = await filledEngine()
    const all = await e.exportEvents({ query: { scope: 'all' }, chunkRows: 4 })
    expect(all.total).toBe(EVENTS.length)
    const { text, rows, chunks } = await readAll(all)
    expect(rows).toBe(EVENTS.length)
    expect(chunks).toBeGreaterThan(5)
    const events = lines(text)
    expect(new Set(events.map(ev => ev.properties.$insert_id)).size).toBe(EVENTS.length)
    expect(events.find(ev => ev.event === 'Opened')!.properties).toMatchObject({ distinct_id: '$device:dev-9', $device_id: 'dev-9' })
    const profiles = await e.exportEvents({ query: { scope: 'profiles' } })
    expect(lines((await readAll(profiles)).text).map(ev => ev.properties.distinct_id)).toEqual(['u1', 'u1', 'u1', 'u2'])
    const picked = await e.exportEvents({ query: { scope: 'all' }, selection: { ids: ['bulk3', 'u2'] } })
    expect(picked.total).toBe(6)
  })

  it('re-imported, it stores 0 new events: every line is a duplicate (here and in another workspace that has them)', async () => {
    const e = await filledEngine()
    const { text } = await readAll(await e.exportEvents({ query: { scope: 'all' } }))
    const again = await e.importEventsFile(text, { format: 'ndjson' })
    expect(again).toMatchObject({ rows: EVENTS.length, created: 0, skipped: 0, duplicates: EVENTS.length })
    expect((await e.stats()).events).toBe(EVENTS.length)

    // Into an empty workspace it stores them all, and exporting that gives the same file back.
    const other = await freshEngine()
    expect(await other.importEventsFile(text, { format: 'ndjson' })).toMatchObject({ created: EVENTS.length, duplicates: 0 })
    expect((await readAll(await other.exportEvents({ query: { scope: 'all' } }))).text.split('\n').sort())
      .toEqual(text.split('\n').sort())
    const single = await readAll(await e.exportEvents({ distinctId: 'u1' }))
    expect(await other.importEventsFile(single.text, { format: 'ndjson' })).toMatchObject({ created: 0, duplicates: 3 })
  })

  it('refuses an unknown user, a group key and a bad chunk size with a message saying so', async () => {
    const e = await filledEngine()
    await expect(e.exportEvents({ distinctId: 'nobody' })).rejects.toThrow(/no user has the distinct id "nobody"/)
    await expect(e.exportEvents({ query: { scope: 'profiles', groupKey: 'company' } })).rejects.toThrow(/events belong to users/)
    await expect(e.exportEvents({ distinctId: 'u1', chunkRows: 1e9 })).rejects.toThrow(/chunkRows/)
  })
})
