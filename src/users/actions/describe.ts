// How an action reads in menus, confirmations, toasts and the undo bar.
import type { ProfileAction } from '../../../workers/engine/types'
import { showValue } from '../../profile/values'
import { plural } from '../../ui/format'

export type ActionKind = ProfileAction['kind']

export const ACTION_LABELS: Record<ActionKind, string> = {
  set: 'Set a property…',
  unset: 'Unset a property…',
  addToCohort: 'Add to a static cohort…',
  removeFromCohort: 'Remove from a static cohort…',
  delete: 'Delete profiles…',
}

const quoted = (value: unknown) => (typeof value === 'string' ? `“${value}”` : showValue(value))

/** "set plan to “pro”", "delete" … as a phrase after "Undo". */
export function actionPhrase(action: ProfileAction, cohortName: (id: string) => string): string {
  switch (action.kind) {
    case 'set': return `set ${action.property} to ${quoted(action.value)}`
    case 'unset': return `unset ${action.property}`
    case 'addToCohort': return `add to “${cohortName(action.cohortId)}”`
    case 'removeFromCohort': return `remove from “${cohortName(action.cohortId)}”`
    case 'delete': return 'delete'
  }
}

/** The confirmation's question: "Set plan to “pro” on 1,200 profiles?" */
export function confirmQuestion(action: ProfileAction, n: number, cohortName: (id: string) => string, noun = 'profile'): string {
  const who = plural(n, noun)
  switch (action.kind) {
    case 'set': return `Set ${action.property} to ${quoted(action.value)} on ${who}?`
    case 'unset': return `Unset ${action.property} on ${who}?`
    case 'addToCohort': return `Add ${who} to “${cohortName(action.cohortId)}”?`
    case 'removeFromCohort': return `Remove ${who} from “${cohortName(action.cohortId)}”?`
    case 'delete': return `Delete ${who}?`
  }
}

/** What is done, for the toast and the undo bar: "Set plan to “pro” on 1,200 profiles". */
export function donePhrase(action: ProfileAction, n: number, cohortName: (id: string) => string, noun = 'profile'): string {
  const q = confirmQuestion(action, n, cohortName, noun)
  return q.slice(0, -1).replace(/^Delete /, 'Deleted ').replace(/^Set /, 'Set ').replace(/^Unset /, 'Unset ')
    .replace(/^Add /, 'Added ').replace(/^Remove /, 'Removed ')
}
