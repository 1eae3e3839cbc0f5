// A static cohort from a list, or more members for one (Mixpanel's FAQ "How
// do I create a cohort out of a list of user emails I have?"): paste or
// upload ids or emails, one per line or a CSV column; the list is matched
// first, and what matched no user or several is shown before anything is saved.
import { createSignal, For, Show } from 'solid-js'
import type { Cohort, UserListMatch } from '../../workers/engine/types'
import { readList, type ListKind, type ReadList } from '../../workers/engine/cohorts/entries'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { formatCount, plural } from '../ui/format'
import { Modal } from '../ui/Modal'
import { notify } from '../ui/toast'

const SHOWN = 20

export function ListDialog(props: { cohort?: Cohort; onClose: () => void; onDone: (id: string) => void }) {
  const [by, setBy] = createSignal<ListKind>('email')
  const [text, setText] = createSignal('')
  const [column, setColumn] = createSignal<string | undefined>(undefined)
  const [name, setName] = createSignal('')
  const [read, setRead] = createSignal<ReadList | null>(null)
  const [match, setMatch] = createSignal<UserListMatch | null>(null)
  const [busy, setBusy] = createSignal<string | null>(null)
  const [error, setError] = createSignal<string | null>(null)
  let area!: HTMLTextAreaElement

  const changed = () => { setMatch(null); setError(null) }

  async function upload(file: File | undefined) {
    if (!file) return
    changed()
    setColumn(undefined)
    setText(await file.text())
  }

  async function check() {
    setError(null)
    setBusy('Matching…')
    try {
      const list = readList(text(), by(), column())
      setRead(list)
      if (list.entries.length === 0) throw new Error('The list is empty: paste ids or emails, one per line, or upload a file')
      setMatch(await db.api().matchUserList(list.entries, by()))
    } catch (e) {
      setMatch(null)
      setError(messageOf(e))
    } finally {
      setBusy(null)
    }
  }

  async function save(m: UserListMatch) {
    setError(null)
    setBusy('Saving…')
    try {
      if (props.cohort) {
        const { added } = await db.api().addCohortMembers(props.cohort.id, { ids: m.ids })
        notify(`Added ${plural(added, 'user')} to “${props.cohort.name}”`)
        props.onDone(props.cohort.id)
      } else {
        if (!name().trim()) throw new Error('Give the cohort a name')
        const { id } = await db.api().saveCohort({ name: name().trim(), kind: 'static', members: m.ids })
        notify(`Saved the cohort “${name().trim()}”`)
        props.onDone(id)
      }
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(null)
    }
  }

  return (
    <Modal title={props.cohort ? `Add users to “${props.cohort.name}” from a list` : 'New cohort from a list'}
           onClose={props.onClose} busy={!!busy()} class="dialog list-dialog" initialFocus={() => area}>
      <form class="dialog-form" aria-label="Cohort from a list" onSubmit={e => { e.preventDefault(); void (match() ? save(match()!) : check()) }}>
        <Show when={!props.cohort}>
          <label class="field">
            <span>Name</span>
            <input aria-label="Cohort name" value={name()} maxLength={255} onInput={e => setName(e.currentTarget.value)} />
          </label>
        </Show>
        <div class="field" role="radiogroup" aria-label="The list holds">
          <label><input type="radio" name="list-by" checked={by() === 'email'} onChange={() => { setBy('email'); changed() }} /> Emails <span class="muted">(matched to $email, ignoring case)</span></label>
          <label><input type="radio" name="list-by" checked={by() === 'id'} onChange={() => { setBy('id'); changed() }} /> Distinct IDs</label>
        </div>
        <label class="field">
          <span>One per line, or a CSV with a header row</span>
          <textarea ref={area} aria-label="List of users" rows="6" spellcheck={false} value={text()}
                    onInput={e => { setText(e.currentTarget.value); setColumn(undefined); changed() }} />
        </label>
        <label class="field">
          <span>Or upload a file (.csv or .txt)</span>
          <input type="file" aria-label="Upload a list" accept=".csv,.txt,.tsv,text/csv,text/plain" onChange={e => void upload(e.currentTarget.files?.[0])} />
        </label>
        <Show when={read()?.columns.length}>
          <label class="field">
            <span>Column</span>
            <select aria-label="Column" value={read()!.column ?? ''} onChange={e => { setColumn(e.currentTarget.value); changed() }}>
              <For each={read()!.columns}>{c => <option value={c}>{c}</option>}</For>
            </select>
          </label>
        </Show>
        <Show when={match()}>
          {m => (
            <div class="list-report" role="status" aria-label="List check">
              <p><strong>{plural(m().ids.length, 'user')}</strong> matched from {plural(m().entries, 'entry', 'entries')}.</p>
              <Show when={m().unmatched.length > 0}>
                <p>{formatCount(m().unmatched.length)} {m().unmatched.length === 1 ? 'entry matches' : 'entries match'} no user:{' '}
                  <span class="muted">{m().unmatched.slice(0, SHOWN).join(', ')}{m().unmatched.length > SHOWN ? `, and ${formatCount(m().unmatched.length - SHOWN)} more` : ''}</span></p>
              </Show>
              <Show when={m().ambiguous.length > 0}>
                <p>{formatCount(m().ambiguous.length)} {m().ambiguous.length === 1 ? 'email matches' : 'emails match'} several users (all of them are included):</p>
                <ul class="muted">
                  <For each={m().ambiguous.slice(0, SHOWN)}>{a => <li>{a.entry}: {a.ids.join(', ')}</li>}</For>
                </ul>
              </Show>
            </div>
          )}
        </Show>
        <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
        <div class="button-row dialog-actions">
          <Show when={busy()}><span class="muted" role="status">{busy()}</span></Show>
          <button type="button" class="button" disabled={!!busy()} onClick={() => props.onClose()}>Cancel</button>
          <Show when={match()} fallback={<button type="submit" class="button primary" disabled={!!busy() || !text().trim()}>Check the list</button>}>
            {m => (
              <button type="submit" class="button primary" disabled={!!busy() || m().ids.length === 0}>
                {props.cohort ? `Add ${plural(m().ids.length, 'user')}` : `Create cohort of ${plural(m().ids.length, 'user')}`}
              </button>
            )}
          </Show>
        </div>
      </form>
    </Modal>
  )
}
