import { describe, expect, it } from 'vitest'
import { useEngine } from './helpers'
import { detectFormat, jsonArrayItems, ndjsonItems } from '../../workers/engine/files/json'
import { csvTime, detectTimeUnit } from '../../workers/engine/events/time'
import { sniffImportFile } from '../../workers/engine/files/sniff'

const engine = useEngine({ per: 'test' })
const T = 1732838400 // 2024-11-29T00:00:00Z

/** A Blob that arrives in small pieces, so readers must join lines and elements across chunks. */
function chunked(text: string, size = 7): Blob {
  const bytes = new TextEncoder().encode(text)
  const parts: BlobPart[] = []
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.slice(i, i + size))
  return new Blob(parts)
}

async function collect<T extends { items: unknown[] }>(gen: AsyncGenerator<T>) {
  const out: unknown[] = []
  for await (const b of gen) out.push(...b.items)
  return out
}

const line = (event: string, id: string, time: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ event, properties: { distinct_id: id, time, ...extra } })

describe('file readers', () => {
  it('detects the format from the first characters', () => {
    expect(detectFormat('\uFEFF  [{"event"')).toBe('json-array')
    expect(detectFormat('\n{"event":"a"}')).toBe('ndjson')
    expect(detectFormat('event,distinct_id,time')).toBe('csv')
  })

  it('splits NDJSON lines across chunks, CRLF and blank lines included', async () => {
    const items = await collect(ndjsonItems(chunked('{"a":1}\r\n\n{"b":"x\\ny"}\n  \n{"c":3}')))
    expect(items).toEqual([
      { row: 1, line: 1, text: '{"a":1}' },
      { row: 3, line: 3, text: '{"b":"x\\ny"}' },
      { row: 5, line: 5, text: '{"c":3}' },
    ])
  })

  it('splits a JSON array into its top-level elements, strings with brackets and escapes included', async () => {
    const text = '[\n {"a":"]},[\\"", "b":[1,{"c":2}]},\n  {"d":{}} , 7, "s,]", null\n]\n'
    const items = (await collect(jsonArrayItems(chunked(text, 3)))) as Array<{ row: number; text: string; line: number }>
    expect(items.map(i => JSON.parse(i.text))).toEqual([{ a: ']},["', b: [1, { c: 2 }] }, { d: {} }, 7, 's,]', null])
    expect(items.map(i => [i.row, i.line])).toEqual([[1, 2], [2, 3], [3, 3], [4, 3], [5, 3]])
  })

  it('refuses text after the array and a file that is not an array', async () => {
    await expect(collect(jsonArrayItems('[{"a":1}] x'))).rejects.toThrow(/after the end/)
    await expect(collect(jsonArrayItems('{"a":1}'))).rejects.toThrow(/not a JSON array/)
  })

  it('sniffs a file: format, preview of complete items, suggested CSV columns and time unit', async () => {
    const bytes = (t: string) => new TextEncoder().encode(t)
    const csv = await sniffImportFile(bytes('Event Name,User ID,Timestamp,plan\nbuy,u1,1732838400000,pro\nsell,u2,1732838400001,free\n'), 80)
    expect(csv.format).toBe('csv')
    expect(csv.csv!.suggestion).toEqual({ event: 0, distinctId: 1, time: 2, timeUnit: 'milliseconds' })
    const headerless = await sniffImportFile(bytes('u1,buy,2024-11-29T10:00:00Z\nu2,sell,2024-11-30\n'), 45)
    expect(headerless.csv!.suggestion).toMatchObject({ time: 2, timeUnit: 'iso' })
    // a sample cut inside the third element previews the two complete ones
    const cut = '[{"event":"a"}, {"event":"b"}, {"event":"c", "properties": {'
    expect(await sniffImportFile(bytes(cut), 1000)).toMatchObject({ format: 'json-array', preview: ['{"event":"a"}', '{"event":"b"}'] })
    expect(await sniffImportFile(bytes('{"a":1}\n{"b":2}\n{"c"'), 1000)).toMatchObject({ format: 'ndjson', preview: ['{"a":1}', '{"b":2}'] })
  })

  it('detects time units from values and reads each', () => {
    expect(detectTimeUnit(['1732838400', '1732838401'])).toBe('seconds')
    expect(detectTimeUnit(['1732838400000', ''])).toBe('milliseconds')
    expect(detectTimeUnit(['2024-11-29T00:00:00Z', '2024-11-30'])).toBe('iso')
    expect(detectTimeUnit(['1732838400', '2024-11-30'])).toBeNull()
    expect(detectTimeUnit(['1732838400', '1732838401', 'soon'])).toBe('seconds')
    expect(detectTimeUnit(['soon', 'later', '1732838401'])).toBeNull()
    expect(csvTime('1732838400', 'seconds', 2)).toBe('2024-11-29T00:00:00.000Z')
    expect(csvTime('1732838400500', 'milliseconds', 2)).toBe('2024-11-29T00:00:00.500Z')
    expect(csvTime('5000', 'milliseconds', 2)).toBe('1970-01-01T00:00:05.000Z')
    expect(csvTime('2024-11-29 10:00', 'iso', 2)).toBe('2024-11-29T10:00:00.000Z')
    expect(csvTime('yesterday', 'iso', 2)).toEqual({ error: 'column 3 (time): "yesterday" is not an ISO date' })
    expect(csvTime('2024-11-29', 'seconds', 0)).toEqual({ error: 'column 1 (time): "2024-11-29" is not Unix seconds' })
  })
})

describe('importEventsFile', () => {
  it('NDJSON: skips bad lines with their line number and reason, stores duplicates once, records the import', async () => {
    const file = [
      line('a', 'u1', T, { $insert_id: 'x' }),
      '{"event": "a", "properties": {',                 // 2: not JSON
      line('a', 'u1', T, { $insert_id: 'x' }),           // 3: duplicate of 1
      '',
      JSON.stringify({ properties: { distinct_id: 'u2', time: T } }),  // 5: no event
      line('b', 'u2', T * 1000, { plan: 'pro' }),
      line('c', 'u3', 'soon'),                           // 7: bad time
      line('d', 'u1', T + 60),
    ].join('\n')
    const progress: Array<{ rows: number; bytes: number; totalBytes?: number }> = []
    const s = await engine().importEventsFile(chunked(file, 50), { format: 'ndjson', fileName: 'events.ndjson' }, p => progress.push(p))
    expect(s).toMatchObject({ rows: 7, created: 3, duplicates: 1, skipped: 3 })
    expect(s.errors.map(e => [e.row, e.message])).toEqual([
      [2, expect.stringMatching(/^not valid JSON/)],
      [5, 'event is missing'],
      [7, expect.stringMatching(/properties.time "soon"/)],
    ])
    expect(progress.at(-1)).toMatchObject({ rows: 7, totalBytes: new TextEncoder().encode(file).length })
    expect((await engine().activity('u1', { limit: 10 })).map(e => e.event)).toEqual(['d', 'a'])
    expect((await engine().activity('u2', { limit: 10 }))[0]!.properties).toEqual({ plan: 'pro' })

    const [record] = await engine().listImports()
    expect(record).toMatchObject({ fileName: 'events.ndjson', kind: 'events', rows: 7, created: 3, skipped: 3, duplicates: 1, status: 'done', storedSkippedRows: 3 })
    const skipped = await engine().importSkippedRows(record!.id)
    expect(skipped[0]).toEqual({ row: 2, message: expect.stringMatching(/JSON/), raw: '{"event": "a", "properties": {' })

    // the same file again: everything a duplicate
    expect(await engine().importEventsFile(file, { format: 'ndjson' })).toMatchObject({ created: 0, duplicates: 4, skipped: 3 })
  })

  it('a JSON array, elements numbered from 1', async () => {
    const file = `[\n${line('a', 'u1', T)},\n${line('b', 'u1', T + 1)},\n"not an event",\n${line('a', 'u2', T)}\n]`
    const s = await engine().importEventsFile(new Blob([file]), { format: 'json-array' })
    expect(s).toMatchObject({ rows: 4, created: 3, skipped: 1 })
    expect(s.errors).toEqual([{ row: 3, message: 'an event must be an object, not string "not an event"', cells: ['"not an event"'] }])
  })

  for (const [unit, time] of [['iso', '2024-11-29T00:00:00Z'], ['seconds', String(T)], ['milliseconds', String(T * 1000)]] as const) {
    it(`CSV with a mapping, time in ${unit}`, async () => {
      const csv = `name,user,when,amount,note\npurchase,u1,${time},12.5,"a, b"\nlogin,u2,${time},,\n,u3,${time},1,\nlogin,u4,not a time,,\n`
      const s = await engine().importEventsFile(chunked(csv, 11), {
        format: 'csv', csv: { header: true, event: 0, distinctId: 1, time: 2, timeUnit: unit },
      })
      expect(s).toMatchObject({ rows: 4, created: 2, skipped: 2 })
      expect(s.errors.map(e => [e.row, e.message])).toEqual([
        [4, 'event must be a non-empty string, not string ""'],
        [5, expect.stringMatching(/^column 3 \(time\): "not a time" is not/)],
      ])
      expect(s.errors[1]!.cells).toEqual(['login', 'u4', 'not a time', '', ''])
      const [e] = await engine().activity('u1', { limit: 1 })
      expect(e).toMatchObject({ event: 'purchase', time: '2024-11-29T00:00:00.000Z', properties: { amount: '12.5', note: 'a, b' } })
    })
  }

  it('CSV without a header, with chosen property columns, typed values and an $insert_id column', async () => {
    const csv = 'u1;1732838400000;buy;9;k1\nu1;1732838400000;buy;10;k1\nu2;1732838400000;buy;3;k2\n'
    const s = await engine().importEventsFile(csv, {
      format: 'csv',
      csv: { header: false, delimiter: ';', distinctId: 0, time: 1, event: 2, insertId: 4, timeUnit: 'milliseconds', typed: true, columns: [{ index: 3, property: 'amount' }] },
    })
    expect(s).toMatchObject({ rows: 3, created: 2, duplicates: 1 })
    expect((await engine().activity('u1', { limit: 5 }))[0]!.properties).toEqual({ amount: 9, $insert_id: 'k1' })
  })

  it('refuses a CSV plan without the three columns, writing nothing and recording the failure', async () => {
    await expect(engine().importEventsFile('a,b\n', { format: 'csv', fileName: 'x.csv' })).rejects.toThrow(/plan.csv is required/)
    await expect(engine().importEventsFile('a,b\n', { format: 'csv', csv: { header: false, event: 0, distinctId: 0, time: 1, timeUnit: 'iso' } }))
      .rejects.toThrow(/must be different columns/)
    expect((await engine().listImports())[0]).toMatchObject({ fileName: 'x.csv', status: 'failed', kind: 'events' })
  })

  it('a cancelled file import writes nothing and is recorded as cancelled', async () => {
    await engine().importEvents([{ event: 'old', properties: { distinct_id: 'u0', time: T } }])
    const lines = Array.from({ length: 30_000 }, (_, i) => line('e', `u${i % 100}`, T + i)).join('\n')
    const controller = new AbortController()
    const done = engine().importEventsFile(chunked(lines, 64 * 1024), { format: 'ndjson', fileName: 'big.ndjson' }, p => {
      if (p.rows >= 10_000) controller.abort()
    }, controller.signal)
    await expect(done).rejects.toThrow(/abort/i)
    expect(await engine().stats()).toMatchObject({ events: 1, users: 1 })
    expect((await engine().listImports())[0]).toMatchObject({ fileName: 'big.ndjson', status: 'cancelled', created: 0 })
  })
})
