// A group of the filter builder (its Match select, its conditions and nested
// groups, the buttons that add to it) and the row that holds each node with
// its move and remove buttons. One file: the two render each other.
//
// A nested group puts its buttons in its own first line rather than beside
// it, and indents by a thin rule only, so that ten levels deep the controls
// still have room (and wrap rather than overlap).
import { Index, Show, type Component, type JSX } from 'solid-js'
import { Dynamic } from 'solid-js/web'
import {
  isGroup, MAX_DEPTH, newAggregate, newBehavior, newCohort, newProperty, newSequence, problemOf, refusal,
  type Condition, type Group, type Node, type Path,
} from './model'
import { label, nextId, type Ctx, type EditorProps } from './context'
import { Action } from './Action'
import { PropertyEditor } from './PropertyEditor'
import { BehaviorEditor } from './BehaviorEditor'
import { CohortEditor } from './CohortEditor'
import { AggregateEditor } from './AggregateEditor'
import { SequenceEditor } from './SequenceEditor'

/** One editor per condition type: a new type fails to type-check here until it has one. */
const EDITORS: { [T in Condition['type']]: Component<EditorProps<Extract<Condition, { type: T }>>> } = {
  property: PropertyEditor,
  behavior: BehaviorEditor,
  aggregate: AggregateEditor,
  sequence: SequenceEditor,
  cohort: CohortEditor,
}

/** "Match all of these / any of these / at least k of these". */
function MatchSelect(props: { group: Group; name: string; onChange: (g: Group) => void }) {
  const n = () => props.group.filters.length
  const setOp = (op: Group['op']) => props.onChange(op === 'atLeast'
    ? { op, k: Math.min(2, n()), filters: props.group.filters }
    : { op, filters: props.group.filters })
  return (
    <span class="match">
      <span>Match</span>
      <select aria-label={props.name} value={props.group.op} onChange={e => setOp(e.currentTarget.value as Group['op'])}>
        <option value="and">all of these (and)</option>
        <option value="or">any of these (or)</option>
        <option value="atLeast">at least … of these</option>
      </select>
      <Show when={props.group.op === 'atLeast'}>
        <input type="number" class="num small" min="1" max={n()} step="1" aria-label={`${props.name}: at least how many`}
               value={props.group.k ?? ''}
               onInput={e => {
                 const k = Number(e.currentTarget.value)
                 if (Number.isInteger(k) && k >= 1 && k <= n()) props.onChange({ ...props.group, k })
               }} />
        <span>of {n()}</span>
      </Show>
    </span>
  )
}

export function GroupBody(props: { group: Group; path: Path; ctx: Ctx; actions?: JSX.Element }) {
  const where = () => (props.path.length === 0 ? 'Filters' : `group ${label(props.path)}`)
  const level = () => props.path.length + 1
  const levelsLeft = () => MAX_DEPTH - level()
  const hintId = nextId('nesting')
  return (
    <div class="filter-group">
      <Show when={props.group.filters.length > 1 || props.actions}>
        <div class="group-head">
          <Show when={props.group.filters.length > 1}>
            <MatchSelect group={props.group} name={props.path.length === 0 ? 'Match' : `Match in group ${label(props.path)}`}
                         onChange={g => props.ctx.set(props.path, g)} />
          </Show>
          {props.actions}
        </div>
      </Show>
      <ol class="filter-list">
        {/* Index, not For: an edit replaces the condition object, and the row
            (with the input being typed in) must stay the same element. */}
        <Index each={props.group.filters}>
          {(node, i) => (
            <li class="filter-item">
              <Show when={i > 0}><span class="joiner" aria-hidden="true">{props.group.op === 'atLeast' ? 'and/or' : props.group.op}</span></Show>
              <NodeRow node={node()} path={[...props.path, i]} count={props.group.filters.length} ctx={props.ctx} />
            </li>
          )}
        </Index>
      </ol>
      <div class="add-row" role="group" aria-label={`Add to ${where()}`}>
        <Action class="button small" onAct={() => props.ctx.add(props.path, newProperty())}>+ Property</Action>
        <Action class="button small" onAct={() => props.ctx.add(props.path, newBehavior())}>+ Behavior</Action>
        <Action class="button small" onAct={() => props.ctx.add(props.path, newAggregate())}>+ Aggregate</Action>
        <Action class="button small" onAct={() => props.ctx.add(props.path, newSequence())}>+ Sequence</Action>
        <Action class="button small" onAct={() => props.ctx.add(props.path, newCohort(props.ctx.catalog.cohorts()[0]?.id ?? ''))}>+ Cohort</Action>
        <Action class="button small" disabled={levelsLeft() <= 0} aria-describedby={hintId}
                title={`Groups nest at most ${MAX_DEPTH} levels; this one is level ${level()}`}
                onAct={() => props.ctx.add(props.path, { op: props.group.op === 'and' ? 'or' : 'and', filters: [newProperty()] })}>+ Group</Action>
        <span class="hint nesting" id={hintId}>
          <Show when={levelsLeft() <= 4}>
            {levelsLeft() <= 0
              ? `Groups nest at most ${MAX_DEPTH} levels: no more groups inside this one.`
              : `Level ${level()} of at most ${MAX_DEPTH}: ${levelsLeft()} more level${levelsLeft() === 1 ? '' : 's'} of groups fit here.`}
          </Show>
        </span>
      </div>
    </div>
  )
}

function NodeRow(props: { node: Node; path: Path; count: number; ctx: Ctx }) {
  const name = () => `${isGroup(props.node) ? 'Group' : 'Condition'} ${label(props.path)}`
  const index = () => props.path[props.path.length - 1]!
  const actions = () => (
    <div class="node-actions">
      <Action class="icon-button" aria-label={`Move ${name()} up`} disabled={index() === 0}
              onAct={() => props.ctx.move(props.path, -1)}>↑</Action>
      <Action class="icon-button" aria-label={`Move ${name()} down`} disabled={index() >= props.count - 1}
              onAct={() => props.ctx.move(props.path, 1)}>↓</Action>
      <Action class="icon-button" aria-label={`Remove ${name()}`} onAct={() => props.ctx.remove(props.path)}>×</Action>
    </div>
  )
  return (
    <Show when={isGroup(props.node) && (props.node as Group)} fallback={
      <ConditionRow cond={props.node as Condition} path={props.path} name={name()} ctx={props.ctx} actions={actions()} />
    }>
      {g => (
        <div class="filter-node group" role="group" aria-label={name()}>
          <GroupBody group={g()} path={props.path} ctx={props.ctx} actions={actions()} />
        </div>
      )}
    </Show>
  )
}

function ConditionRow(props: { cond: Condition; path: Path; name: string; ctx: Ctx; actions: JSX.Element }) {
  const incomplete = () => !props.ctx.complete(props.cond)
  // What the engine refuses in it (a pattern, a span of 0…), in the engine's words; not shown while merely unfinished.
  const refused = () => (incomplete() ? refusal(problemOf(props.cond)) : null)
  const index = () => props.path[props.path.length - 1]!
  const impact = () => (props.path.length === 1 ? props.ctx.impact(index()) : undefined)
  // The editor stays the same element while its condition changes (the input typed in keeps its focus);
  // only a change of type makes a new one.
  const editor = () => EDITORS[props.cond.type] as Component<EditorProps<Condition>>
  return (
    <div class="filter-node" classList={{ incomplete: incomplete() }} role="group" aria-label={props.name}>
      <div class="node-main">
        <Dynamic component={editor()} cond={props.cond} level={props.path.length}
                 onChange={(n: Condition) => props.ctx.set(props.path, n)} ctx={props.ctx} />
        {/* One line, always there, so that a condition becoming complete does not move what is below it. */}
        <span class="node-status">
          <Show when={incomplete()} fallback={<Show when={impact()}>{text => <span class="impact">{text()}</span>}</Show>}>
            <Show when={refused()} fallback={<span class="hint">incomplete: not counted yet</span>}>
              {text => <span class="field-error" role="alert">Not counted: {text()}</span>}
            </Show>
          </Show>
        </span>
      </div>
      {props.actions}
    </div>
  )
}
