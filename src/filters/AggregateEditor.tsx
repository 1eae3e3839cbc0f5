// An aggregate condition: "total / average / minimum / maximum / distinct
// values of <property> of <event>", compared with numbers, in a window, over
// the events a where keeps. The property picker lists the event's own
// properties with their types.
import { createResource, For, Show } from 'solid-js'
import {
  AGGREGATE_FN_LABELS, AGGREGATE_FNS, AGGREGATE_OPERATORS, operatorLabel, reoperate, withOptional,
  type AggregateCondition, type AggregateFn, type AggregateOperator, type PropertyCondition,
} from './model'
import type { EditorProps } from './context'
import { EventPicker } from './EventPicker'
import { NamePicker } from './NamePicker'
import { propertyOptions } from './PropertyEditor'
import { ValueInput } from './ValueInput'
import { WindowInput } from './WindowInput'
import { WhereEditor } from './WhereEditor'
import { messageOf } from '../ui/errors'

export function AggregateEditor(props: EditorProps<AggregateCondition>) {
  const c = () => props.cond
  const [eventProps] = createResource(() => c().event, event => props.ctx.catalog.eventProperties(event))
  const options = () => (eventProps.error ? [] : eventProps.latest ?? [])
  /** The comparison, as a number property condition's value input reads and writes it. */
  const asNumberCondition = (): PropertyCondition => ({ type: 'property', property: c().property, dataType: 'number', operator: c().operator, values: c().values })
  return (
    <div class="condition aggregate-condition">
      <div class="condition-line">
        <span class="lead-word">User's</span>
        <select aria-label="Aggregate" value={c().fn} onChange={e => props.onChange({ ...c(), fn: e.currentTarget.value as AggregateFn })}>
          <For each={AGGREGATE_FNS}>{fn => <option value={fn}>{AGGREGATE_FN_LABELS[fn]}</option>}</For>
        </select>
        <span class="lead-word">of</span>
        <NamePicker label="Event property" placeholder="Choose a property" value={c().property} options={propertyOptions(options())}
                    onPick={property => props.onChange({ ...c(), property })} />
        <span class="lead-word">of</span>
        <EventPicker value={c().event} ctx={props.ctx} onPick={event => props.onChange({ ...c(), event })} />
        <select aria-label="Comparison" value={c().operator}
                onChange={e => props.onChange(reoperate(c(), e.currentTarget.value as AggregateOperator))}>
          <For each={AGGREGATE_OPERATORS}>{op => <option value={op}>{operatorLabel('number', op)}</option>}</For>
        </select>
        <ValueInput cond={asNumberCondition()} source={`aggregate\u0000${c().property}`} suggest={() => Promise.resolve([])}
                    onChange={n => props.onChange({ ...c(), values: (n.values ?? []) as number[] })} />
        <WindowInput window={c().window} onChange={w => props.onChange(withOptional(c(), 'window', w))} />
      </div>
      <Show when={eventProps.error}>
        {e => <span class="field-error" role="alert">Could not read the properties of this event: {messageOf(e())}</span>}
      </Show>
      <WhereEditor where={c().where} event={c().event} ctx={props.ctx} level={props.level}
                   onChange={w => props.onChange(withOptional(c(), 'where', w))} />
    </div>
  )
}
