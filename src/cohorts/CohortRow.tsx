// One saved cohort on the Cohorts page: its name (renamed and described in
// place), kind, size with its line, and what can be done with it: Edit, a
// menu of the rest (rename, duplicate, freeze, add from a list, size on a
// date, download its definition, Show SQL), Export of its members, and Delete.
import { A } from '@solidjs/router'
import { DropdownMenu } from '@kobalte/core/dropdown-menu'
import { createSignal, Show } from 'solid-js'
import type { Cohort } from '../../workers/engine/types'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { saveFile } from '../ui/save'
import { notify } from '../ui/toast'
import '../ui/overlays.css'
import { cohortEditHref, cohortUsersHref } from './links'
import { CohortSize } from './SizeHistory'

export type RowDialog = 'delete' | 'list' | 'asOf' | 'sql' | 'export'

export function CohortRow(props: { cohort: Cohort; open: (what: RowDialog, total?: number) => void; onError: (message: string | null) => void }) {
  const c = () => props.cohort
  const [renaming, setRenaming] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  let nameInput!: HTMLInputElement

  async function act(work: () => Promise<string>) {
    props.onError(null)
    setBusy(true)
    try {
      notify(await work())
      await db.changed()
      return true
    } catch (e) {
      props.onError(messageOf(e))
      return false
    } finally {
      setBusy(false)
    }
  }

  async function exportMembers() {
    props.onError(null)
    setBusy(true)
    try {
      // The dialog says how many it will write; the count is the cohort's size now.
      props.open('export', await db.api().countCohort(c().id))
    } catch (e) {
      props.onError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  async function downloadDefinition() {
    props.onError(null)
    try {
      const file = await db.api().exportCohortFile(c().id)
      saveFile(file, file.name)
      notify(`Downloaded the definition of “${c().name}” (${file.name})`)
    } catch (e) {
      props.onError(messageOf(e))
    }
  }

  async function rename(e: SubmitEvent) {
    e.preventDefault()
    const form = new FormData(e.currentTarget as HTMLFormElement)
    const name = String(form.get('name') ?? ''), description = String(form.get('description') ?? '')
    if (await act(async () => { await db.api().updateCohort(c().id, { name, description }); return `Saved “${name.trim()}”` })) setRenaming(false)
  }

  return (
    <tr>
      <th scope="row">
        <Show when={renaming()} fallback={
          <>
            <A href={cohortUsersHref(c().id)}>{c().name}</A>
            <Show when={c().description}><div class="muted small">{c().description}</div></Show>
          </>
        }>
          <form class="rename-form" aria-label={`Rename cohort ${c().name}`} onSubmit={rename}
                onKeyDown={e => { if (e.key === 'Escape') { e.preventDefault(); setRenaming(false) } }}>
            <input ref={el => { nameInput = el; queueMicrotask(() => nameInput.focus()) }} name="name" aria-label="Cohort name" value={c().name} maxLength={255} required />
            <textarea name="description" aria-label="Description" rows="2" value={c().description ?? ''} placeholder="Description" />
            <div class="button-row">
              <button type="submit" class="button small primary" disabled={busy()}>Save</button>
              <button type="button" class="button small" disabled={busy()} onClick={() => setRenaming(false)}>Cancel</button>
            </div>
          </form>
        </Show>
      </th>
      <td>{c().kind === 'dynamic' ? 'Dynamic' : 'Static'}</td>
      <td><CohortSize id={c().id} name={c().name} /></td>
      <td><time datetime={c().updatedAt} title={c().updatedAt}>{new Date(c().updatedAt).toLocaleString()}</time></td>
      <td class="row-actions">
        <A class="button small" href={cohortEditHref(c(), '/cohorts')} aria-label={`Edit cohort ${c().name}`}>Edit</A>
        <DropdownMenu modal={false}>
          <DropdownMenu.Trigger class="button small" aria-label={`More actions for cohort ${c().name}`} disabled={busy()}>More ▾</DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content class="menu">
              <DropdownMenu.Item class="menu-item" onSelect={() => setRenaming(true)}>Rename and describe</DropdownMenu.Item>
              <DropdownMenu.Item class="menu-item" onSelect={() => void act(async () => {
                await db.api().duplicateCohort(c().id)
                return `Duplicated “${c().name}”`
              })}>Duplicate</DropdownMenu.Item>
              <Show when={c().kind === 'dynamic'} fallback={
                <DropdownMenu.Item class="menu-item" onSelect={() => props.open('list')}>Add users from a list…</DropdownMenu.Item>
              }>
                <DropdownMenu.Item class="menu-item" onSelect={() => void act(async () => {
                  await db.api().freezeCohort(c().id)
                  return `Froze “${c().name}” into a static cohort`
                })}>Freeze into a static cohort</DropdownMenu.Item>
                <DropdownMenu.Item class="menu-item" onSelect={() => props.open('asOf')}>Size on a date…</DropdownMenu.Item>
              </Show>
              <DropdownMenu.Item class="menu-item" onSelect={() => void downloadDefinition()}>Download definition</DropdownMenu.Item>
              <DropdownMenu.Item class="menu-item" onSelect={() => props.open('sql')}>Show SQL</DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu>
        <button type="button" class="button small" aria-label={`Export cohort ${c().name}`} disabled={busy()} onClick={() => void exportMembers()}>Export</button>
        <button type="button" class="button small" aria-label={`Delete cohort ${c().name}`} onClick={() => props.open('delete')}>Delete</button>
      </td>
    </tr>
  )
}
