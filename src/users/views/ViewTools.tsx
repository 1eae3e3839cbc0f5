// The Users page's Views menu (save the current view under a name, reopen a
// saved one, delete them) and its Show SQL button. Saved views live in the
// workspace (engine saveView/listViews), so a backup carries them; opening
// one is a link to its URL, so Back returns to the view before.
import { useNavigate } from '@solidjs/router'
import { DropdownMenu } from '@kobalte/core/dropdown-menu'
import { createSignal, For, Show } from 'solid-js'
import type { SavedView, SavedViewState, UsersQuery } from '../../../workers/engine/types'
import { db } from '../../db/client'
import { ShowSqlDialog } from '../../cohorts/ShowSql'
import { messageOf } from '../../ui/errors'
import { createLatest } from '../../ui/latest'
import { Modal } from '../../ui/Modal'
import { notify } from '../../ui/toast'
import '../../ui/overlays.css'
import './views.css'
import { viewParams } from '../urlState'

/** The Users page URL of a saved view. */
export function savedViewHref(v: SavedViewState): string {
  const params = Object.entries(viewParams({ analyze: null, ...v })).filter((kv): kv is [string, string] => kv[1] !== undefined)
  return `/?${new URLSearchParams(params)}`
}

export function ViewTools(props: {
  /** the view as on screen (what waits to be committed included); undefined: views do not apply (group profiles) */
  current?: () => SavedViewState
  query: () => UsersQuery
  describe: () => string
}) {
  const navigate = useNavigate()
  const views = createLatest(() => (db.phase().kind === 'ready' ? db.dataVersion() : undefined), () => db.api().listViews())
  const [dialog, setDialog] = createSignal<null | 'save' | 'manage' | 'sql'>(null)
  return (
    <>
      <Show when={props.current}>
        <DropdownMenu modal={false}>
          <DropdownMenu.Trigger class="button" aria-label="Saved views">Views ▾</DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content class="menu">
              <DropdownMenu.Item class="menu-item" onSelect={() => setDialog('save')}>Save this view…</DropdownMenu.Item>
              <Show when={views.value()?.length}>
                <DropdownMenu.Separator class="menu-separator" />
                <DropdownMenu.Group>
                  <DropdownMenu.GroupLabel class="menu-label">Open a saved view</DropdownMenu.GroupLabel>
                  <For each={views.value()}>
                    {v => <DropdownMenu.Item class="menu-item" onSelect={() => navigate(savedViewHref(v.view))}>{v.name}</DropdownMenu.Item>}
                  </For>
                </DropdownMenu.Group>
                <DropdownMenu.Separator class="menu-separator" />
                <DropdownMenu.Item class="menu-item" onSelect={() => setDialog('manage')}>Delete saved views…</DropdownMenu.Item>
              </Show>
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu>
      </Show>
      <button type="button" class="button" onClick={() => setDialog('sql')}>Show SQL</button>
      <Show when={dialog() === 'save' && props.current}>
        {current => <SaveViewDialog view={current()()} onClose={() => setDialog(null)} />}
      </Show>
      <Show when={dialog() === 'manage'}>
        <ManageViewsDialog views={views.value() ?? []} onClose={() => setDialog(null)} />
      </Show>
      <Show when={dialog() === 'sql'}>
        <ShowSqlDialog query={props.query()} what={props.describe()} onClose={() => setDialog(null)} />
      </Show>
    </>
  )
}

function SaveViewDialog(props: { view: SavedViewState; onClose: () => void }) {
  const [name, setName] = createSignal('')
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  let input!: HTMLInputElement
  async function save(e: Event) {
    e.preventDefault()
    setError(null)
    setBusy(true)
    try {
      await db.api().saveView({ name: name(), view: props.view })
      notify(`Saved the view “${name().trim()}”`)
      props.onClose()
      await db.changed()
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal title="Save this view" onClose={props.onClose} busy={busy()} initialFocus={() => input}>
      <form class="dialog-form" aria-label="Save this view" onSubmit={save}>
        <p class="muted">Keeps the scope, search, filter, columns and sort under a name, in this workspace (backups include it).</p>
        <label class="field">
          <span>Name</span>
          <input ref={input} aria-label="View name" value={name()} maxLength={255} onInput={e => setName(e.currentTarget.value)} />
        </label>
        <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
        <div class="button-row dialog-actions">
          <button type="button" class="button" disabled={busy()} onClick={() => props.onClose()}>Cancel</button>
          <button type="submit" class="button primary" disabled={busy()}>Save view</button>
        </div>
      </form>
    </Modal>
  )
}

function ManageViewsDialog(props: { views: SavedView[]; onClose: () => void }) {
  const [error, setError] = createSignal<string | null>(null)
  async function remove(v: SavedView) {
    setError(null)
    try {
      await db.api().deleteView(v.id)
      notify(`Deleted the view “${v.name}”`)
      await db.changed()
    } catch (err) {
      setError(messageOf(err))
    }
  }
  return (
    <Modal title="Saved views" onClose={props.onClose}>
      <ul class="saved-views">
        <For each={props.views} fallback={<li class="muted">No saved views.</li>}>
          {v => <li><span>{v.name}</span><button type="button" class="button small" aria-label={`Delete view ${v.name}`} onClick={() => void remove(v)}>Delete</button></li>}
        </For>
      </ul>
      <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
      <div class="button-row dialog-actions">
        <button type="button" class="button primary" onClick={() => props.onClose()}>Close</button>
      </div>
    </Modal>
  )
}
