// Issue 13: Mixpanel's real inputs and the rough edges a user hits. The
// fixtures in test/engine/fixtures/ are written from Mixpanel's public
// documentation (Engage batches with modifiers, raw-export lines, events that
// carry only a device id), in this project's own words and values.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { useEngine } from './helpers'

const engine = useEngine({ per: 'test' })
const fixture = (name: string) => readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8')
const T = 1732838400

describe('Engage modifiers', () => {
  it('applies the operations of updates that carry $token, $time, $ip, $latitude, $longitude and the SDK identity keys', async () => {
    const s = await engine().importUpdatesFile(fixture('engage-batch.json'), { format: 'json-array' })
    expect(s.errors).toEqual([expect.objectContaining({ row: 5, message: expect.stringMatching(/unknown operation "\$geo"/) })])
    expect(s).toMatchObject({ rows: 5, created: 2, skipped: 1 })
    expect((await engine().getProfile('13793'))!.properties).toEqual({ $email: 'ada@example.com', plan: 'pro', visits: 3, tags: ['beta'] })
    // No geocoding offline: coordinates and IPs set no location property.
    expect((await engine().getProfile('13794'))!.properties).toEqual({ $name: 'Grace' })
  })

  it('still refuses an unknown $-key, naming it, and applies nothing of that update', async () => {
    const s = await engine().applyProfileUpdates([{ $distinct_id: 'u1', $token: 't', $set: { a: 1 }, $lattitude: 1 }])
    expect(s.errors[0]!.message).toMatch(/unknown operation "\$lattitude"/)
    expect(await engine().getProfile('u1')).toBeNull()
  })
})

describe('refused ids', () => {
  const refused = ['anonymous', 'N/A', ' na ', 'Unknown', '<nil>', 'TRUE', 'false']
  it('are refused in events, updates and CSV imports alike, with the reason', async () => {
    const events = await engine().importEvents(refused.map(id => ({ event: 'e', properties: { distinct_id: id, time: T } })))
    expect(events.skipped).toBe(refused.length)
    expect(events.errors.map(e => e.message)).toEqual(refused.map(id => `properties.distinct_id "${id.trim()}" is not a valid id (tracking libraries send it by mistake)`))
    const updates = await engine().applyProfileUpdates(refused.map(id => ({ $distinct_id: id, $set: { a: 1 } })))
    expect(updates.skipped).toBe(refused.length)
    expect(updates.errors[0]!.message).toMatch(/"anonymous" is not a valid id/)
    const csv = await engine().importProfilesCsv(refused.map(id => `${id},x`).join('\n'), { kind: 'user', header: false, identifier: 0, columns: [{ index: 1, property: 'a' }] })
    expect(csv).toMatchObject({ rows: refused.length, created: 0, skipped: refused.length })
    expect(csv.errors[4]!.message).toBe('$distinct_id "<nil>" is not a valid id (tracking libraries send it by mistake) (column 1)')
    expect(await engine().stats()).toMatchObject({ users: 0 })
  })
})

describe('events without distinct_id', () => {
  it('take $device:<device id> from $device_id, and are skipped with a reason when they have neither', async () => {
    const s = await engine().importEventsFile(fixture('device-events.ndjson'), { format: 'ndjson' })
    expect(s).toMatchObject({ rows: 4, created: 3, skipped: 1 })
    expect(s.errors[0]).toMatchObject({ row: 4, message: 'properties.distinct_id is missing, and there is no $device_id to take it from' })
    const feed = await engine().activity('$device:18f5a1c2-7b1e-4f7a-9c55-0d3e2b7a6f10', { limit: 10 })
    expect(feed.map(e => e.event)).toEqual(['Sign Up', 'Page View'])
    expect(feed[0]!.properties.$device_id).toBe('18f5a1c2-7b1e-4f7a-9c55-0d3e2b7a6f10')
    // an event with both keeps its distinct id
    expect(await engine().activity('ada', { limit: 10 })).toHaveLength(1)
  })

  it('an events CSV with a device id column and no distinct id column can be mapped', async () => {
    const csv = 'event,device,time\nOpen,d-1,1732838400\nOpen,,1732838401\n'
    const s = await engine().importEventsFile(csv, { format: 'csv', csv: { header: true, event: 0, deviceId: 1, time: 2, timeUnit: 'seconds' } })
    expect(s).toMatchObject({ rows: 2, created: 1, skipped: 1 })
    expect(s.errors[0]).toMatchObject({ row: 3, message: expect.stringMatching(/no \$device_id/) })
    expect((await engine().activity('$device:d-1', { limit: 1 }))[0]!.properties).toEqual({ $device_id: 'd-1' })
  })
})

describe('a malformed CSV', () => {
  it('a quote closed and followed by text costs at most its row: every later row imports', async () => {
    const s = await engine().importProfilesCsv('id,plan\nq-1,free\nq-2,"pro"x\nq-3,team\nq-4,free\n',
      { kind: 'user', header: true, identifier: 0, columns: [{ index: 1, property: 'plan' }] })
    expect(s).toMatchObject({ rows: 4, created: 4, skipped: 0 })
    expect((await engine().getProfile('q-2'))!.properties).toEqual({ plan: 'pro"x' })
    expect((await engine().getProfile('q-4'))!.properties).toEqual({ plan: 'free' })
  })

  it('a quote that never closes runs to the end, and the summary says how many lines it took', async () => {
    const s = await engine().importProfilesCsv('q-1,free\nq-2,"pro\nq-3,team\nq-4,free\n',
      { kind: 'user', header: false, identifier: 0, columns: [{ index: 1, property: 'plan' }] })
    expect(s).toMatchObject({ rows: 2, created: 1, skipped: 1 })
    expect(s.errors[0]).toMatchObject({ row: 2, message: 'cannot be parsed: a quoted field is not closed: it runs to the end of the file, taking 3 lines' })
  })
})

describe('at most 2,000 properties a profile', () => {
  const names = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `p${i + from}`)
  it('a CSV row setting more is skipped with the reason; nothing else of it is written', async () => {
    const header = ['id', ...names(2_500)].join(',')
    const row = ['u1', ...names(2_500).map(() => 'v')].join(',')
    const plan = { kind: 'user' as const, header: true, identifier: 0, columns: names(2_500).map((property, i) => ({ index: i + 1, property })) }
    const s = await engine().importProfilesCsv(`${header}\n${row}\nu2,x\n`, plan)
    expect(s).toMatchObject({ created: 1, skipped: 1 })
    expect(s.errors[0]!.message).toBe('the row sets 2,500 properties; a profile holds at most 2,000')
    expect(await engine().getProfile('u1')).toBeNull()
  })

  it('a CSV import that would take a profile past 2,000 fails whole, naming the profile', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: Object.fromEntries(names(1_500).map(n => [n, 1])) }])
    const plan = { kind: 'user' as const, header: true, identifier: 0, columns: names(600, 5_000).map((property, i) => ({ index: i + 1, property })) }
    const file = `${['id', ...names(600, 5_000)].join(',')}\nu2,a\n${['u1', ...names(600).map(() => 'v')].join(',')}\n`
    await expect(engine().importProfilesCsv(file, { ...plan, fileName: 'wide.csv' })).rejects.toThrow('Profile "u1" would hold 2,100 properties; a profile holds at most 2,000. Nothing was imported.')
    expect(Object.keys((await engine().getProfile('u1'))!.properties)).toHaveLength(1_500)
    expect(await engine().getProfile('u2')).toBeNull()
    expect((await engine().listImports())[0]).toMatchObject({ status: 'failed', fileName: 'wide.csv' })
  })

  it('updates past 2,000 are refused, as before', async () => {
    const s = await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: Object.fromEntries(names(2_001).map(n => [n, 1])) }])
    expect(s.errors[0]!.message).toMatch(/at most 2,000 are allowed/)
  })
})

describe("Mixpanel's raw export", () => {
  it('imports raw-export lines: milliseconds and seconds, $insert_id deduplication, device ids as distinct ids', async () => {
    const s = await engine().importEventsFile(fixture('raw-export.ndjson'), { format: 'ndjson' })
    expect(s).toMatchObject({ rows: 4, created: 3, duplicates: 1, skipped: 0 })
    const feed = await engine().activity('u-481', { limit: 10 })
    expect(feed.map(e => e.event)).toEqual(['Purchase', '$identify'])
    expect(feed[0]!.properties).toMatchObject({ amount: 19.99, items: ['mug', 'socks'], mp_processing_time_ms: 1732838401234 })
    expect((await engine().activity('$device:18f5a1c2-7b1e-4f7a-9c55-0d3e2b7a6f10', { limit: 1 }))[0]!.time).toBe('2024-11-28T23:56:40.123Z')
  })
})
