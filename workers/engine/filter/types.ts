// The filter and cohort language of docs/filters.md.
import type { DataType, Operator, OperatorOf } from './operators'

export type { DataType, Operator, OperatorOf }

export interface Group {
  op: 'and' | 'or'
  filters: Array<Group | Condition>
}

export type Condition = PropertyCondition | BehaviorCondition | CohortCondition

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
  operator: 'atLeast' | 'atMost' | 'exactly' | 'didNot'
  count?: number
  window?: BehaviorWindow
  where?: Group
}

export interface CohortCondition {
  type: 'cohort'
  cohortId: string
  operator: 'in' | 'notIn'
}
