// An in-memory evaluator of docs/filters.md, written from the spec
// line by line and kept deliberately naive (loops over arrays, no SQL, no
// cleverness), so the engine's compiled SQL can be checked against it. Where
// the spec leaves a choice open it follows docs/filters.md.
import type { BehaviorCondition, Condition, Group } from '../../../workers/engine/filter/types'
import { parseIso, textsOf } from './casts'
import { matchesProperty, UNIT_MS } from './property'

export { matchesProperty }

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

// --- conditions ---------------------------------------------------------------

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
