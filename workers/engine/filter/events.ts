// Conditions on a user's events (docs/filters.md, "Behavior"): which events
// match (name, window, where), and how many there are, as SQL that can use
// the events indexes.
import type { Binder } from './bind'
import type { BehaviorCondition, BehaviorWindow, Group } from './types'
import { parseIsoTime } from './iso'
import { at, combine, compileChildren, isGroup } from './groups'
import { compileProperty, SCALAR } from './property'
import { FilterError } from './validate'

/** A where: property conditions (and groups of them) over the event's own properties. */
export function compileWhere(group: Group, path: string, b: Binder, indent: string): string {
  return combine(group, compileChildren(group, path, (node, nodePath) => {
    if (isGroup(node)) return compileWhere(node, nodePath, b, indent + '  ')
    if (node.type !== 'property') throw new FilterError(at(nodePath, 'type'), 'must be "property" inside a where')
    return compileProperty(node, nodePath, 'e.properties', b)
  }), indent, b)
}

/**
 * A time inside a window: the last N units up to now, or from the start of
 * `from` to the end of `to` (a bare date's end is the next midnight, excluded).
 */
export function windowTests(w: BehaviorWindow, path: string, b: Binder, t: string): string[] {
  if ('last' in w) return [`${t} >= ${b.nowMinus(w.last, w.unit)}`, `${t} <= ${b.nowSqlTime()}`]
  const from = parseIsoTime(w.from), to = parseIsoTime(w.to)
  if (!from) throw new FilterError(at(path, 'window.from'), `must be an ISO date or date-time, not ${JSON.stringify(w.from)}`)
  if (!to) throw new FilterError(at(path, 'window.to'), `must be an ISO date or date-time, not ${JSON.stringify(w.to)}`)
  return [`${t} >= ${b.time(from.start)}`, `${t} ${to.bare ? '<' : '<='} ${b.time(to.end)}`]
}

/** `e.time` inside a window (none: all time), and before `now` when evaluated as of it. */
export function windowConds(w: BehaviorWindow | undefined, path: string, b: Binder): string[] {
  return [...(w ? windowTests(w, path, b, 'e.time') : []), ...asOfConds(b)]
}

/** As of `now` (a cohort's size on a date), events at or after it had not happened yet. */
function asOfConds(b: Binder): string[] {
  return b.asOf ? [`e.time < ${b.nowSqlTime()}`] : []
}

/** An event's name and properties: `$any` matches every name, an empty where every event. */
export function eventConds(event: string, where: Group | undefined, path: string, b: Binder, indent: string): string[] {
  const conds: string[] = []
  if (event !== '$any') conds.push(`e.event = ${b.text(event)}`)
  if (where && where.filters.length > 0) conds.push(compileWhere(where, at(path, 'where'), b, indent + '  '))
  return conds
}

export function compileBehavior(c: BehaviorCondition, path: string, b: Binder, groupKey: string, indent: string): string {
  if (c.operator === 'firstTime') return firstTime(c, path, b, groupKey, indent)
  const count = c.operator === 'didNot' ? 0 : c.count
  if (count === undefined || !Number.isInteger(count) || count < 0) throw new FilterError(at(path, 'count'), `must be a whole number >= 0, not ${JSON.stringify(count)}`)
  // Every count is at least 0: decided before anything is bound (an unused parameter is an error).
  if (c.operator === 'atLeast' && count === 0) return 'true'

  const conds = [...eventConds(c.event, undefined, path, b, indent), ...windowConds(c.window, path, b)]
  if (c.where && c.where.filters.length > 0) conds.push(compileWhere(c.where, at(path, 'where'), b, indent + '  '))
  const events = new EventCounts(b, conds, groupKey, indent)
  switch (c.operator) {
    case 'atLeast': return events.atLeast(count)
    case 'didNot': return `not ${events.atLeast(1)}`
    case 'atMost': return `not ${events.atLeast(count + 1)}`
    case 'exactly': return count === 0 ? `not ${events.atLeast(1)}` : events.exactly(count)
  }
  throw new FilterError(at(path, 'operator'), `is not a behaviour operator: ${JSON.stringify(c.operator)}`)
}

/**
 * The user's earliest matching event (name and where, at any time: an event
 * before the window counts when finding the earliest) falls inside the window:
 * one grouped pass over the matching events, comparing each user's min(time).
 */
function firstTime(c: BehaviorCondition, path: string, b: Binder, groupKey: string, indent: string): string {
  if (!c.window) throw new FilterError(at(path, 'window'), 'is required by firstTime')
  const conds = [...eventConds(c.event, c.where, path, b, indent), ...asOfConds(b)]
  const inside = windowTests(c.window, path, b, 'min(e.time)')
  return new EventCounts(b, conds, groupKey, indent).rowsWith(inside.join(' and '))
}

/**
 * "The row's events that match" and how many there are, as SQL that can use
 * the events indexes:
 * - user scope: the row's events are `e.user_id = p.id`. "At least one" is
 *   `exists` (a semi-join or a hashed subplan, the planner's choice, through
 *   the (event, time) or (user_id, time, …) index). A larger threshold is
 *   `p.id in (… group by e.user_id having count(*) …)`: one pass over the
 *   matching events (through (event, time) for a named event), hashed. A
 *   per-user count stopped at the threshold (`limit`) was measured too: 1.8×
 *   slower for `$any` and 4× with a window (200k users, 1M events).
 * - group scope (groupKey non-empty): a group's events are those whose
 *   property named by the group key, as string, equals the group id; when that
 *   property is a list, each element names a group the event belongs to (once).
 */
export class EventCounts {
  constructor(
    private b: Binder,
    private conds: string[],
    private groupKey: string,
    private indent: string,
  ) {}

  private where(extra: string[] = []): string {
    const all = [...extra, ...this.conds]
    return all.length === 0 ? '' : `where ${all.join(' and ')}`
  }

  /**
   * The rows (`p.id`, or `p.distinct_id` of a group) whose matching events,
   * grouped, satisfy `having`. `join`: more rows per event (a lateral over its
   * property's values).
   */
  rowsWith(having?: string, join = ''): string {
    const more = join ? `\n${this.indent}  ${join}` : ''
    if (this.groupKey === '') {
      const groupBy = having ? ` group by e.user_id having ${having}` : ''
      return `p.id in (select e.user_id from events e${more} ${this.where()}${groupBy})`
    }
    const key = this.b.text(this.groupKey)
    const groupBy = having ? `\n${this.indent}  group by g.id having ${having}` : ''
    return `p.distinct_id in (select g.id from events e
      ${groupsOf(key)}${more}
      ${this.where([`e.properties ? ${key}`])}${groupBy})`
  }

  atLeast(k: number): string {
    if (k === 1) return this.groupKey === '' ? `exists (select 1 from events e ${this.where(['e.user_id = p.id'])})` : this.rowsWith()
    return this.rowsWith(`count(*) >= ${this.b.bind(k, 'bigint')}`)
  }

  exactly(n: number): string {
    return this.rowsWith(`count(*) = ${this.b.bind(n, 'bigint')}`)
  }
}

/**
 * The groups an event belongs to, as rows `g(id)`: the value of its group-key
 * property as string, or each element of it when it is a list (once each).
 */
export function groupsOf(key: string): string {
  const ids = `(e.properties -> ${key})`
  return `cross join lateral (
        select distinct cl_text(el.x) as id
        from jsonb_array_elements(case jsonb_typeof(${ids}) when 'array' then ${ids} else jsonb_build_array(${ids}) end) as el(x)
        where jsonb_typeof(el.x) in ${SCALAR}) as g`
}
