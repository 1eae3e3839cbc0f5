// Property conditions as SQL (docs/filters.md, "Values and casting" and
// "Operators"): one record per data type, keyed by that type's operators
// (operators.ts), so an operator the table gains fails to type-check here
// until it compiles. Each entry is a thunk: only the operator used binds its
// parameters (an unused parameter is an error in Postgres).
//
// Every expression is two-valued (true or false, never NULL), so `not (…)` is
// the spec's "not": the negative operators match unset values. Casting is the
// SQL functions of schema/001_initial.ts (cl_text, cl_num, cl_bool, cl_time).
// A profile's numbers and datetimes are read from p.nums and p.times, where
// those casts are kept since the properties were written (schema/003_casts.ts);
// event properties are cast row by row.
import type { Binder } from './bind'
import type { DataType, OperatorOf } from './operators'
import type { PropertyCondition, PropertyConditionOf, TimeUnit } from './types'
import { isoMicros, parseIsoTime, secondsMicros, type IsoTime } from './iso'
import { UNIT_DAYS } from './bind'
import { FilterError } from './validate'
import { parsePattern } from './pattern'

/** What a property condition reads. */
export interface Operand {
  b: Binder
  /** the jsonb column: p.properties, or e.properties inside a where */
  source: string
  /** the property name, bound */
  key: string
  /** the value: `(source -> key)` */
  v: string
  /** reads a profile (p.nums and p.times hold its casts) */
  onProfile: boolean
  path: string
}

type Tests<D extends DataType> = (c: PropertyConditionOf<D>, o: Operand) => Record<OperatorOf<D>, () => string>

export const SCALAR = `('string', 'number', 'boolean')`
// What cl_bool reads as true, and as false, among the values files commonly hold.
const TRUE_VALUES = `array['true', '"true"', '"1"', '"yes"', '1']::jsonb[]`
const FALSE_VALUES = `array['false', '"false"', '"0"', '"no"', '""', '0', 'null']::jsonb[]`

const coalesced = (expr: string) => `coalesce(${expr}, false)`
const not = (expr: string) => `not ${expr}`

function isSet(o: Operand): string {
  return `(${o.source} ? ${o.key} and ${o.v} <> 'null'::jsonb)`
}

const PROPERTY: { [D in DataType]: Tests<D> } = {
  string: (c, o) => {
    const strings = (c.values ?? []) as string[]
    const equals = () => equalsText(o, strings)
    // Case-insensitive tests fold both sides with lower(), as contains does.
    const folded = (test: (text: string, needle: string) => string) => () => anyText(o, t => anyNeedle(o.b, strings, n => test(`lower(${t})`, `lower(${n})`)))
    const contains = folded((t, n) => `strpos(${t}, ${n}) > 0`)
    const startsWith = folded((t, n) => `starts_with(${t}, ${n})`)
    const endsWith = folded((t, n) => `right(${t}, char_length(${n})) = ${n}`)
    const matches = () => anyText(o, t => `${t} ~ ${o.b.text(regexOf(strings[0], o.path))}`)
    return {
      equals, notEquals: () => not(equals()),
      contains, notContains: () => not(contains()),
      startsWith, notStartsWith: () => not(startsWith()),
      endsWith, notEndsWith: () => not(endsWith()),
      matches, notMatches: () => not(matches()),
      isSet: () => isSet(o), isNotSet: () => not(isSet(o)),
    }
  },

  number: (c, o) => {
    const nums = (c.values ?? []) as number[]
    const { b, key, v, onProfile } = o
    // Profiles keep their numbers cast (p.nums): jsonb numbers order numerically.
    const n = onProfile ? `(p.nums -> ${key})` : `cl_num(${v})`
    const num = (x: number) => (onProfile ? b.json(x) : b.number(x))
    const isIn = () => onProfile
      ? (nums.length === 1 ? `${n} = ${num(nums[0]!)}` : `${n} = any(${b.bind(nums.map(x => JSON.stringify(x)), 'jsonb[]')})`)
      : (nums.length === 1 ? `${n} = ${b.number(nums[0]!)}` : `${n} = any(${b.numbers(nums)})`)
    const inRange = () => onProfile
      ? `(${n} >= ${num(nums[0]!)} and ${n} <= ${num(nums[1]!)})`
      // A range holds the cast once (`between` would expand to two evaluations of it).
      : `numrange(${b.number(nums[0]!)}, ${b.number(nums[1]!)}, '[]') @> ${n}`
    const compare = (op: string) => () => coalesced(`${n} ${op} ${num(nums[0]!)}`)
    return {
      equals: () => coalesced(isIn()), notEquals: () => not(coalesced(isIn())),
      greaterThan: compare('>'), lessThan: compare('<'), atLeast: compare('>='), atMost: compare('<='),
      between: () => coalesced(inRange()), notBetween: () => not(coalesced(inRange())),
      isSet: () => isSet(o), isNotSet: () => not(isSet(o)),
    }
  },

  boolean: (_c, o) => ({
    isTrue: () => isTrue(o.v),
    isFalse: () => not(isTrue(o.v)),
  }),

  datetime: (c, o) => {
    const values = c.values ?? []
    const iso = (i: number): IsoTime => {
      const parsed = parseIsoTime(String(values[i]))
      if (!parsed) throw new FilterError(`${at(o.path, 'values')}[${i}]`, `must be an ISO date or date-time, not ${JSON.stringify(values[i])}`)
      return parsed
    }
    const span = o.onProfile ? profileTimes(o) : eventTimes(o)
    const relative = (direction: 'last' | 'next') => () => {
      if (c.amount === undefined || c.unit === undefined) throw new FilterError(at(o.path, 'amount'), `is required by ${c.operator}`)
      return coalesced(direction === 'last' ? span.inLast(c.amount, c.unit) : span.inNext(c.amount, c.unit))
    }
    const inLast = relative('last'), inNext = relative('next')
    const on = () => {
      const day = iso(0)
      return coalesced(span.range(day.dayStart, day.dayEnd, '[)'))
    }
    const between = () => {
      const from = iso(0), to = iso(1)
      return coalesced(span.range(from.start, to.end, to.bare ? '[)' : '[]'))
    }
    return {
      on, notOn: () => not(on()),
      before: () => coalesced(span.before(iso(0).start)),
      after: () => {
        const value = iso(0)
        return coalesced(span.after(value.end, value.bare))
      },
      since: () => coalesced(span.since(iso(0).start)),
      between, notBetween: () => not(between()),
      inLast, notInLast: () => not(inLast()),
      inNext, notInNext: () => not(inNext()),
      isSet: () => isSet(o), isNotSet: () => not(isSet(o)),
    }
  },

  list: (c, o) => {
    const strings = (c.values ?? []) as string[]
    const contains = () => listContains(o, strings)
    return {
      contains, notContains: () => not(contains()),
      containsAll: () => listContainsAll(o, strings),
      isEmpty: () => {
        const list = listOf(o)
        return coalesced(`case when jsonb_typeof(${list}) = 'array' then jsonb_array_length(${list}) = 0 end`)
      },
      isSet: () => isSet(o), isNotSet: () => not(isSet(o)),
    }
  },
}

function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

function testsOf<D extends DataType>(c: PropertyConditionOf<D>, o: Operand): Record<OperatorOf<D>, () => string> {
  return PROPERTY[c.dataType](c, o)
}

/** A property condition as a boolean SQL expression over `source` (p.properties, or e.properties in a where). */
export function compileProperty(c: PropertyCondition, path: string, source: string, b: Binder): string {
  const key = b.text(c.property)
  const o: Operand = { b, source, key, v: `(${source} -> ${key})`, onProfile: source === 'p.properties', path }
  const tests = testsOf(c as PropertyConditionOf<DataType>, o) as Record<string, (() => string) | undefined>
  const test = Object.hasOwn(tests, c.operator) ? tests[c.operator] : undefined
  if (!test) throw new FilterError(at(path, 'operator'), `is not an operator of dataType ${JSON.stringify(c.dataType)}: ${JSON.stringify(c.operator)}`)
  return test()
}

// --- datetimes -------------------------------------------------------------

interface TimeSpan {
  before(iso: string): string
  after(iso: string, bare: boolean): string
  /** at or after `iso` */
  since(iso: string): string
  range(from: string, to: string, bounds: '[)' | '[]'): string
  inLast(amount: number, unit: TimeUnit): string
  inNext(amount: number, unit: TimeUnit): string
}

/**
 * Datetime tests on a profile property: p.times holds each property's
 * cl_time in microseconds since 1970 (schema/003_casts.ts), so a test is a
 * comparison of jsonb numbers against bounds computed here.
 */
function profileTimes({ b, key }: Operand): TimeSpan {
  const t = `(p.times -> ${key})`
  const micros = (iso: string) => b.bind(String(isoMicros(iso)), 'jsonb')
  return {
    before: iso => `${t} < ${micros(iso)}`,
    after: (iso, bare) => `${t} ${bare ? '>=' : '>'} ${micros(iso)}`,
    since: iso => `${t} >= ${micros(iso)}`,
    range: (from, to, bounds) => `(${t} >= ${micros(from)} and ${t} ${bounds === '[)' ? '<' : '<='} ${micros(to)})`,
    inLast: (amount, unit) => {
      const from = isoMicros(b.now) - secondsMicros(amount * UNIT_DAYS[unit] * 86_400)
      return `(${t} >= ${b.bind(String(from), 'jsonb')} and ${t} <= ${b.nowMicros()})`
    },
    inNext: (amount, unit) => {
      const to = isoMicros(b.now) + secondsMicros(amount * UNIT_DAYS[unit] * 86_400)
      return `(${t} >= ${b.nowMicros()} and ${t} <= ${b.bind(String(to), 'jsonb')})`
    },
  }
}

/** Datetime tests on an event property, cast row by row. */
function eventTimes({ b, v }: Operand): TimeSpan {
  const t = `cl_time(${v})`
  return {
    before: iso => `${t} < ${b.time(iso)}`,
    after: (iso, bare) => `${t} ${bare ? '>=' : '>'} ${b.time(iso)}`,
    since: iso => `${t} >= ${b.time(iso)}`,
    range: (from, to, bounds) => `tstzrange(${b.time(from)}, ${b.time(to)}, '${bounds}') @> ${t}`,
    inLast: (amount, unit) => `tstzrange(${b.nowMinus(amount, unit)}, ${b.nowSqlTime()}, '[]') @> ${t}`,
    inNext: (amount, unit) => `tstzrange(${b.nowSqlTime()}, ${b.nowPlus(amount, unit)}, '[]') @> ${t}`,
  }
}

// --- strings, booleans, lists ----------------------------------------------

/**
 * A test on the value as string: a scalar is tested as its text, a list
 * element by element (true when any element passes), anything else (unset,
 * null, an object) fails. A string, the common case, is tested as its own
 * text without going through cl_text.
 */
function anyText({ v }: Operand, test: (text: string) => string): string {
  return `coalesce(case jsonb_typeof(${v})
      when 'string' then ${test(`(${v} #>> '{}')`)}
      when 'array' then exists (select 1 from jsonb_array_elements(${v}) as el(x) where jsonb_typeof(el.x) in ${SCALAR} and ${test('cl_text(el.x)')})
      when 'object' then false
      else ${test(`cl_text(${v})`)} end, false)`
}

/**
 * equals, as anyText(equalsAny) answers it, with the common case first: a
 * JSON string equal to one of the values is one jsonb comparison. Only
 * numbers, booleans and lists need the casting rules.
 */
function equalsText(o: Operand, values: string[]): string {
  const { b, v } = o
  const strings = values.length === 1
    ? `${v} = ${b.json(values[0]!)}`
    : `${v} = any(${b.bind(values.map(x => JSON.stringify(x)), 'jsonb[]')})`
  return `coalesce(${strings} or (jsonb_typeof(${v}) in ('number', 'boolean', 'array')
      and ${anyText(o, t => equalsAny(b, t, values))}), false)`
}

/**
 * isTrue (cl_bool), with the values CSV files hold answered by jsonb
 * comparisons; anything else (" Yes ", 2.5…) goes through cl_bool.
 */
export function isTrue(v: string): string {
  return `coalesce(${v} = any(${TRUE_VALUES}) or (not ${v} = any(${FALSE_VALUES}) and cl_bool(${v})), false)`
}

export function equalsAny(b: Binder, text: string, values: string[]): string {
  return values.length === 1 ? `${text} = ${b.text(values[0]!)}` : `${text} = any(${b.texts(values)})`
}

/** `test(needle)` for any of `values`: one bound value, or an `exists` over the bound list. */
function anyNeedle(b: Binder, values: string[], test: (needle: string) => string): string {
  if (values.length === 1) return test(b.text(values[0]!))
  return `exists (select 1 from unnest(${b.texts(values)}) as needle(s) where ${test('needle.s')})`
}

/** A `matches` pattern as the Postgres regex it means (validation refused any other). */
function regexOf(pattern: string | undefined, path: string): string {
  const parsed = parsePattern(pattern ?? '')
  if (!parsed.ok) throw new FilterError(`${at(path, 'values')}[0]`, `${parsed.problem} (at character ${parsed.offset})`)
  return parsed.regex
}

/** The value as a list: a JSON array, or a string holding one; NULL for anything else. */
function listOf({ v }: Operand): string {
  return `(case jsonb_typeof(${v})
        when 'array' then ${v}
        when 'string' then case when pg_input_is_valid(${v} #>> '{}', 'jsonb') then (${v} #>> '{}')::jsonb end
      end)`
}

/** The list's scalar elements, as strings (an array; NULL when the value is not a list). */
function elementTexts(o: Operand): string {
  const list = listOf(o)
  return `case when jsonb_typeof(${list}) = 'array' then array(
      select cl_text(el.x) from jsonb_array_elements(${list}) as el(x) where jsonb_typeof(el.x) in ${SCALAR}) end`
}

/** List contains: any scalar element, as string, equals any value. */
function listContains(o: Operand, values: string[]): string {
  const list = listOf(o)
  return `coalesce(case when jsonb_typeof(${list}) = 'array' then exists (
      select 1 from jsonb_array_elements(${list}) as el(x)
      where jsonb_typeof(el.x) in ${SCALAR} and ${equalsAny(o.b, 'cl_text(el.x)', values)}) end, false)`
}

/** List contains all: every value equals some scalar element, as string. */
function listContainsAll(o: Operand, values: string[]): string {
  return `coalesce(${o.b.texts(values)} <@ ${elementTexts(o)}, false)`
}
