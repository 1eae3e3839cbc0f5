// The filter and cohort language of docs/filters.md.
import type { AggregateFn, AggregateOperator, DataType, Operator, OperatorOf } from './operators'

export type { AggregateFn, AggregateOperator, DataType, Operator, OperatorOf }

/** `and`: every child; `or`: any; `atLeast`: at least `k` of them (1 <= k <= filters.length). */
export interface Group {
  op: 'and' | 'or' | 'atLeast'
  k?: number
  filters: Array<Group | Condition>
}

export type Condition = PropertyCondition | BehaviorCondition | CohortCondition | AggregateCondition | SequenceCondition

export type TimeUnit = 'day' | 'week' | 'month'

export type PropertyValue = string | number | boolean

/** A property condition of one data type: its operator is one of that type's. */
export interface PropertyConditionOf<D extends DataType> {
  type: 'property'
  property: string
  dataType: D
  operator: OperatorOf<D>
  values?: PropertyValue[]
  amount?: number
  unit?: TimeUnit
}

/** A property condition of any data type; checking `dataType` narrows `operator`. */
export type PropertyCondition = { [D in DataType]: PropertyConditionOf<D> }[DataType]

export type BehaviorWindow = { last: number; unit: TimeUnit } | { from: string; to: string }

export interface BehaviorCondition {
  type: 'behavior'
  event: string
  /** firstTime: the user's earliest such event falls inside `window` (required); no count */
  operator: 'atLeast' | 'atMost' | 'exactly' | 'didNot' | 'firstTime'
  count?: number
  window?: BehaviorWindow
  where?: Group
}

/** A number computed over the user's matching events' `property`, compared like a number property. */
export interface AggregateCondition {
  type: 'aggregate'
  event: string
  fn: AggregateFn
  property: string
  operator: AggregateOperator
  values: number[]
  window?: BehaviorWindow
  where?: Group
}

export interface SequenceStep {
  event: string
  where?: Group
}

export type WithinUnit = 'hour' | 'day' | 'week'

/** Events one per step, in order, at strictly increasing times, the last at most `within` after the first. */
export interface SequenceCondition {
  type: 'sequence'
  operator: 'did' | 'didNot'
  steps: SequenceStep[]
  within?: { amount: number; unit: WithinUnit }
  window?: BehaviorWindow
}

export interface CohortCondition {
  type: 'cohort'
  cohortId: string
  operator: 'in' | 'notIn'
}
