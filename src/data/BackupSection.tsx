// Back up: the whole workspace as one file, optionally encrypted with a
// passphrase (asked twice: a typo here locks the backup for good).
import { createSignal, Show } from 'solid-js'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { formatBytes } from '../ui/format'
import { countsText } from './Counts'
import { saveFile } from '../ui/save'

export function BackupSection() {
  const [encrypt, setEncrypt] = createSignal(false)
  const [passphrase, setPassphrase] = createSignal('')
  const [repeat, setRepeat] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [done, setDone] = createSignal<string | null>(null)
  const [error, setError] = createSignal<string | null>(null)

  async function backUp(e: Event) {
    e.preventDefault()
    setError(null)
    setDone(null)
    if (encrypt()) {
      if (!passphrase()) { setError('Enter a passphrase, or back up without one'); return }
      if (passphrase() !== repeat()) { setError('The two passphrases differ'); return }
    }
    setBusy(true)
    try {
      const stats = db.stats()
      const file = await db.api().backup(encrypt() ? { passphrase: passphrase() } : {})
      saveFile(file, file.name)
      setDone(`Saved ${file.name} (${formatBytes(file.size)})${stats ? `: ${countsText(stats)}` : ''}${encrypt() ? ', encrypted' : ''}.`)
      setPassphrase('')
      setRepeat('')
    } catch (err) {
      setError(`Could not back up: ${messageOf(err)}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="card data-section" aria-labelledby="backup-title">
      <h2 id="backup-title">Back up</h2>
      <p class="muted">
        One file with everything in this workspace: profiles, events, cohorts and the import history.
        Keep it somewhere safe; Restore brings it back here or in another browser.
      </p>
      <form class="data-form" onSubmit={e => void backUp(e)}>
        <label class="data-check">
          <input type="checkbox" checked={encrypt()} onChange={e => setEncrypt(e.currentTarget.checked)} />
          Encrypt with a passphrase
        </label>
        <Show when={encrypt()}>
          <div class="data-fields">
            <label class="data-field">
              <span>Passphrase</span>
              <input type="password" autocomplete="new-password" value={passphrase()} onInput={e => setPassphrase(e.currentTarget.value)} />
            </label>
            <label class="data-field">
              <span>Repeat the passphrase</span>
              <input type="password" autocomplete="new-password" value={repeat()} onInput={e => setRepeat(e.currentTarget.value)} />
            </label>
          </div>
          <p class="muted small">
            Without it the backup cannot be opened: nobody, Cohortlite included, can recover a forgotten passphrase.
          </p>
        </Show>
        <div class="button-row">
          <button type="submit" class="button primary" disabled={busy()}>
            <Show when={busy()}><span class="spinner" aria-hidden="true" /> </Show>
            {busy() ? 'Backing up…' : 'Back up'}
          </button>
        </div>
      </form>
      <Show when={done()}><p role="status" class="data-done">{done()}</p></Show>
      <Show when={error()}><p role="alert" class="error-text">{error()}</p></Show>
    </section>
  )
}
