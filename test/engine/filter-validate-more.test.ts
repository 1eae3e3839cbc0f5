// Validation of the second part of the filter language: every refusal names
// the path of the bad node, and a refused pattern the character (code point)
// where the construct starts. Pure: no database.
import { describe, expect, it } from 'vitest'
import { FilterError, validateFilter } from '../../workers/engine/filter/validate'
import { parsePattern } from '../../workers/engine/filter/pattern'

function error(filter: unknown): string {
  try {
    validateFilter(filter)
  } catch (e) {
    expect(e).toBeInstanceOf(FilterError)
    return (e as Error).message
  }
  throw new Error(`accepted: ${JSON.stringify(filter)}`)
}
const and = (...filters: unknown[]) => ({ op: 'and', filters })
const matches = (pattern: unknown, extra: object = {}) =>
  and({ type: 'property', property: 'x', dataType: 'string', operator: 'matches', values: [pattern], ...extra })
const refusedAt = (pattern: string) => {
  const r = parsePattern(pattern)
  if (r.ok) throw new Error(`accepted: ${pattern}`)
  return [r.offset, r.problem]
}

describe('patterns', () => {
  it('accepts the dialect', () => {
    for (const p of ['', 'abc', 'a.b', 'a*b+c?', 'x{3}', 'x{0,}', 'x{2,255}', '^a$', 'a|b|', '(a|b)+', '()', '\\d\\w\\s\\D\\W\\S',
      '\\.\\*\\[\\]\\{\\}\\(\\)\\|\\\\\\^\\$\\-\\/\\!', '[abc]', '[^a-z0-9]', '[\\]\\\\\\-\\^]', '[a^b]', '[a\\D]', '[😀-😂]', 'é+', '[.+*?(){}|$]']) {
      expect(parsePattern(p).ok, p).toBe(true)
      expect(() => validateFilter(matches(p)), p).not.toThrow()
    }
  })

  it('refuses every other construct, naming the character where it starts', () => {
    expect(refusedAt('ab{')).toEqual([2, expect.stringMatching(/"\{" that is not a bound/)])
    expect(refusedAt('{2}')).toEqual([0, expect.stringMatching(/"\{"/)])
    expect(refusedAt('a}')).toEqual([1, expect.stringMatching(/"\}" that closes no bound/)])
    expect(refusedAt('a]')).toEqual([1, expect.stringMatching(/"\]" that closes no class/)])
    expect(refusedAt('a*?')).toEqual([2, expect.stringMatching(/lazy quantifier/)])
    expect(refusedAt('a{2}?')).toEqual([4, expect.stringMatching(/lazy quantifier/)])
    expect(refusedAt('a++')).toEqual([2, expect.stringMatching(/right after a quantifier/)])
    expect(refusedAt('x(?i)a')).toEqual([2, expect.stringMatching(/"\(\?"/)])
    expect(refusedAt('(?:a)')).toEqual([1, expect.stringMatching(/"\(\?"/)])
    expect(refusedAt('(a)\\1')).toEqual([3, expect.stringMatching(/"\\1", which is not an escape/)])
    expect(refusedAt('\\bword')).toEqual([0, expect.stringMatching(/"\\b"/)])
    expect(refusedAt('\\p{L}')).toEqual([0, expect.stringMatching(/"\\p"/)])
    expect(refusedAt('\\n')).toEqual([0, expect.stringMatching(/"\\n"/)])
    expect(refusedAt('é\\é')).toEqual([1, expect.stringMatching(/"\\é"/)])
    expect(refusedAt('ab\\')).toEqual([2, expect.stringMatching(/escapes nothing/)])
    expect(refusedAt('*a')).toEqual([0, expect.stringMatching(/nothing before it to repeat/)])
    expect(refusedAt('a|+')).toEqual([2, expect.stringMatching(/nothing before it/)])
    expect(refusedAt('^*')).toEqual([1, expect.stringMatching(/cannot be repeated/)])
    expect(refusedAt('x{256}')).toEqual([1, expect.stringMatching(/above 255/)])
    expect(refusedAt('x{3,2}')).toEqual([1, expect.stringMatching(/maximum is below its minimum/)])
    expect(refusedAt('(ab')).toEqual([0, expect.stringMatching(/never closed/)])
    expect(refusedAt('ab)')).toEqual([2, expect.stringMatching(/closes no group/)])
    expect(refusedAt('[abc')).toEqual([0, expect.stringMatching(/class is never closed/)])
    expect(refusedAt('[]')).toEqual([0, expect.stringMatching(/empty class/)])
    expect(refusedAt('[z-a]')).toEqual([1, expect.stringMatching(/from high to low/)])
    expect(refusedAt('[a-]')).toEqual([2, expect.stringMatching(/"-" inside a class/)])
    expect(refusedAt('[-a]')).toEqual([1, expect.stringMatching(/"-" inside a class/)])
    expect(refusedAt('[\\.]')).toEqual([1, expect.stringMatching(/inside a class/)])
    expect(refusedAt('[\\d-z]')).toEqual([3, expect.stringMatching(/range from "\\d"/)])
    // offsets count code points: the emoji is one character
    expect(refusedAt('😀😀{')).toEqual([2, expect.anything()])
    expect(refusedAt('(a{255}){9}')).toEqual([0, expect.stringMatching(/repeats too much/)])
    expect(refusedAt('x'.repeat(201))).toEqual([200, expect.stringMatching(/longer than 200/)])
    expect(parsePattern('😀'.repeat(200)).ok).toBe(true)
  })

  it('the validator names the value and the character', () => {
    expect(error(matches('a(?i)'))).toBe('filters[0].values[0] is not a pattern: it has "(?", which the pattern syntax does not have (no flags, look-arounds or special groups) (at character 2)')
    expect(error(and({ type: 'property', property: 'x', dataType: 'string', operator: 'matches', values: ['a', 'b'] }))).toBe('filters[0].values must hold exactly 1 value for matches, not 2')
    expect(error(matches(5))).toBe('filters[0].values[0] must be a string, not 5')
    expect(error(and({ type: 'property', property: 'x', dataType: 'string', operator: 'notMatches' }))).toBe('filters[0].values is required by notMatches')
  })
})

describe('new property operators', () => {
  const dt = (extra: object) => and({ type: 'property', property: 't', dataType: 'datetime', ...extra })
  it('inNext and notInNext take a positive amount and a known unit', () => {
    expect(error(dt({ operator: 'inNext', unit: 'day' }))).toBe('filters[0].amount is required by inNext')
    expect(error(dt({ operator: 'notInNext', amount: 0, unit: 'day' }))).toBe('filters[0].amount must be > 0, not 0')
    expect(error(dt({ operator: 'inNext', amount: 1, unit: 'year' }))).toBe('filters[0].unit must be one of "day", "week", "month", not "year"')
    expect(error(dt({ operator: 'inNext', amount: 1e9, unit: 'day' }))).toBe('filters[0].amount reaches too far ahead (at most 1,000,000 days)')
    expect(error(dt({ operator: 'since', amount: 1, unit: 'day', values: ['2024-01-01'] }))).toBe('filters[0].amount is only used by inLast, notInLast, inNext and notInNext, not by since')
    expect(error(dt({ operator: 'notBetween', values: ['2024-02-01', '2024-01-01'] }))).toBe('filters[0].values[1] must not be before values[0] ("2024-02-01") for notBetween')
  })
  it('containsAll takes at least one value; isEmpty none', () => {
    expect(error(and({ type: 'property', property: 'l', dataType: 'list', operator: 'containsAll', values: [] }))).toBe('filters[0].values must hold at least one value for containsAll')
    expect(error(and({ type: 'property', property: 'l', dataType: 'list', operator: 'isEmpty', values: ['a'] }))).toBe('filters[0].values is not used by isEmpty')
  })
})

describe('groups: at least k', () => {
  const c = { type: 'property', property: 'plan', dataType: 'string', operator: 'isSet' }
  it('k from 1 to the number of filters, only on atLeast, which must not be empty', () => {
    expect(() => validateFilter({ op: 'atLeast', k: 2, filters: [c, c, c] })).not.toThrow()
    expect(error({ op: 'atLeast', filters: [c, c] })).toBe('k is required by "atLeast"')
    expect(error({ op: 'atLeast', k: 0, filters: [c, c] })).toBe('k must be a whole number from 1 to 2 (the group\'s number of filters), not 0')
    expect(error(and({ op: 'atLeast', k: 3, filters: [c, c] }))).toBe('filters[0].k must be a whole number from 1 to 2 (the group\'s number of filters), not 3')
    expect(error({ op: 'atLeast', k: 1.5, filters: [c, c] })).toMatch(/^k must be a whole number/)
    expect(error({ op: 'atLeast', k: '1', filters: [c, c] })).toMatch(/^k must be a whole number/)
    expect(error({ op: 'atLeast', k: 1, filters: [] })).toBe('filters must not be empty for "atLeast" (at least k of no conditions is never true)')
    expect(error({ op: 'or', k: 1, filters: [c] })).toBe('k is only used by "atLeast", not by "or"')
    expect(error({ op: 'atleast', k: 1, filters: [c] })).toBe('op must be one of "and", "or", "atLeast", not "atleast"')
  })
})

describe('first time, aggregates, sequences', () => {
  const first = (extra: object = {}) => and({ type: 'behavior', event: 'buy', operator: 'firstTime', window: { last: 7, unit: 'day' }, ...extra })
  const agg = (extra: object = {}) => and({ type: 'aggregate', event: 'buy', fn: 'sum', property: 'amount', operator: 'greaterThan', values: [5], ...extra })
  const seq = (extra: object = {}) => and({ type: 'sequence', operator: 'did', steps: [{ event: 'a' }, { event: 'b' }], ...extra })

  it('firstTime needs a window and takes no count', () => {
    expect(() => validateFilter(first())).not.toThrow()
    expect(error(first({ window: undefined }))).toBe('filters[0].window is required by firstTime (the window the first time must fall in)')
    expect(error(first({ count: 1 }))).toBe('filters[0].count is not used by firstTime')
  })

  it('aggregates: a known fn, an event property, number values as many as the operator reads', () => {
    expect(() => validateFilter(agg({ operator: 'notBetween', values: [1, 2], window: { from: '2024-01-01', to: '2024-01-31' } }))).not.toThrow()
    expect(error(agg({ fn: 'median' }))).toBe('filters[0].fn must be one of "sum", "avg", "min", "max", "distinctCount", not "median"')
    expect(error(agg({ operator: 'between', values: [1] }))).toBe('filters[0].values must hold exactly 2 values for between, not 1')
    expect(error(agg({ operator: 'notBetween', values: [1, 2, 3] }))).toBe('filters[0].values must hold exactly 2 values for notBetween, not 3')
    expect(error(agg({ operator: 'atMost', values: [] }))).toBe('filters[0].values must hold exactly 1 value for atMost, not 0')
    expect(error(agg({ operator: 'equals', values: undefined }))).toBe('filters[0].values is required by equals')
    expect(error(agg({ operator: 'isSet' }))).toMatch(/^filters\[0\]\.operator must be one of "equals", "notEquals", .* not "isSet"$/)
    expect(error(agg({ values: ['5'] }))).toBe('filters[0].values[0] must be a finite number, not "5"')
    expect(error(agg({ property: '' }))).toBe('filters[0].property must be a non-empty string, not ""')
    expect(error(agg({ dataType: 'number' }))).toMatch(/^filters\[0\]\.dataType is not a field of this node/)
  })

  it('sequences: 2 to 5 steps, a within of hours, days or weeks above 0', () => {
    expect(() => validateFilter(seq({ within: { amount: 0.5, unit: 'hour' }, window: { last: 30, unit: 'day' } }))).not.toThrow()
    expect(error(seq({ steps: [{ event: 'a' }] }))).toBe('filters[0].steps must hold 2 to 5 steps, not 1')
    expect(error(seq({ steps: Array(6).fill({ event: 'a' }) }))).toBe('filters[0].steps must hold 2 to 5 steps, not 6')
    expect(error(seq({ steps: 'a,b' }))).toBe('filters[0].steps must be a list of steps ({ event, where }), not "a,b"')
    expect(error(seq({ within: { amount: 0, unit: 'day' } }))).toBe('filters[0].within.amount must be > 0, not 0')
    expect(error(seq({ within: { amount: 1, unit: 'month' } }))).toBe('filters[0].within.unit must be one of "hour", "day", "week", not "month"')
    expect(error(seq({ within: { amount: 1, unit: 'day', last: 3 } }))).toMatch(/^filters\[0\]\.within\.last is not a field/)
    expect(error(seq({ steps: [{ event: 'a' }, { event: 'b', count: 1 }] }))).toMatch(/^filters\[0\]\.steps\[1\]\.count is not a field of this node \(allowed: event, where\)/)
    expect(error(seq({ steps: [{ event: 'a' }, { event: '' }] }))).toBe('filters[0].steps[1].event must be a non-empty string, not ""')
    expect(error(seq({ operator: 'didnt' }))).toBe('filters[0].operator must be one of "did", "didNot", not "didnt"')
  })

  it('a where (a behaviour\'s, an aggregate\'s, a step\'s) holds only property conditions', () => {
    const inner = [{ type: 'aggregate', event: 'x', fn: 'sum', property: 'a', operator: 'equals', values: [1] }]
    expect(error(agg({ where: { op: 'and', filters: inner } }))).toBe('filters[0].where.filters[0].type must be "property": a where holds only conditions on the event\'s own properties')
    expect(error(seq({ steps: [{ event: 'a', where: { op: 'or', filters: [{ op: 'and', filters: [{ type: 'sequence' }] }] } }, { event: 'b' }] })))
      .toBe('filters[0].steps[0].where.filters[0].filters[0].type must be "property": a where holds only conditions on the event\'s own properties')
    expect(error(first({ where: { op: 'atLeast', k: 1, filters: [{ type: 'behavior', event: 'x', operator: 'didNot' }] } })))
      .toBe('filters[0].where.filters[0].type must be "property": a where holds only conditions on the event\'s own properties')
    expect(() => validateFilter(agg({ where: { op: 'atLeast', k: 1, filters: [{ type: 'property', property: 'a', dataType: 'string', operator: 'isSet' }] } }))).not.toThrow()
  })
})
