// The CSV grammar the imports read, incrementally: records of fields split
// by a delimiter, a field optionally quoted with " (a quote inside written
// twice), records ended by the file's line end. Read as spreadsheets read it:
//   - a quote that closes and is followed by anything but a delimiter or the
//     line end is part of the value (`"pro"x` reads `pro"x`), so a stray
//     quote costs at most its own field, never the rows after it;
//   - a quote inside an unquoted field is an ordinary character;
//   - a quoted field that never closes runs to the end of the file; that
//     record is reported with how many lines it took.
// Lines without a quote (nearly all of them) are split whole, without
// looking at each character.

export interface ParsedText {
  records: string[][]
  /** index into `records` → why that record cannot be used */
  bad: Map<number, string>
  /** characters of the text the records took; the rest is an incomplete record, to parse again with more text */
  consumed: number
}

const QUOTE = 34

/** The line end of a text: the first \n's (\r\n or \n), else \r when there is one, else \n. */
export function lineEndOf(text: string): '\n' | '\r\n' | '\r' {
  const lf = text.indexOf('\n')
  if (lf > 0 && text.charCodeAt(lf - 1) === 13) return '\r\n'
  if (lf >= 0) return '\n'
  return text.includes('\r') ? '\r' : '\n'
}

/**
 * Parses the records of `text`. Unless `final`, the last record may be cut
 * by the end of the text: it is left unconsumed for the next call.
 */
export function parseCsv(text: string, delimiter: string, newline: string, final: boolean): ParsedText {
  const records: string[][] = []
  const bad = new Map<number, string>()
  const n = text.length
  const dl = delimiter.length
  const nl = newline.length
  let pos = 0
  let nextQuote = text.indexOf('"')

  while (pos < n) {
    let lineEnd = text.indexOf(newline, pos)
    if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos)
    if (nextQuote === -1 || (lineEnd !== -1 && nextQuote > lineEnd)) {
      // No quote on this line: split it whole.
      if (lineEnd === -1) {
        if (!final) break
        lineEnd = n
      }
      records.push(text.slice(pos, lineEnd).split(delimiter))
      pos = lineEnd + nl
      continue
    }
    const read = readQuotedRecord(text, pos, delimiter, dl, newline, nl, final)
    if (!read) break
    if (read.problem) bad.set(records.length, read.problem)
    records.push(read.fields)
    pos = read.next
  }
  return { records, bad, consumed: Math.min(pos, n) }
}

/** One record that has a quote somewhere, field by field; null when the text ends before the record does (and more may come). */
function readQuotedRecord(text: string, start: number, delimiter: string, dl: number, newline: string, nl: number, final: boolean):
  { fields: string[]; next: number; problem?: string } | null {
  const n = text.length
  const fields: string[] = []
  let p = start
  for (;;) {
    if (text.charCodeAt(p) === QUOTE) {
      let value = ''
      let q = p + 1
      for (;;) {
        const close = text.indexOf('"', q)
        if (close === -1) {
          if (!final) return null
          value += text.slice(q)
          fields.push(value)
          const lines = countLines(text, p, newline)
          return { fields, next: n, problem: `a quoted field is not closed: it runs to the end of the file, taking ${lines === 1 ? 'its line' : `${lines} lines`}` }
        }
        value += text.slice(q, close)
        const after = close + 1
        if (after >= n) {
          if (!final) return null
          fields.push(value)
          return { fields, next: n }
        }
        if (text.charCodeAt(after) === QUOTE) {
          value += '"'
          q = after + 1
          continue
        }
        if (text.startsWith(delimiter, after)) {
          fields.push(value)
          p = after + dl
          break
        }
        if (text.startsWith(newline, after)) {
          fields.push(value)
          return { fields, next: after + nl }
        }
        // Text after the closing quote: the quote is part of the value, and so is the rest of the field.
        const end = fieldEnd(text, after, delimiter, newline, final)
        if (!end) return null
        fields.push(value + '"' + text.slice(after, end.at))
        if (end.line) return { fields, next: end.next }
        p = end.next
        break
      }
      continue
    }
    const end = fieldEnd(text, p, delimiter, newline, final)
    if (!end) return null
    fields.push(text.slice(p, end.at))
    if (end.line) return { fields, next: end.next }
    p = end.next
  }
}

/** Where an unquoted field starting at `from` ends: at a delimiter, at the line end, or at the end of the text when final. */
function fieldEnd(text: string, from: number, delimiter: string, newline: string, final: boolean): { at: number; next: number; line: boolean } | null {
  const d = text.indexOf(delimiter, from)
  const e = text.indexOf(newline, from)
  if (d !== -1 && (e === -1 || d < e)) return { at: d, next: d + delimiter.length, line: false }
  if (e !== -1) return { at: e, next: e + newline.length, line: true }
  if (!final) return null
  return { at: text.length, next: text.length, line: true }
}

function countLines(text: string, from: number, newline: string): number {
  let lines = 1
  for (let i = text.indexOf(newline, from); i !== -1; i = text.indexOf(newline, i + newline.length)) {
    if (i + newline.length < text.length) lines++
  }
  return lines
}
