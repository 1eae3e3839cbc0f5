// The Users page's export buttons: "Export" (the view's profiles, or the
// selected rows) and, for users, "Export events of these users". The page
// mounts this with its view, sort, columns and selection.
import { createSignal, Show } from 'solid-js'
import type { UsersQuery, UsersSort } from '../../workers/engine/types'
import type { Selection } from '../users/selection'
import { ExportDialog, type ExportSubject, type PickedRows } from './ExportDialog'

export interface UsersExportProps {
  view: { query: UsersQuery; total: number } | undefined
  sort: UsersSort | null
  /** the property columns shown after Name */
  columns: string[]
  selection: Selection
}

/** What the selection picks: its ids, or (after "select all that match") all but its ids. */
function picked(selection: Selection): PickedRows | undefined {
  const count = selection.count()
  if (count === 0) return undefined
  return { ids: [...selection.ids()], except: selection.all(), count }
}

export function UsersExport(props: UsersExportProps) {
  const [subject, setSubject] = createSignal<ExportSubject | null>(null)
  const open = (kind: 'users' | 'events') => {
    const v = props.view
    if (!v) return
    if (kind === 'events') { setSubject({ kind, query: v.query, total: v.total, picked: picked(props.selection) }); return }
    // The displayed columns in order: Name, then the rest (the id is the file's first column anyway).
    const columns = ['$name', ...props.columns.filter(c => c !== '$distinct_id' && c !== '$name')]
    setSubject({ kind, query: v.query, ...(props.sort ? { sort: props.sort } : {}), total: v.total, columns, picked: picked(props.selection) })
  }
  return (
    <>
      <button type="button" class="button" disabled={!props.view || props.view.total === 0} onClick={() => open('users')}>Export</button>
      <Show when={!props.view?.query.groupKey}>
        <button type="button" class="button" disabled={!props.view || props.view.total === 0} onClick={() => open('events')}>Export events of these users</button>
      </Show>
      <Show when={subject()}>{s => <ExportDialog subject={s()} onClose={() => setSubject(null)} />}</Show>
    </>
  )
}
