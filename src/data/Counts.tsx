// A workspace's counts in a small table, one column per workspace compared
// (the backup's beside the current ones before a restore).
import { For } from 'solid-js'
import type { BackupManifest } from '../../workers/engine/types'
import { formatCount } from '../ui/format'

type Counts = BackupManifest['counts']

const ROWS: Array<[keyof Counts, string]> = [
  ['profiles', 'Profiles'], ['users', 'Users'], ['groups', 'Group profiles'], ['events', 'Events'], ['cohorts', 'Cohorts'],
]

export function CountsTable(props: { label: string; columns: Array<{ title: string; counts: Counts | null }> }) {
  return (
    <table class="data-counts" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col"><span class="sr-only">Count</span></th>
          <For each={props.columns}>{c => <th scope="col">{c.title}</th>}</For>
        </tr>
      </thead>
      <tbody>
        <For each={ROWS}>
          {([key, title]) => (
            <tr>
              <th scope="row">{title}</th>
              <For each={props.columns}>{c => <td class="num">{c.counts ? formatCount(c.counts[key]) : '—'}</td>}</For>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  )
}

/** "12 profiles, 40 users, 3 events, 2 cohorts" */
export function countsText(c: Counts): string {
  const n = (v: number, one: string, many = `${one}s`) => `${formatCount(v)} ${v === 1 ? one : many}`
  return [n(c.profiles, 'profile'), n(c.users, 'user'), ...(c.groups ? [n(c.groups, 'group profile')] : []), n(c.events, 'event'), n(c.cohorts, 'cohort')].join(', ')
}
