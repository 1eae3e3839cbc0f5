// The pattern dialect of `matches`, for the oracle: read into a small tree and
// matched by plain backtracking, written from docs/filters.md and sharing no
// code with the engine (which rewrites patterns as Postgres regexes). It
// trusts its input: the engine's validation refuses bad patterns first.

type Test = (cp: number) => boolean
type Node =
  | { kind: 'char'; test: Test }
  | { kind: 'start' } | { kind: 'end' }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; branches: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number }

const inRange = (lo: number, hi: number): Test => cp => cp >= lo && cp <= hi
const DIGIT: Test = inRange(48, 57)
const WORD: Test = cp => DIGIT(cp) || inRange(65, 90)(cp) || inRange(97, 122)(cp) || cp === 95
const SPACE: Test = cp => cp === 32 || (cp >= 9 && cp <= 13)
const ESCAPES: Record<string, Test> = {
  d: DIGIT, w: WORD, s: SPACE,
  D: cp => !DIGIT(cp), W: cp => !WORD(cp), S: cp => !SPACE(cp),
}

function parse(chars: string[]): Node {
  let i = 0
  const alternation = (): Node => {
    const branches = [sequence()]
    while (chars[i] === '|') { i++; branches.push(sequence()) }
    return branches.length === 1 ? branches[0]! : { kind: 'alt', branches }
  }
  const sequence = (): Node => {
    const items: Node[] = []
    while (i < chars.length && chars[i] !== '|' && chars[i] !== ')') {
      let node = atom()
      const q = chars[i]
      if (q === '*') { i++; node = { kind: 'repeat', node, min: 0, max: Infinity } }
      else if (q === '+') { i++; node = { kind: 'repeat', node, min: 1, max: Infinity } }
      else if (q === '?') { i++; node = { kind: 'repeat', node, min: 0, max: 1 } }
      else if (q === '{') {
        const close = chars.indexOf('}', i)
        const [lo, hi] = chars.slice(i + 1, close).join('').split(',')
        i = close + 1
        node = { kind: 'repeat', node, min: Number(lo), max: hi === undefined ? Number(lo) : hi === '' ? Infinity : Number(hi) }
      }
      items.push(node)
    }
    return { kind: 'seq', items }
  }
  const atom = (): Node => {
    const ch = chars[i++]!
    if (ch === '.') return { kind: 'char', test: () => true }
    if (ch === '^') return { kind: 'start' }
    if (ch === '$') return { kind: 'end' }
    if (ch === '(') {
      const inner = alternation()
      i++ // ')'
      return inner
    }
    if (ch === '[') return bracket()
    if (ch === '\\') {
      const next = chars[i++]!
      return { kind: 'char', test: ESCAPES[next] ?? exactly(next) }
    }
    return { kind: 'char', test: exactly(ch) }
  }
  const bracket = (): Node => {
    const negated = chars[i] === '^'
    if (negated) i++
    const tests: Test[] = []
    while (chars[i] !== ']') {
      let ch = chars[i++]!
      if (ch === '\\') {
        ch = chars[i++]!
        const cls = ESCAPES[ch]
        if (cls) { tests.push(cls); continue }
      }
      if (chars[i] === '-' && chars[i + 1] !== ']') {
        i++
        let hi = chars[i++]!
        if (hi === '\\') hi = chars[i++]!
        tests.push(inRange(ch.codePointAt(0)!, hi.codePointAt(0)!))
      } else {
        tests.push(exactly(ch))
      }
    }
    i++
    const any: Test = cp => tests.some(t => t(cp))
    return { kind: 'char', test: negated ? cp => !any(cp) : any }
  }
  return alternation()
}

function exactly(ch: string): Test {
  const want = ch.codePointAt(0)!
  return cp => cp === want
}

/** All positions where `node` can end after starting at `pos`. */
function ends(node: Node, cps: number[], pos: number): Set<number> {
  switch (node.kind) {
    case 'char': return pos < cps.length && node.test(cps[pos]!) ? new Set([pos + 1]) : new Set()
    case 'start': return pos === 0 ? new Set([pos]) : new Set()
    case 'end': return pos === cps.length ? new Set([pos]) : new Set()
    case 'alt': {
      const out = new Set<number>()
      for (const b of node.branches) for (const e of ends(b, cps, pos)) out.add(e)
      return out
    }
    case 'seq': {
      let at = new Set([pos])
      for (const item of node.items) {
        const next = new Set<number>()
        for (const p of at) for (const e of ends(item, cps, p)) next.add(e)
        at = next
        if (at.size === 0) break
      }
      return at
    }
    case 'repeat': {
      const out = new Set<number>()
      let at = new Set([pos])
      if (node.min === 0) out.add(pos)
      const seen = new Set<number>([pos])
      for (let count = 1; count <= node.max && at.size > 0; count++) {
        const next = new Set<number>()
        for (const p of at) for (const e of ends(node.node, cps, p)) next.add(e)
        if (count >= node.min) for (const e of next) out.add(e)
        // Past the minimum, positions already reached add nothing new.
        at = count >= node.min ? new Set([...next].filter(e => !seen.has(e))) : next
        for (const e of next) seen.add(e)
      }
      return out
    }
  }
}

/** Whether `text` matches `pattern` anywhere in it (case-sensitive). */
export function matchesPattern(pattern: string, text: string): boolean {
  const tree = parse(Array.from(pattern))
  const cps = Array.from(text, ch => ch.codePointAt(0)!)
  for (let start = 0; start <= cps.length; start++) if (ends(tree, cps, start).size > 0) return true
  return false
}
