// The filter builder's model (src/filters/model.ts): type-aware operators,
// retyping a condition, editing by path, and what of a draft runs.
import { describe, expect, it } from 'vitest'
import {
  appendTo, arityOf, describe as describeNode, impactWords, move, newAggregate, newBehavior, newProperty, newSequence,
  operatorsOf, problemOf, refusal, removeAt, replaceAt, retype, runnable, without,
  type AggregateCondition, type Group, type PropertyCondition, type SequenceCondition,
} from '../../src/filters/model'
import { validateFilter } from '../../workers/engine/filter/validate'

const plan: PropertyCondition = { type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro'] }
const age: PropertyCondition = { type: 'property', property: 'age', dataType: 'number', operator: 'between', values: [18, 30] }

describe('operators by type', () => {
  it('offers exactly the operators of filters.md for each data type', () => {
    expect(operatorsOf('string')).toEqual([
      'equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'notStartsWith', 'endsWith', 'notEndsWith', 'matches', 'notMatches', 'isSet', 'isNotSet',
    ])
    expect(operatorsOf('boolean')).toEqual(['isTrue', 'isFalse'])
    expect(operatorsOf('datetime')).toContain('inLast')
    expect(operatorsOf('list')).toEqual(['contains', 'notContains', 'containsAll', 'isEmpty', 'isSet', 'isNotSet'])
    expect(arityOf('number', 'between')).toBe('two')
    expect(arityOf('datetime', 'notInLast')).toBe('relative')
    expect(arityOf('string', 'isSet')).toBe('none')
  })
})

describe('retype', () => {
  it('keeps values that still fit and drops what the new operator does not take', () => {
    expect(retype(age, 'number', 'greaterThan')).toEqual({ ...age, operator: 'greaterThan', values: [18] })
    expect(retype(plan, 'string', 'isSet')).toEqual({ type: 'property', property: 'plan', dataType: 'string', operator: 'isSet' })
    // a new type starts with no values, and an operator it has
    expect(retype(plan, 'number')).toEqual({ type: 'property', property: 'plan', dataType: 'number', operator: 'equals', values: [] })
    expect(retype(plan, 'boolean')).toEqual({ type: 'property', property: 'plan', dataType: 'boolean', operator: 'isTrue' })
    expect(retype(plan, 'datetime', 'inLast')).toEqual({ type: 'property', property: 'plan', dataType: 'datetime', operator: 'inLast', amount: 30, unit: 'day' })
  })

  it('every operator of every type gives JSON that validates once its values are filled', () => {
    const sample: Record<string, Array<string | number>> = { string: ['a'], number: [1, 2], list: ['x'], datetime: ['2024-01-01', '2024-02-01'], boolean: [] }
    for (const t of ['string', 'number', 'boolean', 'datetime', 'list'] as const) {
      for (const op of operatorsOf(t)) {
        const c = retype({ ...plan, property: 'p' }, t, op)
        const arity = arityOf(t, op)
        if (arity === 'some' || arity === 'one' || arity === 'pattern') c.values = sample[t]!.slice(0, 1)
        if (arity === 'two') c.values = sample[t]!.slice(0, 2)
        expect(() => validateFilter({ op: 'and', filters: [c] }), `${t} ${op}`).not.toThrow()
      }
    }
  })
})

describe('editing by path', () => {
  const root: Group = { op: 'and', filters: [plan, { op: 'or', filters: [age] }] }
  it('replaces, removes, appends and moves without touching the original', () => {
    const json = JSON.stringify(root)
    expect(replaceAt(root, [1, 0], plan)).toEqual({ op: 'and', filters: [plan, { op: 'or', filters: [plan] }] })
    expect(removeAt(root, [0])).toEqual({ op: 'and', filters: [{ op: 'or', filters: [age] }] })
    expect(appendTo(root, [1], plan).filters[1]).toEqual({ op: 'or', filters: [age, plan] })
    expect(move(root, [0], 1).filters[0]).toEqual({ op: 'or', filters: [age] })
    expect(move(root, [0], -1)).toEqual(root)
    expect(JSON.stringify(root)).toBe(json)
    expect(without(root, 0)).toEqual({ op: 'and', filters: [{ op: 'or', filters: [age] }] })
  })
})

describe('runnable', () => {
  it('drops incomplete conditions and the groups they leave empty, keeps the rest as is', () => {
    const draft: Group = { op: 'and', filters: [newProperty(), plan, { op: 'or', filters: [{ ...age, values: [] }] }, newBehavior()] }
    const run = runnable(draft)
    expect(run).toEqual({ op: 'and', filters: [plan, newBehavior()] })
    expect(() => validateFilter(run)).not.toThrow()
  })

  it('drops an incomplete event-property condition but keeps its behaviour', () => {
    const b = { ...newBehavior(), where: { op: 'and' as const, filters: [newProperty()] } }
    expect(runnable({ op: 'and', filters: [b] }).filters[0]).toEqual(newBehavior())
  })
})

describe('describe', () => {
  it('reads as a sentence', () => {
    expect(describeNode(plan)).toBe('plan is “pro”')
    expect(describeNode(age)).toBe('age between 18 and 30')
    expect(describeNode({ type: 'cohort', cohortId: 'c1', operator: 'notIn' }, () => 'Churned')).toBe('not in cohort “Churned”')
    expect(describeNode({ type: 'behavior', event: 'purchase', operator: 'atLeast', count: 3, window: { last: 30, unit: 'day' } }))
      .toBe('did “purchase” at least 3 times in the last 30 days')
  })
})

describe('the second part of the language', () => {
  const seq: SequenceCondition = { type: 'sequence', operator: 'did', steps: [{ event: 'view' }, { event: 'buy' }], within: { amount: 1, unit: 'day' } }
  const agg: AggregateCondition = { type: 'aggregate', event: 'purchase', fn: 'sum', property: 'amount', operator: 'greaterThan', values: [500] }

  it('runnable drops unfinished parts of a where in aggregates and sequence steps, and keeps k within what is left', () => {
    const draft: Group = { op: 'atLeast', k: 3, filters: [
      { ...agg, where: { op: 'and', filters: [newProperty()] } },
      { ...seq, steps: [{ event: 'view', where: { op: 'and', filters: [newProperty()] } }, { event: 'buy' }] },
      newSequence(), newAggregate(),
    ] }
    const run = runnable(draft)
    expect(run).toEqual({ op: 'atLeast', k: 2, filters: [agg, seq] })
    expect(() => validateFilter(run)).not.toThrow()
    expect(runnable({ op: 'atLeast', k: 1, filters: [newSequence()] })).toEqual({ op: 'and', filters: [] })
  })

  it('without: "at least k" keeps k when it can; impactWords says removes or adds', () => {
    const g: Group = { op: 'atLeast', k: 2, filters: [plan, age, agg] }
    expect(without(g, 0)).toEqual({ op: 'atLeast', k: 2, filters: [age, agg] })
    expect(without({ ...g, k: 3 }, 0)).toEqual({ op: 'atLeast', k: 2, filters: [age, agg] })
    expect(impactWords('and', 120, 100)).toEqual({ verb: 'removes', users: 20 })
    expect(impactWords('or', 80, 100)).toEqual({ verb: 'adds', users: 20 })
    expect(impactWords('atLeast', 80, 100)).toEqual({ verb: 'adds', users: 20 })
    expect(impactWords('atLeast', 130, 100)).toEqual({ verb: 'removes', users: 30 })
  })

  it('removing a child of "at least k" keeps k within the children left', () => {
    const g: Group = { op: 'and', filters: [{ op: 'atLeast', k: 3, filters: [plan, age, agg] }] }
    expect(removeAt(g, [0, 2]).filters[0]).toEqual({ op: 'atLeast', k: 2, filters: [plan, age] })
  })

  it('refusal: the engine\'s words for what it refuses, nothing while merely unfinished', () => {
    const pattern = { type: 'property', property: 'code', dataType: 'string', operator: 'matches', values: ['a(?i)'] } as PropertyCondition
    expect(refusal(problemOf(pattern))).toBe('values[0] is not a pattern: it has "(?", which the pattern syntax does not have (no flags, look-arounds or special groups) (at character 2)')
    expect(refusal(problemOf({ ...pattern, values: [] }))).toBeNull()
    expect(refusal(problemOf(newSequence()))).toBeNull()
    expect(refusal(problemOf({ ...seq, within: { amount: 0, unit: 'day' } }))).toBe('within.amount must be > 0, not 0')
  })

  it('describe reads every new condition as a sentence', () => {
    expect(describeNode(agg)).toBe('total of amount of “purchase” greater than 500')
    expect(describeNode({ ...seq, window: { last: 30, unit: 'day' } })).toBe('did “view”, then “buy” within 1 day in the last 30 days')
    expect(describeNode({ type: 'behavior', event: 'buy', operator: 'firstTime', window: { last: 7, unit: 'day' } })).toBe('did “buy” for the first time in the last 7 days')
    expect(describeNode({ op: 'atLeast', k: 2, filters: [plan, age] })).toBe('(at least 2 of: plan is “pro”; age between 18 and 30)')
  })
})
