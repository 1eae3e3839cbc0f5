// validateFilter: everything filters.md lists under "Invalid input", wrong
// types of every field, and the messages naming the bad node's path.
import { describe, expect, it } from 'vitest'
import { FilterError, MAX_CONDITIONS, MAX_DEPTH, validateFilter } from '../../workers/engine/filter/validate'
import type { Group } from '../../workers/engine/filter/types'

const and = (...filters: unknown[]) => ({ op: 'and', filters })
const str = (extra: object = {}) => ({ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro'], ...extra })
const beh = (extra: object = {}) => ({ type: 'behavior', event: 'buy', operator: 'atLeast', count: 1, ...extra })

/** The message of the FilterError validateFilter throws. */
function error(input: unknown, opts?: Parameters<typeof validateFilter>[1]): string {
  try {
    validateFilter(input, opts)
  } catch (e) {
    expect(e).toBeInstanceOf(FilterError)
    return (e as Error).message
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`)
}

const SPEC_EXAMPLE: Group = {
  op: 'and', filters: [
    { type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro', 'team'] },
    {
      type: 'behavior', event: 'purchase', operator: 'atLeast', count: 3, window: { last: 30, unit: 'day' },
      where: { op: 'and', filters: [{ type: 'property', property: 'amount', dataType: 'number', operator: 'greaterThan', values: [10] }] },
    },
    { type: 'cohort', cohortId: 'c7', operator: 'notIn' },
  ],
}

describe('validateFilter accepts', () => {
  it('the spec example, and returns an equal copy that round-trips through JSON unchanged', () => {
    const checked = validateFilter(SPEC_EXAMPLE, { cohortExists: id => id === 'c7' })
    expect(checked).toEqual(SPEC_EXAMPLE)
    expect(checked).not.toBe(SPEC_EXAMPLE)
    expect(JSON.stringify(checked)).toBe(JSON.stringify(SPEC_EXAMPLE))
    expect(JSON.parse(JSON.stringify(checked))).toEqual(SPEC_EXAMPLE)
    expect(validateFilter(JSON.parse(JSON.stringify(checked)))).toEqual(SPEC_EXAMPLE)
  })

  it('every operator of every dataType with the values it takes', () => {
    const ok: object[] = [
      str({ operator: 'notEquals' }), str({ operator: 'contains', values: ['', 'a'] }), str({ operator: 'notContains' }),
      str({ operator: 'isSet', values: undefined }), str({ operator: 'isNotSet', values: [] }),
      { type: 'property', property: 'n', dataType: 'number', operator: 'equals', values: [1, 2.5, -3] },
      { type: 'property', property: 'n', dataType: 'number', operator: 'notEquals', values: [0] },
      ...['greaterThan', 'lessThan', 'atLeast', 'atMost'].map(operator => ({ type: 'property', property: 'n', dataType: 'number', operator, values: [1e-9] })),
      { type: 'property', property: 'n', dataType: 'number', operator: 'between', values: [1, 1] },
      { type: 'property', property: 'n', dataType: 'number', operator: 'notBetween', values: [-1, 1] },
      { type: 'property', property: 'b', dataType: 'boolean', operator: 'isTrue' },
      { type: 'property', property: 'b', dataType: 'boolean', operator: 'isFalse' },
      { type: 'property', property: 't', dataType: 'datetime', operator: 'on', values: ['2024-02-29'] },
      { type: 'property', property: 't', dataType: 'datetime', operator: 'before', values: ['2024-05-01T10:00:00Z'] },
      { type: 'property', property: 't', dataType: 'datetime', operator: 'after', values: ['2024-05-01T10:00:00.123456+05:30'] },
      { type: 'property', property: 't', dataType: 'datetime', operator: 'between', values: ['2024-05-01', '2024-05-01'] },
      { type: 'property', property: 't', dataType: 'datetime', operator: 'inLast', amount: 1.5, unit: 'week' },
      { type: 'property', property: 't', dataType: 'datetime', operator: 'notInLast', amount: 3, unit: 'month' },
      { type: 'property', property: 't', dataType: 'datetime', operator: 'isSet' },
      { type: 'property', property: 'l', dataType: 'list', operator: 'contains', values: ['a'] },
      { type: 'property', property: 'l', dataType: 'list', operator: 'notContains', values: ['a', 'b'] },
      { type: 'property', property: 'l', dataType: 'list', operator: 'isNotSet' },
      beh({ operator: 'atMost', count: 0 }), beh({ operator: 'exactly', count: 2 }), beh({ operator: 'didNot', count: undefined }),
      beh({ event: '$any', window: { from: '2024-01-01', to: '2024-01-31' } }), beh({ window: { last: 0.5, unit: 'day' }, where: and() }),
      { type: 'cohort', cohortId: 'c1', operator: 'in' },
    ]
    expect(() => validateFilter(and(...ok))).not.toThrow()
    expect(() => validateFilter({ op: 'or', filters: [] })).not.toThrow()
  })

  it('drops fields that are undefined (optional TypeScript fields), as JSON would', () => {
    expect(validateFilter({ op: 'and', filters: [beh({ window: undefined, where: undefined })] })).toEqual(and(beh()))
  })
})

describe('validateFilter refuses, naming the path', () => {
  it('a filter that is not a group', () => {
    expect(error(null)).toBe('filter must be a group ({ op, filters }), not null')
    expect(error([])).toMatch(/^filter must be a group/)
    expect(error('and')).toMatch(/^filter must be a group/)
  })

  it('an unknown op, missing filters', () => {
    expect(error({ op: 'xor', filters: [] })).toBe('op must be one of "and", "or", "atLeast", not "xor"')
    expect(error({ op: 'and' })).toBe('filters must be a list, not nothing')
    expect(error(and(str(), { op: 'AND', filters: [] }))).toBe('filters[1].op must be one of "and", "or", "atLeast", not "AND"')
  })

  it('an unknown type', () => {
    expect(error(and(str(), { type: 'event' }))).toBe('filters[1].type must be one of "property", "behavior", "aggregate", "sequence", "cohort", not "event"')
    expect(error(and({}))).toMatch(/^filters\[0\]\.type must be one of/)
    expect(error(and(42))).toBe('filters[0] must be a condition or a group, not 42')
  })

  it('an unknown dataType or operator', () => {
    expect(error(and(str({ dataType: 'text' })))).toBe('filters[0].dataType must be one of "string", "number", "boolean", "datetime", "list", not "text"')
    expect(error(and(str({ operator: 'greaterThan' })))).toMatch(/^filters\[0\]\.operator must be one of "equals", .* for dataType "string", not "greaterThan"$/)
    expect(error(and(str({ dataType: 'boolean', operator: 'equals' })))).toMatch(/^filters\[0\]\.operator must be one of "isTrue", "isFalse"/)
    expect(error(and(beh({ operator: 'atleast' })))).toBe('filters[0].operator must be one of "atLeast", "atMost", "exactly", "didNot", "firstTime", not "atleast"')
    expect(error(and({ type: 'cohort', cohortId: 'c1', operator: 'notin' }))).toBe('filters[0].operator must be one of "in", "notIn", not "notin"')
    expect(error(and(str({ operator: 'toString' })))).toMatch(/operator must be one of/) // not an inherited key
  })

  it('a missing values entry the operator needs, or the wrong number of them', () => {
    expect(error(and(str({ values: undefined })))).toBe('filters[0].values is required by equals')
    expect(error(and(str({ values: [] })))).toBe('filters[0].values must hold at least one value for equals')
    expect(error(and(str({ values: 'pro' })))).toBe('filters[0].values must be a list, not "pro"')
    const num = (operator: string, values: unknown[]) => ({ type: 'property', property: 'n', dataType: 'number', operator, values })
    expect(error(and(num('between', [1])))).toBe('filters[0].values must hold exactly 2 values for between, not 1')
    expect(error(and(num('greaterThan', [1, 2])))).toBe('filters[0].values must hold exactly 1 value for greaterThan, not 2')
    expect(error(and({ type: 'property', property: 't', dataType: 'datetime', operator: 'on' }))).toBe('filters[0].values is required by on')
  })

  it('values of the wrong type', () => {
    const num = (values: unknown[]) => ({ type: 'property', property: 'n', dataType: 'number', operator: 'equals', values })
    expect(error(and(num([1, '2'])))).toBe('filters[0].values[1] must be a finite number, not "2"')
    expect(error(and(str({ values: ['a', 3] })))).toBe('filters[0].values[1] must be a string, not 3')
    expect(error(and(str({ values: [true] })))).toBe('filters[0].values[0] must be a string, not true')
    expect(error(and({ type: 'property', property: 'l', dataType: 'list', operator: 'contains', values: [null] }))).toBe('filters[0].values[0] must be a string, not null')
  })

  it('a non-finite number, anywhere', () => {
    const num = (values: unknown[]) => ({ type: 'property', property: 'n', dataType: 'number', operator: 'equals', values })
    expect(error(and(num([NaN])))).toBe('filters[0].values[0] must be a finite number, not NaN')
    expect(error(and(num([1, Infinity])))).toBe('filters[0].values[1] must be a finite number, not Infinity')
    expect(error(and(beh({ count: Infinity })))).toBe('filters[0].count must be a finite number, not Infinity')
    expect(error(and(beh({ window: { last: NaN, unit: 'day' } })))).toBe('filters[0].window.last must be a finite number, not NaN')
    expect(error(and({ type: 'property', property: 't', dataType: 'datetime', operator: 'inLast', amount: -Infinity, unit: 'day' })))
      .toBe('filters[0].amount must be a finite number, not -Infinity')
  })

  it('a window with last <= 0, and other bad windows', () => {
    expect(error(and(str(), str(), beh({ window: { last: 0, unit: 'day' } })))).toBe('filters[2].window.last must be > 0, not 0')
    expect(error(and(beh({ window: { last: -3, unit: 'day' } })))).toBe('filters[0].window.last must be > 0, not -3')
    expect(error(and(beh({ window: { last: 3, unit: 'year' } })))).toBe('filters[0].window.unit must be one of "day", "week", "month", not "year"')
    expect(error(and(beh({ window: { last: 3 } })))).toMatch(/^filters\[0\]\.window\.unit must be one of/)
    expect(error(and(beh({ window: { from: '2024-01-01' } })))).toBe('filters[0].window.to must be an ISO date (YYYY-MM-DD) or date-time, not nothing')
    expect(error(and(beh({ window: { from: '2024-01-32', to: '2024-02-01' } })))).toMatch(/^filters\[0\]\.window\.from must be an ISO date/)
    expect(error(and(beh({ window: { from: '2024-02-01', to: '2024-01-31' } })))).toBe('filters[0].window.to must not be before filters[0].window.from')
    expect(error(and(beh({ window: { last: 3, unit: 'day', from: '2024-01-01' } })))).toMatch(/^filters\[0\]\.window\.from is not a field/)
    expect(error(and(beh({ window: {} })))).toBe('filters[0].window must be { last, unit } or { from, to }')
    expect(error(and(beh({ window: 7 })))).toBe('filters[0].window must be { last, unit } or { from, to }, not 7')
    expect(error(and(beh({ window: { last: 1e9, unit: 'month' } })))).toBe('filters[0].window.last reaches too far back (at most 1,000,000 days)')
  })

  it('bad counts', () => {
    expect(error(and(beh({ count: undefined })))).toBe('filters[0].count is required by atLeast')
    expect(error(and(beh({ count: -1 })))).toBe('filters[0].count must be a whole number >= 0, not -1')
    expect(error(and(beh({ count: 1.5 })))).toBe('filters[0].count must be a whole number >= 0, not 1.5')
    expect(error(and(beh({ count: '3' })))).toBe('filters[0].count must be a finite number, not "3"')
    expect(error(and(beh({ operator: 'didNot', count: 0 })))).toBe('filters[0].count is not used by didNot')
  })

  it('a cohort id that does not exist', () => {
    const cohort = (cohortId: unknown) => ({ type: 'cohort', cohortId, operator: 'in' })
    expect(error(and(str(), cohort('c9')), { cohortExists: id => id === 'c1' })).toBe('filters[1].cohortId names no saved cohort ("c9")')
    expect(() => validateFilter(and(cohort('c1')), { cohortExists: id => id === 'c1' })).not.toThrow()
    expect(error(and(cohort('')))).toBe('filters[0].cohortId must be a non-empty string, not ""')
    expect(error(and(cohort(7)))).toBe('filters[0].cohortId must be a non-empty string, not 7')
  })

  it('bad dates in values', () => {
    const dt = (operator: string, values: unknown[]) => ({ type: 'property', property: 't', dataType: 'datetime', operator, values })
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', '24-05-01', '2024-05-01T24:00:00Z', '2024-05-01T10:60', '2024-05-01T10:00:00+16:00', 'yesterday', '0000-01-01', '2024-05-01Z', '9999-12-31', 1714521600]) {
      expect(error(and(dt('on', [bad])))).toMatch(/^filters\[0\]\.values\[0\] must be an ISO date \(YYYY-MM-DD\) or date-time/)
    }
    expect(error(and(dt('between', ['2024-05-02', '2024-05-01'])))).toBe('filters[0].values[1] must not be before values[0] ("2024-05-02") for between')
    expect(() => validateFilter(and(dt('between', ['2024-05-01T23:00:00Z', '2024-05-01'])))).not.toThrow()
  })

  it('reversed number ranges', () => {
    expect(error(and({ type: 'property', property: 'n', dataType: 'number', operator: 'notBetween', values: [2, 1] })))
      .toBe('filters[0].values[1] must be at least values[0] (2) for notBetween')
  })

  it('inLast without amount or unit, and fields an operator does not use', () => {
    const dt = (extra: object) => ({ type: 'property', property: 't', dataType: 'datetime', operator: 'inLast', ...extra })
    expect(error(and(dt({ unit: 'day' })))).toBe('filters[0].amount is required by inLast')
    expect(error(and(dt({ amount: 1 })))).toBe('filters[0].unit is required by inLast')
    expect(error(and(dt({ amount: 0, unit: 'day' })))).toBe('filters[0].amount must be > 0, not 0')
    expect(error(and(dt({ amount: 1, unit: 'day', values: ['2024-01-01'] })))).toBe('filters[0].values is not used by inLast (it takes amount and unit)')
    expect(error(and(str({ amount: 1 })))).toBe('filters[0].amount is only used by inLast, notInLast, inNext and notInNext, not by equals')
    expect(error(and(str({ operator: 'isSet' })))).toBe('filters[0].values is not used by isSet')
  })

  it('bad names', () => {
    expect(error(and(str({ property: '' })))).toBe('filters[0].property must be a non-empty string, not ""')
    expect(error(and(str({ property: 42 })))).toBe('filters[0].property must be a non-empty string, not 42')
    expect(error(and(str({ property: 'x'.repeat(256) })))).toBe('filters[0].property must be at most 255 characters')
    expect(error(and(beh({ event: '' })))).toBe('filters[0].event must be a non-empty string, not ""')
  })

  it('unknown keys (a typo would otherwise be ignored silently)', () => {
    expect(error(and(str({ valeus: ['pro'] })))).toBe('filters[0].valeus is not a field of this node (allowed: type, property, dataType, operator, values, amount, unit)')
    expect(error({ op: 'and', filters: [], name: 'x' })).toBe('name is not a field of this node (allowed: op, k, filters)')
    expect(error(and(beh({ window: { last: 1, unit: 'day', tz: 'UTC' } })))).toMatch(/^filters\[0\]\.window\.tz is not a field/)
  })

  it('behavior and cohort conditions inside a where', () => {
    expect(error(and(beh({ where: and(str(), beh()) })))).toBe(`filters[0].where.filters[1].type must be "property": a where holds only conditions on the event's own properties`)
    expect(error(and(beh({ where: { op: 'or', filters: [{ op: 'and', filters: [{ type: 'cohort', cohortId: 'c', operator: 'in' }] }] } }))))
      .toMatch(/^filters\[0\]\.where\.filters\[0\]\.filters\[0\]\.type must be "property"/)
    expect(error(and(beh({ where: str() })))).toMatch(/^filters\[0\]\.where\.type is not a field/)
  })

  it('nested paths', () => {
    const deep = and(str(), { op: 'or', filters: [str(), { op: 'and', filters: [beh({ where: and(str({ dataType: 'number', values: ['x'] })) })] }] })
    expect(error(deep)).toBe('filters[1].filters[1].filters[0].where.filters[0].values[0] must be a finite number, not "x"')
  })

  it('groups nested too deep, and too many conditions', () => {
    let g: object = and(str())
    for (let i = 1; i < MAX_DEPTH; i++) g = and(g)
    expect(() => validateFilter(g)).not.toThrow()
    expect(error(and(g))).toMatch(/nests groups too deeply/)
    expect(error(and(...Array.from({ length: MAX_CONDITIONS + 1 }, () => str())))).toMatch(/^filters\[1000\] is one condition too many/)
  })

  it('never runs anything: the error comes before any database is involved', () => {
    expect(error(and(str({ values: ["'; drop table profiles; --", 1] })))).toBe('filters[0].values[1] must be a string, not 1')
  })
})
