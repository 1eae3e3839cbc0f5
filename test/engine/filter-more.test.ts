// The second part of the filter language (docs/filters.md): the new text,
// date and list operators, "at least k of" groups, first time, aggregates
// and sequences, with the edge cases the language names. Each case is checked
// three ways: the ids written here, the engine's SQL, and the oracle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PGlite } from '@electric-sql/pglite'
import type { AggregateCondition, Condition, Group, SequenceCondition } from '../../workers/engine/filter/types'
import { openTestDb } from './oracle/sql'
import { byValue, DAY_MS, NOW, NOW_MS, prop, select, UNSET, where, type Fixture } from './oracle/fixture'

let db: PGlite
beforeAll(async () => { db = await openTestDb() })
afterAll(async () => { await db?.close() })

const sel = (fixture: Fixture, filter: Condition | Group, options?: Parameters<typeof select>[3]) => select(db, fixture, filter, options)
const t = (daysAgo: number) => NOW_MS - daysAgo * DAY_MS

describe('text: starts with, ends with', () => {
  const data = byValue('x', {
    pro: 'Pro plan', lower: 'pro', num: 3.5, bool: true, list: ['free', 'PROMO'], object: { pro: 1 }, unset: UNSET, empty: '', spaced: ' pro',
  })

  it('startsWith / endsWith ignore case, read numbers and booleans as text, lists element by element', async () => {
    expect(await sel(data, prop('string', 'startsWith', ['PRO']))).toEqual(['list', 'lower', 'pro'])
    expect(await sel(data, prop('string', 'startsWith', ['3.', 'tr']))).toEqual(['bool', 'num'])
    expect(await sel(data, prop('string', 'endsWith', ['PLAN', 'mo']))).toEqual(['list', 'pro'])
    expect(await sel(data, prop('string', 'endsWith', ['.5']))).toEqual(['num'])
    // "" starts and ends every comparable value
    expect(await sel(data, prop('string', 'startsWith', ['']))).toEqual(['bool', 'empty', 'list', 'lower', 'num', 'pro', 'spaced'])
  })

  it('the negations match unset, null and objects', async () => {
    expect(await sel(data, prop('string', 'notStartsWith', ['pro']))).toEqual(['bool', 'empty', 'num', 'object', 'spaced', 'unset'])
    expect(await sel(data, prop('string', 'notEndsWith', ['o']))).toEqual(['bool', 'empty', 'num', 'object', 'pro', 'unset'])
  })
})

describe('text: matches (the pattern dialect)', () => {
  const data = byValue('x', {
    lines: 'first\nsecond', code: 'AB-1234', lowerCode: 'ab-1234', arabic: '١٢٣', mixed: 'x_9 y', list: ['no', 'AB-77'],
    num: 2.5, dots: 'a.b', unset: UNSET, tab: 'a\tb', nbsp: 'a\u00a0b', emoji: 'go 😀😀', brackets: '[x]', empty: '',
  })
  const m = (pattern: string) => sel(data, prop('string', 'matches', [pattern]))

  it('anywhere in the value, case-sensitive, lists element by element, numbers as text', async () => {
    expect(await m('AB-')).toEqual(['code', 'list'])
    expect(await m('^AB-\\d{4}$')).toEqual(['code'])
    expect(await m('^2\\.5$')).toEqual(['num'])
  })

  it('. matches a line break; ^ and $ are the ends of the whole value', async () => {
    expect(await m('first.second')).toEqual(['lines'])
    expect(await m('^second')).toEqual([])
    expect(await m('first$')).toEqual([])
  })

  it('\\d \\w \\s are ASCII only, and their negations take everything else', async () => {
    expect(await m('\\d')).toEqual(['code', 'list', 'lowerCode', 'mixed', 'num'])
    expect(await m('^\\D+$')).toEqual(['arabic', 'brackets', 'dots', 'emoji', 'lines', 'list', 'nbsp', 'tab'])
    expect(await m('a\\sb')).toEqual(['tab'])
    expect(await m('a\\Sb')).toEqual(['dots', 'nbsp'])
    expect(await m('^\\w+\\s\\w+$')).toEqual(['lines', 'mixed', 'tab'])
  })

  it('classes, ranges, escapes, groups, alternation and bounds', async () => {
    expect(await m('^[a-z]{2}-[0-9]+$')).toEqual(['lowerCode'])
    expect(await m('^[^\\d\\s]+$')).toEqual(['arabic', 'brackets', 'dots', 'list', 'nbsp'])
    expect(await m('[\\]]')).toEqual(['brackets'])
    expect(await m('^\\[x\\]$')).toEqual(['brackets'])
    expect(await m('(😀){2}')).toEqual(['emoji'])
    expect(await m('^(first|AB)')).toEqual(['code', 'lines', 'list'])
    expect(await m('^$')).toEqual(['empty'])
    expect(await m('[a\\D]7')).toEqual(['list'])
  })

  it('notMatches: unset matches', async () => {
    expect(await sel(data, prop('string', 'notMatches', ['\\d']))).toEqual(
      ['arabic', 'brackets', 'dots', 'emoji', 'empty', 'lines', 'nbsp', 'tab', 'unset'])
  })
})

describe('dates: not on, not between, since, in the next', () => {
  const data = byValue('x', {
    today: '2024-06-01T08:00:00Z', yesterday: '2024-05-31', tomorrow: '2024-06-02T12:00:00Z', nextWeek: '2024-06-08T12:00:00Z',
    nextMonth: '2024-07-15', unset: UNSET, bad: 'soon', unix: 1_717_243_200,
  })

  it('notOn and notBetween: the negations, so unset and not comparable match', async () => {
    expect(await sel(data, prop('datetime', 'notOn', ['2024-06-01']))).toEqual(['bad', 'nextMonth', 'nextWeek', 'tomorrow', 'unset', 'yesterday'])
    expect(await sel(data, prop('datetime', 'notBetween', ['2024-05-31', '2024-06-02']))).toEqual(['bad', 'nextMonth', 'nextWeek', 'unset'])
  })

  it('since: at or after the start of a bare date; at or after a date-time itself', async () => {
    expect(await sel(data, prop('datetime', 'since', ['2024-06-01']))).toEqual(['nextMonth', 'nextWeek', 'today', 'tomorrow', 'unix'])
    expect(await sel(data, prop('datetime', 'since', ['2024-06-01T12:00:00Z']))).toEqual(['nextMonth', 'nextWeek', 'tomorrow', 'unix'])
  })

  it('inNext: from now to now + amount·unit (both included); notInNext its negation', async () => {
    expect(await sel(data, prop('datetime', 'inNext', undefined, { amount: 0.5, unit: 'day' }))).toEqual(['unix'])
    expect(await sel(data, prop('datetime', 'inNext', undefined, { amount: 1, unit: 'day' }))).toEqual(['tomorrow', 'unix'])
    expect(await sel(data, prop('datetime', 'inNext', undefined, { amount: 1, unit: 'week' }))).toEqual(['nextWeek', 'tomorrow', 'unix'])
    expect(await sel(data, prop('datetime', 'inNext', undefined, { amount: 1.5, unit: 'day' }))).toEqual(['tomorrow', 'unix'])
    expect(await sel(data, prop('datetime', 'notInNext', undefined, { amount: 1, unit: 'month' }))).toEqual(['bad', 'nextMonth', 'today', 'unset', 'yesterday'])
  })
})

describe('lists: contains all, is empty', () => {
  const data = byValue('x', {
    both: ['a', 'b', 'c'], onlyA: ['a'], json: '["b", "a"]', numbers: [1, 2], empty: [], emptyJson: ' [ ] ', text: 'a b',
    nested: [['a'], 'b'], nulls: [null], unset: UNSET, object: {},
  })

  it('containsAll: every value equals some element, as strings', async () => {
    expect(await sel(data, prop('list', 'containsAll', ['a', 'b']))).toEqual(['both', 'json'])
    expect(await sel(data, prop('list', 'containsAll', ['a']))).toEqual(['both', 'json', 'onlyA'])
    expect(await sel(data, prop('list', 'containsAll', ['2', '1', '1']))).toEqual(['numbers'])
  })

  it('isEmpty: a list (or a string holding one) with no elements', async () => {
    expect(await sel(data, prop('list', 'isEmpty'))).toEqual(['empty', 'emptyJson'])
  })
})

describe('groups: at least k of', () => {
  const data: Fixture = { users: {
    none: { properties: { a: 0, b: 0, c: 0 } }, one: { properties: { a: 1, b: 0, c: 0 } },
    two: { properties: { a: 1, b: 1, c: 0 } }, three: { properties: { a: 1, b: 1, c: 1 } }, twoOther: { properties: { a: 0, b: 1, c: 1 } },
  } }
  const is1 = (property: string): Condition => ({ type: 'property', property, dataType: 'number', operator: 'equals', values: [1] })
  const of = (k: number): Group => ({ op: 'atLeast', k, filters: [is1('a'), is1('b'), is1('c')] })

  it('k of n: at least k hold; k = 1 is "or", k = n is "and"', async () => {
    expect(await sel(data, of(2))).toEqual(['three', 'two', 'twoOther'])
    expect(await sel(data, of(1))).toEqual(await sel(data, { op: 'or', filters: of(1).filters }))
    expect(await sel(data, of(3))).toEqual(['three'])
    expect(await sel(data, { op: 'and', filters: [of(2), { op: 'atLeast', k: 1, filters: [is1('c')] }] })).toEqual(['three', 'twoOther'])
  })

  it('nests, and takes behaviour conditions', async () => {
    const withEvents: Fixture = { users: { ...data.users, two: { ...data.users.two!, events: [{ event: 'buy', time: t(1) }] } } }
    const f: Group = { op: 'atLeast', k: 2, filters: [is1('a'), { type: 'behavior', event: 'buy', operator: 'atLeast', count: 1 }, { op: 'or', filters: [is1('c')] }] }
    expect(await sel(withEvents, f)).toEqual(['three', 'two'])
  })
})

describe('behaviour: first time', () => {
  const fixture: Fixture = { users: {
    newBuyer: { properties: { p: 1 }, events: [{ event: 'buy', time: t(3) }, { event: 'buy', time: t(1) }] },
    oldBuyer: { properties: { p: 1 }, events: [{ event: 'buy', time: t(60) }, { event: 'buy', time: t(2) }] },
    bigFirstLater: { properties: { p: 1 }, events: [{ event: 'buy', time: t(60), properties: { amount: 5 } }, { event: 'buy', time: t(5), properties: { amount: 500 } }] },
    viewer: { events: [{ event: 'view', time: t(1) }] },
    future: { properties: { p: 1 }, events: [{ event: 'buy', time: NOW_MS + DAY_MS }] },
    none: { properties: { p: 1 } },
  } }
  const first = (extra: object = {}): Condition => ({ type: 'behavior', event: 'buy', operator: 'firstTime', window: { last: 30, unit: 'day' }, ...extra }) as Condition

  it('the earliest such event falls in the window; an earlier one before the window rules the user out', async () => {
    expect(await sel(fixture, first())).toEqual(['newBuyer'])
    expect(await sel(fixture, first({ window: { last: 90, unit: 'day' } }))).toEqual(['bigFirstLater', 'newBuyer', 'oldBuyer'])
  })

  it('where decides which events count, so the first big purchase may be recent', async () => {
    const big = where({ type: 'property', property: 'amount', dataType: 'number', operator: 'greaterThan', values: [100] })
    expect(await sel(fixture, first({ where: big }))).toEqual(['bigFirstLater'])
  })

  it('$any: the first event of any name; a date window; events after now are outside a relative window', async () => {
    expect(await sel(fixture, first({ event: '$any' }))).toEqual(['newBuyer', 'viewer'])
    expect(await sel(fixture, first({ window: { from: '2024-06-02', to: '2024-06-02' } }))).toEqual(['future'])
  })
})

describe('aggregates', () => {
  const fixture: Fixture = { users: {
    decimals: { properties: { p: 1 }, events: [{ event: 'buy', time: t(1), properties: { amount: 0.1 } }, { event: 'buy', time: t(2), properties: { amount: '0.2' } }] },
    mixed: { properties: { p: 1 }, events: [
      { event: 'buy', time: t(1), properties: { amount: 10 } }, { event: 'buy', time: t(2), properties: { amount: 'ten' } },
      { event: 'buy', time: t(3), properties: { amount: ' 20 ' } }, { event: 'buy', time: t(4), properties: {} },
      { event: 'view', time: t(1), properties: { amount: 1000 } }] },
    thirds: { properties: { p: 1 }, events: [1, 2, 2].map((amount, i) => ({ event: 'buy', time: t(i + 1), properties: { amount } })) },
    unreadable: { properties: { p: 1 }, events: [{ event: 'buy', time: t(1), properties: { amount: 'n/a' } }] },
    old: { properties: { p: 1 }, events: [{ event: 'buy', time: t(100), properties: { amount: 700 } }] },
    none: { properties: { p: 1 } },
  } }
  const agg = (fn: AggregateCondition['fn'], operator: AggregateCondition['operator'], values: number[], extra: object = {}): Condition =>
    ({ type: 'aggregate', event: 'buy', fn, property: 'amount', operator, values, ...extra }) as Condition

  it('sum reads "as number", skips what is not comparable, in decimal arithmetic (0.1 + 0.2 = 0.3)', async () => {
    expect(await sel(fixture, agg('sum', 'equals', [0.3]))).toEqual(['decimals'])
    expect(await sel(fixture, agg('sum', 'equals', [30]))).toEqual(['mixed'])
    expect(await sel(fixture, agg('sum', 'greaterThan', [500]))).toEqual(['old'])
    expect(await sel(fixture, agg('sum', 'greaterThan', [500], { window: { last: 30, unit: 'day' } }))).toEqual([])
  })

  it('an empty sum is 0: users with no such events (or none readable) match "sum = 0" and "sum < 1"', async () => {
    expect(await sel(fixture, agg('sum', 'equals', [0]))).toEqual(['none', 'unreadable'])
    expect(await sel(fixture, agg('sum', 'lessThan', [1]))).toEqual(['decimals', 'none', 'unreadable'])
    expect(await sel(fixture, agg('sum', 'notBetween', [1, 1000]))).toEqual(['decimals', 'none', 'unreadable'])
  })

  it('avg, min and max of nothing are not comparable: only notEquals and notBetween match them', async () => {
    expect(await sel(fixture, agg('avg', 'atLeast', [0]))).toEqual(['decimals', 'mixed', 'old', 'thirds'])
    expect(await sel(fixture, agg('min', 'notEquals', [10]))).toEqual(['decimals', 'none', 'old', 'thirds', 'unreadable'])
    expect(await sel(fixture, agg('max', 'notBetween', [0, 100]))).toEqual(['none', 'old', 'unreadable'])
    expect(await sel(fixture, agg('max', 'equals', [20]))).toEqual(['mixed'])
  })

  it('avg is exact: 5/3 is neither 1.6666666666666667 nor above it', async () => {
    expect(await sel(fixture, agg('avg', 'equals', [1.6666666666666667]))).toEqual([])
    expect(await sel(fixture, agg('avg', 'lessThan', [1.6666666666666667]))).toEqual(['decimals', 'thirds'])
    expect(await sel(fixture, agg('avg', 'between', [15, 15]))).toEqual(['mixed'])
    expect(await sel(fixture, agg('avg', 'equals', [15, 0.15]))).toEqual(['decimals', 'mixed'])
  })

  it('distinctCount: distinct values as strings; a list gives its elements, an object and null nothing; none is 0', async () => {
    const values: Fixture = { users: {
      many: { properties: { p: 1 }, events: [
        { event: 'buy', time: t(1), properties: { amount: 1 } }, { event: 'buy', time: t(2), properties: { amount: '1' } },
        { event: 'buy', time: t(3), properties: { amount: ['2', 3, null, { a: 1 }] } }, { event: 'buy', time: t(4), properties: { amount: { a: 1 } } },
        { event: 'buy', time: t(5), properties: { amount: null } }, { event: 'buy', time: t(6), properties: { amount: 1.0 } }] },
      objects: { properties: { p: 1 }, events: [{ event: 'buy', time: t(1), properties: { amount: { a: 1 } } }] },
      none: { properties: { p: 1 } },
    } }
    expect(await sel(values, agg('distinctCount', 'equals', [3]))).toEqual(['many'])
    expect(await sel(values, agg('distinctCount', 'equals', [0]))).toEqual(['none', 'objects'])
    expect(await sel(values, agg('distinctCount', 'atMost', [2]))).toEqual(['none', 'objects'])
  })

  it('$any and a where choose the events', async () => {
    expect(await sel(fixture, agg('max', 'atLeast', [1000], { event: '$any' }))).toEqual(['mixed'])
    const big = where({ type: 'property', property: 'amount', dataType: 'number', operator: 'greaterThan', values: [15] })
    expect(await sel(fixture, agg('sum', 'equals', [20], { where: big }))).toEqual(['mixed'])
  })
})

describe('sequences', () => {
  const fixture: Fixture = { users: {
    inOrder: { properties: { p: 1 }, events: [{ event: 'view', time: t(5) }, { event: 'cart', time: t(4) }, { event: 'buy', time: t(3) }] },
    reversed: { properties: { p: 1 }, events: [{ event: 'buy', time: t(5) }, { event: 'cart', time: t(4) }, { event: 'view', time: t(3) }] },
    tie: { properties: { p: 1 }, events: [{ event: 'view', time: t(2) }, { event: 'cart', time: t(2) }] },
    slow: { properties: { p: 1 }, events: [{ event: 'view', time: t(10) }, { event: 'cart', time: t(3) }] },
    // a late start makes the span short: view@10 … view@1.1, cart@1
    restart: { properties: { p: 1 }, events: [{ event: 'view', time: t(10) }, { event: 'view', time: t(1.1) }, { event: 'cart', time: t(1) }] },
    exactDay: { properties: { p: 1 }, events: [{ event: 'view', time: t(2) }, { event: 'cart', time: t(1) }] },
    twice: { properties: { p: 1 }, events: [{ event: 'view', time: t(3) }, { event: 'view', time: t(2) }] },
    none: { properties: { p: 1 } },
  } }
  const seq = (events: string[], extra: Partial<SequenceCondition> = {}): Condition =>
    ({ type: 'sequence', operator: 'did', steps: events.map(event => ({ event })), ...extra })

  it('did: one event per step, in order, at strictly increasing times (events at the same instant are not in order)', async () => {
    expect(await sel(fixture, seq(['view', 'cart']))).toEqual(['exactDay', 'inOrder', 'restart', 'slow'])
    expect(await sel(fixture, seq(['view', 'cart', 'buy']))).toEqual(['inOrder'])
    expect(await sel(fixture, seq(['buy', 'view']))).toEqual(['reversed'])
  })

  it('the same event in two steps needs two events', async () => {
    expect(await sel(fixture, seq(['view', 'view']))).toEqual(['restart', 'twice'])
  })

  it('within: the last step at most that long after the first, the bound included, whatever start does it', async () => {
    expect(await sel(fixture, seq(['view', 'cart'], { within: { amount: 1, unit: 'day' } }))).toEqual(['exactDay', 'inOrder', 'restart'])
    expect(await sel(fixture, seq(['view', 'cart'], { within: { amount: 23, unit: 'hour' } }))).toEqual(['restart'])
    expect(await sel(fixture, seq(['view', 'cart'], { within: { amount: 2, unit: 'week' } }))).toEqual(['exactDay', 'inOrder', 'restart', 'slow'])
  })

  it('window: every step inside it', async () => {
    expect(await sel(fixture, seq(['view', 'cart'], { window: { last: 7, unit: 'day' } }))).toEqual(['exactDay', 'inOrder', 'restart'])
    expect(await sel(fixture, seq(['view', 'cart'], { window: { last: 1.05, unit: 'day' } }))).toEqual([])
  })

  it('didNot: its negation, so users with no events match', async () => {
    expect(await sel(fixture, seq(['view', 'cart'], { operator: 'didNot' }))).toEqual(['none', 'reversed', 'tie', 'twice'])
  })

  it('a where per step, and $any steps', async () => {
    const data: Fixture = { users: {
      bigAfterSearch: { events: [{ event: 'search', time: t(3) }, { event: 'buy', time: t(2), properties: { amount: 90 } }] },
      smallAfterSearch: { events: [{ event: 'search', time: t(3) }, { event: 'buy', time: t(2), properties: { amount: 9 } }] },
      bigThenAny: { events: [{ event: 'buy', time: t(3), properties: { amount: 90 } }, { event: 'logout', time: t(1) }] },
    } }
    const big = where({ type: 'property', property: 'amount', dataType: 'number', operator: 'atLeast', values: [50] })
    expect(await sel(data, { type: 'sequence', operator: 'did', steps: [{ event: 'search' }, { event: 'buy', where: big }] })).toEqual(['bigAfterSearch'])
    expect(await sel(data, { type: 'sequence', operator: 'did', steps: [{ event: 'buy', where: big }, { event: '$any' }] })).toEqual(['bigThenAny'])
  })

  it('five steps', async () => {
    const data: Fixture = { users: {
      five: { events: ['a', 'b', 'a', 'b', 'c'].map((event, i) => ({ event, time: t(10 - i) })) },
      four: { events: ['a', 'b', 'b', 'c'].map((event, i) => ({ event, time: t(10 - i) })) },
    } }
    expect(await sel(data, seq(['a', 'b', 'a', 'b', 'c']))).toEqual(['five'])
  })
})

describe('group profiles', () => {
  const fixture: Fixture = {
    users: {
      u1: { events: [{ event: 'view', time: t(3), properties: { company: 'acme', amount: 5 } }, { event: 'buy', time: t(2), properties: { company: ['acme', 'globex'], amount: 7 } }] },
      u2: { events: [{ event: 'buy', time: t(40), properties: { company: 'globex', amount: 100 } }] },
    },
    groups: { company: { acme: { name: 'Acme' }, globex: { name: 'Globex' }, initech: { name: 'Initech' } } },
  }
  it('first time, aggregates and sequences count a group\'s events', async () => {
    const opts = { groupKey: 'company' }
    expect(await sel(fixture, { type: 'behavior', event: 'buy', operator: 'firstTime', window: { last: 7, unit: 'day' } }, opts)).toEqual(['acme'])
    expect(await sel(fixture, { type: 'aggregate', event: 'buy', fn: 'sum', property: 'amount', operator: 'equals', values: [107] }, opts)).toEqual(['globex'])
    expect(await sel(fixture, { type: 'aggregate', event: '$any', fn: 'sum', property: 'amount', operator: 'lessThan', values: [20] }, opts)).toEqual(['acme', 'initech'])
    expect(await sel(fixture, { type: 'sequence', operator: 'did', steps: [{ event: 'view' }, { event: 'buy' }] }, opts)).toEqual(['acme'])
  })
})

describe('unchanged: an old filter means what it meant', () => {
  it('and / or groups without k', async () => {
    const data = byValue('x', { a: 'pro', b: 'team', c: UNSET })
    const f: Group = { op: 'or', filters: [prop('string', 'equals', ['pro']), prop('string', 'equals', ['team'])] }
    expect(await sel(data, f)).toEqual(['a', 'b'])
    expect(await sel(data, { op: 'and', filters: [] })).toEqual(['a', 'b', 'c'])
  })
})

export { NOW }
