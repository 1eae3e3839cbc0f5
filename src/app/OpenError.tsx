import { createSignal, Show } from 'solid-js'
import { db } from '../db/client'

/** The database did not open: say why, offer to retry, and as a last resort to start over. */
export function OpenError() {
  const [confirming, setConfirming] = createSignal(false)
  const message = () => {
    const phase = db.phase()
    return phase.kind === 'error' ? phase.message : ''
  }
  return (
    <section class="lock-screen" aria-labelledby="open-error-title">
      <div class="card lock-card">
        <h1 id="open-error-title">The database could not be opened</h1>
        <p class="error-text">{message()}</p>
        <Show
          when={confirming()}
          fallback={
            <div class="button-row">
              <button class="button primary" type="button" onClick={() => void db.retry()}>Try again</button>
              <button class="button" type="button" onClick={() => setConfirming(true)}>Start over…</button>
            </div>
          }
        >
          <p>
            Starting over deletes every profile, event and cohort stored in this browser, and opens a new,
            empty database. It cannot be undone.
          </p>
          <div class="button-row">
            <button class="button danger" type="button" onClick={() => { setConfirming(false); void db.deleteAndStartOver() }}>
              Delete everything and start over
            </button>
            <button class="button" type="button" onClick={() => setConfirming(false)}>Cancel</button>
          </div>
        </Show>
      </div>
    </section>
  )
}
