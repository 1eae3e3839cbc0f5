// Save as cohort: from the current filter (dynamic: the definition is kept and
// re-evaluated; static: today's members are frozen), or from the selected rows
// (static only).
import { createSignal, Show } from 'solid-js'
import type { Group, UsersQuery } from '../../workers/engine/types'
import { db } from '../db/client'
import type { Selection } from '../users/selection'
import { messageOf } from '../ui/errors'
import { Modal } from '../ui/Modal'
import { notify } from '../ui/toast'
import { formatCount, plural } from '../ui/format'
import { readIds } from './members'

export function SaveCohortDialog(props: {
  filter: Group
  scope: UsersQuery['scope']
  query: UsersQuery
  total: number
  selection?: Selection
  describe: string
  /** the name offered (Save as new cohort while editing one) */
  name?: string
  onClose: () => void
  onSaved: (id: string) => void
}) {
  const [name, setName] = createSignal(props.name ?? '')
  const [description, setDescription] = createSignal('')
  const [kind, setKind] = createSignal<'dynamic' | 'static'>(props.selection ? 'static' : 'dynamic')
  const [busy, setBusy] = createSignal<string | null>(null)
  const [error, setError] = createSignal<string | null>(null)
  let nameInput!: HTMLInputElement

  const members = (exclude?: ReadonlySet<string>) => readIds(props.query, exclude, n => setBusy(`Reading members… ${formatCount(n)}`))

  async function save(e: Event) {
    e.preventDefault()
    setError(null)
    if (!name().trim()) { setError('Give the cohort a name'); return }
    setBusy('Saving…')
    try {
      const base = { name: name().trim(), ...(description().trim() ? { description: description().trim() } : {}) }
      let id: string
      if (kind() === 'dynamic') {
        id = (await db.api().saveCohort({ ...base, kind: 'dynamic', filter: props.filter })).id
      } else {
        const sel = props.selection
        const list = sel && !sel.all() ? [...sel.ids()] : await members(sel?.all() ? sel.ids() : undefined)
        id = (await db.api().saveCohort({ ...base, kind: 'static', members: list })).id
      }
      notify(`Saved the cohort “${base.name}”`)
      props.onSaved(id)
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(null)
    }
  }

  return (
    <Modal title="Save as cohort" onClose={props.onClose} busy={!!busy()} class="dialog"
           initialFocus={() => nameInput}>
      <form class="dialog-form" aria-label="Save as cohort" onSubmit={save}>
        <p class="muted cohort-count" aria-label="Cohort size">
          {plural(props.total, 'user')} {props.selection ? 'selected' : `match ${props.describe === 'everyone' ? 'now (no filter)' : props.describe}`}
        </p>
        <label class="field">
          <span>Name</span>
          <input ref={nameInput} aria-label="Cohort name" value={name()} onInput={e => setName(e.currentTarget.value)} maxLength={255} />
        </label>
        <label class="field">
          <span>Description</span>
          <textarea aria-label="Description" rows="2" value={description()} onInput={e => setDescription(e.currentTarget.value)} />
        </label>
        <div class="field" role="radiogroup" aria-label="Cohort type">
          <label>
            <input type="radio" name="cohort-kind" value="dynamic" checked={kind() === 'dynamic'} disabled={!!props.selection}
                   onChange={() => setKind('dynamic')} />
            Dynamic <span class="muted">— keeps the filter; members change as the data does</span>
          </label>
          <label>
            <input type="radio" name="cohort-kind" value="static" checked={kind() === 'static'} onChange={() => setKind('static')} />
            Static <span class="muted">— freezes today's {formatCount(props.total)} members</span>
          </label>
        </div>
        <Show when={props.scope === 'profiles' && kind() === 'dynamic'}>
          <p class="hint">A dynamic cohort counts over All Users, as every cohort does.</p>
        </Show>
        <Show when={props.query.search && kind() === 'dynamic'}>
          <p class="hint">The search is not part of a dynamic cohort; save it as static to keep exactly these users.</p>
        </Show>
        <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
        <div class="button-row dialog-actions">
          <Show when={busy()}><span class="muted" role="status">{busy()}</span></Show>
          <button type="button" class="button" disabled={!!busy()} onClick={() => props.onClose()}>Cancel</button>
          <button type="submit" class="button primary" disabled={!!busy()}>Save cohort</button>
        </div>
      </form>
    </Modal>
  )
}
