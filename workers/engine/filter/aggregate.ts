// Aggregate conditions (docs/filters.md, "Aggregates"): a number computed over
// the user's matching events' property — sum, average, minimum, maximum, or
// how many distinct values — compared like a number property.
//
// One grouped pass over the matching events gives the number for every user
// who has any; everyone else has the empty aggregate (sum 0, distinct count 0,
// no average, minimum or maximum). Which side the empty aggregate falls on is
// known here, so the SQL is either "users whose number passes" or "everyone
// but users whose number fails".
//
// Numbers are read "as number" (cl_num, numeric: decimal arithmetic, no
// binary rounding); an average is compared without dividing (avg > v is
// sum > v × count), so it is exact too. Distinct values are read "as string"
// (cl_text), a list contributing each of its scalar elements.
import type { Binder } from './bind'
import type { AggregateCondition } from './types'
import type { AggregateFn, AggregateOperator } from './operators'
import { at } from './groups'
import { EventCounts, eventConds, windowConds } from './events'
import { SCALAR } from './property'
import { FilterError } from './validate'

/** Whether an operator is the negation of another (so the empty aggregate, not comparable, matches it). */
const NEGATED: Record<AggregateOperator, boolean> = {
  equals: false, notEquals: true, greaterThan: false, lessThan: false, atLeast: false, atMost: false, between: false, notBetween: true,
}

/** The positive comparison each operator is, or is the negation of. */
type Comparison = 'in' | '>' | '<' | '>=' | '<=' | 'between'
const COMPARISON: Record<AggregateOperator, Comparison> = {
  equals: 'in', notEquals: 'in', greaterThan: '>', lessThan: '<', atLeast: '>=', atMost: '<=', between: 'between', notBetween: 'between',
}

/** The empty aggregate's number, or undefined where it is not comparable. */
const EMPTY: Record<AggregateFn, number | undefined> = { sum: 0, distinctCount: 0, avg: undefined, min: undefined, max: undefined }

function holds(cmp: Comparison, x: number, values: number[]): boolean {
  switch (cmp) {
    case 'in': return values.includes(x)
    case '>': return x > values[0]!
    case '<': return x < values[0]!
    case '>=': return x >= values[0]!
    case '<=': return x <= values[0]!
    case 'between': return values[0]! <= x && x <= values[1]!
  }
}

export function compileAggregate(c: AggregateCondition, path: string, b: Binder, groupKey: string, indent: string): string {
  const cmp = COMPARISON[c.operator]
  if (cmp === undefined) throw new FilterError(at(path, 'operator'), `is not an aggregate operator: ${JSON.stringify(c.operator)}`)
  const empty = EMPTY[c.fn]
  const emptyPasses = empty !== undefined && holds(cmp, empty, c.values)
  const emptyMatches = NEGATED[c.operator] ? !emptyPasses : emptyPasses

  const conds = [...eventConds(c.event, c.where, path, b, indent), ...windowConds(c.window, path, b)]
  const key = b.text(c.property)
  const v = `(e.properties -> ${key})`
  let join = ''
  let passes: string
  switch (c.fn) {
    case 'sum': passes = compare(b, cmp, `coalesce(sum(cl_num(${v})), 0)`, c.values); break
    case 'min': passes = compare(b, cmp, `min(cl_num(${v}))`, c.values); break
    case 'max': passes = compare(b, cmp, `max(cl_num(${v}))`, c.values); break
    case 'avg': passes = compareAverage(b, cmp, `sum(cl_num(${v}))`, `count(cl_num(${v}))`, c.values); break
    case 'distinctCount':
      // Each event's values as strings: a scalar as itself, a list element by element; objects and null give none.
      join = `cross join lateral (
        select cl_text(el.x) as t
        from jsonb_array_elements(case jsonb_typeof(${v}) when 'array' then ${v} else jsonb_build_array(${v}) end) as el(x)
        where jsonb_typeof(el.x) in ${SCALAR}) as val`
      passes = compare(b, cmp, 'count(distinct val.t)', c.values)
      break
    default: throw new FilterError(at(path, 'fn'), `is not an aggregate: ${JSON.stringify(c.fn)}`)
  }
  const result = NEGATED[c.operator] ? `not ${passes}` : passes
  const events = new EventCounts(b, conds, groupKey, indent)
  return emptyMatches ? `not ${events.rowsWith(`not ${result}`, join)}` : events.rowsWith(result, join)
}

/** `x` (numeric, NULL when not comparable) against the values, two-valued. */
function compare(b: Binder, cmp: Comparison, x: string, values: number[]): string {
  switch (cmp) {
    case 'in': return `coalesce(${x} = ${values.length === 1 ? b.number(values[0]!) : `any(${b.numbers(values)})`}, false)`
    case 'between': return `coalesce(${x} between ${b.number(values[0]!)} and ${b.number(values[1]!)}, false)`
    default: return `coalesce(${x} ${cmp} ${b.number(values[0]!)}, false)`
  }
}

/** sum/count against the values without dividing: avg > v is sum > v·count (count > 0). */
function compareAverage(b: Binder, cmp: Comparison, sum: string, count: string, values: number[]): string {
  const scaled = (v: number) => `${b.number(v)} * ${count}`
  let test: string
  switch (cmp) {
    case 'in':
      test = values.length === 1 ? `${sum} = ${scaled(values[0]!)}`
        : `exists (select 1 from unnest(${b.numbers(values)}) as want(v) where want.v * ${count} = ${sum})`
      break
    case 'between': test = `${sum} between ${scaled(values[0]!)} and ${scaled(values[1]!)}`; break
    default: test = `${sum} ${cmp} ${scaled(values[0]!)}`
  }
  return `coalesce(${count} > 0 and ${test}, false)`
}
