import { afterEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { freshEngine, useEngine, type Engine } from './helpers'
import { DEFAULT_BULK_TUNING } from '../../workers/engine/events/bulk'
import type { BulkTuning, TrackedEvent } from '../../workers/engine/types'

// The engines of this file read their bulk tuning from this object, which each test may change.
const bulkTuning: BulkTuning = { ...DEFAULT_BULK_TUNING }
const engine = useEngine({ per: 'test', open: { bulkTuning } })
const T = 1732838400 // 2024-11-29T00:00:00Z
afterEach(() => Object.assign(bulkTuning, DEFAULT_BULK_TUNING, { onStep: undefined }))

const ev = (event: string, id: string, time: number | string, insert?: string, extra: Record<string, unknown> = {}): TrackedEvent =>
  ({ event, properties: { distinct_id: id, time, ...(insert === undefined ? {} : { $insert_id: insert }), ...extra } })

type Db = { query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }> }
const dbOf = (e: Engine) => (e as unknown as { db: Db }).db

/** Everything stored, in a canonical order, as the tests compare it. */
async function storedEvents(e: Engine): Promise<string[]> {
  const { rows } = await dbOf(e).query<{ line: string }>(`
    select concat_ws(' ', p.distinct_id, e.event, to_char(e.time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'), e.insert_id, e.properties::text) as line
    from events e join profiles p on p.id = e.user_id order by 1`)
  return rows.map(r => r.line)
}

async function eventIndexes(e: Engine): Promise<string[]> {
  const { rows } = await dbOf(e).query<{ indexname: string }>(`select indexname from pg_indexes where tablename = 'events' order by 1`)
  return rows.map(r => r.indexname)
}

function forcePath(path: 'rebuild' | 'on conflict') {
  bulkTuning.rebuildMinRows = path === 'rebuild' ? 0 : Number.MAX_SAFE_INTEGER
  bulkTuning.rebuildFraction = 0
}

function* batchesOf<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size)
}

describe('importEventStream', () => {
  it('numbers rows across batches, skips bad events and stores duplicates once', async () => {
    const s = await engine().importEventStream(batchesOf([
      ev('a', 'u1', T, 'x'), ev('a', 'u1', T, 'x'), { event: '', properties: { distinct_id: 'u1', time: T } },
      ev('b', 'u2', T * 1000, 'y'), ev('a', 'u1', T, 'x'), ev('c', 'u3', 'not a time', 'z'),
    ], 2))
    expect(s).toMatchObject({ rows: 6, created: 2, duplicates: 2, skipped: 2 })
    expect(s.errors.map(e => e.row)).toEqual([3, 6])
    expect(s.errors[1]!.message).toMatch(/time/)
    expect(await engine().countUsers({ scope: 'all' })).toBe(2)
  })

  it('keeps the first of events repeated in the stream', async () => {
    await engine().importEventStream([[ev('a', 'u', T, 'x', { n: 1 })], [ev('a', 'u', T, 'x', { n: 2 })]])
    expect((await engine().activity('u', { limit: 5 })).map(e => e.properties.n)).toEqual([1])
  })

  for (const path of ['rebuild', 'on conflict'] as const) {
    it(`deduplicates against stored events and within the stream (${path} path), indexes intact`, async () => {
      forcePath(path)
      const steps: string[] = []
      bulkTuning.onStep = s => steps.push(s)
      await engine().importEvents([ev('a', 'u', T, 'x'), ev('b', 'u', T, 'x'), ev('a', 'v', T, 'x')])
      const s = await engine().importEventStream([[ev('a', 'u', T, 'x'), ev('a', 'u', T + 1, 'x')], [ev('a', 'u', T + 1, 'x'), ev('a', 'w', T, 'x')]])
      expect(s).toMatchObject({ rows: 4, created: 2, duplicates: 2, skipped: 0 })
      expect(steps.includes('indexes dropped')).toBe(path === 'rebuild')
      expect(await eventIndexes(engine())).toEqual(['events_dedup', 'events_event_time'])
      expect(await storedEvents(engine())).toHaveLength(5)
      // the rebuilt unique index still refuses duplicates
      expect(await engine().importEvents([ev('a', 'w', T, 'x')])).toMatchObject({ created: 0, duplicates: 1 })
    })
  }

  it('the bulk path stores what the per-batch path stores, whatever the batches and path (property)', async () => {
    const a = await freshEngine({ bulkTuning }), b = await freshEngine()
    const event = fc.record({
      event: fc.constantFrom('a', 'b', 'page view'),
      id: fc.constantFrom('u1', 'u2', 'u3', 'ü 4'),
      time: fc.integer({ min: 0, max: 3 }).map(d => T + d),
      insert: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
      n: fc.integer({ min: 0, max: 2 }),
      bad: fc.integer({ min: 0, max: 9 }).map(n => n === 0),
    }).map(r => (r.bad ? { event: r.event, properties: { time: r.time } } : ev(r.event, r.id, r.time, r.insert, { n: r.n })))
    await fc.assert(fc.asyncProperty(
      fc.array(event, { maxLength: 30 }), fc.array(event, { maxLength: 30 }), fc.integer({ min: 1, max: 7 }), fc.boolean(),
      async (before, load, size, rebuild) => {
        for (const e of [a, b]) await dbOf(e).query('truncate events')
        await a.importEvents(before)
        await b.importEvents(before)
        forcePath(rebuild ? 'rebuild' : 'on conflict')
        const bulk = await a.importEventStream(batchesOf(load, size))
        Object.assign(bulkTuning, DEFAULT_BULK_TUNING)
        let created = 0, duplicates = 0
        const rows: number[] = []
        for (const [i, batch] of [...batchesOf(load, size)].entries()) {
          const s = await b.importEvents(batch)
          created += s.created
          duplicates += s.duplicates ?? 0
          rows.push(...s.errors.map(e => e.row + i * size))
        }
        expect({ created: bulk.created, duplicates: bulk.duplicates, rows: bulk.errors.map(e => e.row) }).toEqual({ created, duplicates, rows })
        expect(await storedEvents(a)).toEqual(await storedEvents(b))
        expect(await eventIndexes(a)).toEqual(['events_dedup', 'events_event_time'])
      }), { numRuns: 25 })
  }, 240_000)

  it('a cancelled import leaves events, users and indexes as they were', async () => {
    forcePath('rebuild')
    await engine().importEvents([ev('a', 'u', T, 'x')])
    const before = await storedEvents(engine())
    const controller = new AbortController()
    async function* stream() {
      yield [ev('a', 'new', T, 'x')]
      controller.abort()
      yield [ev('b', 'new', T, 'y')]
    }
    await expect(engine().importEventStream(stream(), undefined, controller.signal)).rejects.toThrow(/abort/i)
    expect(await storedEvents(engine())).toEqual(before)
    expect(await engine().countUsers({ scope: 'all' })).toBe(1)
    expect(await eventIndexes(engine())).toEqual(['events_dedup', 'events_event_time'])
  })

  it('a failure after the indexes were dropped leaves them in place and nothing written', async () => {
    forcePath('rebuild')
    await engine().importEvents([ev('a', 'u', T, 'x')])
    const before = await storedEvents(engine())
    bulkTuning.onStep = step => { if (step === 'inserted') throw new Error('disk full (simulated)') }
    await expect(engine().importEventStream([[ev('a', 'new', T, 'x'), ev('a', 'u', T + 5, 'x')]])).rejects.toThrow(/simulated/)
    bulkTuning.onStep = undefined
    expect(await storedEvents(engine())).toEqual(before)
    expect(await eventIndexes(engine())).toEqual(['events_dedup', 'events_event_time'])
    expect(await engine().getProfile('new')).toBeNull()
    // and the engine carries on
    expect(await engine().importEventStream([[ev('a', 'new', T, 'x')]])).toMatchObject({ created: 1 })
  })

  it('a stream that throws writes nothing', async () => {
    async function* stream(): AsyncGenerator<TrackedEvent[]> {
      yield [ev('a', 'u', T, 'x')]
      throw new Error('the file went away')
    }
    await expect(engine().importEventStream(stream())).rejects.toThrow(/went away/)
    expect(await storedEvents(engine())).toEqual([])
  })

  it('takes the rebuild path by itself for a load large next to the table, and reports progress', async () => {
    const steps: string[] = []
    bulkTuning.onStep = s => steps.push(s)
    const events = Array.from({ length: 25_000 }, (_, i) => ev(i % 3 ? 'a' : 'b', `u${i % 500}`, T + i, `i${i}`))
    const progress: number[] = []
    const s = await engine().importEventStream(batchesOf(events, 5_000), p => progress.push(p.rows))
    expect(s).toMatchObject({ rows: 25_000, created: 25_000, duplicates: 0 })
    expect(steps).toContain('indexes dropped')
    expect(progress.at(-1)).toBe(25_000)
    steps.length = 0
    // a small load next to 25,000 stored events goes through the indexes
    expect(await engine().importEventStream([events.slice(0, 100)])).toMatchObject({ created: 0, duplicates: 100 })
    expect(steps).not.toContain('indexes dropped')
    expect(await engine().stats()).toMatchObject({ events: 25_000, users: 500 })
  })
})
