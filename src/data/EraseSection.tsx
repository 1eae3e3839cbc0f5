// Erase workspace: every profile, event, cohort and import record goes, after
// the user types the word; what is left is an empty workspace that works.
import { createSignal, Show } from 'solid-js'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { ConfirmDialog } from './ConfirmDialog'

const WORD = 'erase'

export function EraseSection() {
  const [open, setOpen] = createSignal(false)
  const [typed, setTyped] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [done, setDone] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)

  function openDialog() {
    setTyped('')
    setDone(false)
    setError(null)
    setOpen(true)
  }

  async function erase() {
    if (typed().trim().toLowerCase() !== WORD) return
    setOpen(false)
    setBusy(true)
    try {
      await db.api().erase()
      await db.changed()
      setDone(true)
    } catch (err) {
      setError(`Could not erase: ${messageOf(err)}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="card data-section" aria-labelledby="erase-title">
      <h2 id="erase-title">Erase workspace</h2>
      <p class="muted">Deletes every profile, event, cohort and import record stored in this browser, and leaves an empty workspace.</p>
      <div class="button-row">
        <button type="button" class="button danger" disabled={busy()} onClick={openDialog}>
          {busy() ? 'Erasing…' : 'Erase workspace…'}
        </button>
      </div>
      <Show when={done()}><p role="status" class="data-done">The workspace is empty.</p></Show>
      <Show when={error()}><p role="alert" class="error-text">{error()}</p></Show>
      <ConfirmDialog
        open={open()}
        onOpenChange={setOpen}
        title="Erase this workspace?"
        description={<p>Everything in it is deleted. This cannot be undone: back up first if you may want it again.</p>}
        confirm="Erase everything"
        danger
        disabled={typed().trim().toLowerCase() !== WORD}
        onConfirm={() => void erase()}
      >
        <label class="data-field">
          <span>Type <strong>{WORD}</strong> to confirm</span>
          <input type="text" autocomplete="off" value={typed()} onInput={e => setTyped(e.currentTarget.value)}
                 onKeyDown={e => { if (e.key === 'Enter') void erase() }} />
        </label>
      </ConfirmDialog>
    </section>
  )
}
