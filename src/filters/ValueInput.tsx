// The value input that suits a property condition's type and operator: none,
// chips, one or two numbers or dates, an amount and a unit, or a pattern.
import { For, Match, Show, Switch, type JSX } from 'solid-js'
import type { ValueCount } from '../../workers/engine/types'
import { arityOf, UNITS, type PropertyCondition, type TimeUnit } from './model'
import { Chips } from './Chips'
import { parsePattern } from '../../workers/engine/filter/pattern'

/** The value input that suits a condition's type and operator. */
export function ValueInput(props: {
  cond: PropertyCondition
  /** what value suggestions are of (property and event) */
  source: string
  onChange: (c: PropertyCondition) => void
  suggest: (search: string) => Promise<ValueCount[]>
}): JSX.Element {
  const arity = () => arityOf(props.cond.dataType, props.cond.operator)
  const values = () => props.cond.values ?? []
  const setValues = (v: Array<string | number | boolean>) => props.onChange({ ...props.cond, values: v })
  const setAt = (i: number, v: string | number | undefined) => {
    const next = [...values()]
    if (v === undefined || v === '') next.splice(i, 1, undefined as never)
    else next[i] = v
    // keep positions for between: [from, to]
    setValues(next.map(x => x ?? (props.cond.dataType === 'number' ? NaN : '')) as Array<string | number>)
  }
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s))
  const patternRefused = () => !parsePattern(String(values()[0] ?? '')).ok
  return (
    <Switch>
      <Match when={arity() === 'none'}>{null}</Match>
      <Match when={arity() === 'pattern'}>
        {/* The engine reads the pattern as it is typed; what it refuses is said under the condition. */}
        <input class="pattern" aria-label="Pattern" placeholder="e.g. ^[A-Z]{2}-\d+$" spellcheck={false} autocomplete="off"
               value={String(values()[0] ?? '')} aria-invalid={patternRefused() ? 'true' : undefined}
               onInput={e => setValues([e.currentTarget.value])} />
      </Match>
      <Match when={arity() === 'relative'}>
        <span class="relative">
          <input type="number" min="1" step="1" aria-label="Amount" class="num" value={props.cond.amount ?? ''}
                 onInput={e => props.onChange({ ...props.cond, amount: num(e.currentTarget.value) ?? (undefined as never) })} />
          <select aria-label="Unit" value={props.cond.unit ?? 'day'}
                  onChange={e => props.onChange({ ...props.cond, unit: e.currentTarget.value as TimeUnit })}>
            <For each={UNITS}>{u => <option value={u}>{u}s</option>}</For>
          </select>
        </span>
      </Match>
      <Match when={props.cond.dataType === 'datetime'}>
        <input type="date" aria-label={arity() === 'two' ? 'From date' : 'Date'} value={String(values()[0] ?? '')}
               onInput={e => setAt(0, e.currentTarget.value)} />
        <Show when={arity() === 'two'}>
          <span class="and">and</span>
          <input type="date" aria-label="To date" value={String(values()[1] ?? '')}
                 onInput={e => setAt(1, e.currentTarget.value)} />
        </Show>
      </Match>
      <Match when={props.cond.dataType === 'number' && arity() !== 'some'}>
        <input type="number" step="any" class="num" aria-label={arity() === 'two' ? 'From' : 'Value'}
               value={Number.isFinite(values()[0] as number) ? String(values()[0]) : ''}
               onInput={e => setAt(0, num(e.currentTarget.value))} />
        <Show when={arity() === 'two'}>
          <span class="and">and</span>
          <input type="number" step="any" class="num" aria-label="To"
                 value={Number.isFinite(values()[1] as number) ? String(values()[1]) : ''}
                 onInput={e => setAt(1, num(e.currentTarget.value))} />
        </Show>
      </Match>
      <Match when={true}>
        <Chips source={props.source} values={values()} numeric={props.cond.dataType === 'number'} onChange={setValues} suggest={props.suggest} />
      </Match>
    </Switch>
  )
}
