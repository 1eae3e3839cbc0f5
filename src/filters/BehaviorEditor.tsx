// A behaviour condition: how often the user did an event, in which window,
// and conditions on the event's own properties (its where).
import { For, Index, Show } from 'solid-js'
import {
  BEHAVIOR_OPERATORS, newProperty, UNITS,
  type BehaviorCondition, type Group, type PropertyCondition, type TimeUnit,
} from './model'
import { nextId, type Ctx } from './context'
import { PropertyEditor } from './PropertyEditor'

export function BehaviorEditor(props: { cond: BehaviorCondition; onChange: (c: BehaviorCondition) => void; ctx: Ctx }) {
  const id = nextId('events')
  const c = () => props.cond
  const windowKind = () => (!c().window ? 'ever' : 'last' in c().window! ? 'last' : 'range')
  const setOperator = (op: BehaviorCondition['operator']) => {
    const next: BehaviorCondition = { ...c(), operator: op }
    if (op === 'didNot') delete next.count
    else next.count = c().count ?? 1
    props.onChange(next)
  }
  const setWindow = (kind: string) => {
    const next: BehaviorCondition = { ...c() }
    if (kind === 'ever') delete next.window
    else if (kind === 'last') next.window = { last: 30, unit: 'day' }
    else {
      const today = new Date().toISOString().slice(0, 10)
      const before = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)
      next.window = { from: before, to: today }
    }
    props.onChange(next)
  }
  const where = () => c().where ?? { op: 'and' as const, filters: [] }
  const setWhere = (g: Group) => {
    const next: BehaviorCondition = { ...c() }
    if (g.filters.length) next.where = g
    else delete next.where
    props.onChange(next)
  }
  const eventText = () => (c().event === '$any' ? 'Any event' : c().event)
  return (
    <div class="condition behavior-condition">
      <div class="condition-line">
        <span class="lead-word">User</span>
        <select aria-label="Frequency" value={c().operator} onChange={e => setOperator(e.currentTarget.value as BehaviorCondition['operator'])}>
          <For each={BEHAVIOR_OPERATORS}>{o => <option value={o.value}>{o.label}</option>}</For>
        </select>
        <input class="picker" aria-label="Event" list={id} value={eventText()} placeholder="Choose an event"
               autocomplete="off" spellcheck={false}
               onChange={e => {
                 const v = e.currentTarget.value.trim()
                 const event = v === 'Any event' ? '$any' : v
                 if (event !== c().event) props.onChange({ ...c(), event, ...(c().where ? { where: c().where } : {}) })
               }} />
        <datalist id={id}>
          <option value="Any event" />
          <For each={props.ctx.catalog.events()}>
            {ev => <option value={ev.name} label={`${ev.count.toLocaleString('en-US')} events`} />}
          </For>
        </datalist>
        <Show when={c().operator !== 'didNot'}>
          <input type="number" min="0" step="1" class="num" aria-label="Times" value={c().count ?? ''}
                 onInput={e => {
                   const t = e.currentTarget.value
                   props.onChange({ ...c(), count: t === '' ? (undefined as never) : Number(t) })
                 }} />
          <span>times</span>
        </Show>
        <select aria-label="Window" value={windowKind()} onChange={e => setWindow(e.currentTarget.value)}>
          <option value="last">in the last</option>
          <option value="range">between</option>
          <option value="ever">ever</option>
        </select>
        <Show when={windowKind() === 'last' && (c().window as { last: number; unit: TimeUnit })}>
          {w => (
            <>
              <input type="number" min="1" step="1" class="num" aria-label="Window length" value={w().last}
                     onInput={e => props.onChange({ ...c(), window: { last: Number(e.currentTarget.value), unit: w().unit } })} />
              <select aria-label="Window unit" value={w().unit}
                      onChange={e => props.onChange({ ...c(), window: { last: w().last, unit: e.currentTarget.value as TimeUnit } })}>
                <For each={UNITS}>{u => <option value={u}>{u}s</option>}</For>
              </select>
            </>
          )}
        </Show>
        <Show when={windowKind() === 'range' && (c().window as { from: string; to: string })}>
          {w => (
            <>
              <input type="date" aria-label="Window from" value={w().from}
                     onInput={e => props.onChange({ ...c(), window: { from: e.currentTarget.value, to: w().to } })} />
              <span class="and">and</span>
              <input type="date" aria-label="Window to" value={w().to}
                     onInput={e => props.onChange({ ...c(), window: { from: w().from, to: e.currentTarget.value } })} />
            </>
          )}
        </Show>
      </div>
      <div class="where" role="group" aria-label="Event properties">
        <Index each={where().filters}>
          {(node, i) => (
            <div class="where-row">
              <span class="lead-word">{i === 0 ? 'where' : 'and'}</span>
              <PropertyEditor cond={node() as PropertyCondition} event={c().event} ctx={props.ctx}
                              onChange={n => setWhere({ op: 'and', filters: where().filters.map((x, j) => (j === i ? n : x)) })} />
              <button type="button" class="icon-button" aria-label={`Remove event property condition ${i + 1}`}
                      onClick={() => setWhere({ op: 'and', filters: where().filters.filter((_, j) => j !== i) })}>×</button>
            </div>
          )}
        </Index>
        <button type="button" class="link-button" onClick={() => setWhere({ op: 'and', filters: [...where().filters, newProperty()] })}>
          + Event property
        </button>
      </div>
    </div>
  )
}
