// A property condition: the property picker, its type, the operator of that
// type, and the value input the operator takes.
import { createResource, For, Show } from 'solid-js'
import type { PropertyInfo } from '../../workers/engine/types'
import { DATA_TYPES, operatorLabel, operatorsOf, retype, TYPE_LABEL, type DataType, type PropertyCondition } from './model'
import { nextId, type Ctx } from './context'
import { ValueInput } from './ValueInput'
import { messageOf } from '../ui/errors'

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
  const [eventProps] = createResource(() => props.event, event => props.ctx.catalog.eventProperties(event))
  // A failed read leaves the last list (or none), and says why.
  const options = () => (props.event !== undefined ? (eventProps.error ? [] : eventProps.latest ?? []) : props.ctx.catalog.properties())
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
      <Show when={props.event !== undefined && eventProps.error}>
        {e => <span class="field-error" role="alert">Could not read the properties of this event: {messageOf(e())}</span>}
      </Show>
    </div>
  )
}
