// A cohort condition: in or not in one saved cohort.
import { For, Show } from 'solid-js'
import type { CohortCondition } from './model'
import type { EditorProps } from './context'
import { cohortEditHref, here } from '../cohorts/links'

export function CohortEditor(props: EditorProps<CohortCondition>) {
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
      <Show when={cohorts().find(c => c.id === props.cond.cohortId)}>
        {c => {
          // Where Cancel and Save come back to: the view as it is when the link is followed.
          const fresh = (e: { currentTarget: HTMLAnchorElement }) => e.currentTarget.setAttribute('href', cohortEditHref(c(), here()))
          return (
            <a class="link-button" href={cohortEditHref(c(), '/')} aria-label={`Edit cohort ${c().name}`}
               onPointerDown={fresh} onFocus={fresh} onMouseEnter={fresh}>Edit</a>
          )
        }}
      </Show>
    </div>
  )
}
