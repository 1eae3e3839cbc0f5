// What each top-level condition of a filter does to the total: how many users
// it alone removes (in an "and"; adds, in an "or"), and, when nobody is left,
// the first condition after which nobody is. Counted one condition at a time
// after the total, each answer shown as it comes.
import type { Group, UsersQuery } from '../../workers/engine/types'
import { describe, without, type Node } from '../filters/model'
import type { Asking } from '../ui/latest'

export interface Removals {
  /** by the condition's JSON: the count without it minus the total (impactWords says removes or adds) */
  byCondition: Map<string, number>
  /** why nobody matches, when nobody does */
  blame: string | null
}

export const conditionKey = (node: Node) => JSON.stringify(node)

export async function countRemovals(
  query: UsersQuery,
  total: number,
  count: (query: UsersQuery) => Promise<number>,
  cohortName: (id: string) => string,
  asking: Asking<Removals>,
): Promise<Removals> {
  const f = query.filter
  const byCondition = new Map<string, number>()
  if (!f || f.filters.length === 0) return { byCondition, blame: null }
  for (let i = 0; i < f.filters.length; i++) {
    const rest = without(f, i)
    const n = await count({ ...query, filter: rest.filters.length ? rest : undefined })
    if (!asking.current()) return { byCondition, blame: null }
    byCondition.set(conditionKey(f.filters[i]!), n - total)
    asking.partial({ byCondition: new Map(byCondition), blame: null })
  }
  if (total > 0) return { byCondition, blame: null }
  if (f.op !== 'and') {
    return { byCondition, blame: f.op === 'atLeast' ? `No user matches at least ${f.k} of these conditions` : 'No condition matches anyone' }
  }
  // the first condition, in order, after which nobody is left
  for (let k = 1; k <= f.filters.length; k++) {
    const n = k === f.filters.length ? 0 : await count({ ...query, filter: { op: 'and', filters: f.filters.slice(0, k) } as Group })
    if (!asking.current()) break
    if (n === 0) return { byCondition, blame: `Condition ${k} (${describe(f.filters[k - 1]!, cohortName)}) removes everyone who is left` }
  }
  return { byCondition, blame: null }
}
