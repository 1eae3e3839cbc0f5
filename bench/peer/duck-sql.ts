// The bench's filters as DuckDB SQL over the tables bench:peer loads there:
// `profiles` (the CSV's columns, typed by DuckDB's own CSV sniffer) and
// `events` (distinct_id, time in Unix seconds, event, insert_id and the
// generator's event properties as columns). Only the shapes of filters.md
// that can be said exactly over those columns are translated; anything else
// throws `Untranslatable`, and bench:peer asks that filter of the engine alone.
// Values are our own suite's, written as SQL literals (this is a benchmark
// peer, not the app: the engine binds every value).
import type { Condition, Group, PropertyCondition, BehaviorCondition } from '../../workers/engine/filter/types'

export class Untranslatable extends Error {}

type ColumnType = 'string' | 'number' | 'boolean' | 'date'

export interface PeerTables {
  /** property name → [column, type] of `profiles` */
  profileColumns: Record<string, [string, ColumnType]>
  /** event property name → [column, type] of `events` */
  eventColumns: Record<string, [string, ColumnType]>
  /** the filters' `now`, ms since 1970 */
  now: number
}

const DAY = 86_400_000
const literal = (v: string) => `'${v.replace(/'/g, "''")}'`
const number = (v: unknown) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Untranslatable(`not a number: ${String(v)}`)
  return String(v)
}

/** A bare date's first instant, or a date-time's instant, in ms (filters.md: no zone means UTC). */
function instant(iso: string): { start: number; end: number } {
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(iso)
  const start = Date.parse(bare ? `${iso}T00:00:00Z` : /Z|[+-]\d{2}(:?\d{2})?$/.test(iso.slice(10)) ? iso : `${iso}Z`)
  if (!Number.isFinite(start)) throw new Untranslatable(`not a date: ${iso}`)
  // a bare date is the whole UTC day; a date-time is that instant
  return { start, end: bare ? start + DAY : start }
}

function span(amount: number, unit: string): number {
  if (unit === 'day') return amount * DAY
  if (unit === 'week') return amount * 7 * DAY
  throw new Untranslatable(`unit ${unit}`)
}

/** `count(*) from profiles p where …` for a filter over All Users. */
export function duckCountSql(filter: Group, tables: PeerTables): string {
  now = tables.now
  return `select count(*)::integer as n from profiles p where ${group(filter, tables, 'profile')}`
}

function group(g: Group, t: PeerTables, on: 'profile' | 'event'): string {
  // filters.md 23: an empty group matches everyone
  if (g.filters.length === 0) return 'true'
  const parts = g.filters.map(f => ('op' in f ? group(f, t, on) : condition(f, t, on)))
  // at least k of n: a count of the children that hold (each two-valued)
  if (g.op === 'atLeast') return `((${parts.map(p => `(${p})::integer`).join(' + ')}) >= ${number(g.k ?? parts.length)})`
  return `(${parts.join(g.op === 'and' ? ' and ' : ' or ')})`
}

function condition(c: Condition, t: PeerTables, on: 'profile' | 'event'): string {
  if (c.type === 'property') return property(c, on === 'profile' ? t.profileColumns : t.eventColumns, on === 'profile' ? 'p' : 'e')
  if (c.type === 'behavior' && on === 'profile') return behavior(c, t)
  throw new Untranslatable(`${c.type} condition`)
}

function property(c: PropertyCondition, columns: PeerTables['profileColumns'], alias: string): string {
  const found = columns[c.property]
  if (!found) throw new Untranslatable(`property ${c.property}`)
  const [name, type] = found
  const col = `${alias}.${name}`
  const values = c.values ?? []
  if (c.operator === 'isSet') return `(${col} is not null)`
  if (c.operator === 'isNotSet') return `(${col} is null)`
  if (c.dataType === 'string' && type === 'string') {
    const any = (test: (v: string) => string) => `coalesce(${values.map(v => test(String(v))).join(' or ')}, false)`
    switch (c.operator) {
      case 'equals': return any(v => `${col} = ${literal(v)}`)
      case 'notEquals': return `not ${any(v => `${col} = ${literal(v)}`)}`
      case 'contains': return any(v => `contains(lower(${col}), ${literal(v.toLowerCase())})`)
      case 'notContains': return `not ${any(v => `contains(lower(${col}), ${literal(v.toLowerCase())})`)}`
    }
  }
  if (c.dataType === 'number' && type === 'number') {
    const test = (() => {
      switch (c.operator) {
        case 'equals': return values.map(v => `${col} = ${number(v)}`).join(' or ')
        case 'greaterThan': return `${col} > ${number(values[0])}`
        case 'lessThan': return `${col} < ${number(values[0])}`
        case 'atLeast': return `${col} >= ${number(values[0])}`
        case 'atMost': return `${col} <= ${number(values[0])}`
        case 'between': return `${col} between ${number(values[0])} and ${number(values[1])}`
      }
      throw new Untranslatable(`number ${c.operator}`)
    })()
    return `coalesce(${test}, false)`
  }
  if (c.dataType === 'boolean' && type === 'boolean') {
    if (c.operator === 'isTrue') return `coalesce(${col}, false)`
    if (c.operator === 'isFalse') return `not coalesce(${col}, false)`
  }
  if (c.dataType === 'datetime' && type === 'date') {
    const at = `${col}::timestamp`
    const ts = (ms: number) => `timestamp '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`
    const test = (() => {
      switch (c.operator) {
        case 'before': return `${at} < ${ts(instant(String(values[0])).start)}`
        case 'after': return `${at} >= ${ts(instant(String(values[0])).end)}`
        case 'between': return `${at} >= ${ts(instant(String(values[0])).start)} and ${at} < ${ts(instant(String(values[1])).end)}`
        case 'inLast': return `${at} between ${ts(t0(c))} and ${ts(now)}`
      }
      throw new Untranslatable(`datetime ${c.operator}`)
    })()
    return `coalesce(${test}, false)`
  }
  throw new Untranslatable(`${c.dataType} ${c.operator} on a ${type} column`)
}

/** the `now` of the filter being translated (inLast's end) */
let now = 0
const t0 = (c: PropertyCondition) => now - span(c.amount ?? NaN, c.unit ?? '')

function behavior(c: BehaviorCondition, t: PeerTables): string {
  const where: string[] = []
  if (c.event !== '$any') where.push(`e.event = ${literal(c.event)}`)
  if (c.window) {
    const [from, to] = 'last' in c.window
      ? [t.now - span(c.window.last, c.window.unit), t.now]
      : [instant(c.window.from).start, instant(c.window.to).end - 1]
    // events' times are whole seconds (the generator's); the window's ends are inclusive
    where.push(`e.time between ${Math.ceil(from / 1000)} and ${Math.floor(to / 1000)}`)
  }
  if (c.where && c.where.filters.length > 0) where.push(group(c.where, t, 'event'))
  const count = c.count ?? 0
  const matching = `select e.distinct_id from events e${where.length ? ` where ${where.join(' and ')}` : ''}`
  switch (c.operator) {
    case 'didNot': return `(p.id not in (${matching}))`
    case 'atLeast':
      if (count <= 0) return 'true'
      return count === 1 ? `(p.id in (${matching}))` : `(p.id in (${matching} group by e.distinct_id having count(*) >= ${count}))`
    case 'exactly':
      if (count === 0) return `(p.id not in (${matching}))`
      return `(p.id in (${matching} group by e.distinct_id having count(*) = ${count}))`
    case 'atMost':
      return `(p.id not in (${matching} group by e.distinct_id having count(*) > ${count}))`
  }
  throw new Untranslatable(`behaviour ${c.operator}`)
}
