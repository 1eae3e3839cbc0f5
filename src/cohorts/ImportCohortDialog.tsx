// Import a cohort definition file (made by a cohort's "Download definition"
// in another workspace). The file is checked first: the cohorts it uses and
// where they were found here, the ones that are missing (then nothing can be
// imported), and the properties and events this workspace has never seen.
import { createSignal, For, Show } from 'solid-js'
import type { CohortFileCheck } from '../../workers/engine/types'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { formatCount, plural } from '../ui/format'
import { Modal } from '../ui/Modal'
import { notify } from '../ui/toast'

const SHOWN = 12

const list = (names: string[]) =>
  names.slice(0, SHOWN).join(', ') + (names.length > SHOWN ? `, and ${formatCount(names.length - SHOWN)} more` : '')

export function ImportCohortDialog(props: { onClose: () => void; onDone: (id: string) => void }) {
  const [file, setFile] = createSignal<File | null>(null)
  const [check, setCheck] = createSignal<CohortFileCheck | null>(null)
  const [name, setName] = createSignal('')
  const [busy, setBusy] = createSignal<string | null>(null)
  const [error, setError] = createSignal<string | null>(null)
  let input!: HTMLInputElement

  async function choose(chosen: File | undefined) {
    setCheck(null)
    setError(null)
    setFile(chosen ?? null)
    if (!chosen) return
    setBusy('Checking the file…')
    try {
      const c = await db.api().checkCohortFile(chosen)
      setCheck(c)
      setName(c.name)
    } catch (e) {
      setError(`${chosen.name}: ${messageOf(e)}`)
    } finally {
      setBusy(null)
    }
  }

  async function recheck() {
    const f = file()
    if (!f || !name().trim()) return
    try { setCheck(await db.api().checkCohortFile(f, { name: name() })) } catch (e) { setError(messageOf(e)) }
  }

  async function importIt() {
    const f = file(), c = check()
    if (!f || !c) return
    setError(null)
    setBusy('Importing…')
    try {
      const { id, check: done } = await db.api().importCohortFile(f, { name: name() })
      notify(`Imported the cohort “${done.name}”`)
      props.onDone(id)
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(null)
    }
  }

  const blocked = () => (check()?.missingCohorts.length ?? 0) > 0

  return (
    <Modal title="Import a cohort definition" onClose={props.onClose} busy={!!busy()} class="dialog import-cohort-dialog" initialFocus={() => input}>
      <form class="dialog-form" aria-label="Import a cohort definition" onSubmit={e => { e.preventDefault(); void importIt() }}>
        <p class="muted">A cohort's definition file comes from “Download definition” on another workspace's Cohorts page. It holds the cohort's
          name, description and filter (or a static cohort's member ids), not anyone's data.</p>
        <label class="field">
          <span>Cohort file (.json)</span>
          <input ref={input} type="file" aria-label="Cohort file" accept=".json,application/json" onChange={e => void choose(e.currentTarget.files?.[0])} />
        </label>
        <Show when={check()}>
          {c => (
            <>
              <label class="field">
                <span>Name here</span>
                <input aria-label="Name here" value={name()} maxLength={255} required
                       onInput={e => setName(e.currentTarget.value)} onChange={() => void recheck()} />
              </label>
              <div class="list-report" role="status" aria-label="Cohort file check">
                <p><strong>{c().kind === 'dynamic' ? 'Dynamic cohort' : 'Static cohort'}</strong>
                  <Show when={c().description}>{d => <>: <span class="muted">{d()}</span></>}</Show></p>
                <Show when={c().members}>
                  {m => <p>{plural(m().total, 'member')}; {formatCount(m().here)} of them {m().here === 1 ? 'is a user' : 'are users'} in this workspace.</p>}
                </Show>
                <Show when={c().cohorts.length > 0}>
                  <p>Uses {c().cohorts.map(u => u.file.name === u.here.name ? `“${u.here.name}”` : `“${u.file.name}” (here “${u.here.name}”)`).join(', ')}, found in this workspace.</p>
                </Show>
                <Show when={c().nameTaken}><p>A cohort named “{name().trim()}” already exists here; this one is added beside it (give it another name above to tell them apart).</p></Show>
                <Show when={c().sameIdAs}>{s => <p>This workspace already has this cohort (as “{s().name}”); importing it again adds a copy.</p>}</Show>
                <Show when={c().unseenProperties.length > 0}>
                  <p>Never seen here, so no user matches on them yet: {c().unseenProperties.length === 1 ? 'property' : 'properties'} {list(c().unseenProperties)}.</p>
                </Show>
                <Show when={c().unseenEvents.length > 0}>
                  <p>Never seen here: {c().unseenEvents.length === 1 ? 'event' : 'events'} {list(c().unseenEvents)}.</p>
                </Show>
                <Show when={c().unseenEventProperties.length > 0}>
                  <p>Never seen here: event {c().unseenEventProperties.length === 1 ? 'property' : 'properties'} {list(c().unseenEventProperties.map(p => `${p.event === '$any' ? 'any event' : p.event}.${p.property}`))}.</p>
                </Show>
              </div>
              <Show when={blocked()}>
                <div class="error-text" role="alert">
                  <p>Nothing can be imported: this cohort uses {c().missingCohorts.length === 1 ? 'a cohort' : 'cohorts'} this workspace does not have.</p>
                  <ul class="dependants">
                    <For each={c().missingCohorts}>{m => <li>“{m.name}” ({m.id}): {m.reason}</li>}</For>
                  </ul>
                </div>
              </Show>
            </>
          )}
        </Show>
        <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
        <div class="button-row dialog-actions">
          <Show when={busy()}><span class="muted" role="status">{busy()}</span></Show>
          <button type="button" class="button" disabled={!!busy()} onClick={() => props.onClose()}>Cancel</button>
          <button type="submit" class="button primary" disabled={!!busy() || !check() || blocked() || !name().trim()}>Import cohort</button>
        </div>
      </form>
    </Modal>
  )
}
