// The Users page while a cohort is edited (URL: editCohort, editBack):
// - dynamic: "Editing cohort NAME" over the builder holding its filter, with
//   Save changes (refused, and said why, when the cohort would use itself),
//   Save as new cohort, and Cancel;
// - static: its members on show, and buttons that add the selected users or
//   all that match, remove the selected ones, or add from a list.
// Save and Cancel go back where the edit started (editBack).
import { useNavigate, useSearchParams } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import type { Cohort, Group, UsersQuery } from '../../workers/engine/types'
import { findCycle, type StoredCohort } from '../../workers/engine/cohorts/index'
import { db } from '../db/client'
import type { Selection } from '../users/selection'
import { messageOf } from '../ui/errors'
import { formatCount, plural } from '../ui/format'
import { notify } from '../ui/toast'
import { ListDialog } from './ListDialog'
import { selectedSource } from './members'
import { SaveCohortDialog } from './SaveCohortDialog'
import './cohorts.css'

export interface EditBarProps {
  /** the filter as edited now (what waits to be committed included) */
  filter: () => Group
  query: () => UsersQuery
  total: () => number | undefined
  selection: Selection
  /** the saved cohorts; undefined while they are read */
  cohorts: () => Cohort[] | undefined
  describe: (filter: Group) => string
}

/** Why saving `filter` into cohort `id` would make it reach itself, in names; undefined when it would not. */
export function cycleMessage(id: string, filter: Group, cohorts: Cohort[]): string | undefined {
  const stored = new Map<string, StoredCohort>(cohorts.map(c => [c.id, { id: c.id, name: c.name, kind: c.kind, filter: c.kind === 'dynamic' ? c.filter : null }]))
  const cycle = findCycle(id, filter, stored)
  if (!cycle) return undefined
  const name = (x: string) => `“${stored.get(x)?.name ?? x}”`
  return `These changes would make ${name(id)} use itself (${cycle.map(name).join(' uses ')}). ` +
    `Remove the condition on ${name(cycle[1]!)}, or save as a new cohort.`
}

export function CohortEditBar(props: EditBarProps) {
  const [params, setParams] = useSearchParams()
  const navigate = useNavigate()
  const editing = () => (typeof params.editCohort === 'string' ? params.editCohort : undefined)
  const back = () => (typeof params.editBack === 'string' && params.editBack.startsWith('/') ? params.editBack : '/cohorts')
  const cohort = () => props.cohorts()?.find(c => c.id === editing())
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal<string | null>(null)
  const [savingNew, setSavingNew] = createSignal(false)
  const [listing, setListing] = createSignal(false)

  const leave = () => navigate(back())
  const stop = () => setParams({ editCohort: undefined, editBack: undefined })

  async function run(label: string, work: () => Promise<string>) {
    setError(null)
    setBusy(label)
    try {
      notify(await work())
      await db.changed()
      return true
    } catch (e) {
      setError(messageOf(e))
      return false
    } finally {
      setBusy(null)
    }
  }

  async function saveChanges(c: Cohort) {
    if (c.kind !== 'dynamic') return
    const filter = props.filter()
    const cycle = cycleMessage(c.id, filter, props.cohorts() ?? [])
    if (cycle) { setError(cycle); return }
    const done = await run('Saving…', async () => {
      await db.api().saveCohort({ id: c.id, name: c.name, description: c.description ?? '', kind: 'dynamic', filter })
      return `Saved the changes to “${c.name}”`
    })
    if (done) leave()
  }

  const members = (c: Cohort, verb: 'add' | 'remove', which: 'selected' | 'matching') => run(verb === 'add' ? 'Adding…' : 'Removing…', async () => {
    const source = which === 'matching' ? { query: props.query() }
      : await selectedSource(props.query(), props.selection, n => setBusy(`Reading the selection… ${formatCount(n)}`))
    if (verb === 'add') {
      const { added } = await db.api().addCohortMembers(c.id, source)
      props.selection.clear()
      return `Added ${plural(added, 'user')} to “${c.name}”`
    }
    const { removed } = await db.api().removeCohortMembers(c.id, source)
    props.selection.clear()
    return `Removed ${plural(removed, 'user')} from “${c.name}”`
  })

  return (
    <Show when={props.cohorts() && editing()}>
      {id => (
        <div class="card edit-bar" role="region" aria-label="Editing cohort">
          <Show when={cohort()} fallback={
            <p class="edit-bar-title">
              <span class="error-text">The cohort being edited ({id()}) no longer exists.</span>{' '}
              <button type="button" class="link-button" onClick={stop}>Stop editing</button>
            </p>
          }>
            {c => (
              <>
                <p class="edit-bar-title">
                  Editing {c().kind === 'static' ? 'static ' : ''}cohort <strong>{c().name}</strong>
                  <Show when={c().kind === 'static'}>
                    <span class="muted"> — {plural((c() as { members: string[] }).members.length, 'member')} listed</span>
                  </Show>
                </p>
                <div class="button-row">
                  <Show when={c().kind === 'dynamic'} fallback={
                    <>
                      <Show when={props.selection.count() > 0}>
                        <button type="button" class="button small" disabled={!!busy()} onClick={() => void members(c(), 'add', 'selected')}>
                          Add the {formatCount(props.selection.count())} selected
                        </button>
                        <button type="button" class="button small" disabled={!!busy()} onClick={() => void members(c(), 'remove', 'selected')}>
                          Remove the {formatCount(props.selection.count())} selected
                        </button>
                      </Show>
                      <button type="button" class="button small" disabled={!!busy() || !props.total()} onClick={() => void members(c(), 'add', 'matching')}>
                        Add all {formatCount(props.total() ?? 0)} matching
                      </button>
                      <button type="button" class="button small" disabled={!!busy()} onClick={() => setListing(true)}>Add from a list…</button>
                      <button type="button" class="button small primary" disabled={!!busy()} onClick={leave}>Done</button>
                    </>
                  }>
                    <button type="button" class="button small primary" disabled={!!busy()} onClick={() => void saveChanges(c())}>Save changes</button>
                    <button type="button" class="button small" disabled={!!busy()} onClick={() => setSavingNew(true)}>Save as new cohort</button>
                    <button type="button" class="button small" disabled={!!busy()} onClick={leave}>Cancel</button>
                  </Show>
                </div>
                <Show when={busy()}><span class="muted" role="status">{busy()}</span></Show>
                <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
                <Show when={savingNew()}>
                  <SaveCohortDialog filter={props.filter()} scope="all" query={props.query()} total={props.total() ?? 0}
                                    describe={props.describe(props.filter())} name={`Copy of ${c().name}`}
                                    onClose={() => setSavingNew(false)}
                                    onSaved={async () => { setSavingNew(false); await db.changed(); leave() }} />
                </Show>
                <Show when={listing()}>
                  <ListDialog cohort={c()} onClose={() => setListing(false)} onDone={async () => { setListing(false); await db.changed() }} />
                </Show>
              </>
            )}
          </Show>
        </div>
      )}
    </Show>
  )
}
