// Checks a filter (docs/filters.md) before anything runs. The engine,
// the URL loader and cohort import all call validateFilter: it is pure (no
// database), and the one thing it cannot know, whether a cohort exists, is
// injected. Every error names the path of the bad node, as in
// `filters[2].window.last must be > 0`. Choices beyond the language itself
// are in docs/filters.md (unknown keys are refused, unused fields are refused, …).
// Conditions on events are validate-events.ts; operands validate-values.ts.
import type { Condition, Group } from './types'
import { DATA_TYPES, isDataType, isOperatorOf, operatorsOf } from './operators'
import {
  at, type CheckState, FilterError, isObject, MAX_CONDITIONS, MAX_DEPTH, name, oneOf, onlyKeys, present, show,
} from './check'
import { checkOperands } from './validate-values'
import { aggregate, behavior, sequence } from './validate-events'

export { FilterError, MAX_CONDITIONS, MAX_DEPTH }

export interface ValidateOptions {
  /** Whether a cohort id names a saved cohort; absent: cohort ids are not checked. */
  cohortExists?: (id: string) => boolean
}

const GROUP_OPS = ['and', 'or', 'atLeast'] as const
const COHORT_OPERATORS = ['in', 'notIn'] as const
const PROPERTY_KEYS = ['type', 'property', 'dataType', 'operator', 'values', 'amount', 'unit']
const COHORT_KEYS = ['type', 'cohortId', 'operator']

type ConditionCheck = (node: Record<string, unknown>, path: string, depth: number, state: CheckState) => void

/** One check per condition type: a new type fails to type-check here until it has one. */
const CONDITIONS: { [T in Condition['type']]: ConditionCheck } = {
  property: (node, path) => property(node, path),
  behavior: (node, path, depth, state) => behavior(node, path, depth, state, group),
  aggregate: (node, path, depth, state) => aggregate(node, path, depth, state, group),
  sequence: (node, path, depth, state) => sequence(node, path, depth, state, group),
  cohort: (node, path, _depth, state) => cohort(node, path, state),
}
const TYPES = Object.keys(CONDITIONS)

/**
 * Returns the filter, checked, as a fresh copy (keys in the caller's order, so
 * it round-trips through JSON unchanged), or throws a FilterError naming the
 * first bad node.
 */
export function validateFilter(input: unknown, opts: ValidateOptions = {}): Group {
  const state: CheckState = { conditions: 0, ...(opts.cohortExists ? { cohortExists: opts.cohortExists } : {}) }
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

function group(node: unknown, path: string, depth: number, inWhere: boolean, state: CheckState): void {
  if (!isObject(node)) throw new FilterError(path, `must be a group ({ op, filters }), not ${show(node)}`)
  if (depth > MAX_DEPTH) throw new FilterError(path, `nests groups too deeply (at most ${MAX_DEPTH} levels)`)
  onlyKeys(node, ['op', 'k', 'filters'], path)
  if (typeof node.op !== 'string' || !(GROUP_OPS as readonly string[]).includes(node.op)) {
    throw new FilterError(at(path, 'op'), `must be one of ${oneOf(GROUP_OPS)}, not ${show(node.op)}`)
  }
  if (!Array.isArray(node.filters)) throw new FilterError(at(path, 'filters'), `must be a list, not ${show(node.filters)}`)
  const n = node.filters.length
  if (node.op === 'atLeast') {
    if (n === 0) throw new FilterError(at(path, 'filters'), 'must not be empty for "atLeast" (at least k of no conditions is never true)')
    const k = node.k
    if (!present(node, 'k')) throw new FilterError(at(path, 'k'), 'is required by "atLeast"')
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > n) {
      throw new FilterError(at(path, 'k'), `must be a whole number from 1 to ${n} (the group's number of filters), not ${show(k)}`)
    }
  } else if (present(node, 'k')) {
    throw new FilterError(at(path, 'k'), `is only used by "atLeast", not by ${show(node.op)}`)
  }
  node.filters.forEach((child: unknown, i) => {
    const childPath = `${at(path, 'filters')}[${i}]`
    if (isObject(child) && !present(child, 'type') && present(child, 'op')) {
      group(child, childPath, depth + 1, inWhere, state)
    } else {
      condition(child, childPath, depth, inWhere, state)
    }
  })
}

function condition(node: unknown, path: string, depth: number, inWhere: boolean, state: CheckState): void {
  if (!isObject(node)) throw new FilterError(path, `must be a condition or a group, not ${show(node)}`)
  if (++state.conditions > MAX_CONDITIONS) throw new FilterError(path, `is one condition too many (a filter holds at most ${MAX_CONDITIONS})`)
  const type = node.type
  if (typeof type !== 'string' || !Object.hasOwn(CONDITIONS, type)) {
    throw new FilterError(at(path, 'type'), `must be one of ${oneOf(TYPES)}, not ${show(type)}`)
  }
  if (inWhere && type !== 'property') {
    throw new FilterError(at(path, 'type'), `must be "property": a where holds only conditions on the event's own properties`)
  }
  CONDITIONS[type as Condition['type']](node, path, depth, state)
}

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
  checkOperands(node, dataType, operator, path)
}

function cohort(node: Record<string, unknown>, path: string, state: CheckState): void {
  onlyKeys(node, COHORT_KEYS, path)
  const id = node.cohortId
  if (typeof id !== 'string' || id === '') throw new FilterError(at(path, 'cohortId'), `must be a non-empty string, not ${show(id)}`)
  if (node.operator !== 'in' && node.operator !== 'notIn') {
    throw new FilterError(at(path, 'operator'), `must be one of ${oneOf(COHORT_OPERATORS)}, not ${show(node.operator)}`)
  }
  if (state.cohortExists && !state.cohortExists(id)) {
    throw new FilterError(at(path, 'cohortId'), `names no saved cohort (${show(id)})`)
  }
}
