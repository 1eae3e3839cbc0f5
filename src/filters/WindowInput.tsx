// When events count: ever, in the last N days/weeks/months, or between two
// dates (both days included).
import { For, Show } from 'solid-js'
import { UNITS, type BehaviorWindow, type TimeUnit } from './model'

export function WindowInput(props: {
  window: BehaviorWindow | undefined
  onChange: (w: BehaviorWindow | undefined) => void
  /** false: a window is required (first time), so "ever" is not offered */
  allowEver?: boolean
}) {
  const kind = () => (!props.window ? 'ever' : 'last' in props.window ? 'last' : 'range')
  const setKind = (k: string) => {
    if (k === 'ever') props.onChange(undefined)
    else if (k === 'last') props.onChange({ last: 30, unit: 'day' })
    else {
      const today = new Date().toISOString().slice(0, 10)
      const before = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)
      props.onChange({ from: before, to: today })
    }
  }
  return (
    <span class="window-input">
      <select aria-label="Window" value={kind()} onChange={e => setKind(e.currentTarget.value)}>
        <option value="last">in the last</option>
        <option value="range">between</option>
        <Show when={props.allowEver !== false}><option value="ever">ever</option></Show>
      </select>
      <Show when={kind() === 'last' && (props.window as { last: number; unit: TimeUnit })}>
        {w => (
          <>
            <input type="number" min="1" step="1" class="num" aria-label="Window length" value={w().last}
                   onInput={e => props.onChange({ last: Number(e.currentTarget.value), unit: w().unit })} />
            <select aria-label="Window unit" value={w().unit}
                    onChange={e => props.onChange({ last: w().last, unit: e.currentTarget.value as TimeUnit })}>
              <For each={UNITS}>{u => <option value={u}>{u}s</option>}</For>
            </select>
          </>
        )}
      </Show>
      <Show when={kind() === 'range' && (props.window as { from: string; to: string })}>
        {w => (
          <>
            <input type="date" aria-label="Window from" value={w().from}
                   onInput={e => props.onChange({ from: e.currentTarget.value, to: w().to })} />
            <span class="and">and</span>
            <input type="date" aria-label="Window to" value={w().to}
                   onInput={e => props.onChange({ from: w().from, to: e.currentTarget.value })} />
          </>
        )}
      </Show>
    </span>
  )
}
