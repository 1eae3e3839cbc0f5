import { A } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { Cohort } from '../../workers/engine/types'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { createLatest } from '../ui/latest'
import { Modal } from '../ui/Modal'
import { notify } from '../ui/toast'
import { formatCount } from '../ui/format'
import './cohorts.css'

/** The link that shows a cohort's members on the Users page (a cohort is counted over All Users). */
export function cohortUsersHref(id: string): string {
  const filter = { op: 'and', filters: [{ type: 'cohort', cohortId: id, operator: 'in' }] }
  return `/?scope=all&filter=${encodeURIComponent(JSON.stringify(filter))}`
}

/** Saved cohorts: name, kind, size now, and a way to see or delete each. */
export function CohortsPage() {
  const ready = () => db.phase().kind === 'ready'
  const cohorts = createLatest(() => (ready() ? db.dataVersion() : undefined), () => db.api().listCohorts())
  const [error, setError] = createSignal<string | null>(null)
  let cancel!: HTMLButtonElement

  const [deleting, setDeleting] = createSignal<Cohort | null>(null)
  const [busy, setBusy] = createSignal(false)
  async function remove(c: Cohort) {
    setError(null)
    setBusy(true)
    try {
      await db.api().deleteCohort(c.id)
      setDeleting(null)
      notify(`Deleted the cohort “${c.name}”`)
      await db.changed()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="page cohorts-page" aria-labelledby="cohorts-title">
      <h1 id="cohorts-title">Cohorts</h1>
      <p class="lead muted">Save a cohort from the <A href="/">Users</A> page's filter (Save as cohort), then use it in any filter.</p>
      <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
      <Show when={cohorts.error()}><p class="error-text" role="alert">Could not list cohorts: {cohorts.error()}</p></Show>
      <Show when={cohorts.value()?.filter(c => c.origin === 'import').length}>
        {n => <p class="muted small">{formatCount(n())} import {n() === 1 ? 'cohort is' : 'cohorts are'} kept with the <A href="/import?tab=history">import history</A>, not listed here.</p>}
      </Show>
      {/* An import's "Imported from …" cohort is bookkeeping (its History entry links to it), not one of the user's cohorts. */}
      <Show when={cohorts.value()?.filter(c => c.origin !== 'import')} fallback={<Show when={!cohorts.error()}><div class="card loading-card" aria-busy="true"><span class="spinner" aria-hidden="true" /> Loading cohorts…</div></Show>}>
        {list => (
          <Show when={list().length > 0} fallback={<div class="card"><p>No saved cohorts yet.</p></div>}>
            <table class="card cohort-table" aria-label="Saved cohorts">
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Users now</th><th scope="col">Updated</th><th scope="col"><span class="sr-only">Actions</span></th></tr>
              </thead>
              <tbody>
                <For each={list()}>
                  {c => (
                    <tr>
                      <th scope="row">
                        <A href={cohortUsersHref(c.id)}>{c.name}</A>
                        <Show when={c.description}><div class="muted small">{c.description}</div></Show>
                      </th>
                      <td>{c.kind === 'dynamic' ? 'Dynamic' : 'Static'}</td>
                      <td class="num"><CohortSize id={c.id} /></td>
                      <td><time datetime={c.updatedAt} title={c.updatedAt}>{new Date(c.updatedAt).toLocaleString()}</time></td>
                      <td><button type="button" class="button small" aria-label={`Delete cohort ${c.name}`} onClick={() => setDeleting(c)}>Delete</button></td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Show>
      <Show when={deleting()}>
        {c => (
          <Modal alert title="Delete this cohort?" onClose={() => setDeleting(null)} busy={busy()} initialFocus={() => cancel}>
            <p>The cohort <strong>{c().name}</strong> is deleted. Its users are not: they stay in Users, and in other cohorts.</p>
            <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
            <div class="button-row dialog-actions">
              <button type="button" class="button danger" disabled={busy()} onClick={() => void remove(c())}>Delete</button>
              <button ref={cancel} type="button" class="button" disabled={busy()} onClick={() => setDeleting(null)}>Cancel</button>
            </div>
          </Modal>
        )}
      </Show>
    </section>
  )
}

function CohortSize(props: { id: string }) {
  const n = createLatest(() => db.dataVersion(), () =>
    db.api().countUsers({ scope: 'all', filter: { op: 'and', filters: [{ type: 'cohort', cohortId: props.id, operator: 'in' }] } }))
  return (
    <Show when={!n.error()} fallback={<span title={`Could not count: ${n.error()}`}>—</span>}>
      {n.value() !== undefined ? formatCount(n.value()!) : '…'}
    </Show>
  )
}
