import { Match, Switch } from 'solid-js'
import { db } from '../db/client'

/** Shown instead of the pages while another tab owns the database. */
export function LockScreen() {
  return (
    <section class="lock-screen" aria-labelledby="lock-title">
      <div class="card lock-card">
        <Switch>
          <Match when={db.phase().kind === 'released'}>
            <h1 id="lock-title">Cohortlite was opened in another tab</h1>
            <p>This tab closed its database so the other tab could use it. Your data is safe.</p>
          </Match>
          <Match when={db.phase().kind === 'taking-over'}>
            <h1 id="lock-title">Cohortlite is open in another tab</h1>
            <p>Asking the other tab to close the database…</p>
          </Match>
          <Match when={true}>
            <h1 id="lock-title">Cohortlite is open in another tab</h1>
            <p>Only one tab at a time can use the database. Use it here, and the other tab will close it.</p>
          </Match>
        </Switch>
        <button class="button primary" type="button" disabled={db.phase().kind === 'taking-over'}
                onClick={() => void db.takeOver()}>
          Use here
        </button>
      </div>
    </section>
  )
}
