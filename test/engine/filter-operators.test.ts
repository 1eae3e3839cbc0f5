// One test per operator and dataType of docs/filters.md, with the edge
// cases the spec names. Each case is checked three ways: the expected ids
// written here, the engine's compiled SQL, and the oracle (test/engine/oracle).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PGlite } from '@electric-sql/pglite'
import type { Condition, PropertyCondition } from '../../workers/engine/filter/types'
import { openTestDb } from './oracle/sql'
import { byValue, DAY_MS, NOW, NOW_MS, prop, select, UNSET, where, type Fixture } from './oracle/fixture'
import { useEngine } from './helpers'

let db: PGlite
beforeAll(async () => { db = await openTestDb() })
afterAll(async () => { await db?.close() })


const sel = (fixture: Fixture, filter: Condition | ReturnType<typeof where>, options?: Parameters<typeof select>[3]) => select(db, fixture, filter, options)

describe('string', () => {
  const data = byValue('x', {
    pro: 'pro', Pro: 'Pro', proPlan: 'PRO plan', empty: '', unset: UNSET, null: null,
    num3: 3, num2_50: 2.5, bool: true, list: ['free', 'pro'], nested: ['free', ['pro']], object: { pro: 1 },
    spaced: ' pro ', unicode: 'Über', listJson: '["pro"]',
  })

  it('equals: exact and case-sensitive, numbers and booleans as their text, lists element by element', async () => {
    expect(await sel(data, prop('string', 'equals', ['pro']))).toEqual(['list', 'pro'])
    expect(await sel(data, prop('string', 'equals', ['3', '2.5', 'true']))).toEqual(['bool', 'num2_50', 'num3'])
    expect(await sel(data, prop('string', 'equals', ['']))).toEqual(['empty'])
    expect(await sel(data, prop('string', 'equals', ['free', 'Über']))).toEqual(['list', 'nested', 'unicode'])
  })

  it('notEquals: not equals, so unset, null and objects match', async () => {
    expect(await sel(data, prop('string', 'notEquals', ['pro']))).toEqual(
      ['Pro', 'bool', 'empty', 'listJson', 'nested', 'null', 'num2_50', 'num3', 'object', 'proPlan', 'spaced', 'unicode', 'unset'])
  })

  it('contains: substring of any value, ignoring case (Unicode too), element by element', async () => {
    expect(await sel(data, prop('string', 'contains', ['PRO']))).toEqual(['Pro', 'list', 'listJson', 'pro', 'proPlan', 'spaced'])
    expect(await sel(data, prop('string', 'contains', ['über', '.5']))).toEqual(['num2_50', 'unicode'])
    // "" is a substring of every comparable value, not of unset, null or an object.
    expect(await sel(data, prop('string', 'contains', ['']))).toEqual(
      ['Pro', 'bool', 'empty', 'list', 'listJson', 'nested', 'num2_50', 'num3', 'pro', 'proPlan', 'spaced', 'unicode'])
  })

  it('notContains: unset matches', async () => {
    expect(await sel(data, prop('string', 'notContains', ['pro']))).toEqual(
      ['bool', 'empty', 'nested', 'null', 'num2_50', 'num3', 'object', 'unicode', 'unset'])
  })

  it('isSet / isNotSet: "" and false are set, null is not', async () => {
    const set = ['Pro', 'bool', 'empty', 'list', 'listJson', 'nested', 'num2_50', 'num3', 'object', 'pro', 'proPlan', 'spaced', 'unicode']
    expect(await sel(data, prop('string', 'isSet'))).toEqual(set)
    expect(await sel(data, prop('string', 'isNotSet'))).toEqual(['null', 'unset'])
    const falsy = byValue('x', { f: false, zero: 0, emptyList: [], emptyObject: {}, unset: UNSET })
    expect(await sel(falsy, prop('number', 'isSet'))).toEqual(['emptyList', 'emptyObject', 'f', 'zero'])
    expect(await sel(falsy, prop('list', 'isNotSet'))).toEqual(['unset'])
  })
})

describe('number', () => {
  const data = byValue('x', {
    n42: 42, s42: '42', spaced: ' 42 ', tabbed: '\t42\n', s42_0: '42.0', exp: '4.2e1', plus: '+42', float: 42.5,
    neg: '-12', s3_50: '3.50', e3: '1e3', dot5: '.5', abc: 'abc', mixed: '42abc', empty: '', unset: UNSET, null: null,
    bool: true, list: [42], huge: '1e999999', tiny: '-1e-999999', inf: 'Infinity', nan: 'NaN', hex: '0x2A', comma: '4,2',
    emSpace: '\u2003 42', nbsp: '42\u00a0', long: '1'.repeat(1001), big: '1e9999',
  })

  it('equals: JSON numbers and trimmed decimal strings; anything else is not comparable', async () => {
    expect(await sel(data, prop('number', 'equals', [42]))).toEqual(['exp', 'n42', 's42', 's42_0', 'spaced', 'tabbed', 'plus'].sort())
    expect(await sel(data, prop('number', 'equals', [3.5, 1000, 0.5, -12]))).toEqual(['dot5', 'e3', 'neg', 's3_50'])
  })

  it('notEquals: unset, null and non-numeric values match', async () => {
    expect(await sel(data, prop('number', 'notEquals', [42]))).toEqual(
      ['abc', 'big', 'bool', 'comma', 'dot5', 'e3', 'emSpace', 'empty', 'float', 'hex', 'huge', 'inf', 'list', 'long', 'mixed', 'nan', 'nbsp', 'neg', 'null', 's3_50', 'tiny', 'unset'])
  })

  it('greaterThan / lessThan / atLeast / atMost compare with values[0]', async () => {
    const small = byValue('x', { a: 41.999, b: '42', c: 42.001, d: 'x', e: UNSET })
    expect(await sel(small, prop('number', 'greaterThan', [42]))).toEqual(['c'])
    expect(await sel(small, prop('number', 'lessThan', [42]))).toEqual(['a'])
    expect(await sel(small, prop('number', 'atLeast', [42]))).toEqual(['b', 'c'])
    expect(await sel(small, prop('number', 'atMost', [42]))).toEqual(['a', 'b'])
  })

  it('between is inclusive at both ends; notBetween matches unset and non-numeric', async () => {
    const range = byValue('x', { below: 9.99, low: '10', mid: 15, high: ' 20 ', above: 20.01, text: 'ten', unset: UNSET })
    expect(await sel(range, prop('number', 'between', [10, 20]))).toEqual(['high', 'low', 'mid'])
    expect(await sel(range, prop('number', 'notBetween', [10, 20]))).toEqual(['above', 'below', 'text', 'unset'])
    expect(await sel(range, prop('number', 'between', [15, 15]))).toEqual(['mid'])
  })

  it('isSet / isNotSet', async () => {
    const d = byValue('x', { n: 0, s: '', unset: UNSET, null: null })
    expect(await sel(d, prop('number', 'isSet'))).toEqual(['n', 's'])
    expect(await sel(d, prop('number', 'isNotSet'))).toEqual(['null', 'unset'])
  })
})

describe('boolean', () => {
  const data = byValue('x', {
    t: true, f: false, TRUE: 'TRUE', spacedYes: ' yes ', Yes: 'Yes', one: '1', n1: 1, n2_5: 2.5, neg: -1, tab: '\ttrue\n',
    zero: 0, s0: '0', no: 'no', sFalse: 'false', two: '2', y: 'y', empty: '', unset: UNSET, null: null, list: [true], obj: {},
  })

  it('isTrue: true, a number other than 0, "true"/"1"/"yes" trimmed in any case', async () => {
    expect(await sel(data, prop('boolean', 'isTrue'))).toEqual(['TRUE', 'Yes', 'n1', 'n2_5', 'neg', 'one', 'spacedYes', 't', 'tab'])
  })

  it('isFalse: not isTrue, so unset and everything else match', async () => {
    expect(await sel(data, prop('boolean', 'isFalse'))).toEqual(['empty', 'f', 'list', 'no', 'null', 'obj', 's0', 'sFalse', 'two', 'unset', 'y', 'zero'])
  })
})

describe('datetime', () => {
  const data = byValue('x', {
    midnight: '2024-05-01', lastMs: '2024-05-01T23:59:59.999Z', nextDay: '2024-05-02T00:00:00Z', prevDay: '2024-04-30T23:59:59Z',
    secs: 1714521600, ms: 1714521600000, secsEnd: 1714607999, offset: '2024-05-01T01:00:00+02:00', spaceSep: '2024-05-01 12:00',
    noZone: '2024-05-01T12:00:00', words: 'May 1 2024', invalid: '2024-02-30', secsString: '1714521600', unset: UNSET, null: null,
    list: ['2024-05-01'], bool: true,
  })

  it('on: within the UTC day of a bare date; Unix seconds and milliseconds; no zone means UTC', async () => {
    expect(await sel(data, prop('datetime', 'on', ['2024-05-01']))).toEqual(
      ['lastMs', 'midnight', 'ms', 'noZone', 'secs', 'secsEnd', 'spaceSep'])
    // A date-time value names the UTC day it falls in.
    expect(await sel(data, prop('datetime', 'on', ['2024-05-01T15:00:00+05:00']))).toEqual(
      ['lastMs', 'midnight', 'ms', 'noZone', 'secs', 'secsEnd', 'spaceSep'])
    expect(await sel(data, prop('datetime', 'on', ['2024-04-30']))).toEqual(['offset', 'prevDay'])
  })

  it('before: before the start of the day; after: after its end', async () => {
    expect(await sel(data, prop('datetime', 'before', ['2024-05-01']))).toEqual(['offset', 'prevDay'])
    expect(await sel(data, prop('datetime', 'after', ['2024-05-01']))).toEqual(['nextDay'])
    // A date-time value is that instant.
    expect(await sel(data, prop('datetime', 'after', ['2024-05-01T12:00:00Z']))).toEqual(['lastMs', 'nextDay', 'secsEnd'])
    expect(await sel(data, prop('datetime', 'before', ['2024-05-01T12:00:00Z']))).toEqual(['midnight', 'ms', 'offset', 'prevDay', 'secs'])
  })

  it('between: from the start of values[0] to the end of values[1], both days inclusive', async () => {
    expect(await sel(data, prop('datetime', 'between', ['2024-05-01', '2024-05-01']))).toEqual(
      ['lastMs', 'midnight', 'ms', 'noZone', 'secs', 'secsEnd', 'spaceSep'])
    expect(await sel(data, prop('datetime', 'between', ['2024-04-30', '2024-05-02']))).toEqual(
      ['lastMs', 'midnight', 'ms', 'nextDay', 'noZone', 'offset', 'prevDay', 'secs', 'secsEnd', 'spaceSep'])
    expect(await sel(data, prop('datetime', 'between', ['2024-05-01T12:00:00Z', '2024-05-02T00:00:00Z']))).toEqual(
      ['lastMs', 'nextDay', 'noZone', 'secsEnd', 'spaceSep'])
  })

  it('seconds below 10^11, milliseconds from 10^11', async () => {
    const d = byValue('x', { lastSeconds: 99_999_999_999, firstMs: 100_000_000_000, negative: -86_400, big: 1e15 })
    expect(await sel(d, prop('datetime', 'on', ['5138-11-16']))).toEqual(['lastSeconds'])
    expect(await sel(d, prop('datetime', 'on', ['1973-03-03']))).toEqual(['firstMs'])
    expect(await sel(d, prop('datetime', 'on', ['1969-12-31']))).toEqual(['negative'])
    expect(await sel(d, prop('datetime', 'isSet'))).toEqual(['big', 'firstMs', 'lastSeconds', 'negative'])
    expect(await sel(d, prop('datetime', 'after', ['1900-01-01']))).toEqual(['firstMs', 'lastSeconds', 'negative'])
  })

  it('inLast: now - N·unit <= t <= now, a month being 30 days; notInLast matches unset', async () => {
    const iso = (ms: number) => new Date(ms).toISOString()
    const d = byValue('x', {
      now: NOW, edge: iso(NOW_MS - 7 * DAY_MS), pastEdge: iso(NOW_MS - 7 * DAY_MS - 1), future: iso(NOW_MS + 1),
      day30: iso(NOW_MS - 30 * DAY_MS), day31: iso(NOW_MS - 31 * DAY_MS), secs: NOW_MS / 1000 - 3600, unset: UNSET, text: 'soon',
    })
    expect(await sel(d, prop('datetime', 'inLast', undefined, { amount: 7, unit: 'day' }))).toEqual(['edge', 'now', 'secs'])
    expect(await sel(d, prop('datetime', 'inLast', undefined, { amount: 1, unit: 'week' }))).toEqual(['edge', 'now', 'secs'])
    expect(await sel(d, prop('datetime', 'inLast', undefined, { amount: 1, unit: 'month' }))).toEqual(['day30', 'edge', 'now', 'pastEdge', 'secs'])
    expect(await sel(d, prop('datetime', 'notInLast', undefined, { amount: 7, unit: 'day' }))).toEqual(['day30', 'day31', 'future', 'pastEdge', 'text', 'unset'])
    // "now" is the caller's.
    expect(await sel(d, prop('datetime', 'inLast', undefined, { amount: 1, unit: 'day' }), { now: iso(NOW_MS - 7 * DAY_MS) })).toEqual(['edge', 'pastEdge'])
  })

  it('isSet / isNotSet', async () => {
    expect(await sel(data, prop('datetime', 'isNotSet'))).toEqual(['null', 'unset'])
  })
})

describe('list', () => {
  const data = byValue('x', {
    list: ['a', 'b'], json: '["a","c"]', spacedJson: ' [ "a" ] ', numbers: [1, 2.5], numbersJson: '[1, 2]', bools: [true],
    plain: 'a', bad: '[a', emptyList: [], nested: [['a']], objects: [{ a: 'a' }], jsonObject: '{"a":"a"}', unset: UNSET, null: null,
    mixed: ['A', null, 'a'],
  })

  it('contains: any element equals any value, compared as strings; a string holding a JSON array is a list', async () => {
    expect(await sel(data, prop('list', 'contains', ['a']))).toEqual(['json', 'list', 'mixed', 'spacedJson'])
    expect(await sel(data, prop('list', 'contains', ['2.5', '1', 'true']))).toEqual(['bools', 'numbers', 'numbersJson'])
    expect(await sel(data, prop('list', 'contains', ['c', 'zzz']))).toEqual(['json'])
  })

  it('notContains: everything else, unset and non-lists included', async () => {
    expect(await sel(data, prop('list', 'notContains', ['a']))).toEqual(
      ['bad', 'bools', 'emptyList', 'jsonObject', 'nested', 'null', 'numbers', 'numbersJson', 'objects', 'plain', 'unset'])
  })

  it('isSet / isNotSet', async () => {
    expect(await sel(data, prop('list', 'isNotSet'))).toEqual(['null', 'unset'])
  })
})

describe('groups', () => {
  const data = byValue('x', { a: 1, b: 2, c: 3, unset: UNSET })
  const eq = (n: number): PropertyCondition => prop('number', 'equals', [n])

  it('and / or, nested', async () => {
    expect(await sel(data, { op: 'or', filters: [eq(1), { op: 'and', filters: [prop('number', 'atLeast', [2]), prop('number', 'atMost', [2])] }] })).toEqual(['a', 'b'])
    expect(await sel(data, { op: 'and', filters: [prop('number', 'isSet'), { op: 'or', filters: [eq(3), { op: 'or', filters: [eq(1)] }] }] })).toEqual(['a', 'c'])
  })

  it('an empty group matches every user in scope, as "and" or "or"', async () => {
    const users = { ...data, users: { ...data.users, eventOnly: { events: [{ event: 'e', time: NOW_MS }] } } }
    expect(await sel(users, { op: 'and', filters: [] })).toEqual(['a', 'b', 'c', 'eventOnly', 'unset'])
    expect(await sel(users, { op: 'or', filters: [] })).toEqual(['a', 'b', 'c', 'eventOnly', 'unset'])
    expect(await sel(users, { op: 'or', filters: [] }, { scope: 'profiles' })).toEqual(['a', 'b', 'c', 'unset'])
    expect(await sel(users, { op: 'or', filters: [eq(1), { op: 'and', filters: [] }] })).toEqual(['a', 'b', 'c', 'eventOnly', 'unset'])
  })
})

describe('behavior', () => {
  const t = (daysAgo: number) => NOW_MS - daysAgo * DAY_MS
  const fixture: Fixture = {
    users: {
      none: { properties: { p: 1 } },
      once: { properties: { p: 1 }, events: [{ event: 'buy', time: t(1), properties: { amount: 5 } }] },
      twice: { properties: { p: 1 }, events: [{ event: 'buy', time: t(2), properties: { amount: '20' } }, { event: 'buy', time: t(40), properties: { amount: 30 } }] },
      thrice: {
        properties: { p: 1 },
        events: [{ event: 'buy', time: t(0), properties: { amount: 11 } }, { event: 'buy', time: t(7), properties: { amount: ' 12 ' } }, { event: 'buy', time: t(7) + 1, properties: {} }],
      },
      viewer: { events: [{ event: 'view', time: t(3) }, { event: 'view', time: NOW_MS + 1 }] },
    },
  }
  const b = (operator: 'atLeast' | 'atMost' | 'exactly' | 'didNot', count?: number, extra: object = {}): Condition =>
    ({ type: 'behavior', event: 'buy', operator, ...(count === undefined ? {} : { count }), ...extra }) as Condition

  it('atLeast', async () => {
    expect(await sel(fixture, b('atLeast', 1))).toEqual(['once', 'thrice', 'twice'])
    expect(await sel(fixture, b('atLeast', 2))).toEqual(['thrice', 'twice'])
    expect(await sel(fixture, b('atLeast', 3))).toEqual(['thrice'])
    expect(await sel(fixture, b('atLeast', 0))).toEqual(['none', 'once', 'thrice', 'twice', 'viewer'])
  })

  it('atMost matches users with no events at all, in either scope', async () => {
    expect(await sel(fixture, b('atMost', 0))).toEqual(['none', 'viewer'])
    expect(await sel(fixture, b('atMost', 2))).toEqual(['none', 'once', 'twice', 'viewer'])
    expect(await sel(fixture, b('atMost', 2), { scope: 'profiles' })).toEqual(['none', 'once', 'twice'])
  })

  it('exactly', async () => {
    expect(await sel(fixture, b('exactly', 0))).toEqual(['none', 'viewer'])
    expect(await sel(fixture, b('exactly', 2))).toEqual(['twice'])
  })

  it('didNot', async () => {
    expect(await sel(fixture, b('didNot'))).toEqual(['none', 'viewer'])
    expect(await sel(fixture, b('didNot', undefined, { event: 'view' }), { scope: 'profiles' })).toEqual(['none', 'once', 'thrice', 'twice'])
  })

  it('$any counts events of every name', async () => {
    const any = (operator: 'atLeast' | 'exactly' | 'atMost' | 'didNot', count?: number) => b(operator, count, { event: '$any' })
    expect(await sel(fixture, any('atLeast', 1))).toEqual(['once', 'thrice', 'twice', 'viewer'])
    expect(await sel(fixture, any('atLeast', 2))).toEqual(['thrice', 'twice', 'viewer'])
    expect(await sel(fixture, any('exactly', 2))).toEqual(['twice', 'viewer'])
    expect(await sel(fixture, any('atMost', 1))).toEqual(['none', 'once'])
    expect(await sel(fixture, any('didNot'))).toEqual(['none'])
  })

  it('window last N units: now - N·unit <= t <= now (later events do not count)', async () => {
    expect(await sel(fixture, b('atLeast', 2, { window: { last: 7, unit: 'day' } }))).toEqual(['thrice'])
    expect(await sel(fixture, b('exactly', 1, { window: { last: 1, unit: 'week' } }))).toEqual(['once', 'twice'])
    expect(await sel(fixture, b('atLeast', 2, { window: { last: 2, unit: 'month' } }))).toEqual(['thrice', 'twice'])
    expect(await sel(fixture, b('atLeast', 1, { event: 'view', window: { last: 1, unit: 'day' } }))).toEqual([])
    expect(await sel(fixture, b('atLeast', 2, { event: '$any', window: { last: 6.5, unit: 'day' } }))).toEqual([])
  })

  it('window from/to: both days inclusive, UTC', async () => {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
    expect(await sel(fixture, b('atLeast', 1, { window: { from: day(t(7)), to: day(t(2)) } }))).toEqual(['thrice', 'twice'])
    expect(await sel(fixture, b('exactly', 2, { window: { from: day(t(7)), to: day(t(7)) } }))).toEqual(['thrice'])
    expect(await sel(fixture, b('atLeast', 1, { window: { from: new Date(t(7) + 1).toISOString(), to: day(t(7)) } }))).toEqual(['thrice'])
    expect(await sel(fixture, b('exactly', 1, { window: { from: new Date(t(7) + 1).toISOString(), to: day(t(7)) } }))).toEqual(['thrice'])
  })

  it('where filters on the event properties, with the same casting', async () => {
    const over10 = { op: 'and', filters: [{ type: 'property', property: 'amount', dataType: 'number', operator: 'greaterThan', values: [10] }] }
    expect(await sel(fixture, b('atLeast', 2, { where: over10 }))).toEqual(['thrice', 'twice'])
    expect(await sel(fixture, b('didNot', undefined, { where: over10 }))).toEqual(['none', 'once', 'viewer'])
    const unsetAmount = { op: 'or', filters: [{ type: 'property', property: 'amount', dataType: 'number', operator: 'isNotSet' }] }
    expect(await sel(fixture, b('exactly', 1, { where: unsetAmount }))).toEqual(['thrice'])
    expect(await sel(fixture, b('atLeast', 1, { where: { op: 'or', filters: [] } }))).toEqual(['once', 'thrice', 'twice'])
  })

  it('group profiles: a group\'s events carry its id under the group key (a list names several groups)', async () => {
    const groups: Fixture = {
      users: {
        u1: { events: [{ event: 'buy', time: t(1), properties: { company: 'acme' } }, { event: 'buy', time: t(1), properties: { company: ['acme', 'globex', 'acme'] } }] },
        u2: { events: [{ event: 'buy', time: t(1), properties: { company: 42 } }, { event: 'view', time: t(1), properties: { company: { id: 'acme' } } }] },
      },
      groups: { company: { acme: { name: 'Acme' }, globex: { name: 'Globex' }, 42: { name: 'Answer' }, initech: { name: 'Initech' } } },
    }
    const g = { groupKey: 'company' }
    expect(await sel(groups, b('atLeast', 2), g)).toEqual(['acme'])
    expect(await sel(groups, b('exactly', 1), g)).toEqual(['42', 'globex'])
    // An event that names a group twice counts once for it.
    expect(await sel(groups, b('exactly', 2), g)).toEqual(['acme'])
    expect(await sel(groups, b('didNot'), g)).toEqual(['initech'])
    expect(await sel(groups, b('atLeast', 1, { event: '$any' }), g)).toEqual(['42', 'acme', 'globex'])
    expect(await sel(groups, b('atMost', 1, { event: '$any' }), g)).toEqual(['42', 'globex', 'initech'])
    expect(await sel(groups, b('atLeast', 1, { event: '$any' }), { groupKey: 'nothing' })).toEqual([])
  })
})

it('a bare date value in the data is midnight UTC, compared with a date-time value', async () => {
  const d = byValue('x', { date: '2024-05-01', after: '2024-05-01T00:00:00.001Z' })
  expect(await sel(d, prop('datetime', 'before', ['2024-05-01T00:00:00.001Z']))).toEqual(['date'])
})

it('now: an ISO date-time, no zone meaning UTC; anything else is refused', async () => {
  const d = byValue('x', { a: '2024-05-31T12:00:00Z', b: '2024-05-31T11:59:59Z' })
  const last1 = prop('datetime', 'inLast', undefined, { amount: 1, unit: 'day' })
  expect(await sel(d, last1, { now: '2024-06-01T12:00:00' })).toEqual(['a'])
  expect(await sel(d, last1, { now: '2024-06-01T14:00:00+02:00' })).toEqual(['a'])
  await expect(sel(d, last1, { now: 'June 1, 2024' })).rejects.toThrow('now must be an ISO date-time, not "June 1, 2024"')
})

describe('through the engine API (openEngine().countUsers / listUsers)', () => {
  const engine = useEngine()

  it('gives the same users as the compiled SQL above, for CSV-style strings', async () => {
    const e = engine()
    const summary = await e.applyProfileUpdates([
      { $distinct_id: 'a', $set: { n: ' 42 ', flag: 'TRUE', when: '2024-05-01', tags: '["x","y"]' } },
      { $distinct_id: 'b', $set: { n: '42abc', flag: 'no', when: 1714521600, tags: ['y'] } },
      { $distinct_id: 'c', $set: { other: '' } },
    ])
    expect(summary.errors).toEqual([])
    await e.importEvents([{ event: 'buy', properties: { distinct_id: 'd', time: NOW_MS / 1000 - 60, amount: '12' } }])
    const users = async (filter: Condition, scope: 'profiles' | 'all' = 'all') => {
      const rows = await e.listUsers({ scope, filter: where(filter), now: NOW, offset: 0, limit: 10 })
      expect(await e.countUsers({ scope, filter: where(filter), now: NOW })).toBe(rows.length)
      return rows.map(r => r.distinctId).sort()
    }
    expect(await users({ ...prop('number', 'equals', [42]), property: 'n' })).toEqual(['a'])
    expect(await users({ ...prop('number', 'notEquals', [42]), property: 'n' })).toEqual(['b', 'c', 'd'])
    expect(await users({ ...prop('number', 'notEquals', [42]), property: 'n' }, 'profiles')).toEqual(['b', 'c'])
    expect(await users({ ...prop('boolean', 'isTrue'), property: 'flag' })).toEqual(['a'])
    expect(await users({ ...prop('datetime', 'on', ['2024-05-01']), property: 'when' })).toEqual(['a', 'b'])
    expect(await users({ ...prop('list', 'contains', ['y']), property: 'tags' })).toEqual(['a', 'b'])
    expect(await users({ type: 'behavior', event: 'buy', operator: 'atLeast', count: 1, window: { last: 1, unit: 'day' },
      where: where({ ...prop('number', 'greaterThan', [10]), property: 'amount' }) })).toEqual(['d'])
    expect(await users({ type: 'behavior', event: '$any', operator: 'didNot' })).toEqual(['a', 'b', 'c'])
  })
})
