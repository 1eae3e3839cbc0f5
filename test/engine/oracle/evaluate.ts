// An in-memory evaluator of docs/filters.md, written from the spec
// line by line and kept deliberately naive (loops over arrays, no SQL, no
// cleverness), so the engine's compiled SQL can be checked against it. Where
// the spec leaves a choice open it follows docs/filters.md.
import type { Condition, Group } from '../../../workers/engine/filter/types'
import { parseIso } from './casts'
import { matchesProperty } from './property'
import { combine, eventsOf, matchesAggregate, matchesBehavior, matchesSequence } from './events'

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
  return combine(group, results)
}

function matchesCondition(data: OracleData, groupKey: string, now: number, p: OracleProfile, c: Condition): boolean {
  switch (c.type) {
    case 'property': return matchesProperty(p.properties, c, now)
    case 'behavior': return matchesBehavior(eventsOf(data, groupKey, p), now, c)
    case 'aggregate': return matchesAggregate(eventsOf(data, groupKey, p), now, c)
    case 'sequence': return matchesSequence(eventsOf(data, groupKey, p), now, c)
    case 'cohort': {
      const cohort = data.cohorts.find(x => x.id === c.cohortId)
      if (!cohort) throw new Error(`oracle: no cohort ${c.cohortId}`)
      if (groupKey !== '') throw new Error('oracle: cohorts do not filter groups')
      const member = cohort.kind === 'static' ? cohort.members.includes(p.distinctId) : matchesGroup(data, groupKey, now, p, cohort.filter)
      return c.operator === 'in' ? member : !member
    }
  }
}
