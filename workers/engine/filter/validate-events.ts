// Checks of the conditions on a user's events: behaviour (first time
// included), aggregate and sequence, and the windows they share. A where is
// checked by the group check passed in (validate.ts), as property conditions
// only, one level below its condition.
import { AGGREGATE_FNS, AGGREGATE_OPERATORS } from './operators'
import { isEmptySpan, parseIsoTime } from './iso'
import { at, choice, type CheckGroup, type CheckState, FilterError, isObject, name, onlyKeys, present, show } from './check'
import { checkOperands, relativeSpan, UNITS } from './validate-values'
import type { WithinUnit } from './types'

const BEHAVIOR_OPERATORS = ['atLeast', 'atMost', 'exactly', 'didNot', 'firstTime'] as const
const SEQUENCE_OPERATORS = ['did', 'didNot'] as const
const WITHIN_UNITS: readonly WithinUnit[] = ['hour', 'day', 'week']
const WITHIN_DAYS: Record<WithinUnit, number> = { hour: 1 / 24, day: 1, week: 7 }
/** A sequence has 2 to 5 steps. */
export const MIN_STEPS = 2
export const MAX_STEPS = 5

const BEHAVIOR_KEYS = ['type', 'event', 'operator', 'count', 'window', 'where']
const AGGREGATE_KEYS = ['type', 'event', 'fn', 'property', 'operator', 'values', 'window', 'where']
const SEQUENCE_KEYS = ['type', 'operator', 'steps', 'within', 'window']
const STEP_KEYS = ['event', 'where']

export function behavior(node: Record<string, unknown>, path: string, depth: number, state: CheckState, group: CheckGroup): void {
  onlyKeys(node, BEHAVIOR_KEYS, path)
  name(node, 'event', path)
  const operator = choice(node.operator, BEHAVIOR_OPERATORS, at(path, 'operator'))
  const countPath = at(path, 'count')
  if (operator === 'didNot' || operator === 'firstTime') {
    if (present(node, 'count')) throw new FilterError(countPath, `is not used by ${operator}`)
  } else {
    if (!present(node, 'count')) throw new FilterError(countPath, `is required by ${operator}`)
    const count = node.count
    if (typeof count !== 'number' || !Number.isFinite(count)) throw new FilterError(countPath, `must be a finite number, not ${show(count)}`)
    if (!Number.isInteger(count) || count < 0) throw new FilterError(countPath, `must be a whole number >= 0, not ${show(count)}`)
    if (count > 2_147_483_646) throw new FilterError(countPath, 'is too large')
  }
  if (operator === 'firstTime' && !present(node, 'window')) {
    throw new FilterError(at(path, 'window'), 'is required by firstTime (the window the first time must fall in)')
  }
  if (present(node, 'window')) eventWindow(node.window, at(path, 'window'))
  if (present(node, 'where')) group(node.where, at(path, 'where'), depth + 1, true, state)
}

export function aggregate(node: Record<string, unknown>, path: string, depth: number, state: CheckState, group: CheckGroup): void {
  onlyKeys(node, AGGREGATE_KEYS, path)
  name(node, 'event', path)
  choice(node.fn, AGGREGATE_FNS, at(path, 'fn'))
  name(node, 'property', path)
  const operator = choice(node.operator, AGGREGATE_OPERATORS, at(path, 'operator'))
  // As a number property condition: equals/notEquals any of one or more, the comparisons one, between two.
  checkOperands(node, 'number', operator, path)
  if (present(node, 'window')) eventWindow(node.window, at(path, 'window'))
  if (present(node, 'where')) group(node.where, at(path, 'where'), depth + 1, true, state)
}

export function sequence(node: Record<string, unknown>, path: string, depth: number, state: CheckState, group: CheckGroup): void {
  onlyKeys(node, SEQUENCE_KEYS, path)
  choice(node.operator, SEQUENCE_OPERATORS, at(path, 'operator'))
  const stepsPath = at(path, 'steps')
  const steps = node.steps
  if (!Array.isArray(steps)) throw new FilterError(stepsPath, `must be a list of steps ({ event, where }), not ${show(steps)}`)
  if (steps.length < MIN_STEPS || steps.length > MAX_STEPS) {
    throw new FilterError(stepsPath, `must hold ${MIN_STEPS} to ${MAX_STEPS} steps, not ${steps.length}`)
  }
  steps.forEach((step: unknown, i) => {
    const stepPath = `${stepsPath}[${i}]`
    if (!isObject(step)) throw new FilterError(stepPath, `must be a step ({ event, where }), not ${show(step)}`)
    onlyKeys(step, STEP_KEYS, stepPath)
    name(step, 'event', stepPath)
    if (present(step, 'where')) group(step.where, at(stepPath, 'where'), depth + 1, true, state)
  })
  if (present(node, 'within')) {
    const within = node.within
    const withinPath = at(path, 'within')
    if (!isObject(within)) throw new FilterError(withinPath, `must be { amount, unit }, not ${show(within)}`)
    onlyKeys(within, ['amount', 'unit'], withinPath)
    relativeSpan(within.amount, within.unit, WITHIN_UNITS, at(withinPath, 'amount'), at(withinPath, 'unit'), 'is too long', u => WITHIN_DAYS[u])
  }
  if (present(node, 'window')) eventWindow(node.window, at(path, 'window'))
}

/** `{ last, unit }` (up to now) or `{ from, to }` (ISO, both days included). */
function eventWindow(window: unknown, path: string): void {
  if (!isObject(window)) throw new FilterError(path, `must be { last, unit } or { from, to }, not ${show(window)}`)
  if (present(window, 'last') || present(window, 'unit')) {
    onlyKeys(window, ['last', 'unit'], path)
    relativeSpan(window.last, window.unit, UNITS, at(path, 'last'), at(path, 'unit'), 'reaches too far back')
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
