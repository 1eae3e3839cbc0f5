// Export as SQL: the workspace as a plain-SQL file for a PostgreSQL server,
// for a team that outgrows the browser.
import { createSignal, Show } from 'solid-js'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { formatBytes } from '../ui/format'
import { saveFile } from '../ui/save'

export function SqlSection() {
  const [busy, setBusy] = createSignal(false)
  const [done, setDone] = createSignal<string | null>(null)
  const [error, setError] = createSignal<string | null>(null)

  async function exportSql() {
    setBusy(true)
    setDone(null)
    setError(null)
    try {
      const file = await db.api().exportSql()
      saveFile(file, file.name)
      setDone(`Saved ${file.name} (${formatBytes(file.size)}).`)
    } catch (err) {
      setError(`Could not export: ${messageOf(err)}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="card data-section" aria-labelledby="sql-title">
      <h2 id="sql-title">Export as SQL</h2>
      <p class="muted">
        The whole workspace as SQL, for your own PostgreSQL server (version 13 or newer):
        <code> createdb cohortlite &amp;&amp; psql -d cohortlite -f the-file.sql</code>.
        The tables, the cast functions and what each cohort means are described in Cohortlite's docs/schema.md.
      </p>
      <div class="button-row">
        <button type="button" class="button" disabled={busy()} onClick={() => void exportSql()}>
          <Show when={busy()}><span class="spinner" aria-hidden="true" /> </Show>
          {busy() ? 'Exporting…' : 'Export as SQL'}
        </button>
      </div>
      <Show when={done()}><p role="status" class="data-done">{done()}</p></Show>
      <Show when={error()}><p role="alert" class="error-text">{error()}</p></Show>
    </section>
  )
}
