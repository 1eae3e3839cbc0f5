// An input suited to a value's type: text, number, true/false, date and time,
// a list as chips (add with Enter, remove with ×), JSON for objects.
import { createSignal, For, Match, Switch, type Accessor } from 'solid-js'
import { inputText, itemText, parseValue, type Parsed, type ValueType } from './values'

export interface ValueState {
  type: Accessor<ValueType>
  setType: (t: ValueType) => void
  text: Accessor<string>
  setText: (t: string) => void
  items: Accessor<unknown[]>
  setItems: (items: unknown[]) => void
  /** the value the inputs hold, or why they do not hold one */
  parsed: () => Parsed
}

export function createValueState(value: unknown, type: ValueType): ValueState {
  const [t, setT] = createSignal<ValueType>(type)
  const [text, setText] = createSignal(type === 'list' ? '' : value === undefined ? '' : inputText(value, type))
  const [items, setItems] = createSignal<unknown[]>(Array.isArray(value) ? [...value] : [])
  return {
    type: t,
    setType: next => {
      if (next === t()) return
      // Carry what can be carried: a scalar becomes the list's first item, a list's items joined become text.
      if (next === 'list' && text().trim() !== '' && items().length === 0) setItems([text().trim()])
      if (t() === 'list' && next !== 'list' && text() === '') setText(items().map(itemText).join(', '))
      if (next === 'boolean' && !/^(true|false)$/.test(text())) setText('true')
      setT(next)
    },
    text, setText, items, setItems,
    parsed: () => (t() === 'list' ? { value: items() } : parseValue(text(), t())),
  }
}

export function ValueInput(props: { state: ValueState; label: string; autofocus?: boolean }) {
  const s = props.state
  const [draft, setDraft] = createSignal('')
  const addItem = () => {
    const v = draft().trim()
    if (v === '') return
    s.setItems([...s.items(), v])
    setDraft('')
  }
  return (
    <Switch>
      <Match when={s.type() === 'list'}>
        <div class="chips" role="group" aria-label={props.label}>
          <ul class="chip-list" aria-label={`${props.label} items`}>
            <For each={s.items()}>
              {(item, i) => (
                <li class="chip">
                  <span>{itemText(item)}</span>
                  <button type="button" class="chip-remove" aria-label={`Remove ${itemText(item)}`}
                          onClick={() => s.setItems(s.items().filter((_, j) => j !== i()))}>×</button>
                </li>
              )}
            </For>
          </ul>
          <input
            type="text" class="chip-input" aria-label={`Add to ${props.label}`} placeholder="Add item, Enter"
            value={draft()} onInput={e => setDraft(e.currentTarget.value)} autofocus={props.autofocus}
            onKeyDown={e => {
              if (e.key === 'Enter') { e.preventDefault(); addItem() }
              else if (e.key === 'Backspace' && draft() === '' && s.items().length > 0) s.setItems(s.items().slice(0, -1))
            }}
            onBlur={addItem}
          />
        </div>
      </Match>
      <Match when={s.type() === 'boolean'}>
        <select aria-label={props.label} value={s.text()} onChange={e => s.setText(e.currentTarget.value)} autofocus={props.autofocus}>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      </Match>
      <Match when={s.type() === 'number'}>
        <input type="number" step="any" aria-label={props.label} value={s.text()}
               onInput={e => s.setText(e.currentTarget.value)} autofocus={props.autofocus} />
      </Match>
      <Match when={s.type() === 'datetime'}>
        {/* The field looks like local time; it is UTC, as every date in the app is shown. */}
        <span class="utc-field">
          <input type="datetime-local" step="1" aria-label={`${props.label} (UTC)`} value={s.text()}
                 onInput={e => s.setText(e.currentTarget.value)} autofocus={props.autofocus} />
          <span class="muted" aria-hidden="true">UTC</span>
        </span>
      </Match>
      <Match when={s.type() === 'object'}>
        <textarea aria-label={props.label} value={s.text()} rows="3" class="mono"
                  onInput={e => s.setText(e.currentTarget.value)} autofocus={props.autofocus} />
      </Match>
      <Match when={true}>
        <input type="text" aria-label={props.label} value={s.text()}
               onInput={e => s.setText(e.currentTarget.value)} autofocus={props.autofocus} />
      </Match>
    </Switch>
  )
}
