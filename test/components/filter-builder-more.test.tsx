// Component tests of the builder's second part (jsdom): first time in the
// frequency list, aggregates with the event's own properties, sequences with
// steps added, removed and reordered, "at least k of" in the Match select,
// the new operators' inputs, and the engine's refusals shown at their place.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library'
import { createSignal } from 'solid-js'
import { afterEach, describe, expect, it } from 'vitest'
import { FilterBuilder, type FilterCatalog } from '../../src/filters/FilterBuilder'
import { newAggregate, newSequence, type Condition, type Group } from '../../src/filters/model'

const asked: string[] = []
const catalog: FilterCatalog = {
  properties: () => [{ name: 'plan', type: 'string', count: 10 }, { name: 'code', type: 'string', count: 4 }],
  events: () => [{ name: 'purchase', count: 40 }, { name: 'add_to_cart', count: 90 }],
  cohorts: () => [],
  values: async () => [],
  eventProperties: async event => {
    asked.push(event)
    return event === 'purchase' ? [{ name: 'amount', type: 'number', count: 40 }, { name: 'currency', type: 'string', count: 40 }] : []
  },
}

function setup(filter: Group) {
  const [value, setValue] = createSignal<Group>(filter)
  render(() => <FilterBuilder filter={value()} onChange={setValue} catalog={catalog} />)
  return { filter: value, node: (n: number) => within(screen.getByRole('group', { name: `Condition ${n}` })) }
}
const one = (c: Condition): Group => ({ op: 'and', filters: [c] })
const type = (input: HTMLElement, text: string) => {
  fireEvent.input(input, { target: { value: text } })
  fireEvent.keyDown(input, { key: 'Tab' })
}

afterEach(cleanup)

describe('FilterBuilder: the second part', () => {
  it('first time is a choice of the frequency list: no count, and a window it must fall in', () => {
    const { filter, node } = setup(one({ type: 'behavior', event: 'purchase', operator: 'atLeast', count: 2 }))
    fireEvent.change(node(1).getByRole('combobox', { name: 'Frequency' }), { target: { value: 'firstTime' } })
    expect(filter().filters[0]).toEqual({ type: 'behavior', event: 'purchase', operator: 'firstTime', window: { last: 30, unit: 'day' } })
    expect(node(1).queryByRole('spinbutton', { name: 'Times' })).toBeNull()
    const windows = [...(node(1).getByRole('combobox', { name: 'Window' }) as HTMLSelectElement).options].map(o => o.value)
    expect(windows).toEqual(['last', 'range'])
  })

  it('aggregate: total of an event property (the event\'s own, with types) compared with numbers, and a where', async () => {
    const { filter, node } = setup(one(newAggregate()))
    type(node(1).getByRole('combobox', { name: 'Event' }), 'purchase')
    await waitFor(() => expect(asked).toContain('purchase'))
    const property = node(1).getAllByRole('combobox', { name: 'Event property' })[0]!
    fireEvent.keyDown(property, { key: 'ArrowDown' })
    const list = await screen.findByRole('listbox', { name: 'Event property' })
    expect(within(list).getAllByRole('option').map(o => o.textContent)).toEqual(['amountNumber · 40', 'currencyText · 40'])
    // the arrow that opened the list is on the first option
    fireEvent.keyDown(property, { key: 'Enter' })
    fireEvent.change(node(1).getByRole('combobox', { name: 'Aggregate' }), { target: { value: 'avg' } })
    fireEvent.change(node(1).getByRole('combobox', { name: 'Comparison' }), { target: { value: 'between' } })
    fireEvent.input(node(1).getByRole('spinbutton', { name: 'From' }), { target: { value: '10' } })
    fireEvent.input(node(1).getByRole('spinbutton', { name: 'To' }), { target: { value: '99.5' } })
    expect(filter().filters[0]).toEqual({
      type: 'aggregate', event: 'purchase', fn: 'avg', property: 'amount', operator: 'between', values: [10, 99.5], window: { last: 30, unit: 'day' },
    })
    fireEvent.click(node(1).getByRole('button', { name: '+ Event property' }))
    expect((filter().filters[0] as { where?: Group }).where?.filters).toHaveLength(1)
  })

  it('sequence: steps added, reordered and removed (2 to 5), within and a where per step', () => {
    const { filter, node } = setup(one(newSequence()))
    const steps = () => within(node(1).getByRole('list', { name: 'Steps' }))
    type(steps().getByRole('combobox', { name: 'Step 1 event' }), 'add_to_cart')
    type(steps().getByRole('combobox', { name: 'Step 2 event' }), 'purchase')
    // two steps is the least: they cannot be removed
    expect((steps().getByRole('button', { name: 'Remove step 1' }) as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(node(1).getByRole('button', { name: '+ Step' }))
    type(steps().getByRole('combobox', { name: 'Step 3 event' }), 'refund')
    fireEvent.click(steps().getByRole('button', { name: 'Move step 3 up' }))
    expect((filter().filters[0] as { steps: unknown[] }).steps).toEqual([{ event: 'add_to_cart' }, { event: 'refund' }, { event: 'purchase' }])
    fireEvent.click(steps().getByRole('button', { name: 'Remove step 2' }))
    fireEvent.change(node(1).getByRole('combobox', { name: 'Within' }), { target: { value: 'within' } })
    fireEvent.input(node(1).getByRole('spinbutton', { name: 'Within amount' }), { target: { value: '2' } })
    fireEvent.change(node(1).getByRole('combobox', { name: 'Within unit' }), { target: { value: 'hour' } })
    fireEvent.click(within(steps().getByRole('group', { name: 'Step 2' })).getByRole('button', { name: '+ Event property' }))
    expect(filter().filters[0]).toMatchObject({
      type: 'sequence', operator: 'did', within: { amount: 2, unit: 'hour' }, window: { last: 30, unit: 'day' },
      steps: [{ event: 'add_to_cart' }, { event: 'purchase', where: { op: 'and', filters: [{ type: 'property', property: '' }] } }],
    })
    for (let i = 0; i < 3; i++) fireEvent.click(node(1).getByRole('button', { name: '+ Step' }))
    expect((node(1).getByRole('button', { name: '+ Step' }) as HTMLButtonElement).disabled).toBe(true)
  })

  it('a within of 0 is refused by the engine, and the refusal shows under the condition', () => {
    const { node } = setup(one({ type: 'sequence', operator: 'did', steps: [{ event: 'a' }, { event: 'b' }], within: { amount: 0, unit: 'day' } }))
    expect(node(1).getByRole('alert').textContent).toBe('Not counted: within.amount must be > 0, not 0')
  })

  it('"at least k of" in the Match select, k from 1 to the number of conditions', () => {
    const plan = (v: string): Condition => ({ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: [v] })
    const { filter } = setup({ op: 'and', filters: [plan('a'), plan('b'), plan('c')] })
    fireEvent.change(screen.getByRole('combobox', { name: 'Match' }), { target: { value: 'atLeast' } })
    expect(filter()).toMatchObject({ op: 'atLeast', k: 2 })
    const k = screen.getByRole('spinbutton', { name: 'Match: at least how many' })
    fireEvent.input(k, { target: { value: '4' } })
    expect(filter().k).toBe(2)
    fireEvent.input(k, { target: { value: '3' } })
    expect(filter().k).toBe(3)
    fireEvent.click(screen.getByRole('button', { name: 'Remove Condition 3' }))
    expect(filter()).toMatchObject({ op: 'atLeast', k: 2 })
    fireEvent.change(screen.getByRole('combobox', { name: 'Match' }), { target: { value: 'or' } })
    expect(filter()).toEqual({ op: 'or', filters: [plan('a'), plan('b')] })
  })

  it('text patterns: one box; a pattern the engine refuses says why, at the character', () => {
    const { filter, node } = setup(one({ type: 'property', property: 'code', dataType: 'string', operator: 'equals', values: ['x', 'y'] }))
    fireEvent.change(node(1).getByRole('combobox', { name: 'Operator' }), { target: { value: 'matches' } })
    expect(filter().filters[0]).toMatchObject({ operator: 'matches', values: ['x'] })
    const box = node(1).getByRole('textbox', { name: 'Pattern' })
    fireEvent.input(box, { target: { value: '^[A-Z]{2}-\\d+$' } })
    expect(node(1).queryByRole('alert')).toBeNull()
    fireEvent.input(box, { target: { value: 'AB(?i)' } })
    expect(box.getAttribute('aria-invalid')).toBe('true')
    expect(node(1).getByRole('alert').textContent).toMatch(/^Not counted: values\[0\] is not a pattern: it has "\(\?".*\(at character 3\)$/)
  })

  it('the new date and list operators take the inputs they need', () => {
    const { filter, node } = setup(one({ type: 'property', property: 'signup', dataType: 'datetime', operator: 'on', values: ['2024-01-01'] }))
    fireEvent.change(node(1).getByRole('combobox', { name: 'Operator' }), { target: { value: 'inNext' } })
    expect(filter().filters[0]).toMatchObject({ operator: 'inNext', amount: 30, unit: 'day' })
    fireEvent.change(node(1).getByRole('combobox', { name: 'Operator' }), { target: { value: 'notBetween' } })
    expect(node(1).getByLabelText('To date')).toBeTruthy()
    fireEvent.change(node(1).getByRole('combobox', { name: 'Type' }), { target: { value: 'list' } })
    fireEvent.change(node(1).getByRole('combobox', { name: 'Operator' }), { target: { value: 'isEmpty' } })
    expect(filter().filters[0]).toEqual({ type: 'property', property: 'signup', dataType: 'list', operator: 'isEmpty' })
  })
})
