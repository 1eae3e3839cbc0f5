import Papa from 'papaparse'
import type { CsvEncoding } from '../types'

// Reads CSV records from a Blob (or a string) chunk by chunk: the bytes come
// through blob.stream(), so nothing holds the whole file, and the same code
// runs in Node and in the worker (Papa.parse(File) needs FileReader, which
// Node lacks). Papaparse's ParserHandle is the piece its own streamers use:
// parse(text, baseIndex, ignoreLastRow) withholds a possibly partial last row.

export interface CsvBatch {
  /** Records of this batch; record `i` is the file's record `firstRecord + i` (0-based). */
  records: string[][]
  firstRecord: number
  /** 0-based record numbers (file-wide) that could not be parsed, with the reason. */
  bad: Map<number, string>
  bytesRead: number
}

export interface CsvStreamOptions {
  delimiter?: string
  encoding?: CsvEncoding
  signal?: AbortSignal
}

interface PapaHandle {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): Papa.ParseResult<string[]>
}

const MAX_RECORD_CHARS = 32 * 1024 * 1024

export class CsvFormatError extends Error {}

export async function* csvBatches(source: Blob | string, options: CsvStreamOptions = {}): AsyncGenerator<CsvBatch> {
  let handle: PapaHandle | undefined
  const open = (newline: string | undefined): PapaHandle =>
    new (Papa as unknown as { ParserHandle: new (c: Papa.ParseConfig) => PapaHandle }).ParserHandle({
      delimiter: options.delimiter ?? '',
      ...(newline ? { newline: newline as Papa.ParseConfig['newline'] } : {}),
      header: false,
      skipEmptyLines: false,
      dynamicTyping: false,
    })
  let partial = ''
  let baseIndex = 0
  let record = 0
  let bytesRead = 0

  // Papaparse guesses the line ending from the first text it parses, and a
  // first chunk ending between \r and \n reads as \r-only (a \n would then
  // start every row). So the line ending is the first \n's, and nothing is
  // parsed before one is seen (or the file ends: \r-only files are guessed).
  const parse = (text: string, final: boolean): CsvBatch => {
    const aggregate = partial + text
    if (!handle) {
      const lf = aggregate.indexOf('\n')
      if (lf < 0 && !final && aggregate.length <= MAX_RECORD_CHARS) {
        partial = aggregate
        return { records: [], firstRecord: record, bad: new Map(), bytesRead }
      }
      handle = open(lf < 0 ? undefined : lf > 0 && aggregate[lf - 1] === '\r' ? '\r\n' : '\n')
    }
    const result = handle.parse(aggregate, baseIndex, !final)
    const records = result.data
    const bad = new Map<number, string>()
    for (const e of result.errors) {
      // Field-count mismatches are not errors here: a ragged row imports the fields it has.
      if (e.type === 'Quotes' && typeof e.row === 'number') bad.set(record + e.row, describeQuoteError(e))
    }
    if (!final) {
      const cursor = result.meta.cursor
      partial = aggregate.substring(cursor - baseIndex)
      baseIndex = cursor
      if (partial.length > MAX_RECORD_CHARS) {
        throw new CsvFormatError(`row ${record + records.length + 1}: a quoted field is never closed (more than 32 MB without its closing quote)`)
      }
    }
    const batch = { records, firstRecord: record, bad, bytesRead }
    record += records.length
    return batch
  }

  if (typeof source === 'string') {
    bytesRead = source.length
    yield parse(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source, true)
    return
  }

  const decoder = new TextDecoder(options.encoding ?? 'utf-8', { fatal: (options.encoding ?? 'utf-8') === 'utf-8' })
  const reader = source.stream().getReader()
  try {
    for (;;) {
      options.signal?.throwIfAborted()
      const { done, value } = await reader.read()
      let text: string
      try {
        text = done ? decoder.decode() : decoder.decode(value, { stream: true })
      } catch {
        throw new CsvFormatError(`the file is not valid UTF-8 (near byte ${bytesRead.toLocaleString('en-US')}); if it was saved by Excel on Windows, import it as Windows-1252`)
      }
      if (!done) bytesRead += value.byteLength
      if (done) {
        yield parse(text, true)
        return
      }
      if (text.length > 0) yield parse(text, false)
    }
  } finally {
    reader.releaseLock()
  }
}

function describeQuoteError(e: Papa.ParseError): string {
  if (e.code === 'MissingQuotes') return 'a quoted field is not closed'
  if (e.code === 'InvalidQuotes') return 'a quote inside an unquoted field, or text after a closing quote'
  return e.message
}

/** A record holding nothing: a blank line. */
export function isBlankRecord(record: string[]): boolean {
  return record.length === 1 && record[0]!.trim() === ''
}
