// The pattern dialect of `matches` / `notMatches` (docs/filters.md, "Patterns"):
// read here, character by character (code points), and rewritten as a
// Postgres regular expression (an ARE) that means exactly the same. Anything
// outside the dialect is refused with the offset where it starts.
//
// The rewrite leaves nothing to Postgres' own reading of special characters:
// every literal that is not a letter or digit is written as a character code
// (\uXXXX), classes are spelled out in ASCII, and a class holding a negated
// escape ([a\D]) becomes an alternation or look-aheads. Under Postgres'
// defaults (not newline-sensitive) `.` then matches a line break, `^` and `$`
// are the ends of the whole value. The result is bound as a parameter.

/** Longest pattern, in characters (code points). */
export const MAX_PATTERN = 200
/** Largest bound of `{m,n}`. */
export const MAX_BOUND = 255
/**
 * How many pieces a pattern may make once its bounds are copied out
 * (`(a{200}){200}` is 40,000): Postgres compiles a bound by copying what it
 * repeats, and refuses an expression that grows past its limits with an error
 * at query time. Patterns within this size compile there.
 */
export const MAX_SIZE = 2000

export type PatternResult = { ok: true; regex: string } | { ok: false; offset: number; problem: string }

class Refused extends Error {
  constructor(readonly offset: number, readonly problem: string) { super(problem) }
}

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
const DIGIT: Range[] = [[0x30, 0x39]]
const WORD: Range[] = [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a], [0x5f, 0x5f]]
// space, tab, line feed, carriage return, form feed, vertical tab
const SPACE: Range[] = [[0x20, 0x20], [0x09, 0x0a], [0x0b, 0x0d]]
const CLASSES: Record<string, { ranges: Range[]; negated: boolean }> = {
  d: { ranges: DIGIT, negated: false }, w: { ranges: WORD, negated: false }, s: { ranges: SPACE, negated: false },
  D: { ranges: DIGIT, negated: true }, W: { ranges: WORD, negated: true }, S: { ranges: SPACE, negated: true },
}
/** The escapes a bracket class allows besides its classes. */
const CLASS_ESCAPES = ']\\-^'

type Range = [number, number]

/** Reads `pattern`; the Postgres regex it means, or where and why it is refused. */
export function parsePattern(pattern: string): PatternResult {
  const chars = Array.from(pattern)
  if (chars.length > MAX_PATTERN) return { ok: false, offset: MAX_PATTERN, problem: `is longer than ${MAX_PATTERN} characters` }
  try {
    return { ok: true, regex: new Reader(chars).read() }
  } catch (e) {
    if (e instanceof Refused) return { ok: false, offset: e.offset, problem: e.problem }
    throw e
  }
}

function code(cp: number): string {
  return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`
}

/** A literal character outside a class: letters and digits as they are, anything else by its code. */
function literal(ch: string): string {
  return /^[A-Za-z0-9]$/.test(ch) ? ch : code(ch.codePointAt(0)!)
}

function rangesSql(ranges: Range[]): string {
  return ranges.map(([a, b]) => (a === b ? code(a) : `${code(a)}-${code(b)}`)).join('')
}

/** A piece of the rewritten pattern and how many states Postgres will make of it (bounds copy what they repeat). */
interface Piece { sql: string; size: number }

class Reader {
  private i = 0
  constructor(private chars: string[]) {}

  read(): string {
    const out = this.alternation(0)
    if (this.i < this.chars.length) throw new Refused(this.i, 'has a ")" that closes no group')
    if (out.size > MAX_SIZE) throw new Refused(0, `repeats too much: nested bounds make it about ${out.size.toLocaleString('en')} pieces long, above ${MAX_SIZE.toLocaleString('en')}`)
    return out.sql
  }

  private peek(): string | undefined { return this.chars[this.i] }

  /** Branches separated by `|`, up to a `)` or the end. `depth` counts open groups. */
  private alternation(depth: number): Piece {
    const branches = [this.branch(depth)]
    while (this.peek() === '|') {
      this.i++
      branches.push(this.branch(depth))
    }
    return { sql: branches.map(b => b.sql).join('|'), size: branches.reduce((n, b) => n + b.size, 0) }
  }

  private branch(depth: number): Piece {
    let sql = ''
    let size = 0
    for (;;) {
      const ch = this.peek()
      if (ch === undefined || ch === '|' || (ch === ')' && depth > 0)) return { sql, size }
      const start = this.i
      const atom = this.atom(depth)
      const q = this.quantifier(start, atom)
      sql += atom.sql + q.sql
      size += atom.size * q.times
      if (size > MAX_SIZE) throw new Refused(start, `repeats too much: nested bounds make it more than ${MAX_SIZE.toLocaleString('en')} pieces long`)
    }
  }

  /** One piece a quantifier may follow (null: an anchor, which cannot be repeated). */
  private atom(depth: number): Piece & { repeatable: boolean } {
    const at = this.i
    const ch = this.chars[this.i++]!
    switch (ch) {
      case '.': return { sql: '.', size: 1, repeatable: true }
      case '^': return { sql: '^', size: 1, repeatable: false }
      case '$': return { sql: '$', size: 1, repeatable: false }
      case '(': {
        if (this.peek() === '?') throw new Refused(this.i, 'has "(?", which the pattern syntax does not have (no flags, look-arounds or special groups)')
        const inner = this.alternation(depth + 1)
        if (this.peek() !== ')') throw new Refused(at, 'has a "(" that is never closed')
        this.i++
        return { sql: `(?:${inner.sql})`, size: Math.max(1, inner.size), repeatable: true }
      }
      case ')': throw new Refused(at, 'has a ")" that closes no group')
      case '[': return { ...this.bracket(at), repeatable: true }
      case ']': throw new Refused(at, 'has a "]" that closes no class (write \\] for the character)')
      case '{': throw new Refused(at, 'has a "{" that is not a bound {m}, {m,} or {m,n} after something to repeat (write \\{ for the character)')
      case '}': throw new Refused(at, 'has a "}" that closes no bound (write \\} for the character)')
      case '*': case '+': case '?':
        throw new Refused(at, `has "${ch}" with nothing before it to repeat`)
      case '\\': return { ...this.escape(at), repeatable: true }
      default: return { sql: literal(ch), size: 1, repeatable: true }
    }
  }

  private escape(at: number): Piece {
    const next = this.chars[this.i++]
    if (next === undefined) throw new Refused(at, 'ends with a "\\" that escapes nothing')
    const cls = CLASSES[next]
    if (cls) return { sql: cls.negated ? `[^${rangesSql(cls.ranges)}]` : `[${rangesSql(cls.ranges)}]`, size: cls.ranges.length }
    if (PUNCTUATION.includes(next)) return { sql: code(next.codePointAt(0)!), size: 1 }
    throw new Refused(at, `has "\\${next}", which is not an escape of the pattern syntax (\\d \\w \\s \\D \\W \\S, or \\ before punctuation)`)
  }

  /**
   * `*`, `+`, `?` or a bound after an atom, or nothing; `times`: how many
   * copies of the atom it makes. Lazy and possessive forms, and a quantifier
   * on a quantifier, are refused.
   */
  private quantifier(atomStart: number, atom: { repeatable: boolean }): { sql: string; times: number } {
    const at = this.i
    const ch = this.peek()
    let sql: string
    let times: number
    if (ch === '*' || ch === '+' || ch === '?') {
      this.i++
      sql = ch
      times = 1
    } else if (ch === '{') {
      const bound = this.bound()
      if (!bound) throw new Refused(at, 'has a "{" that is not a bound {m}, {m,} or {m,n} (write \\{ for the character)')
      sql = bound.sql
      times = Math.max(1, bound.copies)
    } else {
      return { sql: '', times: 1 }
    }
    if (!atom.repeatable) throw new Refused(at, `has "${sql}" after "${this.chars[atomStart]}", which cannot be repeated`)
    const after = this.peek()
    if (after === '?') throw new Refused(this.i, 'has a lazy quantifier ("?" right after a quantifier), which the pattern syntax does not have')
    if (after === '*' || after === '+' || after === '{') {
      throw new Refused(this.i, `has "${after}" right after a quantifier (to repeat a repeat, group it: (a*)+)`)
    }
    return { sql, times }
  }

  /** `{m}`, `{m,}` or `{m,n}` with 0 <= m <= n <= 255, read from `{`; undefined when the text there is not one. */
  private bound(): { sql: string; copies: number } | undefined {
    const start = this.i
    const rest = this.chars.slice(start, start + 12).join('')
    const m = /^\{(\d{1,3})(,(\d{1,3})?)?\}/.exec(rest)
    if (!m) return undefined
    const low = Number(m[1])
    const high = m[2] === undefined ? low : m[3] === undefined ? undefined : Number(m[3])
    if (low > MAX_BOUND || (high !== undefined && high > MAX_BOUND)) throw new Refused(start, `has a bound above ${MAX_BOUND}`)
    if (high !== undefined && high < low) throw new Refused(start, `has a bound {${low},${high}} whose maximum is below its minimum`)
    this.i += m[0].length
    // Postgres copies the atom m times for {m,} and n times for {m,n}.
    return { sql: m[0], copies: high ?? low + 1 }
  }

  /** A bracket class, read from after its `[`. */
  private bracket(at: number): Piece {
    let negated = false
    if (this.peek() === '^') { negated = true; this.i++ }
    const ranges: Range[] = []
    const excluded: Range[][] = []   // negated escapes inside: \D \W \S
    for (;;) {
      const pos = this.i
      const ch = this.chars[this.i++]
      if (ch === undefined) throw new Refused(at, 'has a "[" whose class is never closed')
      if (ch === ']') break
      if (ch === '-') throw new Refused(pos, 'has a "-" inside a class that is not a range (write \\- for the character)')
      let low: number
      if (ch === '\\') {
        const next = this.chars[this.i++]
        if (next === undefined) throw new Refused(pos, 'ends with a "\\" that escapes nothing')
        const cls = CLASSES[next]
        if (cls) {
          if (cls.negated) excluded.push(cls.ranges)
          else ranges.push(...cls.ranges)
          if (this.peek() === '-' && this.chars[this.i + 1] !== ']') throw new Refused(this.i, `has a range from "\\${next}", which is a class, not a character`)
          if (this.peek() === '-') throw new Refused(this.i, 'has a "-" inside a class that is not a range (write \\- for the character)')
          continue
        }
        if (!CLASS_ESCAPES.includes(next)) {
          throw new Refused(pos, `has "\\${next}" inside a class, where the escapes are \\] \\\\ \\- \\^ and \\d \\w \\s \\D \\W \\S (write "${next}" as it is)`)
        }
        low = next.codePointAt(0)!
      } else {
        low = ch.codePointAt(0)!
      }
      if (this.peek() !== '-') {
        ranges.push([low, low])
        continue
      }
      const dash = this.i++
      const end = this.chars[this.i++]
      if (end === undefined) throw new Refused(at, 'has a "[" whose class is never closed')
      if (end === ']') throw new Refused(dash, 'has a "-" inside a class that is not a range (write \\- for the character)')
      let high: number
      if (end === '\\') {
        const next = this.chars[this.i++]
        if (next === undefined || !CLASS_ESCAPES.includes(next)) throw new Refused(dash, 'has a range that does not end in a character')
        high = next.codePointAt(0)!
      } else if (end === '-') {
        throw new Refused(dash + 1, 'has a "-" inside a class that is not a range (write \\- for the character)')
      } else {
        high = end.codePointAt(0)!
      }
      if (high < low) throw new Refused(pos, `has a range "${String.fromCodePoint(low)}-${String.fromCodePoint(high)}" that runs from high to low`)
      ranges.push([low, high])
    }
    if (ranges.length === 0 && excluded.length === 0) throw new Refused(at, 'has an empty class "[]"')
    // Each range is about a state of Postgres' automaton (a class is not one piece).
    return { sql: classSql(ranges, excluded, negated), size: ranges.length + excluded.reduce((n, r) => n + r.length + 1, 0) }
  }
}

/**
 * A class of the dialect as Postgres regex: `ranges` and the complements of
 * `excluded`, or (negated) none of them. Postgres has no \D inside brackets,
 * so a class holding one becomes an alternation (a union of sets) or, negated,
 * look-aheads (an intersection of complements).
 */
function classSql(ranges: Range[], excluded: Range[][], negated: boolean): string {
  if (excluded.length === 0) return `[${negated ? '^' : ''}${rangesSql(ranges)}]`
  if (!negated) {
    const parts = [...(ranges.length ? [`[${rangesSql(ranges)}]`] : []), ...excluded.map(r => `[^${rangesSql(r)}]`)]
    return parts.length === 1 ? parts[0]! : `(?:${parts.join('|')})`
  }
  // None of `ranges`, and inside every excluded set.
  const lookaheads = [...(ranges.length ? [`(?![${rangesSql(ranges)}])`] : []), ...excluded.slice(1).map(r => `(?=[${rangesSql(r)}])`)]
  return `(?:${lookaheads.join('')}[${rangesSql(excluded[0]!)}])`
}
