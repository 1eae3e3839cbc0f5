// Multi-value chips with suggestions of a property's most frequent values.
import { createSignal, For, Show } from 'solid-js'
import { debounce } from '@solid-primitives/scheduled'
import type { ValueCount } from '../../workers/engine/types'
import { nextId } from './context'
import { messageOf } from '../ui/errors'

/** How many of a property's most frequent values the value box reads at once. */
export const TOP_VALUES = 200

/** Multi-value chips with autocomplete of the most frequent values. */
export function Chips(props: {
  /** what the suggestions are of (property and event): a change drops the ones read */
  source: string
  values: Array<string | number | boolean>
  numeric?: boolean
  onChange: (v: Array<string | number | boolean>) => void
  suggest: (search: string) => Promise<ValueCount[]>
}) {
  const id = nextId('values')
  const [options, setOptions] = createSignal<ValueCount[]>([])
  const [bad, setBad] = createSignal(false)
  const [failed, setFailed] = createSignal<string | null>(null)
  let seq = 0
  let input!: HTMLInputElement
  // The top values are read once (on focus); typing filters them here. Only
  // when that list may be cut short does a pause in typing ask the engine,
  // so keystrokes never queue value scans in front of the live count.
  let top: ValueCount[] | null = null
  let topOf = ''
  const SHOWN = 20
  const ask = (asked: string, needle: string, mine: number) => {
    const source = props.source
    props.suggest(asked).then(v => {
      if (source !== topOf) return
      if (asked === '') top = v
      setFailed(null)
      if (mine !== seq) return
      setOptions(v.filter(o => o.value.toLowerCase().includes(needle)).slice(0, SHOWN))
    }, e => {
      if (source === topOf && mine === seq) setFailed(messageOf(e))
    })
  }
  // Cleared when the chips go away (onCleanup, inside debounce).
  const askAfterPause = debounce(ask, 300)
  const load = (text: string) => {
    const needle = text.trim().toLowerCase()
    if (topOf !== props.source) { top = null; topOf = props.source }
    if (top) {
      const local = top.filter(o => o.value.toLowerCase().includes(needle))
      setOptions(local.slice(0, SHOWN))
      if (!needle || local.length >= SHOWN || top.length < TOP_VALUES) return
    }
    const mine = ++seq
    askAfterPause.clear()
    if (top) askAfterPause(text, needle, mine)
    else ask('', needle, mine)
  }
  const add = (text: string) => {
    const t = props.numeric ? text.trim() : text
    if (t.trim() === '') return
    let v: string | number = t
    if (props.numeric) {
      const n = Number(t)
      if (!Number.isFinite(n)) { setBad(true); return }
      v = n
    }
    setBad(false)
    if (!props.values.includes(v)) props.onChange([...props.values, v])
    input.value = ''
  }
  return (
    <span class="chips">
      <For each={props.values}>
        {v => (
          <span class="chip">
            <span class="chip-text">{String(v)}</span>
            <button type="button" class="chip-x" aria-label={`Remove value ${String(v)}`}
                    onClick={() => props.onChange(props.values.filter(x => x !== v))}>×</button>
          </span>
        )}
      </For>
      <input ref={input} class="chip-input" aria-label="Value" aria-invalid={bad() ? 'true' : undefined} list={id}
             placeholder={props.values.length ? 'or…' : 'Value'} inputmode={props.numeric ? 'decimal' : undefined}
             autocomplete="off" spellcheck={false}
             onFocus={e => load(e.currentTarget.value)}
             onInput={e => {
               const v = e.currentTarget.value
               // a pick from the suggestions arrives as one replacement: take it at once
               if ((e as InputEvent).inputType === 'insertReplacementText' || ((e as InputEvent).inputType === undefined && options().some(o => o.value === v))) {
                 add(v)
                 return
               }
               load(v)
             }}
             onKeyDown={e => {
               if (e.key === 'Enter' || e.key === ',') { e.preventDefault(); add(e.currentTarget.value) }
               else if (e.key === 'Backspace' && e.currentTarget.value === '' && props.values.length) {
                 props.onChange(props.values.slice(0, -1))
               }
             }}
             onBlur={e => add(e.currentTarget.value)} />
      <datalist id={id}>
        <For each={options()}>{o => <option value={o.value} label={`${o.count.toLocaleString('en-US')}`} />}</For>
      </datalist>
      <Show when={failed()}>{message => <span class="field-error" role="alert">No suggestions: {message()}</span>}</Show>
    </span>
  )
}
