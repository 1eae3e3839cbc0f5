// What an action and its target must be, checked before anything is read or
// written: the same rules as an Engage update's (profiles/operations.ts) for
// property names and values, and the cohort checks of a static cohort edit.
import type { ProfileAction, UsersQuery } from '../types'
import { checkId, describe } from '../ids'
import { checkName, checkValue } from '../profiles/operations'
import { checkQuery } from '../users/query'

/** The most distinct ids a target lists (a selection ticked row by row; "all that match" is a query). */
export const MAX_TARGET_IDS = 1_000_000

const KINDS = ['set', 'unset', 'addToCohort', 'removeFromCohort', 'delete'] as const

/** The action as the engine runs it (only its own fields kept), or an Error naming the problem. */
export function checkAction(raw: unknown): ProfileAction {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`an action must be an object, not ${describe(raw)}`)
  const a = raw as Record<string, unknown>
  if (!KINDS.includes(a.kind as (typeof KINDS)[number])) {
    throw new Error(`action.kind must be one of ${KINDS.join(', ')}, not ${JSON.stringify(a.kind)}`)
  }
  const kind = a.kind as ProfileAction['kind']
  if (kind === 'set' || kind === 'unset') {
    if (typeof a.property !== 'string') throw new Error(`action.property must be a property name, not ${describe(a.property)}`)
    const property = a.property
    // Named as the Engage operation it stands for ($set / $unset), as the profile page's messages always were.
    const bad = checkName(`$${kind}`, property)
    if (bad) throw new Error(bad)
    if (kind === 'unset') return { kind, property }
    if (a.value === null) throw new Error(`$set.${property}: a value is needed (to remove the property, unset it)`)
    const problem = checkValue('$set', property, a.value)
    if (problem) throw new Error(problem)
    return { kind, property, value: a.value }
  }
  if (kind === 'addToCohort' || kind === 'removeFromCohort') {
    if (typeof a.cohortId !== 'string' || a.cohortId === '') throw new Error(`action.cohortId must be a cohort id, not ${describe(a.cohortId)}`)
    return { kind, cohortId: a.cohortId }
  }
  return { kind: 'delete' }
}

export type CheckedTarget =
  | { query: UsersQuery; except: string[]; groupKey: string }
  | { ids: string[]; groupKey: string }

/** The target with its ids checked as stored ids are (trimmed, not one of the refused ids). */
export function checkTarget(raw: unknown): CheckedTarget {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`an action's target must be an object, not ${describe(raw)}`)
  const t = raw as Record<string, unknown>
  const list = (value: unknown, field: string): string[] => {
    if (!Array.isArray(value)) throw new Error(`${field} must be a list of distinct ids, not ${describe(value)}`)
    if (value.length > MAX_TARGET_IDS) throw new Error(`${field} lists ${value.length.toLocaleString('en-US')} ids; at most ${MAX_TARGET_IDS.toLocaleString('en-US')} (act on the query instead)`)
    return [...new Set(value.map((v, i) => {
      const checked = checkId(v, `${field}[${i}]`)
      if ('error' in checked) throw new Error(checked.error)
      return checked.id
    }))]
  }
  if ('query' in t) {
    if ('ids' in t) throw new Error('a target is either a query or a list of ids, not both')
    const query = t.query as UsersQuery
    checkQuery(query)
    return { query, except: t.except === undefined ? [] : list(t.except, 'target.except'), groupKey: query.groupKey ?? '' }
  }
  if (!('ids' in t)) throw new Error('a target needs a query or a list of ids')
  if (t.groupKey !== undefined && typeof t.groupKey !== 'string') throw new Error('target.groupKey must be a string')
  return { ids: list(t.ids, 'target.ids'), groupKey: (t.groupKey as string | undefined) ?? '' }
}
