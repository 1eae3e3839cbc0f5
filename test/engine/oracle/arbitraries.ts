// fast-check generators for the differential test: messy profile and event
// data (strings from CSV, numbers, booleans, lists, JSON-in-strings, dates in
// every accepted shape and some that are not) and random valid filters up to
// three levels deep, drawn from pools small enough that conditions match.
import fc from 'fast-check'
import type { Condition, Group, PropertyCondition } from '../../../workers/engine/filter/types'
import { validateFilter } from '../../../workers/engine/filter/validate'
import {
  AGGREGATE_FNS, AGGREGATE_OPERATORS, arityOf, DATA_TYPES, operatorsOf, type DataType,
} from '../../../workers/engine/filter/operators'
import type { OracleCohort, OracleData, OracleEvent, OracleProfile } from './evaluate'
import { DAY_MS, NOW_MS } from './fixture'

export const PROFILE_PROPS = ['plan', 'n', 't', 'tags', 'flag', `we'ird "k" \\ $1 --;`, 'ünï']
export const EVENT_PROPS = ['amount', 'plan', 'when']
export const EVENT_NAMES = ['buy', 'view', `o'k; --`]
export const GROUP_KEY = 'company'
const GROUP_IDS = ['acme', 'globex', '42', 'ünï']

const MESSY_STRINGS = [
  '', ' ', 'pro', 'Pro', 'PRO plan', 'team', 'free', 'Über', 'über', '42', ' 42 ', '\t42\n', '-12', '3.50', '3.5', '1e3', '+5', '.5', '5.',
  'abc', '12abc', 'TRUE', 'true', ' yes ', 'Yes', '0', '1', 'no', 'false', '1e999999', '\u2003 7', '["pro","team"]', '[1, 2, "x"]', '[]',
  ' [ "a" ] ', '[bad', '{"a":1}', `a'b`, 'back\\slash', '$1', `'; drop table profiles; --`, 'emoji 😀', '2024-5-1', '2024-02-30',
  '1714521600',
]
const MESSY_NUMBERS = [0, 1, -1, 42, 3.5, -12, 1000, 0.1, 2.5, 0.5, 1e21, 1e-7, 99_999_999_999, 100_000_000_000, 1_714_521_600, 1_714_521_600_000]

/** A time near NOW, in one of the shapes the datetime cast reads (or a string it does not). */
const timeValue: fc.Arbitrary<unknown> = fc.tuple(
  fc.integer({ min: -70 * 86_400, max: 5 * 86_400 }),
  fc.integer({ min: 0, max: 999 }),
  fc.constantFrom('iso', 'isoMs', 'bare', 'space', 'offset', 'noZone', 'seconds', 'ms', 'secondsString'),
).map(([seconds, ms, shape]) => {
  const t = Math.floor(NOW_MS / 1000) * 1000 + seconds * 1000
  const iso = new Date(t).toISOString()
  switch (shape) {
    case 'iso': return iso.replace('.000Z', 'Z')
    case 'isoMs': return new Date(t + ms).toISOString()
    case 'bare': return iso.slice(0, 10)
    case 'space': return iso.slice(0, 16).replace('T', ' ')
    case 'offset': return new Date(t + 2 * 3_600_000).toISOString().slice(0, 19) + '+02:00'
    case 'noZone': return iso.slice(0, 19)
    case 'seconds': return t / 1000
    case 'ms': return t + ms
    default: return String(t / 1000)
  }
})

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...MESSY_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...MESSY_NUMBERS) },
  { weight: 1, arbitrary: fc.integer({ min: -20, max: 50 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: timeValue },
)

/** A profile or event property value, messy as files hold them. */
export const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom({ a: 1 }, [[1]], [{ a: 'pro' }], ['pro', ['team']]) },
)

const profileProperties = fc.dictionary(fc.constantFrom(...PROFILE_PROPS), value, { maxKeys: 4 })
const eventProperties = fc.dictionary(fc.constantFrom(...EVENT_PROPS), value, { maxKeys: 3 })

// --- filters ------------------------------------------------------------------

const STRING_VALUES = ['pro', 'Pro', 'team', 'über', '42', '3.5', 'true', 'yes', '', 'a', '1', `a'b`, '$1', 'x']
const NUMBER_VALUES = [0, 1, -12, 3.5, 42, 1000, 0.5, 1_714_521_600]
/** Aggregates land near the data's sums, counts and averages. */
const AGGREGATE_VALUES = [0, 1, 2, 3, 0.5, 3.5, 42, 45.5, -12, 100, 1e21]
const DATE_VALUES = (() => {
  const out: string[] = []
  for (const days of [-60, -31, -30, -7, -1, 0, 1]) {
    const t = NOW_MS + days * DAY_MS
    out.push(new Date(t).toISOString().slice(0, 10), new Date(t).toISOString(), new Date(t - 3 * 3_600_000).toISOString().slice(0, 19) + '-03:00')
  }
  return out
})()

/** Patterns of the dialect that split the messy strings several ways. */
const PATTERNS = [
  'pro', '^p', 'o$', 'O', '\\d', '^\\d+$', '^[a-z]+$', '[^a-z]', '\\s', '\\S\\s', '.', '^$', '^(pro|team)$', 'e{2}', '\\w+\\s\\w+',
  '^[\\d.]+$', 'ü', '^.{2,3}$', 'a|1', '\\D\\W', '[a\\D]', '\\[', '^[^\\w]', '😀', '(r|e)+', '^-?\\d+(\\.\\d+)?$', 'TRUE|true',
]

/** Values a condition of each data type draws from. */
const VALUE_POOLS: Record<DataType, fc.Arbitrary<string | number>> = {
  string: fc.constantFrom(...STRING_VALUES),
  number: fc.constantFrom(...NUMBER_VALUES),
  boolean: fc.constantFrom(...STRING_VALUES), // boolean operators take no values
  datetime: fc.constantFrom(...DATE_VALUES),
  list: fc.constantFrom(...STRING_VALUES),
}

/** Any operator of any data type (the engine's table), with values of the shape it takes. */
function propertyCondition(names: string[]): fc.Arbitrary<PropertyCondition> {
  return fc.constantFrom(...DATA_TYPES).chain(dataType =>
    fc.tuple(fc.constantFrom(...names), fc.constantFrom(...operatorsOf(dataType))).chain(([property, operator]) => {
      const arity = arityOf(dataType, operator)
      const base = { type: 'property', property, dataType, operator } as PropertyCondition
      if (arity === 'none') return fc.constant(base)
      if (arity === 'relative') {
        return fc.record({ amount: fc.constantFrom(1, 7, 0.5, 30, 2), unit: fc.constantFrom('day' as const, 'week' as const, 'month' as const) })
          .map(r => ({ ...base, ...r }))
      }
      if (arity === 'pattern') return fc.constantFrom(...PATTERNS).map(pattern => ({ ...base, values: [pattern] }))
      const count = arity === 'one' ? { minLength: 1, maxLength: 1 } : arity === 'two' ? { minLength: 2, maxLength: 2 } : { minLength: 1, maxLength: 3 }
      return fc.array(VALUE_POOLS[dataType], count).map(values => {
        if (arity === 'two') values.sort((a, b) => typeof a === 'number' ? a - (b as number) : Date.parse(a) - Date.parse(b as string))
        return { ...base, values }
      })
    }))
}

function whereGroup(depth: number): fc.Arbitrary<Group> {
  const child: fc.Arbitrary<Group | Condition> = depth <= 1
    ? propertyCondition(EVENT_PROPS)
    : fc.oneof({ weight: 3, arbitrary: propertyCondition(EVENT_PROPS) }, { weight: 1, arbitrary: whereGroup(depth - 1) })
  return groupOf(child, 0, 2)
}

/** A group of `child`ren: and, or, or at least k of them (k drawn from 1 to their number; an empty one is "and"). */
function groupOf(child: fc.Arbitrary<Group | Condition>, minLength: number, maxLength: number): fc.Arbitrary<Group> {
  return fc.tuple(fc.constantFrom('and' as const, 'or' as const, 'atLeast' as const), fc.array(child, { minLength, maxLength }), fc.nat())
    .map(([op, filters, k]): Group => (op === 'atLeast' && filters.length > 0 ? { op, k: 1 + (k % filters.length), filters } : { op: op === 'atLeast' ? 'and' : op, filters }))
}

const windowArb = fc.oneof(
  fc.record({ last: fc.constantFrom(1, 7, 30, 0.5), unit: fc.constantFrom('day' as const, 'week' as const, 'month' as const) }),
  fc.tuple(fc.constantFrom(...DATE_VALUES), fc.constantFrom(...DATE_VALUES)).map(([a, b]) => Date.parse(a) <= Date.parse(b) ? { from: a, to: b } : { from: b, to: a }),
)

const aggregateCondition: fc.Arbitrary<Condition> = fc.record({
  event: fc.constantFrom(...EVENT_NAMES, '$any'),
  fn: fc.constantFrom(...AGGREGATE_FNS),
  property: fc.constantFrom(...EVENT_PROPS),
  operator: fc.constantFrom(...AGGREGATE_OPERATORS),
  values: fc.array(fc.constantFrom(...AGGREGATE_VALUES), { minLength: 2, maxLength: 3 }),
  window: fc.option(windowArb, { nil: undefined }),
  where: fc.option(whereGroup(1), { nil: undefined }),
}).map(({ operator, values, window, where, ...rest }): Condition => {
  const arity = arityOf('number', operator)
  const taken = arity === 'two' ? values.slice(0, 2).sort((a, b) => a - b) : arity === 'one' ? values.slice(0, 1) : values
  return { type: 'aggregate', ...rest, operator, values: taken, ...(window ? { window } : {}), ...(where ? { where } : {}) }
})

const sequenceCondition: fc.Arbitrary<Condition> = fc.record({
  operator: fc.constantFrom('did' as const, 'didNot' as const),
  steps: fc.array(fc.record({ event: fc.constantFrom(...EVENT_NAMES, '$any'), where: fc.option(whereGroup(1), { nil: undefined }) }), { minLength: 2, maxLength: 4 }),
  within: fc.option(fc.record({ amount: fc.constantFrom(1, 12, 0.5, 3), unit: fc.constantFrom('hour' as const, 'day' as const, 'week' as const) }), { nil: undefined }),
  window: fc.option(windowArb, { nil: undefined }),
}).map(({ operator, steps, within, window }): Condition => ({
  type: 'sequence', operator,
  steps: steps.map(({ event, where }) => (where ? { event, where } : { event })),
  ...(within ? { within } : {}),
  ...(window ? { window } : {}),
}))

const behaviorCondition: fc.Arbitrary<Condition> = fc.record({
  event: fc.constantFrom(...EVENT_NAMES, '$any'),
  operator: fc.constantFrom('atLeast' as const, 'atMost' as const, 'exactly' as const, 'didNot' as const, 'firstTime' as const),
  count: fc.integer({ min: 0, max: 3 }),
  window: fc.option(windowArb, { nil: undefined }),
  where: fc.option(whereGroup(2), { nil: undefined }),
}).map(({ event, operator, count, window, where }) => ({
  type: 'behavior' as const, event, operator,
  ...(operator === 'didNot' || operator === 'firstTime' ? {} : { count }),
  // first time needs a window
  ...(window ? { window } : operator === 'firstTime' ? { window: { last: 30, unit: 'day' as const } } : {}),
  ...(where ? { where } : {}),
}))

/** A random filter, `depth` levels of groups at most; cohort conditions name `cohortIds`. */
export function filterArb(depth: number, cohortIds: string[], withBehavior = true): fc.Arbitrary<Group> {
  const conditions: Array<fc.Arbitrary<Condition>> = [propertyCondition(PROFILE_PROPS)]
  if (withBehavior) conditions.push(behaviorCondition, aggregateCondition, sequenceCondition)
  if (cohortIds.length > 0) {
    conditions.push(fc.record({ cohortId: fc.constantFrom(...cohortIds), operator: fc.constantFrom('in' as const, 'notIn' as const) })
      .map(r => ({ type: 'cohort' as const, ...r })))
  }
  const condition = fc.oneof(...conditions)
  const child: fc.Arbitrary<Group | Condition> = depth <= 1
    ? condition
    : fc.oneof({ weight: 3, arbitrary: condition }, { weight: 1, arbitrary: filterArb(depth - 1, cohortIds, withBehavior) })
  // Mostly non-empty: an empty group matches everyone, which tells little.
  const filters = fc.oneof({ weight: 9, arbitrary: fc.array(child, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant<Array<Group | Condition>>([]) })
  return fc.tuple(fc.constantFrom('and' as const, 'or' as const, 'atLeast' as const), filters, fc.nat())
    .map(([op, list, k]): Group => (op === 'atLeast' && list.length > 0 ? { op, k: 1 + (k % list.length), filters: list } : { op: op === 'atLeast' ? 'or' : op, filters: list }))
    // Generated to be valid; the validator has the last word (a same-instant reversed span, say).
    .filter(g => { try { validateFilter(g); return true } catch { return false } })
}

// --- data sets ------------------------------------------------------------------

const USER_IDS = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9', `u'10`, 'ü 11', '$1', 'Robert"); drop table profiles;--']

export const dataArb: fc.Arbitrary<OracleData> = fc.record({
  users: fc.uniqueArray(fc.record({
    id: fc.constantFrom(...USER_IDS),
    properties: fc.oneof({ weight: 4, arbitrary: profileProperties }, { weight: 1, arbitrary: fc.constant({}) }),
    hasProfile: fc.boolean(),
  }), { selector: u => u.id, minLength: 4, maxLength: USER_IDS.length }),
  groups: fc.uniqueArray(fc.record({ id: fc.constantFrom(...GROUP_IDS), properties: profileProperties }), { selector: g => g.id }),
  events: fc.array(fc.record({
    user: fc.nat(),
    event: fc.constantFrom(...EVENT_NAMES),
    // Some events share an instant (a sequence's steps must be strictly later than each other).
    seconds: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -70 * 86_400, max: 3 * 86_400 }) },
      { weight: 1, arbitrary: fc.constantFrom(-172_800, -86_400, -3_600, -60, 0) }),
    properties: eventProperties,
    company: fc.option(fc.constantFrom<unknown>('acme', ['acme', 'globex'], 42, 'nope', null, ['ünï', 'ünï'], { id: 'acme' }), { nil: undefined }),
  }), { maxLength: 60 }),
  members: fc.subarray([...USER_IDS, 'ghost']),
}).chain(raw => {
  const profiles: OracleProfile[] = raw.users.map((u, i) => ({
    id: i + 1, groupKey: '', distinctId: u.id, properties: u.properties, hasProfile: u.hasProfile || Object.keys(u.properties).length > 0,
  }))
  raw.groups.forEach((g, i) => profiles.push({ id: raw.users.length + i + 1, groupKey: GROUP_KEY, distinctId: g.id, properties: g.properties, hasProfile: true }))
  const events: OracleEvent[] = raw.users.length === 0 ? [] : raw.events.map(e => ({
    userId: (e.user % raw.users.length) + 1,
    time: NOW_MS + e.seconds * 1000,
    event: e.event,
    properties: e.company === undefined ? e.properties : { ...e.properties, [GROUP_KEY]: e.company },
  }))
  const staticCohort: OracleCohort = { id: 'c_static', kind: 'static', members: raw.members }
  // Cohorts of cohorts: dyn2 may use the static one and dyn1.
  return fc.tuple(filterArb(2, []), filterArb(2, ['c_static', 'c_dyn1'])).map(([f1, f2]): OracleData => ({
    profiles, events,
    cohorts: [staticCohort, { id: 'c_dyn1', kind: 'dynamic', filter: f1 }, { id: 'c_dyn2', kind: 'dynamic', filter: f2 }],
  }))
})

export const COHORT_IDS = ['c_static', 'c_dyn1', 'c_dyn2']
