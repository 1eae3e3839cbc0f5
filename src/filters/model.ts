// The filter builder's model: the filter JSON of docs/filters.md and
// pure helpers to edit it by path. The builder edits this JSON and nothing
// else; what is incomplete while the user types (no property picked yet, no
// value) is left out of the query by `runnable()` and kept in the draft.
import { FilterError, MAX_DEPTH, validateFilter } from '../../workers/engine/filter/validate'
import { MAX_STEPS, MIN_STEPS } from '../../workers/engine/filter/validate-events'
import {
  AGGREGATE_FNS, AGGREGATE_OPERATORS, arityOf as tableArity, DATA_TYPES, isOperatorOf, operatorsOf, type Arity,
} from '../../workers/engine/filter/operators'
import type {
  AggregateCondition, AggregateFn, AggregateOperator, BehaviorCondition, BehaviorWindow, CohortCondition, Condition, DataType,
  Group, Operator, OperatorOf, PropertyCondition, PropertyConditionOf, SequenceCondition, SequenceStep, TimeUnit, WithinUnit,
} from '../../workers/engine/filter/types'

export type {
  AggregateCondition, AggregateFn, AggregateOperator, Arity, BehaviorCondition, BehaviorWindow, CohortCondition, Condition,
  DataType, Group, Operator, OperatorOf, PropertyCondition, SequenceCondition, SequenceStep, TimeUnit, WithinUnit,
}
export { DATA_TYPES, MAX_DEPTH, operatorsOf }
export type Node = Group | Condition

export const EMPTY: Group = { op: 'and', filters: [] }

export const TYPE_LABEL: Record<DataType, string> = {
  string: 'Text', number: 'Number', boolean: 'Boolean', datetime: 'Date', list: 'List',
}
export const UNITS: TimeUnit[] = ['day', 'week', 'month']

/** What the builder calls each operator of each type: a new operator in the engine's table fails to type-check here until it has a label. */
export const OPERATOR_LABELS: { [D in DataType]: Record<OperatorOf<D>, string> } = {
  string: {
    equals: 'is', notEquals: 'is not', contains: 'contains', notContains: 'does not contain',
    startsWith: 'starts with', notStartsWith: 'does not start with', endsWith: 'ends with', notEndsWith: 'does not end with',
    matches: 'matches pattern', notMatches: 'does not match pattern', isSet: 'is set', isNotSet: 'is not set',
  },
  number: {
    equals: 'equals', notEquals: 'does not equal', greaterThan: 'greater than', lessThan: 'less than',
    atLeast: 'at least', atMost: 'at most', between: 'between', notBetween: 'not between',
    isSet: 'is set', isNotSet: 'is not set',
  },
  boolean: { isTrue: 'is true', isFalse: 'is false' },
  datetime: {
    on: 'on', notOn: 'not on', before: 'before', after: 'after', since: 'since', between: 'between', notBetween: 'not between',
    inLast: 'in the last', notInLast: 'not in the last', inNext: 'in the next', notInNext: 'not in the next',
    isSet: 'is set', isNotSet: 'is not set',
  },
  list: {
    contains: 'contains any of', notContains: 'contains none of', containsAll: 'contains all of', isEmpty: 'is empty',
    isSet: 'is set', isNotSet: 'is not set',
  },
}

export function operatorLabel<D extends DataType>(dataType: D, operator: OperatorOf<D>): string {
  return (OPERATOR_LABELS[dataType] as Record<string, string>)[operator] ?? operator
}

/** The values an operator takes; 'none' for an operator the type does not have. */
export function arityOf(dataType: DataType, operator: string): Arity {
  return isOperatorOf(dataType, operator) ? tableArity(dataType, operator) : 'none'
}

export const BEHAVIOR_OPERATORS: Array<{ value: BehaviorCondition['operator']; label: string }> = [
  { value: 'atLeast', label: 'did at least' },
  { value: 'atMost', label: 'did at most' },
  { value: 'exactly', label: 'did exactly' },
  { value: 'didNot', label: 'did not do' },
  { value: 'firstTime', label: 'did for the first time' },
]

/** "total / average / min / max / distinct values of property of event". */
export const AGGREGATE_FN_LABELS: Record<AggregateFn, string> = {
  sum: 'total', avg: 'average', min: 'minimum', max: 'maximum', distinctCount: 'distinct values',
}
export { AGGREGATE_FNS, AGGREGATE_OPERATORS }

export const WITHIN_UNITS: WithinUnit[] = ['hour', 'day', 'week']
/** A sequence holds 2 to 5 steps. */
export { MAX_STEPS, MIN_STEPS }

export function isGroup(node: Node): node is Group {
  return (node as Group).op !== undefined && (node as Condition).type === undefined
}

export function newProperty(): PropertyCondition {
  return { type: 'property', property: '', dataType: 'string', operator: 'equals', values: [] }
}
export function newBehavior(): BehaviorCondition {
  return { type: 'behavior', event: '$any', operator: 'atLeast', count: 1, window: { last: 30, unit: 'day' } }
}
export function newCohort(cohortId = ''): CohortCondition {
  return { type: 'cohort', cohortId, operator: 'in' }
}
/** New aggregates and sequences start without a property or events: incomplete, so nothing heavy runs before they are chosen. */
export function newAggregate(): AggregateCondition {
  return { type: 'aggregate', event: '$any', fn: 'sum', property: '', operator: 'greaterThan', values: [], window: { last: 30, unit: 'day' } }
}
export function newSequence(): SequenceCondition {
  return { type: 'sequence', operator: 'did', steps: [{ event: '' }, { event: '' }], window: { last: 30, unit: 'day' } }
}

/** `node` with an optional field set, or left out when `value` is undefined (so the JSON has no `"where": undefined`). */
export function withOptional<T extends object, K extends keyof T>(node: T, key: K, value: T[K] | undefined): T {
  const next = { ...node }
  if (value === undefined) delete next[key]
  else next[key] = value
  return next
}

/** An aggregate moved to another operator: keeps the values it still takes. */
export function reoperate(c: AggregateCondition, operator: AggregateOperator): AggregateCondition {
  const arity = tableArity('number', operator)
  const values = arity === 'one' ? c.values.slice(0, 1) : arity === 'two' ? c.values.slice(0, 2) : c.values
  return { ...c, operator, values }
}

/** A property condition of a type and one of its operators (the operator checked against the type at run time). */
function conditionOf(property: string, dataType: DataType, operator: Operator): PropertyCondition {
  return { type: 'property', property, dataType, operator } as PropertyConditionOf<DataType> as PropertyCondition
}

/**
 * A property condition moved to another type or operator: keeps the values
 * that still make sense, drops what the new operator does not take.
 */
export function retype(c: PropertyCondition, dataType: DataType, operator?: string): PropertyCondition {
  const ops: string[] = operatorsOf(dataType)
  const op = (operator && ops.includes(operator) ? operator : ops.includes(c.operator) ? c.operator : ops[0]!) as Operator
  const arity = arityOf(dataType, op)
  const next = conditionOf(c.property, dataType, op)
  if (arity === 'relative') {
    next.amount = c.amount ?? 30
    next.unit = c.unit ?? 'day'
    return next
  }
  if (arity === 'none') return next
  const sameType = dataType === c.dataType
  let values = sameType ? [...(c.values ?? [])] : []
  if (arity === 'one' || arity === 'pattern') values = values.slice(0, 1)
  if (arity === 'two') values = values.slice(0, 2)
  next.values = values
  return next
}

// ------------------------------------------------------------ paths

/** A node's position: child indexes from the root group. */
export type Path = number[]

export function nodeAt(root: Group, path: Path): Node {
  let node: Node = root
  for (const i of path) node = (node as Group).filters[i]!
  return node
}

function update(root: Group, path: Path, fn: (node: Node) => Node | null): Group {
  if (path.length === 0) return fn(root) as Group
  const [i, ...rest] = path
  const filters = [...root.filters]
  if (rest.length === 0) {
    const next = fn(filters[i!]!)
    if (next === null) filters.splice(i!, 1)
    else filters[i!] = next
  } else {
    filters[i!] = update(filters[i!] as Group, rest, fn)
  }
  // "At least k" keeps k within its children as they come and go.
  return root.op === 'atLeast' && filters.length > 0 ? { ...root, k: Math.min(root.k ?? 1, filters.length), filters } : { ...root, filters }
}

export function replaceAt(root: Group, path: Path, node: Node): Group {
  return update(root, path, () => node)
}

export function removeAt(root: Group, path: Path): Group {
  return update(root, path, () => null)
}

export function appendTo(root: Group, groupPath: Path, node: Node): Group {
  return update(root, groupPath, g => ({ ...(g as Group), filters: [...(g as Group).filters, node] }))
}

/** Moves the node at `path` one place up (-1) or down (+1) inside its group. */
export function move(root: Group, path: Path, by: -1 | 1): Group {
  const parent = path.slice(0, -1)
  const i = path[path.length - 1]!
  return update(root, parent, g => {
    const filters = [...(g as Group).filters]
    const j = i + by
    if (j < 0 || j >= filters.length) return g
    ;[filters[i], filters[j]] = [filters[j]!, filters[i]!]
    return { ...(g as Group), filters }
  })
}

// ------------------------------------------------------------ running

/** Why one condition cannot run yet (the engine's own validation), or null when it can. */
export function problemOf(c: Condition): FilterError | null {
  try {
    validateFilter({ op: 'and', filters: [c] })
    return null
  } catch (e) {
    if (e instanceof FilterError) return e
    throw e
  }
}

/** Whether one condition is complete enough to run. */
export function complete(c: Condition): boolean {
  return problemOf(c) === null
}

/**
 * What the builder shows of a refusal: null while the condition is merely
 * unfinished (a property, event or value still to choose), else the engine's
 * own words, the path inside the condition included ("values[0] is not a
 * pattern: it has … (at character 2)").
 */
export function refusal(e: FilterError | null): string | null {
  if (!e) return null
  if (/^(is required|must hold at least one value|must hold exactly \d+ values?\b.*not 0$|must be a non-empty string)/.test(e.problem)) return null
  return `${e.path.replace(/^filters\[0\]\.?/, '')} ${e.problem}`.trim()
}

/** A group with its k kept inside 1 … filters.length (an empty "at least" group is an empty "and"). */
function withK(group: Group, filters: Node[]): Group {
  if (group.op !== 'atLeast') return { op: group.op, filters }
  if (filters.length === 0) return { op: 'and', filters }
  return { op: 'atLeast', k: Math.min(Math.max(1, group.k ?? 1), filters.length), filters }
}

/** A where with its incomplete conditions dropped: undefined when none is left. */
function runnableWhere(where: Group | undefined): Group | undefined {
  if (!where) return undefined
  const inner = runnable(where)
  return inner.filters.length > 0 ? inner : undefined
}

/** A condition with the incomplete parts of its where(s) dropped. */
function withRunnableWheres(c: Condition): Condition {
  switch (c.type) {
    case 'behavior': case 'aggregate': {
      const where = runnableWhere(c.where)
      const next = { ...c }
      if (where) next.where = where
      else delete next.where
      return next
    }
    case 'sequence':
      return { ...c, steps: c.steps.map(step => {
        const where = runnableWhere(step.where)
        return where ? { ...step, where } : { event: step.event }
      }) }
    default: return c
  }
}

/**
 * The part of a draft that can run: incomplete conditions and groups left
 * empty by them are dropped (an "at least k" group keeps k within what is
 * left). Equal drafts give equal JSON.
 */
export function runnable(group: Group): Group {
  const filters: Node[] = []
  for (const child of group.filters) {
    if (isGroup(child)) {
      const inner = runnable(child)
      if (inner.filters.length > 0) filters.push(inner)
    } else {
      const c = withRunnableWheres(child)
      if (complete(c)) filters.push(c)
    }
  }
  return withK(group, filters)
}

/**
 * The filter without its top-level condition `i` (for "removes N users"):
 * an "at least k" group keeps k when it can, else becomes "all of the rest".
 */
export function without(group: Group, i: number): Group {
  return withK(group, group.filters.filter((_, j) => j !== i))
}

/**
 * What condition `i` does to the count: `withoutCount` users match without
 * it, `total` with it. In "all of these" a condition removes users, in "any"
 * it adds them, in "at least k" either.
 */
export function impactWords(op: Group['op'], withoutCount: number, total: number): { verb: 'removes' | 'adds'; users: number } {
  const delta = withoutCount - total
  if (op === 'and' || (op === 'atLeast' && delta >= 0)) return { verb: 'removes', users: delta }
  return { verb: 'adds', users: -delta }
}

// ------------------------------------------------------------ words

function quote(v: unknown): string {
  return typeof v === 'string' ? `“${v}”` : String(v)
}

function windowWords(w: BehaviorWindow | undefined): string {
  return !w ? '' : 'last' in w ? ` in the last ${w.last} ${w.unit}${w.last === 1 ? '' : 's'}` : ` from ${w.from} to ${w.to}`
}

function eventWords(event: string): string {
  return event === '$any' ? 'any event' : event ? quote(event) : '(no event)'
}

function valueWords(arity: Arity, values: unknown[]): string {
  return arity === 'none' ? ''
    : arity === 'two' ? ` ${quote(values[0])} and ${quote(values[1])}`
    : ` ${values.map(quote).join(' or ')}`
}

/** One line that says what a condition means ("plan is “pro” or “team”"). */
export function describe(node: Node, cohortName: (id: string) => string = id => id): string {
  if (isGroup(node)) {
    if (node.filters.length === 0) return 'everyone'
    const parts = node.filters.map(n => describe(n, cohortName))
    if (node.op === 'atLeast') return `(at least ${node.k} of: ${parts.join('; ')})`
    return `(${parts.join(node.op === 'and' ? ' and ' : ' or ')})`
  }
  switch (node.type) {
    case 'cohort': return `${node.operator === 'in' ? 'in' : 'not in'} cohort ${quote(cohortName(node.cohortId))}`
    case 'behavior': {
      const event = eventWords(node.event)
      const times = node.operator === 'didNot' ? 'did not do ' + event
        : node.operator === 'firstTime' ? `did ${event} for the first time`
        : `did ${event} ${BEHAVIOR_OPERATORS.find(o => o.value === node.operator)!.label.replace('did ', '')} ${node.count ?? '?'} time${node.count === 1 ? '' : 's'}`
      return times + windowWords(node.window)
    }
    case 'aggregate':
      return `${AGGREGATE_FN_LABELS[node.fn]} of ${node.property || '(no property)'} of ${eventWords(node.event)}${windowWords(node.window)} `
        + `${operatorLabel('number', node.operator)}${valueWords(tableArity('number', node.operator), node.values)}`
    case 'sequence': {
      const within = node.within ? ` within ${node.within.amount} ${node.within.unit}${node.within.amount === 1 ? '' : 's'}` : ''
      return `${node.operator === 'did' ? 'did' : 'did not do'} ${node.steps.map(s => eventWords(s.event)).join(', then ')}${within}${windowWords(node.window)}`
    }
    case 'property': {
      const op = operatorLabel(node.dataType, node.operator as OperatorOf<DataType>)
      const arity = arityOf(node.dataType, node.operator)
      const rest = arity === 'relative' ? ` ${node.amount} ${node.unit}${node.amount === 1 ? '' : 's'}` : valueWords(arity, node.values ?? [])
      return `${node.property || '(no property)'} ${op}${rest}`
    }
  }
}
