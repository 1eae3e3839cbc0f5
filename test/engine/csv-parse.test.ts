// The CSV grammar (workers/engine/csv/parse.ts): quoted fields as RFC 4180
// has them, a stray quote read as spreadsheets read it, and the same records
// whatever the chunks the text arrives in.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../workers/engine/csv/parse'
import { csvBatches } from '../../workers/engine/csv/stream'

const whole = (text: string, newline = '\n') => parseCsv(text, ',', newline, true)

async function streamed(pieces: string[]): Promise<{ records: string[][]; bad: Array<[number, string]> }> {
  const encoder = new TextEncoder()
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of pieces) controller.enqueue(encoder.encode(p))
      controller.close()
    },
  })
  const blob = { size: pieces.join('').length, stream: () => stream } as unknown as Blob
  const records: string[][] = []
  const bad: Array<[number, string]> = []
  for await (const batch of csvBatches(blob, { delimiter: ',' })) {
    records.push(...batch.records)
    bad.push(...batch.bad)
  }
  return { records, bad }
}

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, delimiters and line ends inside quotes', () => {
    expect(whole('a,"b,c","say ""hi""","x\ny"\n1,2,3,4\n').records).toEqual([['a', 'b,c', 'say "hi"', 'x\ny'], ['1', '2', '3', '4']])
    expect(whole('a,b\r\n"c\r\nd",e\r\n', '\r\n').records).toEqual([['a', 'b'], ['c\r\nd', 'e']])
    expect(whole('a,,\n,\n').records).toEqual([['a', '', ''], ['', '']])
  })

  it('reads a quote closed and followed by text as part of the value, costing nothing after it', () => {
    const r = whole('id,plan\nq-1,free\nq-2,"pro"x\nq-3,team\nq-4,free\n')
    expect(r.records).toEqual([['id', 'plan'], ['q-1', 'free'], ['q-2', 'pro"x'], ['q-3', 'team'], ['q-4', 'free']])
    expect(r.bad.size).toBe(0)
    expect(whole('a,b"c,d\n').records).toEqual([['a', 'b"c', 'd']])
  })

  it('a quote that never closes runs to the end, reported with the lines it took', () => {
    const r = whole('a,1\nb,"2\nc,3\nd,4\n')
    expect(r.records).toEqual([['a', '1'], ['b', '2\nc,3\nd,4\n']])
    expect(r.bad.get(1)).toBe('a quoted field is not closed: it runs to the end of the file, taking 3 lines')
  })

  it('leaves a record cut by the end of the text for the next call', () => {
    const r = parseCsv('a,b\nc,"d\ne', ',', '\n', false)
    expect(r.records).toEqual([['a', 'b']])
    expect(r.consumed).toBe(4)
  })

  it('gives the same records whatever the chunks', async () => {
    const cell = fc.oneof(fc.constantFrom('', 'a', 'b c', 'x"y', '"q"', '"a,b"', '"l1\nl2"', '"say ""hi"""', '"pro"x', 'é'), fc.string({ maxLength: 4 }).map(s => s.replace(/["\n\r,]/g, '')))
    const record = fc.array(cell, { minLength: 1, maxLength: 4 }).map(cells => cells.join(','))
    await fc.assert(fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 8 }),
      async (records, cuts) => {
        const text = records.join('\n') + '\n'
        const pieces: string[] = []
        let at = 0
        for (const cut of cuts) {
          if (at >= text.length) break
          pieces.push(text.slice(at, at + cut))
          at += cut
        }
        if (at < text.length) pieces.push(text.slice(at))
        const expected = whole(text)
        const got = await streamed(pieces)
        expect(got.records).toEqual(expected.records)
        expect(got.bad).toEqual([...expected.bad])
      }), { numRuns: 200 })
  })
})
