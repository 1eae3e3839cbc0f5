// Component tests of the filter builder's type-aware inputs (jsdom): each data
// type and operator shows the inputs it needs, and editing them changes the
// filter JSON the way filters.md says.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library'
import { createSignal } from 'solid-js'
import { afterEach, describe, expect, it } from 'vitest'
import { FilterBuilder, type FilterCatalog } from '../../src/filters/FilterBuilder'
import type { Condition, Group } from '../../src/filters/model'

const catalog: FilterCatalog = {
  properties: () => [
    { name: 'plan', type: 'string', count: 10 },
    { name: 'age', type: 'number', count: 8 },
    { name: 'signup', type: 'datetime', count: 9 },
  ],
  events: () => [{ name: 'purchase', count: 40 }],
  cohorts: () => [{ id: 'c1', name: 'Churned', kind: 'static', members: [], createdAt: '', updatedAt: '' }],
  values: async () => [{ value: 'pro', count: 5 }, { value: 'free', count: 3 }],
  eventProperties: async () => [{ name: 'amount', type: 'number', count: 40 }],
}

function setup(...conditions: Condition[]) {
  const [filter, setFilter] = createSignal<Group>({ op: 'and', filters: conditions })
  render(() => <FilterBuilder filter={filter()} onChange={setFilter} catalog={catalog} />)
  return { filter, first: () => within(screen.getByRole('group', { name: 'Condition 1' })) }
}

afterEach(cleanup)

/** Types into a name picker and leaves it with Tab, as a keyboard user who knows the name would. */
function type(input: HTMLElement, text: string) {
  fireEvent.input(input, { target: { value: text } })
  fireEvent.keyDown(input, { key: 'Tab' })
}

describe('FilterBuilder: type-aware inputs', () => {
  it('string "is": chips; Enter adds a value, the chip button removes it', () => {
    const { filter, first } = setup({ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: [] })
    const input = first().getByRole('combobox', { name: 'Value' })
    fireEvent.input(input, { target: { value: 'pro' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    fireEvent.input(input, { target: { value: 'team' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(filter().filters[0]).toMatchObject({ operator: 'equals', values: ['pro', 'team'] })
    fireEvent.click(first().getByRole('button', { name: 'Remove value pro' }))
    expect(filter().filters[0]).toMatchObject({ values: ['team'] })
  })

  it('number "between": two number inputs giving [from, to] as numbers', () => {
    const { filter, first } = setup({ type: 'property', property: 'age', dataType: 'number', operator: 'between', values: [] })
    const from = first().getByRole('spinbutton', { name: 'From' })
    fireEvent.input(from, { target: { value: '18' } })
    fireEvent.input(first().getByRole('spinbutton', { name: 'To' }), { target: { value: '30' } })
    expect(filter().filters[0]).toEqual({ type: 'property', property: 'age', dataType: 'number', operator: 'between', values: [18, 30] })
    // an edit keeps the same input element (the one being typed in keeps its focus)
    expect(from.isConnected).toBe(true)
    expect(first().getByRole('spinbutton', { name: 'From' })).toBe(from)
  })

  it('number chips refuse what is not a number', () => {
    const { filter, first } = setup({ type: 'property', property: 'age', dataType: 'number', operator: 'equals', values: [] })
    const input = first().getByRole('combobox', { name: 'Value' })
    fireEvent.input(input, { target: { value: 'abc' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(input.getAttribute('aria-invalid')).toBe('true')
    fireEvent.input(input, { target: { value: '42' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(filter().filters[0]).toMatchObject({ values: [42] })
  })

  it('datetime: a date picker for "on", amount and unit for "in the last"', () => {
    const { filter, first } = setup({ type: 'property', property: 'signup', dataType: 'datetime', operator: 'on', values: [] })
    const date = first().getByLabelText('Date') as HTMLInputElement
    expect(date.type).toBe('date')
    fireEvent.input(date, { target: { value: '2024-05-01' } })
    expect(filter().filters[0]).toMatchObject({ values: ['2024-05-01'] })
    fireEvent.change(first().getByRole('combobox', { name: 'Operator' }), { target: { value: 'inLast' } })
    expect(filter().filters[0]).toEqual({ type: 'property', property: 'signup', dataType: 'datetime', operator: 'inLast', amount: 30, unit: 'day' })
    fireEvent.input(first().getByRole('spinbutton', { name: 'Amount' }), { target: { value: '2' } })
    fireEvent.change(first().getByRole('combobox', { name: 'Unit' }), { target: { value: 'week' } })
    expect(filter().filters[0]).toMatchObject({ amount: 2, unit: 'week' })
  })

  it('boolean: only is true / is false, no value input', () => {
    const { first } = setup({ type: 'property', property: 'paying', dataType: 'boolean', operator: 'isTrue' })
    const ops = [...(first().getByRole('combobox', { name: 'Operator' }) as HTMLSelectElement).options].map(o => o.value)
    expect(ops).toEqual(['isTrue', 'isFalse'])
    expect(first().queryByRole('combobox', { name: 'Value' })).toBeNull()
    expect(first().queryByRole('spinbutton')).toBeNull()
  })

  it('picking a property takes its inferred type; changing the type offers that type\'s operators', () => {
    const { filter, first } = setup({ type: 'property', property: '', dataType: 'string', operator: 'equals', values: [] })
    type(first().getByRole('combobox', { name: 'Property' }), 'age')
    expect(filter().filters[0]).toMatchObject({ property: 'age', dataType: 'number', operator: 'equals', values: [] })
    fireEvent.change(first().getByRole('combobox', { name: 'Type' }), { target: { value: 'list' } })
    const ops = [...(first().getByRole('combobox', { name: 'Operator' }) as HTMLSelectElement).options].map(o => o.value)
    expect(ops).toEqual(['contains', 'notContains', 'containsAll', 'isEmpty', 'isSet', 'isNotSet'])
    expect(filter().filters[0]).toMatchObject({ dataType: 'list', operator: 'contains' })
  })

  it('behaviour: "did not" drops the count; the window switches between last N and ever', () => {
    const { filter, first } = setup({ type: 'behavior', event: 'purchase', operator: 'atLeast', count: 1, window: { last: 30, unit: 'day' } })
    fireEvent.change(first().getByRole('combobox', { name: 'Frequency' }), { target: { value: 'didNot' } })
    expect(filter().filters[0]).toEqual({ type: 'behavior', event: 'purchase', operator: 'didNot', window: { last: 30, unit: 'day' } })
    expect(first().queryByRole('spinbutton', { name: 'Times' })).toBeNull()
    fireEvent.change(first().getByRole('combobox', { name: 'Window' }), { target: { value: 'ever' } })
    expect(filter().filters[0]).toEqual({ type: 'behavior', event: 'purchase', operator: 'didNot' })
  })

  it('behaviour: event-property conditions go into `where`, typed from the event\'s own properties', async () => {
    const { filter, first } = setup({ type: 'behavior', event: 'purchase', operator: 'atLeast', count: 1 })
    fireEvent.click(first().getByRole('button', { name: '+ Event property' }))
    const where = within(first().getByRole('group', { name: 'Event properties' }))
    const picker = where.getByRole('combobox', { name: 'Event property' })
    // the options come from the catalog's eventProperties('purchase')
    await new Promise(r => setTimeout(r, 0))
    type(picker, 'amount')
    fireEvent.change(where.getByRole('combobox', { name: 'Operator' }), { target: { value: 'greaterThan' } })
    fireEvent.input(where.getByRole('spinbutton', { name: 'Value' }), { target: { value: '10' } })
    expect(filter().filters[0]).toEqual({
      type: 'behavior', event: 'purchase', operator: 'atLeast', count: 1,
      where: { op: 'and', filters: [{ type: 'property', property: 'amount', dataType: 'number', operator: 'greaterThan', values: [10] }] },
    })
    fireEvent.click(where.getByRole('button', { name: 'Remove event property condition 1' }))
    expect(filter().filters[0]).toEqual({ type: 'behavior', event: 'purchase', operator: 'atLeast', count: 1 })
  })

  it('groups: add, reorder and remove conditions; the cohort dropdown lists saved cohorts', () => {
    const { filter } = setup()
    const add = within(screen.getByRole('group', { name: 'Add to Filters' }))
    fireEvent.click(add.getByRole('button', { name: '+ Cohort' }))
    fireEvent.click(add.getByRole('button', { name: '+ Group' }))
    expect(filter().filters).toEqual([
      { type: 'cohort', cohortId: 'c1', operator: 'in' },
      { op: 'or', filters: [{ type: 'property', property: '', dataType: 'string', operator: 'equals', values: [] }] },
    ])
    const cohort = within(screen.getByRole('group', { name: 'Condition 1' }))
    expect([...(cohort.getByRole('combobox', { name: 'Cohort' }) as HTMLSelectElement).options].map(o => o.textContent)).toContain('Churned')
    fireEvent.click(screen.getByRole('button', { name: 'Move Condition 1 down' }))
    expect((filter().filters[0] as Group).op).toBe('or')
    fireEvent.click(screen.getByRole('button', { name: 'Remove Group 1' }))
    expect(filter().filters).toEqual([{ type: 'cohort', cohortId: 'c1', operator: 'in' }])
  })

  it('the property picker is a combobox: the arrow keys open a list of options with type and count, Enter picks one', async () => {
    const { filter, first } = setup({ type: 'property', property: '', dataType: 'string', operator: 'equals', values: [] })
    const input = first().getByRole('combobox', { name: 'Property' })
    fireEvent.input(input, { target: { value: 'a' } })
    const list = await screen.findByRole('listbox', { name: 'Property' })
    const options = within(list).getAllByRole('option')
    // "a" is in age and plan; the text itself can be used as a name too
    expect(options.map(o => o.textContent)).toEqual(['ageNumber · 8', 'planText · 10', 'Use “a”'])
    expect(within(list).getByRole('option', { name: 'age' }).getAttribute('aria-describedby')).toBeTruthy()
    fireEvent.input(input, { target: { value: 'sign' } })
    await waitFor(() => expect(within(list).getAllByRole('option').map(o => o.textContent)).toEqual(['signupDate · 9', 'Use “sign”']))
    fireEvent.keyDown(input, { key: 'ArrowDown' })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(filter().filters[0]).toMatchObject({ property: 'signup', dataType: 'datetime' })
  })

  it('the event picker offers "Any event" and the events with their counts; a name not in the list is taken as typed', async () => {
    const { filter, first } = setup({ type: 'behavior', event: 'purchase', operator: 'atLeast', count: 1 })
    const input = first().getByRole('combobox', { name: 'Event' }) as HTMLInputElement
    expect(input.value).toBe('purchase')
    fireEvent.keyDown(input, { key: 'ArrowDown' })
    const list = await screen.findByRole('listbox', { name: 'Event' })
    expect(within(list).getAllByRole('option').map(o => o.textContent)).toEqual(['Any event', 'purchase40 events'])
    fireEvent.keyDown(input, { key: 'Escape' })
    type(input, 'signed_up')
    expect(filter().filters[0]).toMatchObject({ event: 'signed_up' })
    type(input, 'Any event')
    expect(filter().filters[0]).toMatchObject({ event: '$any' })
  })
})
