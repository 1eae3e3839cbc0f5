// Overlap: pick 2 or 3 cohorts and see the size of every intersection and
// difference; each size links to the Users page with exactly those users
// (cohort in / not in conditions over All Users, where cohorts are counted).
import { A } from '@solidjs/router'
import { createSignal, For, Index, Show } from 'solid-js'
import type { Cohort, OverlapRegion } from '../../workers/engine/types'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { formatCount } from '../ui/format'
import { allUsersHref } from './links'

const SLOTS = ['First cohort', 'Second cohort', 'Third cohort (optional)']

export function OverlapPanel(props: { cohorts: Cohort[] }) {
  const [picked, setPicked] = createSignal<string[]>(['', '', ''])
  const [regions, setRegions] = createSignal<OverlapRegion[] | null>(null)
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  const chosen = () => picked().filter(Boolean)
  const name = (id: string) => props.cohorts.find(c => c.id === id)?.name ?? id
  const pick = (slot: number, id: string) => {
    setPicked(p => p.map((v, i) => (i === slot ? id : v)))
    setRegions(null)
  }

  async function compare(e: Event) {
    e.preventDefault()
    setError(null)
    setBusy(true)
    try {
      setRegions(await db.api().cohortOverlap(chosen()))
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  const describe = (r: OverlapRegion) => {
    const inside = r.inside.map(id => `“${name(id)}”`)
    const lead = inside.length === 1 ? `Only in ${inside[0]}` : `In ${inside.slice(0, -1).join(', ')} and ${inside[inside.length - 1]}`
    return r.outside.length && inside.length > 1 ? `${lead}, not in ${r.outside.map(id => `“${name(id)}”`).join(' or ')}` : lead
  }

  return (
    <section class="card overlap" aria-labelledby="overlap-title">
      <h2 id="overlap-title">Compare cohorts</h2>
      <form class="overlap-form" aria-label="Compare cohorts" onSubmit={compare}>
        <Index each={SLOTS}>
          {(label, slot) => (
            <label class="field">
              <span>{label()}</span>
              <select aria-label={label()} value={picked()[slot]} onChange={e => pick(slot, e.currentTarget.value)}>
                <option value="">—</option>
                <For each={props.cohorts}>
                  {c => <option value={c.id} disabled={picked().some((v, i) => i !== slot && v === c.id)} selected={picked()[slot] === c.id}>{c.name}</option>}
                </For>
              </select>
            </label>
          )}
        </Index>
        <button type="submit" class="button primary" disabled={busy() || chosen().length < 2}>Compare</button>
      </form>
      <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
      <Show when={regions()}>
        {rs => (
          <table class="overlap-table" aria-label="Overlap">
            <thead><tr><th scope="col">Users</th><th scope="col" class="num">Count</th></tr></thead>
            <tbody>
              <For each={rs()}>
                {r => (
                  <tr>
                    <th scope="row">{describe(r)}</th>
                    <td class="num"><A href={allUsersHref(r.filter)} aria-label={`${formatCount(r.count)} users: ${describe(r)}`}>{formatCount(r.count)}</A></td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </Show>
    </section>
  )
}
