// Add/Edit Profile, as Mixpanel's: a user or a group key, Create or Update,
// the id, and property rows (name with autocomplete, a type per value).
// Create warns when the profile exists, Update when it does not, before
// anything is written; the id and the reserved properties are checked first.
import { useNavigate } from '@solidjs/router'
import { createSignal, createUniqueId, For, Index, Show } from 'solid-js'
import { checkId } from '../../workers/engine/ids'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { createLatest } from '../ui/latest'
import { Modal } from '../ui/Modal'
import { notify } from '../ui/toast'
import { applyUpdate, profileHref, type ProfileRef } from './updates'
import { createValueState, ValueInput, type ValueState } from './ValueInput'
import {
  checkPropertyName, checkReserved, RESERVED_PROPERTIES, suggestedTypeOf, TYPE_LABEL, VALUE_TYPES,
  type KnownProperty, type ValueType,
} from './values'

export interface ProfileDialogInit {
  mode: 'create' | 'update'
  /** '' for users, else a group key */
  kind: string
  id?: string
}

interface Row { key: number; name: () => string; setName: (n: string) => void; value: ValueState }

let rowKeys = 0
function newRow(): Row {
  const [name, setName] = createSignal('')
  return { key: ++rowKeys, name, setName, value: createValueState('', 'string') }
}

export function ProfileDialog(props: { initial?: Partial<ProfileDialogInit>; onClose: () => void; stayOnSave?: boolean }) {
  const navigate = useNavigate()
  const listId = createUniqueId()
  const [mode, setMode] = createSignal<'create' | 'update'>(props.initial?.mode ?? 'create')
  const [kind, setKind] = createSignal(props.initial?.kind ?? '')
  const [id, setId] = createSignal(props.initial?.id ?? '')
  const [rows, setRows] = createSignal<Row[]>([newRow()])
  const [error, setError] = createSignal<string | null>(null)
  const [warning, setWarning] = createSignal<string | null>(null)
  /** the warning was shown for exactly this request: the next Save goes ahead */
  const [confirmed, setConfirmed] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)

  const groupKeys = createLatest(() => db.dataVersion(), () => db.api().groupKeys())
  const known = createLatest(kind, k => knownProperties(k))
  const suggestions = () => [...new Set([...RESERVED_PROPERTIES, ...(known.value() ?? []).map(p => p.name)])]
  const catalogErrors = () => [
    ...(groupKeys.error() ? [`Could not read the group keys: ${groupKeys.error()}`] : []),
    ...(known.error() ? [`Could not read the property names: ${known.error()}`] : []),
  ]
  const idLabel = () => (kind() ? '$group_id' : '$distinct_id')

  let idInput!: HTMLInputElement

  /** Every check that needs no database; the $set to write, or null (error shown). */
  function collect(): { set: Record<string, unknown>; warnings: string } | null {
    const checked = checkId(id(), idLabel())
    if ('error' in checked) { setError(checked.error); return null }
    const set: Record<string, unknown> = {}
    const warnings: string[] = []
    for (const [i, row] of rows().entries()) {
      const name = row.name().trim()
      const empty = row.value.type() === 'list' ? row.value.items().length === 0 : row.value.text().trim() === ''
      if (name === '' && empty) continue
      const bad = checkPropertyName(name)
      if (bad) { setError(`Property ${i + 1}: ${bad}`); return null }
      if (name in set) { setError(`Property ${i + 1}: ${name} is set twice`); return null }
      const parsed = row.value.parsed()
      if ('error' in parsed) { setError(`${name}: ${parsed.error}`); return null }
      const check = checkReserved(name, parsed.value)
      if (check.error) { setError(check.error); return null }
      if (check.warning) warnings.push(check.warning)
      set[name] = parsed.value
    }
    setError(null)
    return { set, warnings: warnings.join(' ') }
  }

  async function save(e: Event) {
    e.preventDefault()
    const collected = collect()
    if (!collected) return
    const { set, warnings } = collected
    const ref: ProfileRef = { groupKey: kind(), id: (checkId(id(), idLabel()) as { id: string }).id }
    const request = JSON.stringify([mode(), ref, set])
    setBusy(true)
    try {
      if (confirmed() !== request) {
        const summary = await db.api().profileSummary(ref.id, ref.groupKey)
        const exists = summary.kind === 'profile'
        const who = ref.groupKey ? `A ${ref.groupKey} group profile "${ref.id}"` : `A profile for "${ref.id}"`
        let warn: string | null = null
        if (mode() === 'create' && exists) warn = `${who} already exists. Saving updates it: the properties below overwrite its values.`
        if (mode() === 'update' && !exists) warn = `${ref.groupKey ? `The ${ref.groupKey} group profile` : 'The profile'} "${ref.id}" does not exist${summary.kind === 'events' ? ' (the user has events only)' : ''}. Saving creates it.`
        if (warn || warnings) {
          setWarning([warn, warnings].filter(Boolean).join(' '))
          setConfirmed(request)
          return
        }
      }
      const refused = await applyUpdate(ref, { $set: set })
      if (refused) { setError(refused); return }
      props.onClose()
      notify(`Saved the ${ref.groupKey ? `${ref.groupKey} group profile` : 'profile'} “${ref.id}”`)
      if (!props.stayOnSave) navigate(profileHref(ref))
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  const changed = () => { setConfirmed(null); setWarning(null) }

  return (
    <Modal title="Add/Edit Profile" onClose={props.onClose} busy={busy()} class="profile-dialog" initialFocus={() => idInput}>
        <form onSubmit={e => void save(e)} onInput={changed} onChange={changed} aria-label="Profile">
          <div class="dialog-fields">
            <div class="segmented" role="radiogroup" aria-label="Mode">
              <For each={[['create', 'Create'], ['update', 'Update']] as const}>
                {([value, label]) => (
                  <label classList={{ on: mode() === value }}>
                    <input type="radio" name="profile-mode" value={value} checked={mode() === value} onChange={() => setMode(value)} />
                    {label}
                  </label>
                )}
              </For>
            </div>
            <label class="field-label">Profile
              <select aria-label="Profile kind" value={kind()} onChange={e => setKind(e.currentTarget.value)}>
                <option value="">User</option>
                <For each={groupKeys.value() ?? []}>{k => <option value={k}>Group: {k}</option>}</For>
              </select>
            </label>
            <label class="field-label">{idLabel()}
              <input ref={idInput} type="text" class="field mono" aria-label={kind() ? 'Group ID' : 'Distinct ID'} value={id()}
                     onInput={e => setId(e.currentTarget.value)} autocomplete="off" spellcheck={false} />
            </label>
          </div>

          <fieldset class="property-rows">
            <legend>Properties</legend>
            <datalist id={listId}><For each={suggestions()}>{n => <option value={n} />}</For></datalist>
            <Index each={rows()}>
              {(row, i) => (
                <div class="property-row" role="group" aria-label={`Property ${i + 1}`}>
                  <input type="text" class="field" list={listId} aria-label={`Property ${i + 1} name`} placeholder="Name"
                         value={row().name()} autocomplete="off" spellcheck={false}
                         onInput={e => {
                           const n = e.currentTarget.value
                           row().setName(n)
                           const type = suggestedTypeOf(n.trim(), known.value() ?? [])
                           if (type) row().value.setType(type)
                         }} />
                  <select aria-label={`Property ${i + 1} type`} value={row().value.type()}
                          onChange={e => row().value.setType(e.currentTarget.value as ValueType)}>
                    <For each={VALUE_TYPES}>{t => <option value={t}>{TYPE_LABEL[t]}</option>}</For>
                  </select>
                  <ValueInput state={row().value} label={`Property ${i + 1} value`} />
                  <button type="button" class="icon-button" aria-label={`Remove property ${i + 1}`}
                          onClick={() => setRows(rows().filter(r => r !== row()))}>×</button>
                </div>
              )}
            </Index>
            <button type="button" class="button small" onClick={() => setRows([...rows(), newRow()])}>Add property</button>
          </fieldset>

          <For each={catalogErrors()}>{line => <p class="error-text" role="alert">{line}</p>}</For>
          <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
          <Show when={warning()}><p class="warning-text" role="alert" aria-label="Warning">{warning()}</p></Show>
          <div class="button-row dialog-actions">
            <button type="submit" class="button primary" disabled={busy()}>{warning() ? 'Save anyway' : 'Save'}</button>
            <button type="button" class="button" onClick={() => props.onClose()}>Cancel</button>
          </div>
        </form>
    </Modal>
  )
}

/** Property names in use on users ('') or a group key's profiles, with their types (the engine's catalog). */
export async function knownProperties(groupKey: string): Promise<KnownProperty[]> {
  const list = await db.api().propertyNames(groupKey ? { groupKey } : {})
  return list.properties.map(p => ({ name: p.name, type: p.type }))
}

/** The Users page's "Add/Edit Profile" button and its dialog. */
export function AddEditProfileButton() {
  const [open, setOpen] = createSignal(false)
  return (
    <>
      <button type="button" class="button add-profile-button" onClick={() => setOpen(true)}
              disabled={db.phase().kind !== 'ready'}>Add/Edit Profile</button>
      <Show when={open()}><ProfileDialog onClose={() => setOpen(false)} /></Show>
    </>
  )
}
