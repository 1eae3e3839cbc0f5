// Small hand-written data sets for the operator tests: one user per case,
// each holding the property under test (or not), checked by the engine's SQL
// and by the oracle, which must agree with each other and with the test.
import type { PGlite } from '@electric-sql/pglite'
import type {
  Condition, DataType, Group, OperatorOf, PropertyCondition, PropertyConditionOf, PropertyValue,
} from '../../../workers/engine/filter/types'
import { evaluate, type OracleData, type OracleEvent, type OracleProfile, type OracleQuery } from './evaluate'
import { load, loads, run } from './sql'

export const NOW = '2024-06-01T12:00:00.000Z'
export const NOW_MS = Date.parse(NOW)
export const DAY_MS = 86_400_000

/** Unset: the user exists (with another property) but not this one. */
export const UNSET = Symbol('unset')

export interface FixtureUser {
  /** Profile properties; a user with none is event-only (All Users only). */
  properties?: Record<string, unknown>
  events?: Array<{ event: string; time: number | string; properties?: Record<string, unknown> }>
}

export interface Fixture {
  users: Record<string, FixtureUser>
  groups?: Record<string, Record<string, Record<string, unknown>>>  // groupKey -> groupId -> properties
  cohorts?: OracleData['cohorts']
}

/** One user per case, holding `property` = the case's value (UNSET: a user with only `other`). */
export function byValue(property: string, cases: Record<string, unknown>): Fixture {
  const users: Record<string, FixtureUser> = {}
  for (const [id, value] of Object.entries(cases)) {
    users[id] = { properties: value === UNSET ? { other: 1 } : { other: 1, [property]: value } }
  }
  return { users }
}

export function toData(fixture: Fixture): OracleData {
  const profiles: OracleProfile[] = []
  const events: OracleEvent[] = []
  let id = 0
  for (const [distinctId, user] of Object.entries(fixture.users)) {
    const profile: OracleProfile = { id: ++id, groupKey: '', distinctId, properties: user.properties ?? {}, hasProfile: user.properties !== undefined }
    profiles.push(profile)
    for (const e of user.events ?? []) {
      events.push({ userId: profile.id, time: typeof e.time === 'string' ? Date.parse(e.time) : e.time, event: e.event, properties: e.properties ?? {} })
    }
  }
  for (const [groupKey, groups] of Object.entries(fixture.groups ?? {})) {
    for (const [distinctId, properties] of Object.entries(groups)) {
      profiles.push({ id: ++id, groupKey, distinctId, properties, hasProfile: true })
    }
  }
  return { profiles, events, cohorts: fixture.cohorts ?? [] }
}

/** A condition on the property `x` (the one byValue sets), typed by its data type's operators. */
export function prop<D extends DataType>(dataType: D, operator: OperatorOf<D>, values?: PropertyValue[], extra: Partial<PropertyConditionOf<D>> = {}): PropertyCondition {
  return { type: 'property', property: 'x', dataType, operator, ...(values ? { values } : {}), ...extra } as PropertyConditionOf<D> as PropertyCondition
}

export function where(...filters: Array<Condition | Group>): Group {
  return { op: 'and', filters }
}

let lastLoaded: { db: PGlite; fixture: Fixture; at: number } | undefined

/**
 * Loads the fixture, runs the filter through the engine's SQL and through the
 * oracle, asserts they agree, and returns the matching ids (sorted).
 */
export async function select(
  db: PGlite, fixture: Fixture, filter: Group | Condition,
  options: { scope?: 'profiles' | 'all'; groupKey?: string; now?: string } = {},
): Promise<string[]> {
  const data = toData(fixture)
  // The same fixture is loaded once for the queries that follow each other on it.
  if (lastLoaded?.db !== db || lastLoaded.fixture !== fixture || lastLoaded.at !== loads) {
    await load(db, data)
    lastLoaded = { db, fixture, at: loads }
  }
  const query: OracleQuery = {
    scope: options.scope ?? 'all',
    groupKey: options.groupKey ?? '',
    filter: 'type' in filter ? where(filter) : filter,
    now: options.now ?? NOW,
  }
  const engine = await run(db, query)
  const oracle = evaluate(data, query)
  if (JSON.stringify(engine) !== JSON.stringify(oracle)) {
    throw new Error(`engine and oracle disagree on ${JSON.stringify(query.filter)}:\n engine ${JSON.stringify(engine)}\n oracle ${JSON.stringify(oracle)}`)
  }
  return engine
}
