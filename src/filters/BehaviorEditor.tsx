// A behaviour condition: how often the user did an event, in which window,
// and conditions on the event's own properties (its where).
import { For, Show } from 'solid-js'
import { BEHAVIOR_OPERATORS, withOptional, type BehaviorCondition } from './model'
import type { EditorProps } from './context'
import { EventPicker } from './EventPicker'
import { WindowInput } from './WindowInput'
import { WhereEditor } from './WhereEditor'

export function BehaviorEditor(props: EditorProps<BehaviorCondition>) {
  const c = () => props.cond
  const setOperator = (op: BehaviorCondition['operator']) => {
    const next: BehaviorCondition = { ...c(), operator: op }
    if (op === 'didNot' || op === 'firstTime') delete next.count
    else next.count = c().count ?? 1
    // The first time needs a window to fall in.
    if (op === 'firstTime' && !next.window) next.window = { last: 30, unit: 'day' }
    props.onChange(next)
  }
  /** The condition with an optional field set, or left out when undefined. */
  return (
    <div class="condition behavior-condition">
      <div class="condition-line">
        <span class="lead-word">User</span>
        <select aria-label="Frequency" value={c().operator} onChange={e => setOperator(e.currentTarget.value as BehaviorCondition['operator'])}>
          <For each={BEHAVIOR_OPERATORS}>{o => <option value={o.value}>{o.label}</option>}</For>
        </select>
        <EventPicker value={c().event} ctx={props.ctx} onPick={event => props.onChange({ ...c(), event })} />
        <Show when={c().operator !== 'didNot' && c().operator !== 'firstTime'}>
          <input type="number" min="0" step="1" class="num" aria-label="Times" value={c().count ?? ''}
                 onInput={e => {
                   const t = e.currentTarget.value
                   props.onChange({ ...c(), count: t === '' ? (undefined as never) : Number(t) })
                 }} />
          <span>times</span>
        </Show>
        <WindowInput window={c().window} allowEver={c().operator !== 'firstTime'} onChange={w => props.onChange(withOptional(c(), 'window', w))} />
      </div>
      <WhereEditor where={c().where} event={c().event} ctx={props.ctx} level={props.level}
                   onChange={w => props.onChange(withOptional(c(), 'where', w))} />
    </div>
  )
}
