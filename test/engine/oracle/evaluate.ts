// An in-memory evaluator of docs/filters.md, written from the spec
// line by line and kept deliberately naive (loops over arrays, no SQL, no
// cleverness), so the engine's compiled SQL can be checked against it. Where
// the spec leaves a choice open it follows workers/engine/filter/DECISIONS.md.
import type { BehaviorCondition, Condition, Group, PropertyCondition } from '../../../workers/engine/filter/types'

export interface OracleProfile {
  id: number
  groupKey: string            // '' for users
  distinctId: string
  properties: Record<string, unknown>
  hasProfile: boolean
}

export interface OracleEvent {
  userId: number              // OracleProfile.id of the user
  time: number                // ms since the epoch
  event: string
  properties: Record<string, unknown>
}

export type OracleCohort =
  | { id: string; kind: 'static'; members: string[] }
  | { id: string; kind: 'dynamic'; filter: Group }

export interface OracleData {
  profiles: OracleProfile[]
  events: OracleEvent[]
  cohorts: OracleCohort[]
}

export interface OracleQuery {
  scope: 'profiles' | 'all'
  groupKey: string
  filter: Group
  now: string
}

const DAY = 86_400_000
const UNIT_MS = { day: DAY, week: 7 * DAY, month: 30 * DAY }

/** The distinct ids the filter selects, sorted. */
export function evaluate(data: OracleData, query: OracleQuery): string[] {
  const now = parseIso(query.now)?.start
  if (now === undefined) throw new Error(`oracle: now ${query.now} is not ISO`)
  const out: string[] = []
  for (const p of data.profiles) {
    if (p.groupKey !== query.groupKey) continue
    // User Profiles: at least one property; All Users: every row.
    if (query.scope === 'profiles' && Object.keys(p.properties).length === 0) continue
    if (matchesGroup(data, query.groupKey, now, p, query.filter)) out.push(p.distinctId)
  }
  return out.sort()
}

function matchesGroup(data: OracleData, groupKey: string, now: number, p: OracleProfile, group: Group): boolean {
  if (group.filters.length === 0) return true
  const results: boolean[] = []
  for (const node of group.filters) {
    if ('type' in node) results.push(matchesCondition(data, groupKey, now, p, node))
    else results.push(matchesGroup(data, groupKey, now, p, node))
  }
  if (group.op === 'and') return results.every(r => r)
  return results.some(r => r)
}

function matchesCondition(data: OracleData, groupKey: string, now: number, p: OracleProfile, c: Condition): boolean {
  if (c.type === 'property') return matchesProperty(p.properties, c, now)
  if (c.type === 'behavior') return matchesBehavior(data, groupKey, now, p, c)
  const cohort = data.cohorts.find(x => x.id === c.cohortId)
  if (!cohort) throw new Error(`oracle: no cohort ${c.cohortId}`)
  if (groupKey !== '') throw new Error('oracle: cohorts do not filter groups')
  let member: boolean
  if (cohort.kind === 'static') member = cohort.members.includes(p.distinctId)
  else member = matchesGroup(data, groupKey, now, p, cohort.filter)
  return c.operator === 'in' ? member : !member
}

// --- casting ----------------------------------------------------------------

const WHITESPACE = ' \t\n\v\f\r'

function trimAscii(s: string): string {
  let a = 0
  let b = s.length
  while (a < b && WHITESPACE.includes(s[a]!)) a++
  while (b > a && WHITESPACE.includes(s[b - 1]!)) b--
  return s.slice(a, b)
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null
}

/** A number as plain decimal text: no exponent, no trailing zeros (what Postgres prints for a JSON number). */
export function numberText(n: number): string {
  if (Object.is(n, -0)) return '0'
  const s = String(n)
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s)
  if (!m) return s
  const [, sign, first, rest = '', exp] = m
  const digits = first! + rest
  const point = 1 + Number(exp)
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return numberText(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return undefined
}

/** The value as strings: a list element by element (scalars only), a scalar as itself, anything else (unset, null, an object) none. */
function textsOf(v: unknown): string[] {
  const items = Array.isArray(v) ? v : [v]
  const texts: string[] = []
  for (const item of items) {
    const t = asText(item)
    if (t !== undefined) texts.push(t)
  }
  return texts
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v !== 'string') return undefined
  const t = trimAscii(v)
  // Bounded as DECISIONS.md says: at most 1,000 characters, an exponent of at most 4 digits.
  if (v.length > 1000 || !/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,4})?$/.test(t)) return undefined
  return Number(t)
}

function asBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v !== 0
  if (typeof v === 'string') {
    const t = trimAscii(v).toLowerCase()
    return t === 'true' || t === '1' || t === 'yes'
  }
  return false
}

/** Milliseconds, or undefined when not comparable. */
function asTime(v: unknown): number | undefined {
  if (typeof v === 'number') {
    if (Math.abs(v) < 1e11) return v * 1000
    if (Math.abs(v) < 1e14) return v
    return undefined
  }
  if (typeof v !== 'string') return undefined
  const parsed = parseIso(v)
  return parsed?.start
}

/** An ISO date or date-time: its start, and the end of the span it names (a bare date: the next midnight, exclusive). */
function parseIso(s: string): { start: number; end: number; bare: boolean } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(s)
  if (!m) return undefined
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3])
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined
  const daysInMonth = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!
  if (day > daysInMonth) return undefined
  const midnight = Date.UTC(year, month - 1, day)
  if (m[4] === undefined) return { start: midnight, end: midnight + DAY, bare: true }
  const hour = Number(m[4]), minute = Number(m[5]), second = Number(m[6] ?? '0')
  if (hour > 23 || minute > 59 || second > 59) return undefined
  let offset = 0
  const zone = m[8]
  if (zone && zone !== 'Z') {
    const hours = Number(zone.slice(1, 3))
    const minutes = zone.length > 3 ? Number(zone.slice(zone.length - 2)) : 0
    offset = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000
  }
  const fraction = m[7] ? Math.floor(Number(m[7]) * 1000) : 0
  const t = midnight + hour * 3_600_000 + minute * 60_000 + second * 1000 + fraction - offset
  return { start: t, end: t, bare: false }
}

/** A list value: a JSON array, or a string that parses as one. */
function asList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v)
      if (Array.isArray(parsed)) return parsed
    } catch {
      return undefined
    }
  }
  return undefined
}

// --- conditions ---------------------------------------------------------------

export function matchesProperty(properties: Record<string, unknown>, c: PropertyCondition, now: number): boolean {
  const v = Object.hasOwn(properties, c.property) ? properties[c.property] : undefined
  const values = c.values ?? []
  if (c.operator === 'isSet') return isSet(v)
  if (c.operator === 'isNotSet') return !isSet(v)

  if (c.dataType === 'string') {
    const texts = textsOf(v)
    const equals = texts.some(t => values.some(x => t === x))
    const contains = texts.some(t => values.some(x => t.toLowerCase().includes(String(x).toLowerCase())))
    if (c.operator === 'equals') return equals
    if (c.operator === 'notEquals') return !equals
    if (c.operator === 'contains') return contains
    if (c.operator === 'notContains') return !contains
  }

  if (c.dataType === 'number') {
    const n = asNumber(v)
    const nums = values as number[]
    const equals = n !== undefined && nums.includes(n)
    const between = n !== undefined && nums[0]! <= n && n <= nums[1]!
    switch (c.operator) {
      case 'equals': return equals
      case 'notEquals': return !equals
      case 'greaterThan': return n !== undefined && n > nums[0]!
      case 'lessThan': return n !== undefined && n < nums[0]!
      case 'atLeast': return n !== undefined && n >= nums[0]!
      case 'atMost': return n !== undefined && n <= nums[0]!
      case 'between': return between
      case 'notBetween': return !between
    }
  }

  if (c.dataType === 'boolean') {
    if (c.operator === 'isTrue') return asBoolean(v)
    if (c.operator === 'isFalse') return !asBoolean(v)
  }

  if (c.dataType === 'datetime') {
    const t = asTime(v)
    const inLast = t !== undefined && now - c.amount! * UNIT_MS[c.unit!] <= t && t <= now
    if (c.operator === 'inLast') return inLast
    if (c.operator === 'notInLast') return !inLast
    if (t === undefined) return false
    const a = parseIso(values[0] as string)!
    switch (c.operator) {
      case 'on': {
        const day = Math.floor(a.start / DAY) * DAY
        return day <= t && t < day + DAY
      }
      case 'before': return t < a.start
      case 'after': return a.bare ? t >= a.end : t > a.end
      case 'between': {
        const b = parseIso(values[1] as string)!
        return a.start <= t && (b.bare ? t < b.end : t <= b.end)
      }
    }
  }

  if (c.dataType === 'list') {
    const list = asList(v)
    const contains = list !== undefined && textsOf(list).some(t => values.includes(t))
    if (c.operator === 'contains') return contains
    if (c.operator === 'notContains') return !contains
  }

  throw new Error(`oracle: no ${c.dataType} operator ${c.operator}`)
}

function matchesBehavior(data: OracleData, groupKey: string, now: number, p: OracleProfile, c: BehaviorCondition): boolean {
  let count = 0
  for (const e of data.events) {
    if (groupKey === '') {
      if (e.userId !== p.id) continue
    } else {
      if (!textsOf(e.properties[groupKey]).includes(p.distinctId)) continue
    }
    if (c.event !== '$any' && e.event !== c.event) continue
    if (c.window && 'last' in c.window) {
      if (e.time < now - c.window.last * UNIT_MS[c.window.unit] || e.time > now) continue
    } else if (c.window) {
      const from = parseIso(c.window.from)!, to = parseIso(c.window.to)!
      if (e.time < from.start) continue
      if (to.bare ? e.time >= to.end : e.time > to.end) continue
    }
    if (c.where && !matchesWhere(e.properties, c.where, now)) continue
    count++
  }
  switch (c.operator) {
    case 'atLeast': return count >= c.count!
    case 'atMost': return count <= c.count!
    case 'exactly': return count === c.count!
    case 'didNot': return count === 0
  }
}

function matchesWhere(properties: Record<string, unknown>, group: Group, now: number): boolean {
  if (group.filters.length === 0) return true
  const results = group.filters.map(node => {
    if (!('type' in node)) return matchesWhere(properties, node, now)
    if (node.type !== 'property') throw new Error('oracle: only property conditions in where')
    return matchesProperty(properties, node, now)
  })
  return group.op === 'and' ? results.every(r => r) : results.some(r => r)
}
