// Conditions on a user's events, for the oracle: behaviour (first time
// included), aggregate and sequence, by plain loops over the events, written
// from docs/filters.md. A sequence is found by trying every choice of events
// (the data sets are small), not by the engine's method.
import type {
  AggregateCondition, BehaviorCondition, BehaviorWindow, Group, SequenceCondition,
} from '../../../workers/engine/filter/types'
import { asDecimal, parseIso, textsOf } from './casts'
import { add, compare, decimalOf, times, ZERO, type Decimal } from './decimal'
import { matchesProperty, UNIT_MS } from './property'
import type { OracleData, OracleEvent, OracleProfile } from './evaluate'

/** A user's events (or a group's: those naming the group in the group-key property), in the data's order. */
export function eventsOf(data: OracleData, groupKey: string, p: OracleProfile): OracleEvent[] {
  return data.events.filter(e => groupKey === '' ? e.userId === p.id : textsOf(e.properties[groupKey]).includes(p.distinctId))
}

export function inWindow(t: number, w: BehaviorWindow | undefined, now: number): boolean {
  if (!w) return true
  if ('last' in w) return now - w.last * UNIT_MS[w.unit] <= t && t <= now
  const from = parseIso(w.from)!, to = parseIso(w.to)!
  return t >= from.start && (to.bare ? t < to.end : t <= to.end)
}

export function matchesWhere(properties: Record<string, unknown>, group: Group | undefined, now: number): boolean {
  if (!group || group.filters.length === 0) return true
  const results = group.filters.map(node => {
    if (!('type' in node)) return matchesWhere(properties, node, now)
    if (node.type !== 'property') throw new Error('oracle: only property conditions in where')
    return matchesProperty(properties, node, now)
  })
  return combine(group, results)
}

/** A group's op over its children's results (non-empty). */
export function combine(group: Group, results: boolean[]): boolean {
  const holding = results.filter(r => r).length
  if (group.op === 'and') return holding === results.length
  if (group.op === 'or') return holding >= 1
  return holding >= group.k!
}

const named = (e: OracleEvent, event: string) => event === '$any' || e.event === event

export function matchesBehavior(events: OracleEvent[], now: number, c: BehaviorCondition): boolean {
  if (c.operator === 'firstTime') {
    // The earliest matching event at any time; then whether it is inside the window.
    let first: number | undefined
    for (const e of events) {
      if (named(e, c.event) && matchesWhere(e.properties, c.where, now) && (first === undefined || e.time < first)) first = e.time
    }
    return first !== undefined && inWindow(first, c.window, now)
  }
  let count = 0
  for (const e of events) {
    if (named(e, c.event) && inWindow(e.time, c.window, now) && matchesWhere(e.properties, c.where, now)) count++
  }
  switch (c.operator) {
    case 'atLeast': return count >= c.count!
    case 'atMost': return count <= c.count!
    case 'exactly': return count === c.count!
    case 'didNot': return count === 0
  }
}

export function matchesAggregate(events: OracleEvent[], now: number, c: AggregateCondition): boolean {
  const nums: Decimal[] = []
  const texts = new Set<string>()
  for (const e of events) {
    if (!named(e, c.event) || !inWindow(e.time, c.window, now) || !matchesWhere(e.properties, c.where, now)) continue
    const v = Object.hasOwn(e.properties, c.property) ? e.properties[c.property] : undefined
    const d = asDecimal(v)
    if (d) nums.push(d)
    for (const t of textsOf(v)) texts.add(t)
  }
  const values = c.values.map(decimalOf)
  // x (or, for the average, sum / count) compared with each value, exactly.
  let cmp: (i: number) => number | undefined
  switch (c.fn) {
    case 'sum': {
      const sum = nums.reduce(add, ZERO)
      cmp = i => compare(sum, values[i]!)
      break
    }
    case 'distinctCount': cmp = i => compare(decimalOf(texts.size), values[i]!); break
    case 'min': case 'max': {
      const sorted = [...nums].sort(compare)
      const x = c.fn === 'min' ? sorted[0] : sorted[sorted.length - 1]
      cmp = i => (x === undefined ? undefined : compare(x, values[i]!))
      break
    }
    case 'avg': {
      const sum = nums.reduce(add, ZERO)
      cmp = i => (nums.length === 0 ? undefined : compare(sum, times(values[i]!, nums.length)))
      break
    }
  }
  const is = (i: number, ok: (r: number) => boolean) => { const r = cmp(i); return r !== undefined && ok(r) }
  const equals = () => values.some((_, i) => is(i, r => r === 0))
  const between = () => is(0, r => r >= 0) && is(1, r => r <= 0)
  switch (c.operator) {
    case 'equals': return equals()
    case 'notEquals': return !equals()
    case 'greaterThan': return is(0, r => r > 0)
    case 'lessThan': return is(0, r => r < 0)
    case 'atLeast': return is(0, r => r >= 0)
    case 'atMost': return is(0, r => r <= 0)
    case 'between': return between()
    case 'notBetween': return !between()
  }
}

export function matchesSequence(events: OracleEvent[], now: number, c: SequenceCondition): boolean {
  const inside = events.filter(e => inWindow(e.time, c.window, now))
  const within = c.within ? c.within.amount * { hour: 3_600_000, day: 86_400_000, week: 604_800_000 }[c.within.unit] : Infinity
  // Every choice of one event per step, each strictly later than the one before.
  const search = (step: number, after: number, start: number): boolean => {
    if (step === c.steps.length) return true
    const s = c.steps[step]!
    for (const e of inside) {
      if (e.time <= after || !named(e, s.event) || !matchesWhere(e.properties, s.where, now)) continue
      const first = step === 0 ? e.time : start
      if (e.time - first > within) continue
      if (search(step + 1, e.time, first)) return true
    }
    return false
  }
  const did = search(0, -Infinity, 0)
  return c.operator === 'did' ? did : !did
}
