// A filter answered over the fast path's columns (columns.ts): one mask of
// profile ids per condition, combined as the groups say. It answers property
// conditions, behaviour conditions and cohorts (the last two as sets of users
// read from PGlite at each count, events.ts); for anything else (aggregates,
// sequences, lists, `matches`, a column holding lists or numbers a double
// cannot hold) it answers `undefined` and the SQL path answers instead.
//
// Each test is the SQL path's (filter/property.ts) read over the columns:
// the same kept casts, the same bounds (iso.ts), the same two-valued logic
// (an unset value fails every positive test and passes every negation).
import type { BehaviorCondition, Condition, Group, PropertyCondition } from '../filter/types'
import type { CohortResolver } from '../users/query'
import { isGroup } from '../filter/groups'
import { UNIT_DAYS } from '../filter/bind'
import { isoMicros, parseIsoTime, secondsMicros } from '../filter/iso'
import { Kind, type Column, type Part } from './columns'

/** A set of profile ids: 1 where the condition holds. */
export type Mask = Uint8Array

export interface EvalContext {
  size: number
  /** ISO `now` with a zone, as the compiler binds it */
  now: string
  cohorts: CohortResolver
  column(property: string): Column
  /** Postgres's lower() of each text, in order. */
  lower(texts: string[]): Promise<string[]>
  /** The users a behaviour condition holds. */
  behaviour(c: BehaviorCondition): Promise<Mask>
  /** A static cohort's members. */
  members(cohortId: string): Promise<Mask>
}

/** What a filter reads (property → the parts of its column), or undefined when some condition is not the fast path's. */
export type Needs = Map<string, Set<Part>>

const PART_OF: Record<string, Part> = { string: 'texts', number: 'nums', datetime: 'times', boolean: 'truth' }

export function propertiesOf(filter: Group, cohorts: CohortResolver, into: Needs = new Map(), expanding: string[] = []): Needs | undefined {
  for (const node of filter.filters) {
    if (isGroup(node)) {
      if (!propertiesOf(node, cohorts, into, expanding)) return undefined
    } else if (node.type === 'property') {
      if (node.dataType === 'list' || node.operator === 'matches' || node.operator === 'notMatches') return undefined
      const part = node.operator === 'isSet' || node.operator === 'isNotSet' ? 'texts' : PART_OF[node.dataType]!
      const parts = into.get(node.property) ?? new Set<Part>()
      into.set(node.property, parts.add(part))
    } else if (node.type === 'cohort') {
      const cohort = cohorts(node.cohortId)
      if (!cohort || expanding.includes(node.cohortId)) return undefined
      if (cohort.kind === 'dynamic' && !propertiesOf(cohort.filter, cohorts, into, [...expanding, node.cohortId])) return undefined
    } else if (node.type !== 'behavior') {
      return undefined
    }
  }
  return into
}

/** The filter's mask, or undefined when a column cannot answer it exactly. */
export async function evaluate(filter: Group, ctx: EvalContext): Promise<Mask | undefined> {
  const parts: Mask[] = []
  for (const node of filter.filters) {
    const part = isGroup(node) ? await evaluate(node, ctx) : await condition(node, ctx)
    if (!part) return undefined
    parts.push(part)
  }
  if (parts.length === 0) return new Uint8Array(ctx.size).fill(1)
  const k = filter.op === 'and' ? parts.length : filter.op === 'or' ? 1 : filter.k ?? parts.length
  const out = new Uint8Array(ctx.size)
  if (k === parts.length) {
    out.set(parts[0]!)
    for (const p of parts.slice(1)) for (let i = 0; i < out.length; i++) out[i]! &= p[i]!
  } else if (k === 1) {
    for (const p of parts) for (let i = 0; i < out.length; i++) out[i]! |= p[i]!
  } else {
    for (const p of parts) for (let i = 0; i < out.length; i++) out[i]! += p[i]!
    for (let i = 0; i < out.length; i++) out[i] = out[i]! >= k ? 1 : 0
  }
  return out
}

async function condition(c: Condition, ctx: EvalContext): Promise<Mask | undefined> {
  if (c.type === 'property') return property(c, ctx)
  if (c.type === 'behavior') return ctx.behaviour(c)
  if (c.type === 'cohort') {
    const cohort = ctx.cohorts(c.cohortId)
    if (!cohort) return undefined
    const member = cohort.kind === 'static' ? await ctx.members(c.cohortId) : await evaluate(cohort.filter, ctx)
    return member && (c.operator === 'notIn' ? not(member) : member)
  }
  return undefined
}

function not(m: Mask): Mask {
  for (let i = 0; i < m.length; i++) m[i] = m[i]! ^ 1
  return m
}

function where(size: number, test: (id: number) => boolean): Mask {
  const m = new Uint8Array(size)
  for (let i = 0; i < size; i++) if (test(i)) m[i] = 1
  return m
}

/** Negative operators are `not` their positive one (filter/property.ts), so they are too here. */
const NEGATIONS: Record<string, string> = {
  notEquals: 'equals', notContains: 'contains', notStartsWith: 'startsWith', notEndsWith: 'endsWith',
  notBetween: 'between', notOn: 'on', notInLast: 'inLast', notInNext: 'inNext', isNotSet: 'isSet', isFalse: 'isTrue',
}

async function property(c: PropertyCondition, ctx: EvalContext): Promise<Mask | undefined> {
  const positive = NEGATIONS[c.operator]
  if (positive !== undefined) {
    const m = await property({ ...c, operator: positive } as PropertyCondition, ctx)
    return m && not(m)
  }
  const col = ctx.column(c.property)
  const { size } = ctx
  if (c.operator === 'isSet') {
    const kind = col.texts!.kind
    return where(size, id => kind[id]! > Kind.Null)
  }
  switch (c.dataType) {
    case 'string': return strings(c.operator, (c.values ?? []).map(String), col, ctx)
    case 'number': return numbers(c.operator, (c.values ?? []) as number[], col, size)
    case 'boolean': return c.operator === 'isTrue' ? col.truth!.slice() : undefined
    case 'datetime': return times(c, col, ctx)
    default: return undefined
  }
}

async function strings(operator: string, values: string[], col: Column, ctx: EvalContext): Promise<Mask | undefined> {
  // A list's elements are each tested (anyText): left to SQL.
  const { code, texts, hasLists } = col.texts!
  if (hasLists) return undefined
  let hits: Uint8Array
  if (operator === 'equals') {
    const wanted = new Set(values)
    hits = Uint8Array.from(texts, t => (wanted.has(t) ? 1 : 0))
  } else {
    const test = operator === 'contains' ? (t: string, n: string) => t.includes(n)
      : operator === 'startsWith' ? (t: string, n: string) => t.startsWith(n)
      : operator === 'endsWith' ? (t: string, n: string) => t.endsWith(n)
      : undefined
    if (!test) return undefined
    const [folded, needles] = [await lowered(col, ctx), await ctx.lower(values)]
    hits = Uint8Array.from(folded, t => (needles.some(n => test(t, n)) ? 1 : 0))
  }
  const m = new Uint8Array(ctx.size)
  for (let id = 0; id < m.length; id++) {
    const c = code[id]!
    if (c >= 0) m[id] = hits[c]!
  }
  return m
}

const loweredTexts = new WeakMap<object, string[]>()

/** The column's texts through Postgres's lower(), once per read of them. */
async function lowered(col: Column, ctx: EvalContext): Promise<string[]> {
  let folded = loweredTexts.get(col.texts!)
  if (!folded) {
    folded = await ctx.lower(col.texts!.texts)
    loweredTexts.set(col.texts!, folded)
  }
  return folded
}

function numbers(operator: string, values: number[], col: Column, size: number): Mask | undefined {
  const { values: num, exact } = col.nums!
  if (!exact) return undefined
  const [a, b] = [values[0]!, values[1]!]
  switch (operator) {
    case 'equals': {
      const set = new Set(values)
      return where(size, id => set.has(num[id]!))
    }
    case 'greaterThan': return where(size, id => num[id]! > a)
    case 'lessThan': return where(size, id => num[id]! < a)
    case 'atLeast': return where(size, id => num[id]! >= a)
    case 'atMost': return where(size, id => num[id]! <= a)
    case 'between': return where(size, id => num[id]! >= a && num[id]! <= b)
  }
  return undefined
}

/** A bound in microseconds as a double, when it is one exactly. */
function exact(micros: bigint): number | undefined {
  const n = Number(micros)
  return Number.isSafeInteger(n) ? n : undefined
}

function times(c: PropertyCondition, col: Column, ctx: EvalContext): Mask | undefined {
  if (!col.times!.exact) return undefined
  const values = c.values ?? []
  const iso = (i: number) => parseIsoTime(String(values[i]))
  const micros = (text: string | undefined) => (text === undefined ? undefined : exact(isoMicros(text)))
  const now = isoMicros(ctx.now)
  const span = (amount: number | undefined, unit: PropertyCondition['unit']) =>
    amount === undefined || unit === undefined ? undefined : secondsMicros(amount * UNIT_DAYS[unit] * 86_400)
  // [from, to] with each end inclusive or not; undefined: unbounded on that side
  let range: { from?: number; fromOpen?: boolean; to?: number; toOpen?: boolean } | undefined
  switch (c.operator) {
    case 'before': range = { to: micros(iso(0)?.start), toOpen: true }; break
    case 'after': {
      const v = iso(0)
      range = { from: micros(v?.end), fromOpen: !v?.bare }
      break
    }
    case 'since': range = { from: micros(iso(0)?.start) }; break
    case 'on': {
      const v = iso(0)
      range = { from: micros(v?.dayStart), to: micros(v?.dayEnd), toOpen: true }
      break
    }
    case 'between': {
      const [from, to] = [iso(0), iso(1)]
      range = { from: micros(from?.start), to: micros(to?.end), toOpen: to?.bare }
      break
    }
    case 'inLast': {
      const d = span(c.amount, c.unit)
      range = d === undefined ? undefined : { from: exact(now - d), to: exact(now) }
      break
    }
    case 'inNext': {
      const d = span(c.amount, c.unit)
      range = d === undefined ? undefined : { from: exact(now), to: exact(now + d) }
      break
    }
  }
  if (!range) return undefined
  const bounded = (['before'].includes(c.operator) || range.from !== undefined) &&
    (['after', 'since'].includes(c.operator) || range.to !== undefined)
  if (!bounded) return undefined
  const time = col.times!.values
  const { from = -Infinity, fromOpen = false, to = Infinity, toOpen = false } = range
  return where(ctx.size, id => {
    const t = time[id]!
    return (fromOpen ? t > from : t >= from) && (toOpen ? t < to : t <= to)
  })
}
