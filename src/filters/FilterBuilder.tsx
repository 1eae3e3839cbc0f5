// The filter builder: edits the filter JSON of docs/filters.md and
// nothing else. Property, behaviour and cohort conditions, nested and/or
// groups, remove and reorder. Every control has an accessible name; the
// browser tests find them by role and name.
import { createResource, createSignal, For, Index, Match, onCleanup, Show, Switch, type JSX } from 'solid-js'
import type { Cohort, EventInfo, PropertyInfo, ValueCount } from '../../workers/engine/types'
import {
  appendTo, arityOf, BEHAVIOR_OPERATORS, DATA_TYPES, isGroup, move, newBehavior, newCohort, newProperty,
  operatorLabel, operatorsOf, removeAt, replaceAt, retype, TYPE_LABEL, UNITS,
  type BehaviorCondition, type CohortCondition, type DataType, type Group, type Node, type Path,
  type PropertyCondition, type TimeUnit,
} from './model'
import './filters.css'

/** What the pickers list; the page gets these from the engine's catalog. */
export interface FilterCatalog {
  properties: () => PropertyInfo[]
  events: () => EventInfo[]
  cohorts: () => Cohort[]
  /** top values of a property (of an event's properties when `event` is given) */
  values: (property: string, search: string, event?: string) => Promise<ValueCount[]>
  eventProperties: (event: string) => Promise<PropertyInfo[]>
}

export interface FilterBuilderProps {
  filter: Group
  onChange: (filter: Group) => void
  catalog: FilterCatalog
  /** text under a top-level condition ("removes 1,234 users") */
  impact?: (index: number) => string | undefined
  /** whether a condition is complete (an incomplete one is marked, and not counted) */
  complete?: (node: Node) => boolean
}

let uid = 0
const nextId = (prefix: string) => `${prefix}-${++uid}`

function label(path: Path): string {
  return path.map(i => i + 1).join('.')
}

export function FilterBuilder(props: FilterBuilderProps) {
  const set = (path: Path, node: Node) => props.onChange(replaceAt(props.filter, path, node))
  const ctx: Ctx = {
    get root() { return props.filter },
    set,
    remove: path => props.onChange(removeAt(props.filter, path)),
    move: (path, by) => props.onChange(move(props.filter, path, by)),
    add: (path, node) => props.onChange(appendTo(props.filter, path, node)),
    catalog: props.catalog,
    impact: i => props.impact?.(i),
    complete: n => props.complete?.(n) ?? true,
  }
  return (
    <div class="filter-builder" role="group" aria-label="Filters">
      <GroupBody group={props.filter} path={[]} ctx={ctx} />
    </div>
  )
}

interface Ctx {
  readonly root: Group
  set(path: Path, node: Node): void
  remove(path: Path): void
  move(path: Path, by: -1 | 1): void
  add(path: Path, node: Node): void
  catalog: FilterCatalog
  impact(index: number): string | undefined
  complete(node: Node): boolean
}

function GroupBody(props: { group: Group; path: Path; ctx: Ctx }) {
  const where = () => (props.path.length === 0 ? 'Filters' : `group ${label(props.path)}`)
  return (
    <div class="filter-group">
      <Show when={props.group.filters.length > 1}>
        <label class="match">
          <span>Match</span>
          <select aria-label={props.path.length === 0 ? 'Match' : `Match in group ${label(props.path)}`}
                  value={props.group.op}
                  onChange={e => props.ctx.set(props.path, { ...props.group, op: e.currentTarget.value as 'and' | 'or' })}>
            <option value="and">all of these (and)</option>
            <option value="or">any of these (or)</option>
          </select>
        </label>
      </Show>
      <ol class="filter-list">
        {/* Index, not For: an edit replaces the condition object, and the row
            (with the input being typed in) must stay the same element. */}
        <Index each={props.group.filters}>
          {(node, i) => {
            const path = () => [...props.path, i]
            return (
              <li class="filter-item">
                <Show when={i > 0}><span class="joiner" aria-hidden="true">{props.group.op}</span></Show>
                <NodeRow node={node()} path={path()} count={props.group.filters.length} ctx={props.ctx} />
              </li>
            )
          }}
        </Index>
      </ol>
      <div class="add-row" role="group" aria-label={`Add to ${where()}`}>
        <button type="button" class="button small" onClick={() => props.ctx.add(props.path, newProperty())}>+ Property</button>
        <button type="button" class="button small" onClick={() => props.ctx.add(props.path, newBehavior())}>+ Behavior</button>
        <button type="button" class="button small" onClick={() => props.ctx.add(props.path, newCohort(props.ctx.catalog.cohorts()[0]?.id ?? ''))}>+ Cohort</button>
        <button type="button" class="button small" onClick={() => props.ctx.add(props.path, { op: props.group.op === 'and' ? 'or' : 'and', filters: [newProperty()] })}>+ Group</button>
      </div>
    </div>
  )
}

function NodeRow(props: { node: Node; path: Path; count: number; ctx: Ctx }) {
  const name = () => `${isGroup(props.node) ? 'Group' : 'Condition'} ${label(props.path)}`
  const index = () => props.path[props.path.length - 1]!
  const incomplete = () => !isGroup(props.node) && !props.ctx.complete(props.node)
  return (
    <div class="filter-node" classList={{ incomplete: incomplete(), group: isGroup(props.node) }} role="group" aria-label={name()}>
      <div class="node-main">
        <Switch>
          <Match when={isGroup(props.node) && (props.node as Group)}>
            {g => <GroupBody group={g()} path={props.path} ctx={props.ctx} />}
          </Match>
          <Match when={!isGroup(props.node) && props.node.type === 'property' && (props.node as PropertyCondition)}>
            {c => <PropertyEditor cond={c()} onChange={n => props.ctx.set(props.path, n)} ctx={props.ctx} />}
          </Match>
          <Match when={!isGroup(props.node) && props.node.type === 'behavior' && (props.node as BehaviorCondition)}>
            {c => <BehaviorEditor cond={c()} onChange={n => props.ctx.set(props.path, n)} ctx={props.ctx} />}
          </Match>
          <Match when={!isGroup(props.node) && props.node.type === 'cohort' && (props.node as CohortCondition)}>
            {c => <CohortEditor cond={c()} onChange={n => props.ctx.set(props.path, n)} ctx={props.ctx} />}
          </Match>
        </Switch>
        <Show when={incomplete()}><span class="hint">incomplete: not counted yet</span></Show>
        <Show when={props.path.length === 1 && props.ctx.impact(index())}>
          {text => <span class="impact">{text()}</span>}
        </Show>
      </div>
      <div class="node-actions">
        <button type="button" class="icon-button" aria-label={`Move ${name()} up`} disabled={index() === 0}
                onClick={() => props.ctx.move(props.path, -1)}>↑</button>
        <button type="button" class="icon-button" aria-label={`Move ${name()} down`} disabled={index() >= props.count - 1}
                onClick={() => props.ctx.move(props.path, 1)}>↓</button>
        <button type="button" class="icon-button" aria-label={`Remove ${name()}`}
                onClick={() => props.ctx.remove(props.path)}>×</button>
      </div>
    </div>
  )
}

// ------------------------------------------------------------ property

/** A property picker: a searchable combobox over the catalog's names, each with its inferred type and count. */
function PropertyPicker(props: {
  value: string; options: PropertyInfo[]; label: string; onPick: (name: string, type: DataType | undefined) => void
}) {
  const id = nextId('props')
  const commit = (text: string) => {
    const name = text.trim()
    if (name === props.value) return
    props.onPick(name, props.options.find(o => o.name === name)?.type)
  }
  return (
    <>
      <input class="picker" aria-label={props.label} list={id} value={props.value} placeholder="Choose a property"
             autocomplete="off" spellcheck={false}
             onChange={e => commit(e.currentTarget.value)}
             onInput={e => {
               // picking from the list commits at once
               const v = e.currentTarget.value
               if (props.options.some(o => o.name === v)) commit(v)
             }} />
      <datalist id={id}>
        <For each={props.options}>
          {o => <option value={o.name} label={`${TYPE_LABEL[o.type]} · ${o.count.toLocaleString('en-US')}`} />}
        </For>
      </datalist>
    </>
  )
}

export function PropertyEditor(props: {
  cond: PropertyCondition; onChange: (c: PropertyCondition) => void; ctx: Ctx; event?: string
}) {
  const [eventProps] = createResource(() => props.event, event => props.ctx.catalog.eventProperties(event).catch(() => []))
  const options = () => (props.event !== undefined ? eventProps.latest ?? [] : props.ctx.catalog.properties())
  return (
    <div class="condition property-condition">
      <PropertyPicker label={props.event !== undefined ? 'Event property' : 'Property'} value={props.cond.property} options={options()}
                      onPick={(name, type) => props.onChange(retype({ ...props.cond, property: name }, type ?? props.cond.dataType))} />
      <select aria-label="Type" value={props.cond.dataType}
              onChange={e => props.onChange(retype(props.cond, e.currentTarget.value as DataType))}>
        <For each={DATA_TYPES}>{t => <option value={t}>{TYPE_LABEL[t]}</option>}</For>
      </select>
      <select aria-label="Operator" value={props.cond.operator}
              onChange={e => props.onChange(retype(props.cond, props.cond.dataType, e.currentTarget.value))}>
        <For each={operatorsOf(props.cond.dataType)}>
          {op => <option value={op}>{operatorLabel(props.cond.dataType, op)}</option>}
        </For>
      </select>
      <ValueInput cond={props.cond} onChange={props.onChange} source={`${props.event ?? ''}\u0000${props.cond.property}`}
                  suggest={search => props.cond.property
                    ? props.ctx.catalog.values(props.cond.property, search, props.event)
                    : Promise.resolve([])} />
    </div>
  )
}

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
  return (
    <Switch>
      <Match when={arity() === 'none'}>{null}</Match>
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
  let seq = 0
  let input!: HTMLInputElement
  let timer: ReturnType<typeof setTimeout> | undefined
  onCleanup(() => clearTimeout(timer))
  // The top values are read once (on focus); typing filters them here. Only
  // when that list may be cut short does a pause in typing ask the engine,
  // so keystrokes never queue value scans in front of the live count.
  let top: ValueCount[] | null = null
  let topOf = ''
  const SHOWN = 20
  const load = (text: string) => {
    const needle = text.trim().toLowerCase()
    if (topOf !== props.source) { top = null; topOf = props.source }
    if (top) {
      const local = top.filter(o => o.value.toLowerCase().includes(needle))
      setOptions(local.slice(0, SHOWN))
      if (!needle || local.length >= SHOWN || top.length < TOP_VALUES) return
    }
    const mine = ++seq
    clearTimeout(timer)
    const asked = top ? text : ''
    const source = props.source
    timer = setTimeout(() => {
      props.suggest(asked).then(v => {
        if (source !== topOf) return
        if (asked === '') top = v
        if (mine !== seq) return
        setOptions(v.filter(o => o.value.toLowerCase().includes(needle)).slice(0, SHOWN))
      }, () => undefined)
    }, asked ? 300 : 0)
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
    </span>
  )
}

// ------------------------------------------------------------ behaviour

function BehaviorEditor(props: { cond: BehaviorCondition; onChange: (c: BehaviorCondition) => void; ctx: Ctx }) {
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

// ------------------------------------------------------------ cohort

function CohortEditor(props: { cond: CohortCondition; onChange: (c: CohortCondition) => void; ctx: Ctx }) {
  const cohorts = () => props.ctx.catalog.cohorts()
  return (
    <div class="condition cohort-condition">
      <span class="lead-word">User is</span>
      <select aria-label="Membership" value={props.cond.operator}
              onChange={e => props.onChange({ ...props.cond, operator: e.currentTarget.value as 'in' | 'notIn' })}>
        <option value="in">in</option>
        <option value="notIn">not in</option>
      </select>
      <span>cohort</span>
      <select aria-label="Cohort" value={props.cond.cohortId}
              onChange={e => props.onChange({ ...props.cond, cohortId: e.currentTarget.value })}>
        <option value="" disabled>{cohorts().length ? 'Choose a cohort' : 'No saved cohorts yet'}</option>
        {/* selected per option: a select's value set before its options load is not re-applied when they arrive */}
        <For each={cohorts()}>{c => <option value={c.id} selected={c.id === props.cond.cohortId}>{c.name}</option>}</For>
        <Show when={props.cond.cohortId && !cohorts().some(c => c.id === props.cond.cohortId)}>
          <option value={props.cond.cohortId}>{props.cond.cohortId} (not found)</option>
        </Show>
      </select>
    </div>
  )
}
