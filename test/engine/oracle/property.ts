// Property operators for the oracle, written from docs/filters.md: one record
// per data type keyed by the engine's operator table, so a new operator fails
// to type-check here until the oracle says what it means.
import type { DataType, OperatorOf } from '../../../workers/engine/filter/operators'
import type { PropertyCondition, PropertyConditionOf } from '../../../workers/engine/filter/types'
import { asBoolean, asList, asNumber, asTime, DAY, isSet, parseIso, textsOf } from './casts'
import { matchesPattern } from './pattern'

export const UNIT_MS = { day: DAY, week: 7 * DAY, month: 30 * DAY }

type Tests<D extends DataType> = (v: unknown, c: PropertyConditionOf<D>, now: number) => Record<OperatorOf<D>, () => boolean>

const TESTS: { [D in DataType]: Tests<D> } = {
  string: (v, c) => {
    const values = (c.values ?? []) as string[]
    const texts = textsOf(v)
    const equals = () => texts.some(t => values.some(x => t === x))
    const folded = (test: (t: string, x: string) => boolean) => () =>
      texts.some(t => values.some(x => test(t.toLowerCase(), x.toLowerCase())))
    const contains = folded((t, x) => t.includes(x))
    const startsWith = folded((t, x) => t.startsWith(x))
    const endsWith = folded((t, x) => t.endsWith(x))
    const matches = () => texts.some(t => matchesPattern(values[0]!, t))
    return {
      equals, notEquals: () => !equals(),
      contains, notContains: () => !contains(),
      startsWith, notStartsWith: () => !startsWith(),
      endsWith, notEndsWith: () => !endsWith(),
      matches, notMatches: () => !matches(),
      isSet: () => isSet(v), isNotSet: () => !isSet(v),
    }
  },

  number: (v, c) => {
    const n = asNumber(v)
    const nums = (c.values ?? []) as number[]
    const equals = () => n !== undefined && nums.includes(n)
    const between = () => n !== undefined && nums[0]! <= n && n <= nums[1]!
    return {
      equals, notEquals: () => !equals(),
      greaterThan: () => n !== undefined && n > nums[0]!,
      lessThan: () => n !== undefined && n < nums[0]!,
      atLeast: () => n !== undefined && n >= nums[0]!,
      atMost: () => n !== undefined && n <= nums[0]!,
      between, notBetween: () => !between(),
      isSet: () => isSet(v), isNotSet: () => !isSet(v),
    }
  },

  boolean: v => ({ isTrue: () => asBoolean(v), isFalse: () => !asBoolean(v) }),

  datetime: (v, c, now) => {
    const t = asTime(v)
    const first = () => parseIso(c.values![0] as string)!
    const second = () => parseIso(c.values![1] as string)!
    const inLast = () => t !== undefined && now - c.amount! * UNIT_MS[c.unit!] <= t && t <= now
    const inNext = () => t !== undefined && now <= t && t <= now + c.amount! * UNIT_MS[c.unit!]
    const on = () => {
      const day = Math.floor(first().start / DAY) * DAY
      return t !== undefined && day <= t && t < day + DAY
    }
    const between = () => t !== undefined && first().start <= t && (second().bare ? t < second().end : t <= second().end)
    return {
      on, notOn: () => !on(),
      before: () => t !== undefined && t < first().start,
      after: () => t !== undefined && (first().bare ? t >= first().end : t > first().end),
      since: () => t !== undefined && t >= first().start,
      between, notBetween: () => !between(),
      inLast, notInLast: () => !inLast(),
      inNext, notInNext: () => !inNext(),
      isSet: () => isSet(v), isNotSet: () => !isSet(v),
    }
  },

  list: (v, c) => {
    const values = (c.values ?? []) as string[]
    const list = asList(v)
    const elements = list === undefined ? undefined : textsOf(list)
    const contains = () => elements !== undefined && elements.some(t => values.includes(t))
    return {
      contains, notContains: () => !contains(),
      containsAll: () => elements !== undefined && values.every(x => elements.includes(x)),
      isEmpty: () => list !== undefined && list.length === 0,
      isSet: () => isSet(v), isNotSet: () => !isSet(v),
    }
  },
}

function testsOf<D extends DataType>(v: unknown, c: PropertyConditionOf<D>, now: number): Record<OperatorOf<D>, () => boolean> {
  return TESTS[c.dataType](v, c, now)
}

export function matchesProperty(properties: Record<string, unknown>, c: PropertyCondition, now: number): boolean {
  const v = Object.hasOwn(properties, c.property) ? properties[c.property] : undefined
  const tests = testsOf(v, c as PropertyConditionOf<DataType>, now) as Record<string, () => boolean>
  if (!Object.hasOwn(tests, c.operator)) throw new Error(`oracle: no ${c.dataType} operator ${c.operator}`)
  return tests[c.operator]!()
}
