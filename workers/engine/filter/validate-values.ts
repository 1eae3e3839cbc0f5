// Checks of what an operator reads: its values (as many as its arity says, of
// its data type's shape, a valid pattern for `matches`), or its `amount` and
// `unit`. Shared by property conditions and aggregate conditions.
import type { TimeUnit } from './types'
import { arityOf, DATA_TYPES, operatorsOf, type DataType, type OperatorOf } from './operators'
import { isEmptySpan, parseIsoTime } from './iso'
import { UNIT_DAYS } from './bind'
import { at, FilterError, finite, MAX_DAYS, MAX_VALUES, oneOf, present, show, words } from './check'
import { parsePattern } from './pattern'

const UNITS = Object.keys(UNIT_DAYS) as TimeUnit[]

/** How each data type's values must look: throws naming `path` when one does not. */
const VALUE_CHECKS: Record<DataType, (v: unknown, path: string) => void> = {
  string: text,
  list: text,
  boolean: text, // boolean operators take no values; the arity check refuses any before this runs
  number: finite,
  datetime: (v, path) => {
    if (typeof v !== 'string' || parseIsoTime(v) === undefined) {
      throw new FilterError(path, `must be an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SSZ), not ${show(v)}`)
    }
  },
}

function text(v: unknown, path: string): void {
  if (typeof v !== 'string') throw new FilterError(path, `must be a string, not ${show(v)}`)
}

/** Operators that read `amount` and `unit`, for the message that refuses them elsewhere. */
const RELATIVE = DATA_TYPES.flatMap(t => operatorsOf(t).filter(op => arityOf(t, op) === 'relative'))

/** `values`, `amount` and `unit` of a node whose operator is `operator` of `dataType`. */
export function checkOperands<D extends DataType>(node: Record<string, unknown>, dataType: D, operator: OperatorOf<D>, path: string): void {
  const arity = arityOf(dataType, operator)
  const valuesPath = at(path, 'values')
  const values = node.values
  const noValues = !present(node, 'values') || (Array.isArray(values) && values.length === 0)

  if (arity === 'relative') {
    if (!noValues) throw new FilterError(valuesPath, `is not used by ${operator} (it takes amount and unit)`)
    if (!present(node, 'amount')) throw new FilterError(at(path, 'amount'), `is required by ${operator}`)
    if (!present(node, 'unit')) throw new FilterError(at(path, 'unit'), `is required by ${operator}`)
    relativeSpan(node.amount, node.unit, UNITS, at(path, 'amount'), at(path, 'unit'), operator.endsWith('Next') ? 'reaches too far ahead' : 'reaches too far back')
    return
  }
  for (const key of ['amount', 'unit']) {
    if (present(node, key)) throw new FilterError(at(path, key), `is only used by ${words(RELATIVE)}, not by ${operator}`)
  }
  if (arity === 'none') {
    if (!noValues) throw new FilterError(valuesPath, `is not used by ${operator}`)
    return
  }
  if (!present(node, 'values')) throw new FilterError(valuesPath, `is required by ${operator}`)
  if (!Array.isArray(values)) throw new FilterError(valuesPath, `must be a list, not ${show(values)}`)
  const wanted = arity === 'one' || arity === 'pattern' ? 1 : arity === 'two' ? 2 : undefined
  if (wanted !== undefined && values.length !== wanted) {
    throw new FilterError(valuesPath, `must hold exactly ${wanted} value${wanted === 1 ? '' : 's'} for ${operator}, not ${values.length}`)
  }
  if (values.length === 0) throw new FilterError(valuesPath, `must hold at least one value for ${operator}`)
  if (values.length > MAX_VALUES) throw new FilterError(valuesPath, `must hold at most ${MAX_VALUES} values`)

  values.forEach((v: unknown, i) => VALUE_CHECKS[dataType](v, `${valuesPath}[${i}]`))
  switch (arity) {
    case 'pattern': {
      const parsed = parsePattern(values[0] as string)
      if (!parsed.ok) throw new FilterError(`${valuesPath}[0]`, `is not a pattern: it ${parsed.problem} (at character ${parsed.offset})`)
      return
    }
    case 'two':
      if (dataType === 'number' && (values[0] as number) > (values[1] as number)) {
        throw new FilterError(`${valuesPath}[1]`, `must be at least values[0] (${show(values[0])}) for ${operator}`)
      }
      if (dataType === 'datetime' && isEmptySpan(parseIsoTime(values[0] as string)!, parseIsoTime(values[1] as string)!)) {
        throw new FilterError(`${valuesPath}[1]`, `must not be before values[0] (${show(values[0])}) for ${operator}`)
      }
      return
    case 'one': case 'some':
      return
    default: {
      const unhandled: never = arity
      throw new Error(`no check for arity ${String(unhandled)}`)
    }
  }
}

/**
 * A span from now (`inLast`, `inNext`, a window's `last`) or between events
 * (a sequence's `within`): an amount above 0 of a known unit, at most
 * 1,000,000 days; `tooFar` says what a longer one does.
 */
export function relativeSpan<U extends string>(
  amount: unknown, unit: unknown, units: readonly U[], amountPath: string, unitPath: string, tooFar: string,
  days: (u: U) => number = u => UNIT_DAYS[u as TimeUnit],
): void {
  const n = finite(amount, amountPath)
  if (n <= 0) throw new FilterError(amountPath, `must be > 0, not ${show(n)}`)
  if (typeof unit !== 'string' || !(units as readonly string[]).includes(unit)) throw new FilterError(unitPath, `must be one of ${oneOf(units)}, not ${show(unit)}`)
  if (n * days(unit as U) > MAX_DAYS) throw new FilterError(amountPath, `${tooFar} (at most ${MAX_DAYS.toLocaleString('en')} days)`)
}

export { UNITS }
