// fast-check generators for the differential test: messy profile and event
// data (strings from CSV, numbers, booleans, lists, JSON-in-strings, dates in
// every accepted shape and some that are not) and random valid filters up to
// three levels deep, drawn from pools small enough that conditions match.
import fc from 'fast-check'
import type { Condition, Group, PropertyCondition } from '../../../workers/engine/filter/types'
import { validateFilter } from '../../../workers/engine/filter/validate'
import { arityOf, DATA_TYPES, operatorsOf, type DataType } from '../../../workers/engine/filter/operators'
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

const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom({ a: 1 }, [[1]], [{ a: 'pro' }], ['pro', ['team']]) },
)

const profileProperties = fc.dictionary(fc.constantFrom(...PROFILE_PROPS), value, { maxKeys: 4 })
const eventProperties = fc.dictionary(fc.constantFrom(...EVENT_PROPS), value, { maxKeys: 3 })

// --- filters ------------------------------------------------------------------

const STRING_VALUES = ['pro', 'Pro', 'team', 'über', '42', '3.5', 'true', 'yes', '', 'a', '1', `a'b`, '$1', 'x']
const NUMBER_VALUES = [0, 1, -12, 3.5, 42, 1000, 0.5, 1_714_521_600]
const DATE_VALUES = (() => {
  const out: string[] = []
  for (const days of [-60, -31, -30, -7, -1, 0, 1]) {
    const t = NOW_MS + days * DAY_MS
    out.push(new Date(t).toISOString().slice(0, 10), new Date(t).toISOString(), new Date(t - 3 * 3_600_000).toISOString().slice(0, 19) + '-03:00')
  }
  return out
})()

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
  return fc.record({ op: fc.constantFrom('and' as const, 'or' as const), filters: fc.array(child, { maxLength: 2 }) })
}

const behaviorCondition: fc.Arbitrary<Condition> = fc.record({
  event: fc.constantFrom(...EVENT_NAMES, '$any'),
  operator: fc.constantFrom('atLeast' as const, 'atMost' as const, 'exactly' as const, 'didNot' as const),
  count: fc.integer({ min: 0, max: 3 }),
  window: fc.option(fc.oneof(
    fc.record({ last: fc.constantFrom(1, 7, 30, 0.5), unit: fc.constantFrom('day' as const, 'week' as const, 'month' as const) }),
    fc.tuple(fc.constantFrom(...DATE_VALUES), fc.constantFrom(...DATE_VALUES)).map(([a, b]) => Date.parse(a) <= Date.parse(b) ? { from: a, to: b } : { from: b, to: a }),
  ), { nil: undefined }),
  where: fc.option(whereGroup(2), { nil: undefined }),
}).map(({ event, operator, count, window, where }) => ({
  type: 'behavior' as const, event, operator,
  ...(operator === 'didNot' ? {} : { count }),
  ...(window ? { window } : {}),
  ...(where ? { where } : {}),
}))

/** A random filter, `depth` levels of groups at most; cohort conditions name `cohortIds`. */
export function filterArb(depth: number, cohortIds: string[], withBehavior = true): fc.Arbitrary<Group> {
  const conditions: Array<fc.Arbitrary<Condition>> = [propertyCondition(PROFILE_PROPS)]
  if (withBehavior) conditions.push(behaviorCondition)
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
  return fc.record({ op: fc.constantFrom('and' as const, 'or' as const), filters })
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
    seconds: fc.integer({ min: -70 * 86_400, max: 3 * 86_400 }),
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
