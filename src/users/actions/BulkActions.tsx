// The Users page's actions: a menu for the selected rows (in the selection
// bar) or for every row that matches (beside the filter), and the dialog of
// the action picked. Cohort actions are for users, not group profiles.
import { createSignal, Show } from 'solid-js'
import type { ActionTarget, UsersQuery } from '../../../workers/engine/types'
import { formatCount } from '../../ui/format'
import type { UsersCatalog } from '../catalog'
import type { Selection } from '../selection'
import { ActionDialog } from './ActionDialog'
import { ActionsMenu } from './ActionsMenu'
import type { ActionKind } from './describe'

export function BulkActions(props: {
  /** the selected rows, or every row of the list */
  of: 'selection' | 'all'
  selection: Selection
  query: UsersQuery | undefined
  total: number
  /** the group key analysed; null: users */
  analyze: string | null
  catalog: UsersCatalog
}) {
  const [open, setOpen] = createSignal<{ kind: ActionKind; target: ActionTarget; count: number } | null>(null)
  const kinds = (): ActionKind[] => (props.analyze === null
    ? ['set', 'unset', 'addToCohort', 'removeFromCohort', 'delete'] : ['set', 'unset', 'delete'])

  const pick = (kind: ActionKind) => {
    const query = props.query
    if (!query) return
    const sel = props.selection
    const target: ActionTarget = props.of === 'all' ? { query }
      : sel.all() ? { query, except: [...sel.ids()] }
      : { ids: [...sel.ids()], ...(props.analyze !== null ? { groupKey: props.analyze } : {}) }
    setOpen({ kind, target, count: props.of === 'all' ? props.total : sel.count() })
  }

  return (
    <>
      <ActionsMenu label={props.of === 'all' ? `For all ${formatCount(props.total)} matching` : 'Actions'}
                   kinds={kinds()} onPick={pick} disabled={!props.query || props.total === 0} />
      <Show when={open()}>
        {o => (
          <ActionDialog kind={o().kind} target={o().target} count={o().count}
                        noun={props.analyze === null ? 'profile' : `${props.analyze} profile`}
                        known={props.catalog.properties().map(p => ({ name: p.name, type: p.type }))}
                        cohorts={props.catalog.cohorts().filter(c => c.kind === 'static' && !c.origin)}
                        cohortName={props.catalog.cohortName}
                        onClose={() => setOpen(null)} />
        )}
      </Show>
    </>
  )
}
