// Edit Columns: choose, order and remove the property columns after Name.
import { createSignal, For } from 'solid-js'
import type { PropertyInfo } from '../../workers/engine/types'
import { TYPE_LABEL } from '../filters/model'
import { Modal } from '../ui/Modal'
import { columnLabel } from './display'
import { DEFAULT_COLUMNS } from './urlState'

/** Columns read from events, offered whatever the profiles hold. */
export const ACTIVITY_COLUMNS = [
  { name: '$last_seen', label: 'Last seen · the latest event' },
  { name: '$event_count', label: 'Events · how many the user has' },
]

export function EditColumns(props: {
  columns: string[]
  properties: PropertyInfo[]
  onChange: (columns: string[]) => void
  onClose: () => void
}) {
  const [text, setText] = createSignal('')
  let addInput!: HTMLInputElement
  const listId = 'edit-columns-properties'
  const add = () => {
    const name = text().trim()
    if (!name || props.columns.includes(name)) return
    props.onChange([...props.columns, name])
    setText('')
  }
  const moveBy = (i: number, by: -1 | 1) => {
    const cols = [...props.columns]
    const j = i + by
    if (j < 0 || j >= cols.length) return
    ;[cols[i], cols[j]] = [cols[j]!, cols[i]!]
    props.onChange(cols)
  }
  return (
    <Modal title="Edit Columns" onClose={props.onClose} class="dialog" initialFocus={() => addInput}>
        <p class="muted">Name always comes first. Your choice is remembered in this browser.</p>
        <ol class="column-list" aria-label="Columns">
          <For each={props.columns}>
            {(col, i) => (
              <li>
                <span class="truncate">{columnLabel(col)}<span class="muted mono"> {col !== columnLabel(col) ? col : ''}</span></span>
                <span class="node-actions">
                  <button type="button" class="icon-button" aria-label={`Move column ${col} up`} disabled={i() === 0} onClick={() => moveBy(i(), -1)}>↑</button>
                  <button type="button" class="icon-button" aria-label={`Move column ${col} down`} disabled={i() === props.columns.length - 1} onClick={() => moveBy(i(), 1)}>↓</button>
                  <button type="button" class="icon-button" aria-label={`Remove column ${col}`} onClick={() => props.onChange(props.columns.filter(c => c !== col))}>×</button>
                </span>
              </li>
            )}
          </For>
        </ol>
        <div class="add-column">
          <input ref={addInput} aria-label="Add column" list={listId} placeholder="Property name" value={text()}
                 onInput={e => setText(e.currentTarget.value)}
                 onKeyDown={e => { if (e.key === 'Enter') { e.preventDefault(); add() } }} />
          <datalist id={listId}>
            <option value="$distinct_id" />
            {/* Read from events (the latest event, else the $last_seen property; how many events) */}
            <For each={ACTIVITY_COLUMNS.filter(c => !props.columns.includes(c.name))}>{c => <option value={c.name} label={c.label} />}</For>
            <For each={props.properties.filter(p => !props.columns.includes(p.name) && !ACTIVITY_COLUMNS.some(c => c.name === p.name))}>
              {p => <option value={p.name} label={`${TYPE_LABEL[p.type]} · ${p.count.toLocaleString('en-US')}`} />}
            </For>
          </datalist>
          <button type="button" class="button small" onClick={add}>Add</button>
        </div>
        <div class="button-row dialog-actions">
          <button type="button" class="button" onClick={() => props.onChange(DEFAULT_COLUMNS)}>Reset to defaults</button>
          <button type="button" class="button primary" onClick={() => props.onClose()}>Done</button>
        </div>
    </Modal>
  )
}
