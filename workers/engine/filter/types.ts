// The filter and cohort language of docs/filters.md.

export interface Group {
  op: 'and' | 'or'
  filters: Array<Group | Condition>
}

export type Condition = PropertyCondition | BehaviorCondition | CohortCondition

export type DataType = 'string' | 'number' | 'boolean' | 'datetime' | 'list'
export type TimeUnit = 'day' | 'week' | 'month'

export interface PropertyCondition {
  type: 'property'
  property: string
  dataType: DataType
  operator: string
  values?: Array<string | number | boolean>
  amount?: number
  unit?: TimeUnit
}

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
