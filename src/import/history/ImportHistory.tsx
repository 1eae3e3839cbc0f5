// Past imports, newest first (engine import history): what was imported, when,
// with what result, and the skipped rows to download again.
import { A } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import type { ImportRecord } from '../../../workers/engine/types'
import { cohortUsersHref } from '../../cohorts/CohortsPage'
import { db } from '../../db/client'
import { messageOf } from '../../ui/errors'
import { formatCount } from '../../ui/format'
import { downloadCsv, skippedFileName, skippedRowsCsv } from '../skippedCsv'

const STATUS_LABEL: Record<ImportRecord['status'], string> = {
  done: 'Imported', cancelled: 'Cancelled', failed: 'Failed', interrupted: 'Interrupted',
}

const KIND_LABEL: Record<ImportRecord['kind'], string> = {
  profiles: 'User profiles (CSV)', groups: 'Group profiles (CSV)', events: 'Events', updates: 'Profile updates',
}

export function ImportHistory() {
  const ready = () => db.phase().kind === 'ready'
  const [imports] = createResource(() => (ready() ? db.dataVersion() + 1 : false), () => db.api().listImports())
  const [error, setError] = createSignal<string | null>(null)

  async function download(i: ImportRecord) {
    setError(null)
    try {
      downloadCsv(skippedFileName(i.fileName), skippedRowsCsv(await db.api().importSkippedRows(i.id)))
    } catch (e) {
      setError(`Could not read the skipped rows: ${messageOf(e)}`)
    }
  }

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title" class="sr-only">Import history</h2>
      <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
      <Show when={imports.error}><p class="error-text" role="alert">Could not list the imports: {messageOf(imports.error)}</p></Show>
      <Show when={imports.latest} fallback={<div class="card loading-card" aria-busy="true"><span class="spinner" aria-hidden="true" /> Loading…</div>}>
        {list => (
          <Show when={list().length > 0} fallback={<div class="card"><p>No imports yet.</p></div>}>
            <div class="history-scroll"><table class="card history-table" aria-label="Past imports">
              <thead>
                <tr>
                  <th scope="col">File</th><th scope="col">Kind</th><th scope="col">Started</th><th scope="col">Result</th>
                  <th scope="col" class="num">Rows</th><th scope="col" class="num">Created</th><th scope="col" class="num">Updated</th>
                  <th scope="col" class="num">Skipped</th><th scope="col"><span class="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                <For each={list()}>
                  {i => (
                    <tr>
                      <th scope="row" class="truncate" title={i.fileName}>{i.fileName}</th>
                      <td>{KIND_LABEL[i.kind]}{i.groupKey ? ` · ${i.groupKey}` : ''}</td>
                      <td><time datetime={i.startedAt} title={i.startedAt}>{new Date(i.startedAt).toLocaleString()}</time></td>
                      <td title={i.message ?? ''}>
                        {STATUS_LABEL[i.status]}
                        <Show when={(i.status === 'failed' || i.status === 'interrupted') && i.message}><div class="muted small">{i.message}</div></Show>
                        <Show when={i.duplicates > 0}><div class="muted small">{formatCount(i.duplicates)} duplicates</div></Show>
                      </td>
                      <td class="num">{formatCount(i.rows)}</td>
                      <td class="num">{formatCount(i.created)}</td>
                      <td class="num">{formatCount(i.updated)}</td>
                      <td class="num">{formatCount(i.skipped)}</td>
                      <td><div class="history-actions">
                        <Show when={i.storedSkippedRows > 0}>
                          <button type="button" class="button small" aria-label={`Download the skipped rows of ${i.fileName}`} onClick={() => void download(i)}>Skipped rows</button>
                        </Show>
                        <Show when={i.cohortId}>
                          {id => <A class="button small" href={cohortUsersHref(id())} aria-label={`Show the profiles ${i.fileName} imported`}>Profiles</A>}
                        </Show>
                      </div></td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table></div>
          </Show>
        )}
      </Show>
    </section>
  )
}
