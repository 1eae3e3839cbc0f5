import { A } from '@solidjs/router'
import * as Comlink from 'comlink'
import { createSignal, Show } from 'solid-js'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { formatCount, formatSeconds } from '../ui/format'

interface Progress { step: string; done: number; total: number }

/** The empty database: an invitation to import, or to load the sample project. */
export function EmptyUsers() {
  const [progress, setProgress] = createSignal<Progress | null>(null)
  const [error, setError] = createSignal<string | null>(null)

  async function load() {
    setError(null)
    setProgress({ step: 'Starting', done: 0, total: 1 })
    const started = performance.now()
    try {
      const counts = await db.api().loadSampleData(Comlink.proxy((p: Progress) => setProgress(p)))
      console.info(`Cohortlite: sample data loaded in ${formatSeconds(performance.now() - started)}`, counts)
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setProgress(null)
      // The page switches to the table once the counts say the database has users.
      await db.changed()
    }
  }

  const percent = () => {
    const p = progress()
    return p && p.total > 0 ? Math.round((p.done / p.total) * 100) : 0
  }

  return (
    <section class="empty-state card" aria-labelledby="empty-title">
      <div class="empty-illustration" aria-hidden="true">
        <span /><span /><span />
      </div>
      <h2 id="empty-title">No users yet</h2>
      <p>
        Cohortlite keeps your project in this browser. Import profiles and events from your own files,
        or explore with a sample project: 5,000 user profiles, 500 anonymous visitors, 200 companies
        and 100,000 events from the last 90 days.
      </p>
      <div class="empty-actions">
        <button class="button primary" type="button" onClick={() => void load()} disabled={progress() !== null}>
          Load sample data
        </button>
        <A class="button" href="/import">Import data</A>
      </div>
      <Show when={progress()}>
        {p => (
          <div class="sample-progress">
            <div
              class="progress"
              role="progressbar"
              aria-label="Loading sample data"
              aria-valuemin="0"
              aria-valuemax={p().total}
              aria-valuenow={p().done}
              aria-valuetext={`${p().step}: ${percent()}%`}
            >
              <div class="progress-fill" style={{ width: `${percent()}%` }} />
            </div>
            <p class="muted">{p().step}… {formatCount(p().done)} of {formatCount(p().total)} records</p>
          </div>
        )}
      </Show>
      <Show when={error()}>
        <p class="error-text" role="alert">Loading the sample data failed: {error()}</p>
      </Show>
    </section>
  )
}
