// The event picker: "Any event" first, then the catalog's events with how
// often each occurred.
import type { Ctx } from './context'
import { NamePicker } from './NamePicker'

export function EventPicker(props: { value: string; ctx: Ctx; onPick: (event: string) => void; label?: string }) {
  const options = () => [
    { name: '$any', label: 'Any event' },
    ...props.ctx.catalog.events().map(ev => ({ name: ev.name, detail: `${ev.count.toLocaleString('en-US')} events` })),
  ]
  return (
    <NamePicker label={props.label ?? 'Event'} placeholder="Choose an event" value={props.value} options={options()}
                nameOf={text => (text === 'Any event' ? '$any' : text)} onPick={props.onPick} />
  )
}
