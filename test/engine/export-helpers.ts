// Shared by the export tests: a stream read whole, and CSV text read back.
import Papa from 'papaparse'
import type { ExportStream } from '../../workers/engine/types.ts'

/** Every chunk of an export as one string, checking the running counts as it goes. */
export async function readAll(stream: ExportStream): Promise<{ text: string; rows: number; bytes: number; chunks: number }> {
  const parts: Uint8Array[] = []
  let rows = 0, bytes = 0, chunks = 0, sum = 0
  for await (const chunk of stream.chunks) {
    if (chunk.rows < rows || chunk.bytes !== sum + chunk.data.length) throw new Error('the running counts do not add up')
    parts.push(chunk.data)
    sum += chunk.data.length
    rows = chunk.rows
    bytes = chunk.bytes
    chunks++
  }
  const all = new Uint8Array(sum)
  let at = 0
  for (const p of parts) { all.set(p, at); at += p.length }
  return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(all), rows, bytes, chunks }
}

export function parseCsv(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true })
  if (parsed.errors.length > 0) throw new Error(parsed.errors.map(e => e.message).join('; '))
  return parsed.data
}

/** The values a round trip must keep: commas, quotes, newlines, unicode, lists, numeric and other look-alike strings. */
export const TRICKY: Record<string, unknown> = {
  comma: 'a, b, c',
  quote: 'say "hi"',
  newline: 'line one\r\nline two\nthree',
  unicode: 'Zoë 東京 🚀 مرحبا',
  list: ['a', 'b, "c"', 1, true, null, ['nested']],
  object: { plan: 'pro', seats: 3 },
  zip: '00123',
  numericString: '42',
  spacedNumber: ' 7 ',
  exponentString: '1e3',
  trueString: 'TRUE',
  falseString: 'false',
  listString: '[1,2]',
  objectString: '{"a":1}',
  quotedString: '"quoted"',
  emptyString: '',
  blankString: '   ',
  formula: '=SUM(A1:A9)',
  minus: '-12 apples',
  number: 0.1,
  negative: -3.25,
  big: 1e21,
  int: 1234567,
  yes: true,
  no: false,
}
