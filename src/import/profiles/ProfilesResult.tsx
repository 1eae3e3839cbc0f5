// What the profiles wizard ends on: the dry run's counts and reasons, or the
// import's summary with its skipped rows and the link to the profiles it imported.
import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import type { ImportSummary } from '../../../workers/engine/types'
import { cohortUsersHref } from '../../cohorts/CohortsPage'
import { formatCount, plural } from '../../ui/format'
import { downloadSkipped, SkippedReasons, SkippedTable } from '../SkippedRows'
import type { ImportedSummary } from './wizard'

export function DryRunReport(props: { result: ImportSummary }) {
  return (
    <div class="dry-run" aria-label="Dry run result">
      <h3>Dry run: nothing was written</h3>
      <p>
        Of {plural(props.result.rows, 'data row')}, the import would create{' '}
        <strong>{plural(props.result.created, 'profile')}</strong>, update{' '}
        <strong>{plural(props.result.updated, 'existing profile')}</strong> and skip{' '}
        <strong>{plural(props.result.skipped, 'row')}</strong>.
      </p>
      <Show when={props.result.skipped > 0}><SkippedReasons errors={props.result.errors} /></Show>
    </div>
  )
}

export function ImportSummaryView(props: { summary: ImportedSummary; onAgain: () => void }) {
  const s = () => props.summary
  const usersHref = () => {
    if (s().cohortId) return cohortUsersHref(s().cohortId!)
    if (s().target === 'group') return `/?analyze=${encodeURIComponent(s().groupKey)}`
    return '/'
  }
  return (
    <section class="card wizard-step" aria-labelledby="summary-title">
      <h2 id="summary-title">Imported {s().fileName}</h2>
      <dl class="summary-counts">
        <div><dt>Created</dt><dd>{formatCount(s().created)}</dd></div>
        <div><dt>Updated</dt><dd>{formatCount(s().updated)}</dd></div>
        <div><dt>Skipped</dt><dd>{formatCount(s().skipped)}</dd></div>
        <div><dt>Rows read</dt><dd>{formatCount(s().rows)}</dd></div>
      </dl>
      <div class="button-row">
        <A class="button primary" href={usersHref()}>
          {s().cohortId ? 'Show the imported profiles' : s().target === 'group' ? `Show the ${s().groupKey} profiles` : 'Show all users'}
        </A>
        <Show when={s().skipped > 0}>
          <button type="button" class="button" onClick={() => downloadSkipped(s().fileName, s().errors)}>Download skipped rows (CSV)</button>
        </Show>
        <button type="button" class="button" onClick={() => props.onAgain()}>Import another file</button>
      </div>
      <Show when={!s().cohortId && s().target === 'user' && s().created + s().updated > 0}>
        <p class="muted small">This import touched more than 200,000 profiles, too many for a cohort: the link shows all users.</p>
      </Show>
      <Show when={s().skipped > 0}>
        <h3>Skipped rows</h3>
        <SkippedTable errors={s().errors} skipped={s().skipped} />
      </Show>
    </section>
  )
}
