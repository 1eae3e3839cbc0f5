// What every part of the filter builder shares: the catalog the pickers
// list, the edits a node can ask for, and how nodes are named.
import type { Cohort, EventInfo, PropertyInfo, ValueCount } from '../../workers/engine/types'
import type { Condition, Group, Node, Path } from './model'

/** What the pickers list; the page gets these from the engine's catalog. */
export interface FilterCatalog {
  properties: () => PropertyInfo[]
  events: () => EventInfo[]
  cohorts: () => Cohort[]
  /** why the catalog (properties, events, cohorts) could not be read; shown in the builder */
  error?: () => string | undefined
  /** top values of a property (of an event's properties when `event` is given) */
  values: (property: string, search: string, event?: string) => Promise<ValueCount[]>
  eventProperties: (event: string) => Promise<PropertyInfo[]>
}

export interface Ctx {
  readonly root: Group
  set(path: Path, node: Node): void
  remove(path: Path): void
  move(path: Path, by: -1 | 1): void
  add(path: Path, node: Node): void
  catalog: FilterCatalog
  impact(index: number): string | undefined
  complete(node: Node): boolean
}

/** What the editor of one condition type gets. `level`: the nesting level of the group it is in (the root is 1). */
export interface EditorProps<C extends Condition> {
  cond: C
  onChange: (c: C) => void
  ctx: Ctx
  level: number
}

let uid = 0
/** A page-unique id for an element (labels, lists). */
export const nextId = (prefix: string) => `${prefix}-${++uid}`

/** A node's number as people read it: 1, 2.1, 2.1.3. */
export function label(path: Path): string {
  return path.map(i => i + 1).join('.')
}
