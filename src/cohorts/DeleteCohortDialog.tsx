// Delete a cohort: first the cohorts whose definitions use it, by name with
// an Edit link each (deleting it would break them, so the engine refuses
// until none does); with none, a plain confirmation.
import { A } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import type { Cohort } from '../../workers/engine/types'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { Modal } from '../ui/Modal'
import { notify } from '../ui/toast'
import { cohortEditHref } from './links'

export function DeleteCohortDialog(props: { cohort: Cohort; cohorts: Cohort[]; onClose: () => void }) {
  const [dependants] = createResource(() => props.cohort.id, id => db.api().cohortDependants(id))
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  let cancel!: HTMLButtonElement
  const used = () => (dependants() ?? []).map(d => props.cohorts.find(c => c.id === d.id) ?? { ...d, kind: 'dynamic' as const })

  async function remove() {
    setError(null)
    setBusy(true)
    try {
      await db.api().deleteCohort(props.cohort.id)
      notify(`Deleted the cohort “${props.cohort.name}”`)
      props.onClose()
      await db.changed()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal alert title="Delete this cohort?" onClose={props.onClose} busy={busy()} initialFocus={() => cancel}>
      <Show when={used().length > 0} fallback={
        <p>The cohort <strong>{props.cohort.name}</strong> is deleted. Its users are not: they stay in Users, and in other cohorts.</p>
      }>
        <p>
          <strong>{props.cohort.name}</strong> is used by {used().length === 1 ? 'another cohort' : `${used().length} other cohorts`}.
          Change {used().length === 1 ? 'it' : 'them'} so {used().length === 1 ? 'it no longer uses' : 'they no longer use'} this one, or delete {used().length === 1 ? 'it' : 'them'}, first:
        </p>
        <ul class="dependants" aria-label="Cohorts that use this one">
          <For each={used()}>
            {c => (
              <li>
                {c.name}{' '}
                <A href={cohortEditHref(c, '/cohorts')} aria-label={`Edit cohort ${c.name}`} onClick={() => props.onClose()}>Edit</A>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={dependants.error}><p class="error-text" role="alert">Could not check which cohorts use it: {messageOf(dependants.error)}</p></Show>
      <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
      <div class="button-row dialog-actions">
        <button type="button" class="button danger" disabled={busy() || dependants.loading || used().length > 0} onClick={() => void remove()}>Delete</button>
        <button ref={cancel} type="button" class="button" disabled={busy()} onClick={() => props.onClose()}>Cancel</button>
      </div>
    </Modal>
  )
}
