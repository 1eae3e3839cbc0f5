// Compiles a validated filter (docs/filters.md) into one boolean SQL
// expression over the profile row `p` (p.id, p.distinct_id, p.properties).
//
// Every property name and value is bound through Params: the SQL text holds
// only placeholders, casts and our own keywords. Every expression this module
// returns is two-valued (true or false, never NULL), so `not (…)` is the
// spec's "not": the negative operators match unset values.
//
// Casting is the SQL functions of schema/001_initial.ts (cl_text, cl_num,
// cl_bool, cl_time), shared with sorting. A profile's numbers and datetimes
// are read from p.nums and p.times, where those casts are kept since the
// properties were written (schema/003_casts.ts); event properties are cast
// row by row. Choices the spec leaves open are in docs/filters.md.
import type { Params } from '../sql'
import type { BehaviorCondition, CohortCondition, Condition, Group, PropertyCondition } from './types'
import { isoMicros, parseIsoTime, secondsMicros, type IsoTime } from './iso'
import { FilterError, UNIT_DAYS } from './validate'

interface TimeSpan {
  before(iso: string): string
  after(iso: string, bare: boolean): string
  range(from: string, to: string, bounds: '[)' | '[]'): string
  inLast(amount: number, unit: keyof typeof UNIT_DAYS): string
}

export type CohortDefinition = { kind: 'dynamic'; filter: Group } | { kind: 'static' }

export interface CompileContext {
  params: Params
  /** The ISO time the filter treats as now (inLast, relative windows, dynamic cohorts). */
  now: string
  /** '' for users; else the group key whose group profiles `p` holds. */
  groupKey: string
  /** A saved cohort by id; undefined when there is none. */
  cohorts: (id: string) => CohortDefinition | undefined
}

/** The filter as a boolean SQL expression over `p`. Call validateFilter first; this throws FilterError on what it cannot compile. */
export function compileFilter(filter: Group, ctx: CompileContext): string {
  // Strict ISO, as in values: no zone means UTC (Date.parse would read a zoneless date-time as local time).
  const now = typeof ctx.now === 'string' ? parseIsoTime(ctx.now) : undefined
  if (!now) throw new FilterError('now', `must be an ISO date-time, not ${JSON.stringify(ctx.now)}`)
  return new Compiler({ ...ctx, now: now.start }).group(filter, '', 'p.properties', '')
}

const SCALAR = `('string', 'number', 'boolean')`
// What cl_bool reads as true, and as false, among the values files commonly hold.
const TRUE_VALUES = `array['true', '"true"', '"1"', '"yes"', '1']::jsonb[]`
const FALSE_VALUES = `array['false', '"false"', '"0"', '"no"', '""', '0', 'null']::jsonb[]`

function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

function isGroup(node: Group | Condition): node is Group {
  return !('type' in node)
}

class Compiler {
  private nowSql: string | undefined
  private nowMicrosSql: string | undefined
  /** The dynamic cohorts being expanded, outermost first: saving refuses cycles, this guards against any that got in anyway. */
  private expanding: string[] = []

  constructor(private ctx: CompileContext) {}

  // --- parameters -------------------------------------------------------

  /** A bound value with its type spelled out, so every use of a placeholder has one type. */
  bind(value: unknown, cast: string): string {
    return `${this.ctx.params.add(value)}::${cast}`
  }

  private text(value: string): string { return this.bind(value, 'text') }
  private texts(values: string[]): string { return this.bind(values, 'text[]') }
  private number(value: number): string { return this.bind(value, 'numeric') }
  private numbers(values: number[]): string { return this.bind(values, 'numeric[]') }
  private time(iso: string): string { return this.bind(iso, 'timestamptz') }

  /** `now`, bound once per query. */
  private now(): string {
    return this.nowSql ??= this.time(this.ctx.now)
  }

  /** `now - amount·unit` (a day is 86,400 s, a week 7 days, a month 30 days). */
  private nowMinus(amount: number, unit: keyof typeof UNIT_DAYS): string {
    const seconds = amount * UNIT_DAYS[unit] * 86_400
    return `(${this.now()} - make_interval(secs => ${this.bind(seconds, 'float8')}))`
  }

  // --- groups -----------------------------------------------------------

  /** `source` is the jsonb column conditions read: p.properties, or e.properties inside a behaviour's where. */
  group(group: Group, path: string, source: string, indent: string): string {
    if (group.filters.length === 0) return 'true' // an empty group matches everyone in scope
    const inner = indent + '  '
    const parts = group.filters.map((node, i) => {
      const nodePath = `${at(path, 'filters')}[${i}]`
      return isGroup(node) ? this.group(node, nodePath, source, inner) : this.condition(node, nodePath, source, inner)
    })
    if (parts.length === 1) return parts[0]!
    const op = group.op === 'or' ? 'or' : 'and'
    return `(${parts.join(`\n${inner}${op} `)})`
  }

  private condition(node: Condition, path: string, source: string, indent: string): string {
    switch (node.type) {
      case 'property': return this.property(node, path, source)
      case 'behavior':
        if (source !== 'p.properties') throw new FilterError(at(path, 'type'), 'must be "property" inside a where')
        return this.behavior(node, path, indent)
      case 'cohort':
        if (source !== 'p.properties') throw new FilterError(at(path, 'type'), 'must be "property" inside a where')
        return this.cohort(node, path, indent)
      default:
        throw new FilterError(at(path, 'type'), `is not a condition type: ${JSON.stringify((node as { type: unknown }).type)}`)
    }
  }

  // --- property conditions ----------------------------------------------

  private property(c: PropertyCondition, path: string, source: string): string {
    const key = this.text(c.property)
    const v = `(${source} -> ${key})`
    const set = `(${source} ? ${key} and ${v} <> 'null'::jsonb)`
    if (c.operator === 'isSet') return set
    if (c.operator === 'isNotSet') return `not ${set}`
    const values = c.values ?? []
    const bad = (): never => { throw new FilterError(at(path, 'operator'), `is not an operator of dataType ${JSON.stringify(c.dataType)}: ${JSON.stringify(c.operator)}`) }

    switch (c.dataType) {
      case 'string': {
        const strings = values as string[]
        switch (c.operator) {
          case 'equals': return this.equalsText(v, strings)
          case 'notEquals': return `not ${this.equalsText(v, strings)}`
          case 'contains': return this.anyText(v, t => this.containsAny(t, strings))
          case 'notContains': return `not ${this.anyText(v, t => this.containsAny(t, strings))}`
        }
        return bad()
      }
      case 'number': {
        const nums = values as number[]
        const test = (expr: string) => `coalesce(${expr}, false)`
        // Profiles keep their numbers cast (p.nums, schema/003_casts.ts): jsonb numbers order numerically.
        const onProfile = source === 'p.properties'
        const n = onProfile ? `(p.nums -> ${key})` : `cl_num(${v})`
        const num = (x: number) => onProfile ? this.bind(JSON.stringify(x), 'jsonb') : this.number(x)
        const inRange = (low: number, high: number) => onProfile
          ? `(${n} >= ${num(low)} and ${n} <= ${num(high)})`
          // A range holds the cast once (`between` would expand to two evaluations of it).
          : `numrange(${this.number(low)}, ${this.number(high)}, '[]') @> ${n}`
        const isIn = () => onProfile
          ? (nums.length === 1 ? `${n} = ${num(nums[0]!)}` : `${n} = any(${this.bind(nums.map(x => JSON.stringify(x)), 'jsonb[]')})`)
          : this.numberIn(n, nums)
        switch (c.operator) {
          case 'equals': return test(isIn())
          case 'notEquals': return `not ${test(isIn())}`
          case 'greaterThan': return test(`${n} > ${num(nums[0]!)}`)
          case 'lessThan': return test(`${n} < ${num(nums[0]!)}`)
          case 'atLeast': return test(`${n} >= ${num(nums[0]!)}`)
          case 'atMost': return test(`${n} <= ${num(nums[0]!)}`)
          case 'between': return test(inRange(nums[0]!, nums[1]!))
          case 'notBetween': return `not ${test(inRange(nums[0]!, nums[1]!))}`
        }
        return bad()
      }
      case 'boolean':
        if (c.operator === 'isTrue') return this.isTrue(v)
        if (c.operator === 'isFalse') return `not ${this.isTrue(v)}`
        return bad()
      case 'datetime': {
        const test = (expr: string) => `coalesce(${expr}, false)`
        const iso = (i: number): IsoTime => {
          const parsed = parseIsoTime(String(values[i]))
          if (!parsed) throw new FilterError(`${at(path, 'values')}[${i}]`, `must be an ISO date or date-time, not ${JSON.stringify(values[i])}`)
          return parsed
        }
        const span = source === 'p.properties' ? this.profileTimes(key) : this.eventTimes(v)
        switch (c.operator) {
          case 'on': {
            const day = iso(0)
            return test(span.range(day.dayStart, day.dayEnd, '[)'))
          }
          case 'before': return test(span.before(iso(0).start))
          case 'after': {
            const value = iso(0)
            return test(span.after(value.end, value.bare))
          }
          case 'between': {
            const from = iso(0), to = iso(1)
            return test(span.range(from.start, to.end, to.bare ? '[)' : '[]'))
          }
          case 'inLast':
          case 'notInLast': {
            if (c.amount === undefined || c.unit === undefined) throw new FilterError(at(path, 'amount'), `is required by ${c.operator}`)
            const inLast = test(span.inLast(c.amount, c.unit))
            return c.operator === 'inLast' ? inLast : `not ${inLast}`
          }
        }
        return bad()
      }
      case 'list': {
        const strings = values as string[]
        switch (c.operator) {
          case 'contains': return this.listContains(v, strings)
          case 'notContains': return `not ${this.listContains(v, strings)}`
        }
        return bad()
      }
    }
    throw new FilterError(at(path, 'dataType'), `is not a dataType: ${JSON.stringify(c.dataType)}`)
  }

  /**
   * Datetime tests on a profile property: p.times holds each property's
   * cl_time in microseconds since 1970 (schema/003_casts.ts), so a test is a
   * comparison of jsonb numbers against bounds computed here.
   */
  private profileTimes(key: string): TimeSpan {
    const t = `(p.times -> ${key})`
    const at = (iso: string) => this.bind(String(isoMicros(iso)), 'jsonb')
    const now = () => this.nowMicrosSql ??= this.bind(String(isoMicros(this.ctx.now)), 'jsonb')
    return {
      before: iso => `${t} < ${at(iso)}`,
      after: (iso, bare) => `${t} ${bare ? '>=' : '>'} ${at(iso)}`,
      range: (from, to, bounds) => `(${t} >= ${at(from)} and ${t} ${bounds === '[)' ? '<' : '<='} ${at(to)})`,
      inLast: (amount, unit) => {
        const from = isoMicros(this.ctx.now) - secondsMicros(amount * UNIT_DAYS[unit] * 86_400)
        return `(${t} >= ${this.bind(String(from), 'jsonb')} and ${t} <= ${now()})`
      },
    }
  }

  /** Datetime tests on an event property, cast row by row. */
  private eventTimes(v: string): TimeSpan {
    const t = `cl_time(${v})`
    return {
      before: iso => `${t} < ${this.time(iso)}`,
      after: (iso, bare) => `${t} ${bare ? '>=' : '>'} ${this.time(iso)}`,
      range: (from, to, bounds) => `tstzrange(${this.time(from)}, ${this.time(to)}, '${bounds}') @> ${t}`,
      inLast: (amount, unit) => `tstzrange(${this.nowMinus(amount, unit)}, ${this.now()}, '[]') @> ${t}`,
    }
  }

  /**
   * A test on the value as string: a scalar is tested as its text, a list
   * element by element (true when any element passes), anything else (unset,
   * null, an object) fails. A string, the common case, is tested as its own
   * text without going through cl_text.
   */
  private anyText(v: string, test: (text: string) => string): string {
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
  private equalsText(v: string, values: string[]): string {
    const strings = values.length === 1
      ? `${v} = ${this.bind(JSON.stringify(values[0]!), 'jsonb')}`
      : `${v} = any(${this.bind(values.map(x => JSON.stringify(x)), 'jsonb[]')})`
    return `coalesce(${strings} or (jsonb_typeof(${v}) in ('number', 'boolean', 'array')
      and ${this.anyText(v, t => this.equalsAny(t, values))}), false)`
  }

  /**
   * isTrue (cl_bool), with the values CSV files hold answered by jsonb
   * comparisons; anything else (" Yes ", 2.5…) goes through cl_bool.
   */
  private isTrue(v: string): string {
    return `coalesce(${v} = any(${TRUE_VALUES}) or (not ${v} = any(${FALSE_VALUES}) and cl_bool(${v})), false)`
  }

  private equalsAny(text: string, values: string[]): string {
    return values.length === 1 ? `${text} = ${this.text(values[0]!)}` : `${text} = any(${this.texts(values)})`
  }

  /** Case-insensitive substring test (lower() on both sides, so Postgres folds both the same way). */
  private containsAny(text: string, values: string[]): string {
    if (values.length === 1) return `strpos(lower(${text}), lower(${this.text(values[0]!)})) > 0`
    return `exists (select 1 from unnest(${this.texts(values)}) as needle(s) where strpos(lower(${text}), lower(needle.s)) > 0)`
  }

  private numberIn(n: string, values: number[]): string {
    return values.length === 1 ? `${n} = ${this.number(values[0]!)}` : `${n} = any(${this.numbers(values)})`
  }

  /** List contains: the value is a JSON array, or a string holding one; any scalar element, as string, equals any value. */
  private listContains(v: string, values: string[]): string {
    const list = `(case jsonb_typeof(${v})
        when 'array' then ${v}
        when 'string' then case when pg_input_is_valid(${v} #>> '{}', 'jsonb') then (${v} #>> '{}')::jsonb end
      end)`
    return `coalesce(case when jsonb_typeof(${list}) = 'array' then exists (
      select 1 from jsonb_array_elements(${list}) as el(x)
      where jsonb_typeof(el.x) in ${SCALAR} and ${this.equalsAny('cl_text(el.x)', values)}) end, false)`
  }

  // --- behaviour conditions ---------------------------------------------

  private behavior(c: BehaviorCondition, path: string, indent: string): string {
    const count = c.operator === 'didNot' ? 0 : c.count
    if (count === undefined || !Number.isInteger(count) || count < 0) throw new FilterError(at(path, 'count'), `must be a whole number >= 0, not ${JSON.stringify(count)}`)
    // Every count is at least 0: decided before anything is bound (an unused parameter is an error).
    if (c.operator === 'atLeast' && count === 0) return 'true'

    const conds: string[] = []
    if (c.event !== '$any') conds.push(`e.event = ${this.text(c.event)}`)
    const w = c.window
    if (w && 'last' in w) {
      conds.push(`e.time >= ${this.nowMinus(w.last, w.unit)}`, `e.time <= ${this.now()}`)
    } else if (w) {
      const from = parseIsoTime(w.from), to = parseIsoTime(w.to)
      if (!from) throw new FilterError(at(path, 'window.from'), `must be an ISO date or date-time, not ${JSON.stringify(w.from)}`)
      if (!to) throw new FilterError(at(path, 'window.to'), `must be an ISO date or date-time, not ${JSON.stringify(w.to)}`)
      conds.push(`e.time >= ${this.time(from.start)}`, `e.time ${to.bare ? '<' : '<='} ${this.time(to.end)}`)
    }
    if (c.where && c.where.filters.length > 0) conds.push(this.group(c.where, at(path, 'where'), 'e.properties', indent + '  '))

    const events = new EventCounts(this, conds, this.ctx.groupKey, indent)
    switch (c.operator) {
      case 'atLeast': return events.atLeast(count)
      case 'didNot': return `not ${events.atLeast(1)}`
      case 'atMost': return `not ${events.atLeast(count + 1)}`
      case 'exactly': return count === 0 ? `not ${events.atLeast(1)}` : events.exactly(count)
    }
    throw new FilterError(at(path, 'operator'), `is not a behaviour operator: ${JSON.stringify(c.operator)}`)
  }

  // --- cohort conditions ------------------------------------------------

  private cohort(c: CohortCondition, path: string, indent: string): string {
    if (this.ctx.groupKey !== '') {
      throw new FilterError(path, 'is a cohort condition: cohorts hold users, so they cannot filter group profiles')
    }
    const cohort = this.ctx.cohorts(c.cohortId)
    if (!cohort) throw new FilterError(at(path, 'cohortId'), `names no saved cohort (${JSON.stringify(c.cohortId)})`)
    let member: string
    if (cohort.kind === 'static') {
      member = `exists (select 1 from cohort_members m where m.cohort_id = ${this.text(c.cohortId)} and m.distinct_id = p.distinct_id)`
    } else {
      if (this.expanding.includes(c.cohortId)) {
        throw new FilterError(at(path, 'cohortId'), `reaches itself: ${[...this.expanding, c.cohortId].join(' → ')}`)
      }
      // A dynamic cohort is its definition evaluated now over All Users; for
      // one row that is the same predicate, so it is compiled inline.
      this.expanding.push(c.cohortId)
      try {
        member = this.group(cohort.filter, `${path}(cohort ${JSON.stringify(c.cohortId)})`, 'p.properties', indent)
      } finally {
        this.expanding.pop()
      }
      if (!member.startsWith('(')) member = `(${member})`
    }
    return c.operator === 'notIn' ? `not ${member}` : member
  }
}

/**
 * "The row's events that match" and how many there are, as SQL that can use
 * the events indexes:
 * - user scope: the row's events are `e.user_id = p.id`. "At least one" is
 *   `exists` (a semi-join or a hashed subplan, the planner's choice, through
 *   the (event, time) or (user_id, time, …) index). A larger threshold is
 *   `p.id in (… group by e.user_id having count(*) …)`: one pass over the
 *   matching events (through (event, time) for a named event), hashed. A
 *   per-user count stopped at the threshold (`limit`) was measured too: 1.8×
 *   slower for `$any` and 4× with a window (200k users, 1M events).
 * - group scope (groupKey non-empty): a group's events are those whose
 *   property named by the group key, as string, equals the group id; when that
 *   property is a list, each element names a group the event belongs to (once).
 */
class EventCounts {
  constructor(
    private compiler: Compiler,
    private conds: string[],
    private groupKey: string,
    private indent: string,
  ) {}

  private where(extra: string[] = []): string {
    const all = [...extra, ...this.conds]
    return all.length === 0 ? '' : `where ${all.join(' and ')}`
  }

  /** The rows (`p.id`, or `p.distinct_id` of a group) whose matching events, counted, satisfy `having`. */
  private rowsWith(having?: string): string {
    if (this.groupKey === '') {
      const groupBy = having ? ` group by e.user_id having ${having}` : ''
      return `p.id in (select e.user_id from events e ${this.where()}${groupBy})`
    }
    const key = this.compiler.bind(this.groupKey, 'text')
    const ids = `(e.properties -> ${key})`
    const groupBy = having ? `\n${this.indent}  group by g.id having ${having}` : ''
    return `p.distinct_id in (select g.id from events e
      cross join lateral (
        select distinct cl_text(el.x) as id
        from jsonb_array_elements(case jsonb_typeof(${ids}) when 'array' then ${ids} else jsonb_build_array(${ids}) end) as el(x)
        where jsonb_typeof(el.x) in ${SCALAR}) as g
      ${this.where([`e.properties ? ${key}`])}${groupBy})`
  }

  atLeast(k: number): string {
    if (k === 1) return this.groupKey === '' ? `exists (select 1 from events e ${this.where(['e.user_id = p.id'])})` : this.rowsWith()
    return this.rowsWith(`count(*) >= ${this.compiler.bind(k, 'bigint')}`)
  }

  exactly(n: number): string {
    return this.rowsWith(`count(*) = ${this.compiler.bind(n, 'bigint')}`)
  }
}
