// A property condition: the property picker, its type, the operator of that
// type, and the value input the operator takes.
import { createResource, For, Show } from 'solid-js'
import type { PropertyInfo } from '../../workers/engine/types'
import { DATA_TYPES, operatorLabel, operatorsOf, retype, TYPE_LABEL, type DataType, type PropertyCondition } from './model'
import type { EditorProps } from './context'
import { NamePicker, type NameOption } from './NamePicker'
import { ValueInput } from './ValueInput'
import { messageOf } from '../ui/errors'

/** The catalog's properties as picker options: each with its inferred type and how many profiles (or events) hold it. */
export function propertyOptions(list: PropertyInfo[]): NameOption[] {
  return list.map(o => ({ name: o.name, detail: `${TYPE_LABEL[o.type]} · ${o.count.toLocaleString('en-US')}` }))
}

/** A property condition; with `event`, on that event's properties (in a where). */
export function PropertyEditor(props: EditorProps<PropertyCondition> & { event?: string }) {
  const [eventProps] = createResource(() => props.event, event => props.ctx.catalog.eventProperties(event))
  // A failed read leaves the last list (or none), and says why.
  const options = () => (props.event !== undefined ? (eventProps.error ? [] : eventProps.latest ?? []) : props.ctx.catalog.properties())
  return (
    <div class="condition property-condition">
      <NamePicker label={props.event !== undefined ? 'Event property' : 'Property'} placeholder="Choose a property"
                  value={props.cond.property} options={propertyOptions(options())}
                  onPick={name => props.onChange(retype({ ...props.cond, property: name }, options().find(o => o.name === name)?.type ?? props.cond.dataType))} />
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
      <Show when={props.event !== undefined && eventProps.error}>
        {e => <span class="field-error" role="alert">Could not read the properties of this event: {messageOf(e())}</span>}
      </Show>
    </div>
  )
}
