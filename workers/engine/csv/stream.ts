import type { CsvEncoding } from '../types'
import { lineEndOf, parseCsv } from './parse'
import { guessDelimiter as guessCsvDelimiter } from './delimiter'

// Reads CSV records from a Blob (or a string) chunk by chunk: the bytes come
// through blob.stream(), so nothing holds the whole file, and the same code
// runs in Node and in the worker. Records are parsed by parse.ts; a record
// cut by a chunk's end waits for the next chunk.

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

const MAX_RECORD_CHARS = 32 * 1024 * 1024

export class CsvFormatError extends Error {}

/** When the plan names no delimiter: the sniffer's guess from the text at hand. */
function guessDelimiter(text: string): string {
  return guessCsvDelimiter(text.slice(0, 64 * 1024), false)
}

export async function* csvBatches(source: Blob | string, options: CsvStreamOptions = {}): AsyncGenerator<CsvBatch> {
  let delimiter = options.delimiter || ''
  let newline: string | undefined
  let partial = ''
  let record = 0
  let bytesRead = 0

  // The line end is the first \n's (a chunk may end between \r and \n), so
  // nothing is parsed before one is seen or the file ends (\r-only files).
  const parse = (text: string, final: boolean): CsvBatch => {
    const aggregate = partial + text
    if (!newline) {
      if (!aggregate.includes('\n') && !final && aggregate.length <= MAX_RECORD_CHARS) {
        partial = aggregate
        return { records: [], firstRecord: record, bad: new Map(), bytesRead }
      }
      newline = lineEndOf(aggregate)
      delimiter ||= guessDelimiter(aggregate)
    }
    const result = parseCsv(aggregate, delimiter, newline, final)
    const bad = new Map<number, string>()
    for (const [i, why] of result.bad) bad.set(record + i, why)
    partial = aggregate.substring(result.consumed)
    if (!final && partial.length > MAX_RECORD_CHARS) {
      throw new CsvFormatError(`row ${record + result.records.length + 1}: a quoted field is never closed (more than 32 MB without its closing quote)`)
    }
    const batch = { records: result.records, firstRecord: record, bad, bytesRead }
    record += result.records.length
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

/** A record holding nothing: a blank line. */
export function isBlankRecord(record: string[]): boolean {
  return record.length === 1 && record[0]!.trim() === ''
}
