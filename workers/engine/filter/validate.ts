// Checks a filter (docs/filters.md) before anything runs. The engine,
// the URL loader and cohort import all call validateFilter: it is pure (no
// database), and the one thing it cannot know, whether a cohort exists, is
// injected. Every error names the path of the bad node, as in
// `filters[2].window.last must be > 0`. Choices beyond the spec are listed in
// DECISIONS.md (unknown keys are refused, irrelevant fields are refused, …).
import type { Group, TimeUnit } from './types'
import { arityOf, DATA_TYPES, isDataType, isOperatorOf, operatorsOf, type DataType } from './operators'
import { isEmptySpan, parseIsoTime } from './iso'
import { UNIT_DAYS } from './bind'

/** A filter that cannot run; `path` names the bad node (`filters[1].count`, or '' for the whole filter). */
export class FilterError extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`${path || 'filter'} ${problem}`)
    this.name = 'FilterError'
  }
}

export interface ValidateOptions {
  /** Whether a cohort id names a saved cohort; absent: cohort ids are not checked. */
  cohortExists?: (id: string) => boolean
}

/** Groups nest at most this deep (the root group is level 1; a `where` continues its behaviour's level). */
export const MAX_DEPTH = 16
/** A filter holds at most this many conditions, and a condition at most this many values. */
export const MAX_CONDITIONS = 1000
export const MAX_VALUES = 10_000
/** Property and event names, as profiles.md limits property names. */
export const MAX_NAME_LENGTH = 255
/** `inLast` amounts and relative windows reach back at most this far (Postgres dates end at 4713 BC). */
export const MAX_DAYS_BACK = 1_000_000


const UNITS = Object.keys(UNIT_DAYS) as TimeUnit[]
const BEHAVIOR_OPERATORS = ['atLeast', 'atMost', 'exactly', 'didNot'] as const
const COHORT_OPERATORS = ['in', 'notIn'] as const

const GROUP_KEYS = ['op', 'filters']
const PROPERTY_KEYS = ['type', 'property', 'dataType', 'operator', 'values', 'amount', 'unit']
const BEHAVIOR_KEYS = ['type', 'event', 'operator', 'count', 'window', 'where']
const COHORT_KEYS = ['type', 'cohortId', 'operator']

/**
 * Returns the filter, checked, as a fresh copy (keys in the caller's order, so
 * it round-trips through JSON unchanged), or throws a FilterError naming the
 * first bad node.
 */
export function validateFilter(input: unknown, opts: ValidateOptions = {}): Group {
  const state = { conditions: 0, opts }
  group(input, '', 1, false, state)
  return JSON.parse(JSON.stringify(input)) as Group
}

/** Every cohort id the filter's cohort conditions name (validated or not: it only walks the shape). */
export function cohortIdsOf(filter: unknown, into = new Set<string>()): Set<string> {
  if (isObject(filter)) {
    if (filter.type === 'cohort' && typeof filter.cohortId === 'string') into.add(filter.cohortId)
    if (Array.isArray(filter.filters)) for (const child of filter.filters) cohortIdsOf(child, into)
  }
  return into
}

interface State { conditions: number; opts: ValidateOptions }

function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing'
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v)
  return JSON.stringify(v)
}

function oneOf(list: readonly string[]): string {
  return list.map(s => JSON.stringify(s)).join(', ')
}

/** Absent means missing or `undefined` (an optional TypeScript field); JSON never holds undefined. */
function present(node: Record<string, unknown>, key: string): boolean {
  return node[key] !== undefined
}

function onlyKeys(node: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(node)) {
    if (!allowed.includes(key) && node[key] !== undefined) {
      throw new FilterError(at(path, key), `is not a field of this node (allowed: ${allowed.join(', ')})`)
    }
  }
}

function group(node: unknown, path: string, depth: number, inWhere: boolean, state: State): void {
  if (!isObject(node)) throw new FilterError(path, `must be a group ({ op, filters }), not ${show(node)}`)
  if (depth > MAX_DEPTH) throw new FilterError(path, `nests groups too deeply (at most ${MAX_DEPTH} levels)`)
  onlyKeys(node, GROUP_KEYS, path)
  if (node.op !== 'and' && node.op !== 'or') throw new FilterError(at(path, 'op'), `must be "and" or "or", not ${show(node.op)}`)
  if (!Array.isArray(node.filters)) throw new FilterError(at(path, 'filters'), `must be a list, not ${show(node.filters)}`)
  node.filters.forEach((child: unknown, i) => {
    const childPath = `${at(path, 'filters')}[${i}]`
    if (isObject(child) && !present(child, 'type') && present(child, 'op')) {
      group(child, childPath, depth + 1, inWhere, state)
    } else {
      condition(child, childPath, depth, inWhere, state)
    }
  })
}

function condition(node: unknown, path: string, depth: number, inWhere: boolean, state: State): void {
  if (!isObject(node)) throw new FilterError(path, `must be a condition or a group, not ${show(node)}`)
  if (++state.conditions > MAX_CONDITIONS) throw new FilterError(path, `is one condition too many (a filter holds at most ${MAX_CONDITIONS})`)
  switch (node.type) {
    case 'property': return property(node, path)
    case 'behavior':
    case 'cohort':
      if (inWhere) throw new FilterError(at(path, 'type'), `must be "property": a behaviour's where holds only conditions on the event's properties`)
      return node.type === 'behavior' ? behavior(node, path, depth, state) : cohort(node, path, state)
    default:
      throw new FilterError(at(path, 'type'), `must be one of ${oneOf(['property', 'behavior', 'cohort'])}, not ${show(node.type)}`)
  }
}

function name(node: Record<string, unknown>, key: string, path: string): void {
  const v = node[key]
  if (typeof v !== 'string' || v === '') throw new FilterError(at(path, key), `must be a non-empty string, not ${show(v)}`)
  if (v.length > MAX_NAME_LENGTH) throw new FilterError(at(path, key), `must be at most ${MAX_NAME_LENGTH} characters`)
}

/** How each data type's values must look: `check` throws naming `path` when one does not. */
const VALUE_CHECKS: Record<DataType, (v: unknown, path: string) => void> = {
  string: text,
  list: text,
  boolean: text, // boolean operators take no values; the arity check refuses any before this runs
  number: (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new FilterError(path, `must be a finite number, not ${show(v)}`)
  },
  datetime: (v, path) => {
    if (typeof v !== 'string' || parseIsoTime(v) === undefined) {
      throw new FilterError(path, `must be an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SSZ), not ${show(v)}`)
    }
  },
}

function text(v: unknown, path: string): void {
  if (typeof v !== 'string') throw new FilterError(path, `must be a string, not ${show(v)}`)
}

/** Operators that read `amount` and `unit`, for the message that refuses them elsewhere. */
const RELATIVE = DATA_TYPES.flatMap(t => operatorsOf(t).filter(op => arityOf(t, op) === 'relative'))

function property(node: Record<string, unknown>, path: string): void {
  onlyKeys(node, PROPERTY_KEYS, path)
  name(node, 'property', path)
  const dataType = node.dataType
  if (!isDataType(dataType)) {
    throw new FilterError(at(path, 'dataType'), `must be one of ${oneOf(DATA_TYPES)}, not ${show(dataType)}`)
  }
  const operator = node.operator
  if (!isOperatorOf(dataType, operator)) {
    throw new FilterError(at(path, 'operator'), `must be one of ${oneOf(operatorsOf(dataType))} for dataType "${dataType}", not ${show(operator)}`)
  }
  const arity = arityOf(dataType, operator)

  if (arity === 'relative') {
    if (present(node, 'values') && !(Array.isArray(node.values) && node.values.length === 0)) {
      throw new FilterError(at(path, 'values'), `is not used by ${operator} (it takes amount and unit)`)
    }
    if (!present(node, 'amount')) throw new FilterError(at(path, 'amount'), `is required by ${operator}`)
    if (!present(node, 'unit')) throw new FilterError(at(path, 'unit'), `is required by ${operator}`)
    lookBack(node.amount, node.unit, at(path, 'amount'), at(path, 'unit'))
    return
  }
  for (const key of ['amount', 'unit']) {
    if (present(node, key)) throw new FilterError(at(path, key), `is only used by ${RELATIVE.slice(0, -1).join(', ')} and ${RELATIVE.at(-1)}, not by ${operator}`)
  }

  const valuesPath = at(path, 'values')
  const values = node.values
  if (arity === 'none') {
    if (present(node, 'values') && !(Array.isArray(values) && values.length === 0)) {
      throw new FilterError(valuesPath, `is not used by ${operator}`)
    }
    return
  }
  if (!present(node, 'values')) throw new FilterError(valuesPath, `is required by ${operator}`)
  if (!Array.isArray(values)) throw new FilterError(valuesPath, `must be a list, not ${show(values)}`)
  const wanted = arity === 'one' ? 1 : arity === 'two' ? 2 : undefined
  if (wanted !== undefined && values.length !== wanted) {
    throw new FilterError(valuesPath, `must hold exactly ${wanted} value${wanted === 1 ? '' : 's'} for ${operator}, not ${values.length}`)
  }
  if (values.length === 0) throw new FilterError(valuesPath, `must hold at least one value for ${operator}`)
  if (values.length > MAX_VALUES) throw new FilterError(valuesPath, `must hold at most ${MAX_VALUES} values`)

  values.forEach((v: unknown, i) => VALUE_CHECKS[dataType](v, `${valuesPath}[${i}]`))
  if (arity === 'two') {
    if (dataType === 'number' && (values[0] as number) > (values[1] as number)) {
      throw new FilterError(`${valuesPath}[1]`, `must be at least values[0] (${show(values[0])}) for ${operator}`)
    }
    if (dataType === 'datetime' && isEmptySpan(parseIsoTime(values[0] as string)!, parseIsoTime(values[1] as string)!)) {
      throw new FilterError(`${valuesPath}[1]`, `must not be before values[0] (${show(values[0])}) for ${operator}`)
    }
  }
}

/** An `inLast` amount or a window's `last`, with its unit. */
function lookBack(amount: unknown, unit: unknown, amountPath: string, unitPath: string): void {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) throw new FilterError(amountPath, `must be a finite number, not ${show(amount)}`)
  if (amount <= 0) throw new FilterError(amountPath, `must be > 0, not ${show(amount)}`)
  if (typeof unit !== 'string' || !UNITS.includes(unit as TimeUnit)) throw new FilterError(unitPath, `must be one of ${oneOf(UNITS)}, not ${show(unit)}`)
  if (amount * UNIT_DAYS[unit as TimeUnit] > MAX_DAYS_BACK) {
    throw new FilterError(amountPath, `reaches too far back (at most ${MAX_DAYS_BACK.toLocaleString('en')} days)`)
  }
}

function behavior(node: Record<string, unknown>, path: string, depth: number, state: State): void {
  onlyKeys(node, BEHAVIOR_KEYS, path)
  name(node, 'event', path)
  const operator = node.operator
  if (typeof operator !== 'string' || !(BEHAVIOR_OPERATORS as readonly string[]).includes(operator)) {
    throw new FilterError(at(path, 'operator'), `must be one of ${oneOf(BEHAVIOR_OPERATORS)}, not ${show(operator)}`)
  }
  const countPath = at(path, 'count')
  if (operator === 'didNot') {
    if (present(node, 'count')) throw new FilterError(countPath, 'is not used by didNot')
  } else {
    if (!present(node, 'count')) throw new FilterError(countPath, `is required by ${operator}`)
    const count = node.count
    if (typeof count !== 'number' || !Number.isFinite(count)) throw new FilterError(countPath, `must be a finite number, not ${show(count)}`)
    if (!Number.isInteger(count) || count < 0) throw new FilterError(countPath, `must be a whole number >= 0, not ${show(count)}`)
    if (count > 2_147_483_646) throw new FilterError(countPath, 'is too large')
  }
  if (present(node, 'window')) behaviorWindow(node.window, at(path, 'window'))
  if (present(node, 'where')) group(node.where, at(path, 'where'), depth + 1, true, state)
}

function behaviorWindow(window: unknown, path: string): void {
  if (!isObject(window)) throw new FilterError(path, `must be { last, unit } or { from, to }, not ${show(window)}`)
  if (present(window, 'last') || present(window, 'unit')) {
    onlyKeys(window, ['last', 'unit'], path)
    lookBack(window.last, window.unit, at(path, 'last'), at(path, 'unit'))
    return
  }
  if (!present(window, 'from') && !present(window, 'to')) throw new FilterError(path, 'must be { last, unit } or { from, to }')
  onlyKeys(window, ['from', 'to'], path)
  const bounds = (['from', 'to'] as const).map(key => {
    const v = window[key]
    const parsed = typeof v === 'string' ? parseIsoTime(v) : undefined
    if (!parsed) throw new FilterError(at(path, key), `must be an ISO date (YYYY-MM-DD) or date-time, not ${show(v)}`)
    return parsed
  })
  if (isEmptySpan(bounds[0]!, bounds[1]!)) throw new FilterError(at(path, 'to'), `must not be before ${at(path, 'from')}`)
}

function cohort(node: Record<string, unknown>, path: string, state: State): void {
  onlyKeys(node, COHORT_KEYS, path)
  const id = node.cohortId
  if (typeof id !== 'string' || id === '') throw new FilterError(at(path, 'cohortId'), `must be a non-empty string, not ${show(id)}`)
  if (node.operator !== 'in' && node.operator !== 'notIn') {
    throw new FilterError(at(path, 'operator'), `must be one of ${oneOf(COHORT_OPERATORS)}, not ${show(node.operator)}`)
  }
  if (state.opts.cohortExists && !state.opts.cohortExists(id)) {
    throw new FilterError(at(path, 'cohortId'), `names no saved cohort (${show(id)})`)
  }
}
