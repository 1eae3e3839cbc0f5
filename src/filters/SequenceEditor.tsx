// A sequence condition: the user did (or did not do) these events in this
// order, optionally all within some hours, days or weeks, in a window; each
// step an event and conditions on its own properties. Steps are added,
// removed and reordered here.
import { For, Index, Show } from 'solid-js'
import {
  MAX_STEPS, MIN_STEPS, WITHIN_UNITS, withOptional, type SequenceCondition, type SequenceStep, type WithinUnit,
} from './model'
import type { EditorProps } from './context'
import { Action } from './Action'
import { EventPicker } from './EventPicker'
import { WindowInput } from './WindowInput'
import { WhereEditor } from './WhereEditor'

export function SequenceEditor(props: EditorProps<SequenceCondition>) {
  const c = () => props.cond
  const setSteps = (steps: SequenceStep[]) => props.onChange({ ...c(), steps })
  const setStep = (i: number, step: SequenceStep) => setSteps(c().steps.map((s, j) => (j === i ? step : s)))
  const moveStep = (i: number, by: -1 | 1) => {
    const steps = [...c().steps]
    ;[steps[i], steps[i + by]] = [steps[i + by]!, steps[i]!]
    setSteps(steps)
  }
  const setWithin = (within: SequenceCondition['within']) => props.onChange(withOptional(c(), 'within', within))
  const setWindow = (window: SequenceCondition['window']) => props.onChange(withOptional(c(), 'window', window))
  return (
    <div class="condition sequence-condition">
      <div class="condition-line">
        <span class="lead-word">User</span>
        <select aria-label="Sequence" value={c().operator}
                onChange={e => props.onChange({ ...c(), operator: e.currentTarget.value as SequenceCondition['operator'] })}>
          <option value="did">did, in this order,</option>
          <option value="didNot">did not do, in this order,</option>
        </select>
        <select aria-label="Within" value={c().within ? 'within' : 'any'}
                onChange={e => setWithin(e.currentTarget.value === 'within' ? { amount: 1, unit: 'day' } : undefined)}>
          <option value="any">any time apart</option>
          <option value="within">all within</option>
        </select>
        <Show when={c().within}>
          {w => (
            <>
              <input type="number" min="0" step="any" class="num" aria-label="Within amount" value={w().amount}
                     onInput={e => setWithin({ amount: Number(e.currentTarget.value), unit: w().unit })} />
              <select aria-label="Within unit" value={w().unit}
                      onChange={e => setWithin({ amount: w().amount, unit: e.currentTarget.value as WithinUnit })}>
                <For each={WITHIN_UNITS}>{u => <option value={u}>{u}s</option>}</For>
              </select>
            </>
          )}
        </Show>
        <WindowInput window={c().window} onChange={setWindow} />
      </div>
      <ol class="steps" aria-label="Steps">
        <Index each={c().steps}>
          {(step, i) => (
            <li class="step" role="group" aria-label={`Step ${i + 1}`}>
              <div class="step-line">
                <span class="step-number" aria-hidden="true">{i + 1}.</span>
                <EventPicker label={`Step ${i + 1} event`} value={step().event} ctx={props.ctx} onPick={event => setStep(i, { ...step(), event })} />
                <span class="node-actions">
                  <Action class="icon-button" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onAct={() => moveStep(i, -1)}>↑</Action>
                  <Action class="icon-button" aria-label={`Move step ${i + 1} down`} disabled={i >= c().steps.length - 1} onAct={() => moveStep(i, 1)}>↓</Action>
                  <Action class="icon-button" aria-label={`Remove step ${i + 1}`} disabled={c().steps.length <= MIN_STEPS}
                          title={c().steps.length <= MIN_STEPS ? `A sequence has at least ${MIN_STEPS} steps` : undefined}
                          onAct={() => setSteps(c().steps.filter((_, j) => j !== i))}>×</Action>
                </span>
              </div>
              <WhereEditor where={step().where} event={step().event} ctx={props.ctx} level={props.level} label={`Step ${i + 1} event properties`}
                           onChange={where => setStep(i, where ? { ...step(), where } : { event: step().event })} />
            </li>
          )}
        </Index>
      </ol>
      <Action class="link-button" disabled={c().steps.length >= MAX_STEPS}
              title={c().steps.length >= MAX_STEPS ? `A sequence has at most ${MAX_STEPS} steps` : undefined}
              onAct={() => setSteps([...c().steps, { event: '' }])}>
        + Step
      </Action>
    </div>
  )
}
