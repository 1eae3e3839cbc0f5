// Reading JSON files in pieces: NDJSON line by line, a JSON array element by
// element. The bytes come through blob.stream() and are decoded
// incrementally, so no file is ever held whole (a 2 GB export must not need
// 2 GB of memory, and one JS string tops out below 1 GB), and the same code
// runs in Node and in the worker.

import type { FileFormat, JsonFormat } from '../types'

/** One item of a JSON file: its 1-based number (NDJSON: the line; array: the element) and its text. */
export interface JsonItem { row: number; text: string; line: number }

export interface JsonBatch { items: JsonItem[]; bytesRead: number }

/** An element (or a line) longer than this stops the import: it is a broken file, not a big event. */
export const MAX_ITEM_CHARS = 16 * 1024 * 1024
const BATCH_ITEMS = 5_000

/** The format of a file from its first characters: `[` a JSON array, `{` NDJSON, anything else CSV. */
export function detectFormat(head: string): FileFormat {
  const first = head.replace(/^\uFEFF/, '').trimStart()[0]
  if (first === '[') return 'json-array'
  if (first === '{') return 'ndjson'
  return 'csv'
}

/** The file's text, chunk by chunk, with the bytes read so far; a BOM is dropped. */
export async function* textChunks(source: Blob | string, signal?: AbortSignal): AsyncGenerator<{ text: string; bytesRead: number }> {
  if (typeof source === 'string') {
    yield { text: source.replace(/^\uFEFF/, ''), bytesRead: source.length }
    return
  }
  // Not fatal: a stray invalid byte becomes U+FFFD inside one value rather than failing the file.
  const decoder = new TextDecoder('utf-8')
  const reader = source.stream().getReader()
  let bytesRead = 0
  try {
    for (;;) {
      signal?.throwIfAborted()
      const { done, value } = await reader.read()
      if (done) {
        const rest = decoder.decode()
        if (rest) yield { text: rest, bytesRead }
        return
      }
      bytesRead += value.byteLength
      const text = decoder.decode(value, { stream: true })
      if (text) yield { text, bytesRead }
    }
  } finally {
    reader.releaseLock()
  }
}

/** NDJSON: one item per non-blank line, numbered by line. */
export async function* ndjsonItems(source: Blob | string, signal?: AbortSignal): AsyncGenerator<JsonBatch> {
  let partial = ''
  let line = 0
  let items: JsonItem[] = []
  let bytesRead = 0
  const take = (text: string) => {
    line++
    const t = text.endsWith('\r') ? text.slice(0, -1) : text
    if (t.trim() !== '') items.push({ row: line, text: t, line })
  }
  for await (const chunk of textChunks(source, signal)) {
    bytesRead = chunk.bytesRead
    const text = partial + chunk.text
    let start = 0
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      take(text.slice(start, nl))
      start = nl + 1
    }
    partial = text.slice(start)
    if (partial.length > MAX_ITEM_CHARS) throw new Error(`line ${line + 1} is longer than 16 MB: this is not an NDJSON file of events or updates`)
    if (items.length >= BATCH_ITEMS) {
      yield { items, bytesRead }
      items = []
    }
  }
  if (partial !== '') take(partial)
  if (items.length > 0 || line === 0) yield { items, bytesRead }
}

/**
 * A JSON array: one item per top-level element, numbered from 1. A small
 * scanner tracks strings and nesting to find where each element ends; the
 * element's text is then JSON.parse'd by the caller, so a malformed element
 * is one skipped row, not a failed file.
 */
export async function* jsonArrayItems(source: Blob | string, signal?: AbortSignal): AsyncGenerator<JsonBatch> {
  let state: 'before' | 'between' | 'element' | 'after' = 'before'
  let depth = 0, inString = false, escaped = false
  let pieces: string[] = []
  let pieceChars = 0
  let element = 0, line = 1, elementLine = 1
  let items: JsonItem[] = []
  let bytesRead = 0
  let trailing: Error | undefined

  for await (const chunk of textChunks(source, signal)) {
    bytesRead = chunk.bytesRead
    const text = chunk.text
    let start = state === 'element' ? 0 : -1
    const finish = (end: number) => {
      pieces.push(text.slice(start, end))
      items.push({ row: ++element, text: pieces.join(''), line: elementLine })
      pieces = []
      pieceChars = 0
      state = 'between'
      start = -1
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 10) line++
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false
          else if (c === 92 /* \ */) escaped = true
          else if (c === 34 /* " */) inString = false
          continue
        }
        if (c === 34) inString = true
        else if (c === 123 /* { */ || c === 91 /* [ */) depth++
        else if (c === 125 /* } */ || c === 93 /* ] */) {
          if (depth === 0) { // the array's closing bracket after a scalar
            finish(i)
            state = 'after'
          } else if (--depth === 0) finish(i + 1)
        } else if (depth === 0 && (c === 44 /* , */ || c === 32 || c === 10 || c === 13 || c === 9)) finish(i)
        continue
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue
      if (state === 'before') {
        if (c !== 91) throw new Error('this is not a JSON array: it does not start with [')
        state = 'between'
      } else if (state === 'between') {
        if (c === 44) continue
        if (c === 93) { state = 'after'; continue }
        state = 'element'
        start = i
        elementLine = line
        depth = 0
        inString = c === 34
        if (c === 123 || c === 91) depth = 1
      } else {
        // The elements read so far still count (and are reported) before the file fails.
        trailing = new Error(`line ${line}: text after the end of the JSON array`)
        break
      }
    }
    if (trailing) {
      yield { items, bytesRead }
      throw trailing
    }
    if (state === 'element') {
      pieces.push(text.slice(start))
      pieceChars += text.length - start
      if (pieceChars > MAX_ITEM_CHARS) throw new Error(`element ${element + 1} (line ${elementLine}) is longer than 16 MB or never closed: the file is not a JSON array of events or updates`)
    }
    if (items.length >= BATCH_ITEMS) {
      yield { items, bytesRead }
      items = []
    }
  }
  if (state === 'element') {
    // A scalar ends at the end of the file; an object or array cut short is a broken element.
    const text = pieces.join('')
    items.push({ row: ++element, text, line: elementLine })
  } else if (state === 'before') {
    throw new Error('the file is empty')
  }
  yield { items, bytesRead }
}

export function jsonItems(format: JsonFormat, source: Blob | string, signal?: AbortSignal): AsyncGenerator<JsonBatch> {
  return format === 'ndjson' ? ndjsonItems(source, signal) : jsonArrayItems(source, signal)
}

/** Parses one item; a failure is the reason to skip it. */
export function parseItem(item: JsonItem, format: JsonFormat): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(item.text) }
  } catch (error) {
    const where = format === 'json-array' ? ` (element starting on line ${item.line})` : ''
    const reason = error instanceof Error ? error.message : String(error)
    return { error: `not valid JSON${where}: ${reason.slice(0, 200)}` }
  }
}
