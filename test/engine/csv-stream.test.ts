// csvBatches reads whatever chunk sizes a Blob's stream hands it; a chunk
// boundary anywhere (between \r and \n, inside a quoted field, inside a
// multi-byte character) must not change the records.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { csvBatches, isBlankRecord } from '../../workers/engine/csv/stream'

/** A Blob whose stream yields the bytes in the given chunk sizes. */
function chunkedBlob(text: string, sizes: number[]): Blob {
  const bytes = new TextEncoder().encode(text)
  const blob = new Blob([bytes])
  return Object.assign(blob, {
    stream: () => new ReadableStream<Uint8Array>({
      start(controller) {
        let at = 0, i = 0
        while (at < bytes.length) {
          const size = Math.max(1, sizes[i++ % sizes.length]!)
          controller.enqueue(bytes.slice(at, at + size))
          at += size
        }
        controller.close()
      },
    }),
  })
}

async function records(source: Blob | string): Promise<string[][]> {
  const out: string[][] = []
  for await (const batch of csvBatches(source)) out.push(...batch.records)
  // The import skips blank records (a string's final line end leaves one).
  return out.filter(r => !isBlankRecord(r))
}

const CSV = 'id,name,note\r\nu1,"Lovelace, Ada","two\r\nlines"\r\nu2,Zoë,plain\r\nu3,"say ""hi""",\r\n'

describe('csvBatches over any chunking', () => {
  it('reads CRLF files the same when a chunk ends between \\r and \\n', async () => {
    const whole = await records(CSV)
    expect(whole[1]).toEqual(['u1', 'Lovelace, Ada', 'two\r\nlines'])
    for (const first of [3, 4, 11, 12, 13]) {
      expect(await records(chunkedBlob(CSV, [first, 5, 7])), `first chunk ${first}`).toEqual(whole)
    }
  })

  it('gives the same records for random chunk sizes', async () => {
    const whole = await records(CSV)
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), async sizes => {
      expect(await records(chunkedBlob(CSV, sizes))).toEqual(whole)
    }), { numRuns: 200 })
  })
})
