// The filter builder's model: the filter JSON of docs/filters.md and
// pure helpers to edit it by path. The builder edits this JSON and nothing
// else; what is incomplete while the user types (no property picked yet, no
// value) is left out of the query by `runnable()` and kept in the draft.
import { MAX_DEPTH, validateFilter } from '../../workers/engine/filter/validate'
import {
  arityOf as tableArity, DATA_TYPES, isOperatorOf, operatorsOf, type Arity,
} from '../../workers/engine/filter/operators'
import type {
  BehaviorCondition, BehaviorWindow, CohortCondition, Condition, DataType, Group, Operator, OperatorOf, PropertyCondition,
  PropertyConditionOf, TimeUnit,
} from '../../workers/engine/filter/types'

export type {
  Arity, BehaviorCondition, BehaviorWindow, CohortCondition, Condition, DataType, Group, Operator, OperatorOf,
  PropertyCondition, TimeUnit,
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
    isSet: 'is set', isNotSet: 'is not set',
  },
  number: {
    equals: 'equals', notEquals: 'does not equal', greaterThan: 'greater than', lessThan: 'less than',
    atLeast: 'at least', atMost: 'at most', between: 'between', notBetween: 'not between',
    isSet: 'is set', isNotSet: 'is not set',
  },
  boolean: { isTrue: 'is true', isFalse: 'is false' },
  datetime: {
    on: 'on', before: 'before', after: 'after', between: 'between',
    inLast: 'in the last', notInLast: 'not in the last', isSet: 'is set', isNotSet: 'is not set',
  },
  list: { contains: 'contains any of', notContains: 'contains none of', isSet: 'is set', isNotSet: 'is not set' },
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
]

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
  if (arity === 'one') values = values.slice(0, 1)
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
  return { ...root, filters }
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

/** Whether one condition is complete enough to run (the engine's own validation). */
export function complete(c: Condition): boolean {
  try {
    validateFilter({ op: 'and', filters: [c] })
    return true
  } catch {
    return false
  }
}

/**
 * The part of a draft that can run: incomplete conditions and groups left
 * empty by them are dropped. Equal drafts give equal JSON.
 */
export function runnable(group: Group): Group {
  const filters: Node[] = []
  for (const child of group.filters) {
    if (isGroup(child)) {
      const inner = runnable(child)
      if (inner.filters.length > 0) filters.push(inner)
    } else if (child.type === 'behavior' && child.where) {
      const where = runnable(child.where)
      const c: BehaviorCondition = { ...child }
      if (where.filters.length > 0) c.where = where
      else delete c.where
      if (complete(c)) filters.push(c)
    } else if (complete(child)) {
      filters.push(child)
    }
  }
  return { op: group.op, filters }
}

/** The filter without its top-level condition `i` (for "removes N users"). */
export function without(group: Group, i: number): Group {
  return { op: group.op, filters: group.filters.filter((_, j) => j !== i) }
}

// ------------------------------------------------------------ words

function quote(v: unknown): string {
  return typeof v === 'string' ? `“${v}”` : String(v)
}

/** One line that says what a condition means ("plan is “pro” or “team”"). */
export function describe(node: Node, cohortName: (id: string) => string = id => id): string {
  if (isGroup(node)) {
    if (node.filters.length === 0) return 'everyone'
    return `(${node.filters.map(n => describe(n, cohortName)).join(node.op === 'and' ? ' and ' : ' or ')})`
  }
  if (node.type === 'cohort') return `${node.operator === 'in' ? 'in' : 'not in'} cohort ${quote(cohortName(node.cohortId))}`
  if (node.type === 'behavior') {
    const event = node.event === '$any' ? 'any event' : quote(node.event)
    const times = node.operator === 'didNot' ? 'did not do ' + event
      : `did ${event} ${BEHAVIOR_OPERATORS.find(o => o.value === node.operator)!.label.replace('did ', '')} ${node.count ?? '?'} time${node.count === 1 ? '' : 's'}`
    const w = node.window
    const when = !w ? '' : 'last' in w ? ` in the last ${w.last} ${w.unit}${w.last === 1 ? '' : 's'}` : ` from ${w.from} to ${w.to}`
    return times + when
  }
  const op = operatorLabel(node.dataType, node.operator as OperatorOf<DataType>)
  const arity = arityOf(node.dataType, node.operator)
  const values = node.values ?? []
  const rest = arity === 'none' ? ''
    : arity === 'relative' ? ` ${node.amount} ${node.unit}${node.amount === 1 ? '' : 's'}`
    : arity === 'two' ? ` ${quote(values[0])} and ${quote(values[1])}`
    : ` ${values.map(quote).join(' or ')}`
  return `${node.property || '(no property)'} ${op}${rest}`
}
