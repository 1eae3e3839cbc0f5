// The filter builder: edits the filter JSON of docs/filters.md and
// nothing else. Property, behaviour and cohort conditions, nested groups,
// remove and reorder. Every control has an accessible name; the browser tests
// find them by role and name. Each part is its own component file.
import { Show } from 'solid-js'
import { appendTo, complete, isGroup, move, removeAt, replaceAt, type Group, type Node, type Path } from './model'
import type { Ctx, FilterCatalog } from './context'
import { GroupBody } from './GroupBody'
import './filters.css'

export type { FilterCatalog }
export { TOP_VALUES } from './Chips'

export interface FilterBuilderProps {
  filter: Group
  onChange: (filter: Group) => void
  catalog: FilterCatalog
  /** text under a top-level condition ("removes 1,234 users") */
  impact?: (index: number) => string | undefined
  /** whether a condition is complete (an incomplete one is marked, and not counted) */
  complete?: (node: Node) => boolean
}

export function FilterBuilder(props: FilterBuilderProps) {
  const set = (path: Path, node: Node) => props.onChange(replaceAt(props.filter, path, node))
  const ctx: Ctx = {
    get root() { return props.filter },
    set,
    remove: path => props.onChange(removeAt(props.filter, path)),
    move: (path, by) => props.onChange(move(props.filter, path, by)),
    add: (path, node) => props.onChange(appendTo(props.filter, path, node)),
    catalog: props.catalog,
    impact: i => props.impact?.(i),
    complete: n => props.complete?.(n) ?? (isGroup(n) || complete(n)),
  }
  return (
    <div class="filter-builder" role="group" aria-label="Filters">
      <Show when={props.catalog.error?.()}>
        {message => <p class="catalog-error" role="alert">Could not read the properties, events or cohorts to pick from: {message()}</p>}
      </Show>
      <GroupBody group={props.filter} path={[]} ctx={ctx} />
    </div>
  )
}
