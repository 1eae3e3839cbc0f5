// Every property of a profile with its value and inferred type: searchable,
// each editable inline with an input suited to its type, deletable, and new
// ones added with a name that autocompletes existing and reserved names.
// Each change is an action on this profile, which the undo bar can take back.
import { createMemo, createSignal, createUniqueId, For, Show } from 'solid-js'
import { notify } from '../ui/toast'
import type { ProfileAction } from '../../workers/engine/types'
import { applyAction, type ProfileRef } from './updates'
import { createValueState, ValueInput } from './ValueInput'
import {
  checkPropertyName, checkReserved, inferType, RESERVED_PROPERTIES, showValue, suggestedTypeOf, TYPE_LABEL,
  VALUE_TYPES, type KnownProperty, type ValueType,
} from './values'

export interface PropertiesPanelProps {
  profile: ProfileRef
  properties: Record<string, unknown>
  /** property names in use on profiles of this kind, with their types */
  known: KnownProperty[]
  /** the properties after a change, shown at once (the page refetches behind it) */
  onChange: (properties: Record<string, unknown>) => void
}

export function PropertiesPanel(props: PropertiesPanelProps) {
  const [query, setQuery] = createSignal('')
  const [editing, setEditing] = createSignal<string | null>(null)
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)

  const entries = createMemo(() => {
    const q = query().trim().toLowerCase()
    return Object.entries(props.properties)
      .filter(([k, v]) => !q || k.toLowerCase().includes(q) || showValue(v).toLowerCase().includes(q))
      .sort(([a], [b]) => a.localeCompare(b))
  })

  async function write(action: ProfileAction, next: Record<string, unknown>, done: string): Promise<boolean> {
    setBusy(true)
    setError(null)
    const refused = await applyAction(props.profile, action)
    setBusy(false)
    if (refused) {
      setError(refused)
      return false
    }
    props.onChange(next)
    notify(done)
    return true
  }

  async function save(name: string, value: unknown) {
    if (await write({ kind: 'set', property: name, value }, { ...props.properties, [name]: value }, `Saved ${name}`)) setEditing(null)
  }

  async function remove(name: string) {
    const next = { ...props.properties }
    delete next[name]
    await write({ kind: 'unset', property: name }, next, `Deleted ${name}`)
  }

  const count = () => Object.keys(props.properties).length

  return (
    <section class="card profile-properties" aria-labelledby="properties-title">
      <div class="section-head">
        <h2 id="properties-title">Properties <span class="muted count">{count()}</span></h2>
        <input type="search" class="field" aria-label="Search properties" placeholder="Search properties"
               value={query()} onInput={e => setQuery(e.currentTarget.value)} />
      </div>
      <Show when={error()}>
        <p class="error-text" role="alert">Not saved: {error()}</p>
      </Show>
      <table class="properties-table" aria-label="Properties">
        <thead>
          <tr><th scope="col">Property</th><th scope="col">Type</th><th scope="col">Value</th><th scope="col"><span class="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          <For each={entries()} fallback={
            <tr><td colSpan={4} class="muted">{count() === 0 ? 'This profile has no properties.' : `No property matches “${query()}”.`}</td></tr>
          }>
            {([name, value]) => (
              <Show when={editing() === name} fallback={
                <tr>
                  <th scope="row" class="prop-name mono">{name}</th>
                  <td><span class="type-badge">{TYPE_LABEL[inferType(value)]}</span></td>
                  <td class="prop-value"><ValueView value={value} /></td>
                  <td class="prop-actions">
                    <button type="button" class="icon-button" aria-label={`Edit ${name}`} disabled={busy()}
                            onClick={() => { setError(null); setEditing(name) }}>Edit</button>
                    <button type="button" class="icon-button danger-text" aria-label={`Delete ${name}`} disabled={busy()}
                            onClick={() => void remove(name)}>Delete</button>
                  </td>
                </tr>
              }>
                <tr class="editing">
                  <th scope="row" class="prop-name mono">{name}</th>
                  <td colSpan={3}>
                    <PropertyEditor name={name} value={value} busy={busy()} onSave={v => void save(name, v)}
                                    onCancel={() => setEditing(null)} />
                  </td>
                </tr>
              </Show>
            )}
          </For>
        </tbody>
      </table>
      <AddProperty existing={props.properties} known={props.known} busy={busy()}
                   onAdd={async (name, value) => write({ kind: 'set', property: name, value }, { ...props.properties, [name]: value }, `Added ${name}`)} />
    </section>
  )
}

function ValueView(props: { value: unknown }) {
  return (
    <Show when={Array.isArray(props.value)} fallback={<span class="value-text">{showValue(props.value)}</span>}>
      <ul class="chip-list readonly" aria-label="List items">
        <For each={props.value as unknown[]}>{item => <li class="chip">{typeof item === 'string' ? item : JSON.stringify(item)}</li>}</For>
      </ul>
    </Show>
  )
}

function PropertyEditor(props: { name: string; value: unknown; busy: boolean; onSave: (v: unknown) => void; onCancel: () => void }) {
  const state = createValueState(props.value, inferType(props.value))
  const [problem, setProblem] = createSignal<string | null>(null)
  const submit = (e: Event) => {
    e.preventDefault()
    const parsed = state.parsed()
    if ('error' in parsed) { setProblem(parsed.error); return }
    const check = checkReserved(props.name, parsed.value)
    if (check.error) { setProblem(check.error); return }
    setProblem(null)
    props.onSave(parsed.value)
  }
  const check = () => {
    const parsed = state.parsed()
    return 'value' in parsed ? checkReserved(props.name, parsed.value) : {}
  }
  return (
    <form class="inline-editor" aria-label={`Edit ${props.name}`} onSubmit={submit}
          onKeyDown={e => { if (e.key === 'Escape') props.onCancel() }}>
      <select aria-label={`Type of ${props.name}`} value={state.type()} onChange={e => state.setType(e.currentTarget.value as ValueType)}>
        <For each={[...VALUE_TYPES, ...(state.type() === 'object' ? ['object' as const] : [])]}>
          {t => <option value={t}>{TYPE_LABEL[t]}</option>}
        </For>
      </select>
      <ValueInput state={state} label={`Value of ${props.name}`} autofocus />
      <button type="submit" class="button primary small" disabled={props.busy}>Save</button>
      <button type="button" class="button small" onClick={() => props.onCancel()}>Cancel</button>
      <Show when={problem()}><p class="error-text field-message" role="alert">{problem()}</p></Show>
      <Show when={!problem() && check().warning}><p class="warning-text field-message">{check().warning}</p></Show>
    </form>
  )
}

function AddProperty(props: {
  existing: Record<string, unknown>; known: KnownProperty[]; busy: boolean
  onAdd: (name: string, value: unknown) => Promise<boolean>
}) {
  const listId = createUniqueId()
  const [name, setName] = createSignal('')
  const [problem, setProblem] = createSignal<string | null>(null)
  const state = createValueState('', 'string')
  const suggestions = createMemo(() => {
    const have = new Set(Object.keys(props.existing))
    return [...new Set([...RESERVED_PROPERTIES, ...props.known.map(k => k.name)])].filter(n => !have.has(n))
  })
  const onName = (text: string) => {
    setName(text)
    const type = suggestedTypeOf(text.trim(), props.known)
    if (type) state.setType(type)
  }
  const submit = async (e: Event) => {
    e.preventDefault()
    const n = name().trim()
    const bad = checkPropertyName(n)
    if (bad) { setProblem(bad); return }
    if (n in props.existing) { setProblem(`${n} already exists: edit it above`); return }
    const parsed = state.parsed()
    if ('error' in parsed) { setProblem(parsed.error); return }
    const check = checkReserved(n, parsed.value)
    if (check.error) { setProblem(check.error); return }
    setProblem(null)
    if (await props.onAdd(n, parsed.value)) {
      setName('')
      state.setText('')
      state.setItems([])
    }
  }
  const warning = () => {
    const parsed = state.parsed()
    return 'value' in parsed && state.text() !== '' ? checkReserved(name().trim(), parsed.value).warning : undefined
  }
  return (
    <form class="add-property" aria-label="Add property" onSubmit={e => void submit(e)}>
      <h3>Add property</h3>
      <div class="add-row">
        <input type="text" class="field" aria-label="New property name" placeholder="Name" list={listId}
               value={name()} onInput={e => onName(e.currentTarget.value)} autocomplete="off" spellcheck={false} />
        <datalist id={listId}>
          <For each={suggestions()}>{n => <option value={n} />}</For>
        </datalist>
        <select aria-label="New property type" value={state.type()} onChange={e => state.setType(e.currentTarget.value as ValueType)}>
          <For each={VALUE_TYPES}>{t => <option value={t}>{TYPE_LABEL[t]}</option>}</For>
        </select>
        <ValueInput state={state} label="New property value" />
        <button type="submit" class="button small" disabled={props.busy}>Add property</button>
      </div>
      <Show when={problem()}><p class="error-text field-message" role="alert">{problem()}</p></Show>
      <Show when={!problem() && warning()}><p class="warning-text field-message">{warning()}</p></Show>
    </form>
  )
}
