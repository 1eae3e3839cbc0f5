import { A, useNavigate } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { Cohort } from '../../workers/engine/types'
import { db } from '../db/client'
import { createLatest } from '../ui/latest'
import { formatCount } from '../ui/format'
import { CohortRow, type RowDialog } from './CohortRow'
import { DeleteCohortDialog } from './DeleteCohortDialog'
import { ImportCohortDialog } from './ImportCohortDialog'
import { ExportDialog } from '../export/ExportDialog'
import { DEFAULT_COLUMNS } from '../users/urlState'
import { ListDialog } from './ListDialog'
import { cohortUsersHref, membersFilter } from './links'
import { OverlapPanel } from './OverlapPanel'
import { ShowSqlDialog } from './ShowSql'
import { SizeOnDateDialog } from './SizeHistory'
import './cohorts.css'

export { cohortUsersHref }

/** Saved cohorts: name, kind, size now and over time, and what can be done with each; overlap of 2 or 3. */
export function CohortsPage() {
  const ready = () => db.phase().kind === 'ready'
  const navigate = useNavigate()
  const cohorts = createLatest(() => (ready() ? db.dataVersion() : undefined), () => db.api().listCohorts())
  const own = () => cohorts.value()?.filter(c => c.origin !== 'import')
  const [error, setError] = createSignal<string | null>(null)
  const [dialog, setDialog] = createSignal<{ what: RowDialog; cohort: Cohort; total?: number } | null>(null)
  const [fromList, setFromList] = createSignal(false)
  const [fromFile, setFromFile] = createSignal(false)
  const open = (what: RowDialog, cohort: Cohort, total?: number) => { setError(null); setDialog({ what, cohort, ...(total === undefined ? {} : { total }) }) }
  const close = () => setDialog(null)

  return (
    <section class="page cohorts-page" aria-labelledby="cohorts-title">
      <div class="page-head">
        <h1 id="cohorts-title">Cohorts</h1>
        <div class="page-actions">
          <button type="button" class="button" disabled={!ready()} onClick={() => setFromList(true)}>New cohort from a list…</button>
          <button type="button" class="button" disabled={!ready()} onClick={() => setFromFile(true)}>Import a cohort definition…</button>
        </div>
      </div>
      <p class="lead muted">Save a cohort from the <A href="/">Users</A> page's filter (Save as cohort), from a list of ids or emails, or from a definition file another workspace downloaded; then use it in any filter.</p>
      <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
      <Show when={cohorts.error()}><p class="error-text" role="alert">Could not list cohorts: {cohorts.error()}</p></Show>
      <Show when={cohorts.value()?.filter(c => c.origin === 'import').length}>
        {n => <p class="muted small">{formatCount(n())} import {n() === 1 ? 'cohort is' : 'cohorts are'} kept with the <A href="/import?tab=history">import history</A>, not listed here.</p>}
      </Show>
      {/* An import's "Imported from …" cohort is bookkeeping (its History entry links to it), not one of the user's cohorts. */}
      <Show when={own()} fallback={<Show when={!cohorts.error()}><div class="card loading-card" aria-busy="true"><span class="spinner" aria-hidden="true" /> Loading cohorts…</div></Show>}>
        {list => (
          <Show when={list().length > 0} fallback={<div class="card"><p>No saved cohorts yet.</p></div>}>
            <table class="card cohort-table" aria-label="Saved cohorts">
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Users now</th><th scope="col">Updated</th><th scope="col"><span class="sr-only">Actions</span></th></tr>
              </thead>
              <tbody>
                <For each={list()}>{c => <CohortRow cohort={c} open={(what, total) => open(what, c, total)} onError={setError} />}</For>
              </tbody>
            </table>
            <Show when={list().length >= 2}><OverlapPanel cohorts={list()} /></Show>
          </Show>
        )}
      </Show>
      <Show when={dialog()} keyed>
        {d => {
          const c = d.cohort
          switch (d.what) {
            case 'delete': return <DeleteCohortDialog cohort={c} cohorts={own() ?? []} onClose={close} />
            case 'list': return <ListDialog cohort={c} onClose={close} onDone={async () => { close(); await db.changed() }} />
            case 'asOf': return <SizeOnDateDialog cohort={c} onClose={close} />
            case 'export': return (
              <ExportDialog onClose={close} subject={{
                kind: 'users', query: { scope: 'all', filter: membersFilter(c.id) }, total: d.total ?? 0, columns: ['$name', ...DEFAULT_COLUMNS.filter(col => col !== '$distinct_id')],
                of: { title: `members of “${c.name}”`, file: `cohort-${c.name}` },
              }} />
            )
            case 'sql': return <ShowSqlDialog query={{ scope: 'all', filter: membersFilter(c.id) }} what={`cohort “${c.name}”`} onClose={close} />
          }
        }}
      </Show>
      <Show when={fromFile()}>
        <ImportCohortDialog onClose={() => setFromFile(false)} onDone={async () => { setFromFile(false); await db.changed() }} />
      </Show>
      <Show when={fromList()}>
        <ListDialog onClose={() => setFromList(false)} onDone={async id => { setFromList(false); await db.changed(); navigate(cohortUsersHref(id)) }} />
      </Show>
    </section>
  )
}
