// A searchable picker of names (properties, event properties, events), each
// shown with what is known of it (its type, how often it occurs): a Kobalte
// combobox, so keyboards (arrows, Enter, Escape) and screen readers (combobox,
// listbox, options with descriptions) get what they expect. A name that is
// not in the list can still be used: typing it offers "Use …", and leaving
// the box with text in it (Tab, a click elsewhere) takes that text.
import { Combobox } from '@kobalte/core/combobox'
import { createMemo, createSignal, Show } from 'solid-js'

export interface NameOption {
  /** what the filter stores */
  name: string
  /** what the list and the box show (the name, unless it means something else: "Any event") */
  label?: string
  /** shown after the name: "Number · 1,234" */
  detail?: string
}

interface Choice extends NameOption { key: string; custom?: boolean }

/** At most this many options are listed at once; typing narrows them. */
export const SHOWN_OPTIONS = 100

export function NamePicker(props: {
  label: string
  placeholder: string
  value: string
  options: NameOption[]
  onPick: (name: string) => void
  /** what typed text names (e.g. "Any event" → "$any"); the text itself by default */
  nameOf?: (text: string) => string
}) {
  const [typed, setTyped] = createSignal<string | null>(null)
  const [open, setOpen] = createSignal(false)
  const choices = createMemo((): Choice[] => {
    const all: Choice[] = props.options.map(o => ({ ...o, key: `=${o.name}` }))
    if (props.value && !all.some(o => o.name === props.value)) all.unshift({ name: props.value, key: `=${props.value}` })
    const text = typed()?.trim()
    if (!text) return all.slice(0, SHOWN_OPTIONS)
    const needle = text.toLowerCase()
    const matches = all.filter(o => (o.label ?? o.name).toLowerCase().includes(needle))
    // Exact names first, then names that start with the text.
    matches.sort((a, b) => rank(a, needle) - rank(b, needle))
    const shown = matches.slice(0, SHOWN_OPTIONS)
    const named = nameOf(text)
    if (!all.some(o => o.name === named || (o.label ?? o.name) === text)) shown.push({ name: named, key: `+${named}`, custom: true })
    return shown
  })
  const nameOf = (text: string) => props.nameOf?.(text) ?? text
  // One object per value: a new one would read to the combobox as a new selection, and reset what is being typed.
  const selected = createMemo((): Choice | null => {
    if (!props.value) return null
    const known = props.options.find(o => o.name === props.value)
    return { ...known, name: props.value, key: `=${props.value}` }
  }, null, { equals: (a, b) => a?.key === b?.key && a?.label === b?.label })
  const commit = (name: string) => {
    setTyped(null)
    if (name !== props.value) props.onPick(name)
  }
  /** Leaving the box with text typed in it takes the text (the exact option it names, or the name as typed). */
  const commitTyped = () => {
    const text = typed()
    if (text === null) return
    const trimmed = text.trim()
    if (trimmed === '') { setTyped(null); return }
    const exact = props.options.find(o => (o.label ?? o.name) === trimmed)
    commit(exact ? exact.name : nameOf(trimmed))
  }
  return (
    <Combobox<Choice>
      class="name-picker"
      options={choices()}
      optionValue="key"
      optionTextValue={o => o.label ?? o.name}
      optionLabel={o => o.label ?? o.name}
      value={selected()}
      onChange={o => { if (o) commit(o.name) }}
      defaultFilter={() => true}
      onOpenChange={setOpen}
      placeholder={props.placeholder}
      itemComponent={item => (
        <Combobox.Item item={item.item} class="name-option">
          <Combobox.ItemLabel class="name-option-label">
            {item.item.rawValue.custom ? `Use “${item.item.rawValue.name}”` : item.item.rawValue.label ?? item.item.rawValue.name}
          </Combobox.ItemLabel>
          <Show when={item.item.rawValue.detail}>
            {detail => <Combobox.ItemDescription class="name-option-detail">{detail()}</Combobox.ItemDescription>}
          </Show>
        </Combobox.Item>
      )}
    >
      <Combobox.Control class="name-picker-control">
        <Combobox.Input class="picker" aria-label={props.label} spellcheck={false}
                        onInput={e => setTyped(e.currentTarget.value)}
                        onKeyDown={e => {
                          if (e.key === 'Tab') commitTyped()
                          else if (e.key === 'Escape') setTyped(null)
                        }}
                        onBlur={() => {
                          // A press on an option blurs the box while the list is open; the option's own
                          // selection follows on release. A press elsewhere closes the list first.
                          if (!open()) commitTyped()
                        }} />
        <Combobox.Trigger class="picker-trigger" aria-label={`Show ${props.label.toLowerCase()} choices`}>
          <Combobox.Icon class="picker-icon">▾</Combobox.Icon>
        </Combobox.Trigger>
      </Combobox.Control>
      <Combobox.Portal>
        <Combobox.Content class="picker-content">
          <Combobox.Listbox class="picker-listbox" aria-label={props.label} />
        </Combobox.Content>
      </Combobox.Portal>
    </Combobox>
  )
}

function rank(o: Choice, needle: string): number {
  const text = (o.label ?? o.name).toLowerCase()
  return text === needle ? 0 : text.startsWith(needle) ? 1 : 2
}
