// A group of the filter builder (its Match select, its conditions and nested
// groups, the buttons that add to it) and the row that holds each node with
// its move and remove buttons. One file: the two render each other.
import { Index, Match, Show, Switch } from 'solid-js'
import {
  isGroup, newBehavior, newCohort, newProperty,
  type BehaviorCondition, type CohortCondition, type Group, type Node, type Path, type PropertyCondition,
} from './model'
import { label, type Ctx } from './context'
import { PropertyEditor } from './PropertyEditor'
import { BehaviorEditor } from './BehaviorEditor'
import { CohortEditor } from './CohortEditor'

export function GroupBody(props: { group: Group; path: Path; ctx: Ctx }) {
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
