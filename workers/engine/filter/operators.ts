// The one table of property operators: for every data type, its operators and
// the values each takes. Everything else is derived from it: the operator
// types, validation, the compiler's and the oracle's per-operator records, the
// builder's labels and inputs. Those records are typed
// `Record<OperatorOf<D>, …>`, so an operator added here fails to type-check
// until each of them handles it.
//
// A leaf: it imports nothing, so types.ts and every module can depend on it.

/**
 * What an operator reads besides the property: nothing, one or more values,
 * exactly one or two, `amount` and `unit`, or exactly one pattern (a string
 * of the pattern dialect, pattern.ts).
 */
export type Arity = 'none' | 'some' | 'one' | 'two' | 'relative' | 'pattern'

export const OPERATORS = {
  string: {
    equals: 'some', notEquals: 'some', contains: 'some', notContains: 'some',
    startsWith: 'some', notStartsWith: 'some', endsWith: 'some', notEndsWith: 'some',
    matches: 'pattern', notMatches: 'pattern', isSet: 'none', isNotSet: 'none',
  },
  number: {
    equals: 'some', notEquals: 'some', greaterThan: 'one', lessThan: 'one', atLeast: 'one', atMost: 'one',
    between: 'two', notBetween: 'two', isSet: 'none', isNotSet: 'none',
  },
  boolean: { isTrue: 'none', isFalse: 'none' },
  datetime: {
    on: 'one', notOn: 'one', before: 'one', after: 'one', since: 'one', between: 'two', notBetween: 'two',
    inLast: 'relative', notInLast: 'relative', inNext: 'relative', notInNext: 'relative',
    isSet: 'none', isNotSet: 'none',
  },
  list: { contains: 'some', notContains: 'some', containsAll: 'some', isEmpty: 'none', isSet: 'none', isNotSet: 'none' },
} as const satisfies Record<string, Record<string, Arity>>

export type DataType = keyof typeof OPERATORS
/** The operators of one data type (of each, given a union of data types). */
export type OperatorOf<D extends DataType> = D extends DataType ? keyof (typeof OPERATORS)[D] & string : never
/** Every operator of every data type. */
export type Operator = OperatorOf<DataType>

export const DATA_TYPES = Object.keys(OPERATORS) as DataType[]

export function isDataType(v: unknown): v is DataType {
  return typeof v === 'string' && Object.hasOwn(OPERATORS, v)
}

/** The operators of a data type, in the table's order. */
export function operatorsOf<D extends DataType>(dataType: D): Array<OperatorOf<D>> {
  return Object.keys(OPERATORS[dataType]) as Array<OperatorOf<D>>
}

/** Whether `operator` is one of `dataType`'s. */
export function isOperatorOf<D extends DataType>(dataType: D, operator: unknown): operator is OperatorOf<D> {
  return typeof operator === 'string' && Object.hasOwn(OPERATORS[dataType], operator)
}

export function arityOf<D extends DataType>(dataType: D, operator: OperatorOf<D>): Arity {
  return (OPERATORS[dataType] as Record<string, Arity>)[operator]!
}

/** An aggregate condition's comparisons: the number operators that compare a value (not isSet / isNotSet). */
export const AGGREGATE_OPERATORS = [
  'equals', 'notEquals', 'greaterThan', 'lessThan', 'atLeast', 'atMost', 'between', 'notBetween',
] as const satisfies ReadonlyArray<OperatorOf<'number'>>
export type AggregateOperator = (typeof AGGREGATE_OPERATORS)[number]

/** What an aggregate condition computes over the matching events' property. */
export const AGGREGATE_FNS = ['sum', 'avg', 'min', 'max', 'distinctCount'] as const
export type AggregateFn = (typeof AGGREGATE_FNS)[number]
