import type { ListUsersQuery, UsersQuery, UsersSort } from '../types'
import { Params } from '../sql'
import { compileFilter, type CompileContext } from '../filter/compile'
import { validateFilter } from '../filter/validate'
import { parseIsoTime } from '../filter/iso'
import { EVENT_COUNT, EVENT_COUNT_SQL, LAST_SEEN, LAST_SEEN_SQL } from './activity'

export interface CompiledUsersQuery {
  /** `from profiles p where …`: the users a query selects. */
  from: string
  params: Params
}

export type CohortResolver = CompileContext['cohorts']

/**
 * Names the rows a compiled query selects, whatever their order: counts and
 * the places windows ended are kept under it. Take it before `orderBy` adds
 * its parameters.
 */
export function rowsKeyOf({ from, params }: CompiledUsersQuery): string {
  return `${from}\n${JSON.stringify(params.values)}`
}

/** The longest search the engine takes, in characters (a search box, not a document). */
export const MAX_SEARCH_LENGTH = 1000

/** Checks the parts of a query that are not the filter. */
export function checkQuery(query: UsersQuery): void {
  if (typeof query !== 'object' || query === null) throw new Error('a users query must be an object')
  if (query.scope !== 'profiles' && query.scope !== 'all') {
    throw new Error(`scope must be "profiles" or "all", not ${JSON.stringify(query.scope)}`)
  }
  if (query.search !== undefined && typeof query.search !== 'string') throw new Error('search must be a string')
  if (query.search !== undefined && query.search.trim().length > MAX_SEARCH_LENGTH) {
    throw new Error(`search must be at most ${MAX_SEARCH_LENGTH.toLocaleString('en-US')} characters, not ${query.search.trim().length.toLocaleString('en-US')}`)
  }
  if (query.groupKey !== undefined && typeof query.groupKey !== 'string') throw new Error('groupKey must be a string')
  if (query.now !== undefined && (typeof query.now !== 'string' || parseIsoTime(query.now) === undefined)) {
    throw new Error(`now must be an ISO time, not ${JSON.stringify(query.now)}`)
  }
}

/** The rows a query selects, as one parameterised `from … where …`. */
/**
 * `options.asOf`: evaluated as of the query's `now` (only events before it count);
 * `options.params`: go on from values the caller bound first.
 */
export function compileUsersQuery(query: UsersQuery, cohorts: CohortResolver, cohortExists: (id: string) => boolean,
                                  options: { asOf?: boolean; params?: Params } = {}): CompiledUsersQuery {
  checkQuery(query)
  const params = options.params ?? new Params()
  const asOf = options.asOf === true
  const where = [`p.group_key = ${params.add(query.groupKey ?? '')}`]
  // User Profiles: a profile with at least one property (profiles.md).
  if (query.scope === 'profiles') where.push(`p.properties <> '{}'::jsonb`)
  const search = query.search?.trim()
  if (search) {
    const pattern = params.add(`%${search.replace(/[\\%_]/g, c => '\\' + c)}%`)
    where.push(`(p.distinct_id ilike ${pattern} or p.properties ->> '$email' ilike ${pattern} or p.properties ->> '$name' ilike ${pattern})`)
  }
  if (query.filter !== undefined) {
    const filter = validateFilter(query.filter, { cohortExists })
    // A zone-less `now` is UTC, as every time in filters.md; Date would read it as local time.
    const now = query.now ?? new Date().toISOString()
    where.push(compileFilter(filter, { params, now, groupKey: query.groupKey ?? '', cohorts, asOf }))
  }
  return { from: `from profiles p where ${where.join('\n  and ')}`, params }
}

// A profile's name as the table shows it (profiles.md): `$name`, else
// `$first_name` and `$last_name` joined by a space, else the distinct id. A
// value counts when it is a string, number or boolean that is not blank.
export const DISPLAYED_NAME_SQL = /* sql */ `coalesce(
    nullif(btrim(case when jsonb_typeof(p.properties -> '$name') in ('string', 'number', 'boolean')
                      then p.properties ->> '$name' end, E' \\t\\n\\r\\f\\x0b\\u00a0'), ''),
    nullif(concat_ws(' ',
      nullif(btrim(case when jsonb_typeof(p.properties -> '$first_name') in ('string', 'number', 'boolean')
                        then p.properties ->> '$first_name' end, E' \\t\\n\\r\\f\\x0b\\u00a0'), ''),
      nullif(btrim(case when jsonb_typeof(p.properties -> '$last_name') in ('string', 'number', 'boolean')
                        then p.properties ->> '$last_name' end, E' \\t\\n\\r\\f\\x0b\\u00a0'), '')), ''),
    p.distinct_id)`

/** ORDER BY for a sort: typed where values are numeric, unset values last either way, ties by row. */
export function orderBy(sort: UsersSort | undefined, params: Params): string {
  if (!sort) return 'p.id'
  if (sort.direction !== 'asc' && sort.direction !== 'desc') {
    throw new Error(`sort.direction must be "asc" or "desc", not ${JSON.stringify(sort.direction)}`)
  }
  if (typeof sort.property !== 'string' || sort.property === '') throw new Error('sort.property must be a property name')
  const dir = sort.direction === 'asc' ? 'asc' : 'desc'
  if (sort.property === '$distinct_id') return `p.distinct_id ${dir}, p.id`
  // Name: as displayed, so names made of first and last name (or the id) sort among the others.
  if (sort.property === '$name') return `${DISPLAYED_NAME_SQL} ${dir}, p.id`
  // The columns read from events (users/activity.ts).
  if (sort.property === EVENT_COUNT) return `${EVENT_COUNT_SQL} ${dir}, p.id`
  if (sort.property === LAST_SEEN) return `${LAST_SEEN_SQL} ${dir} nulls last, p.id`
  const key = params.add(sort.property)
  const value = `(p.properties -> ${key})`
  // p.nums holds each property's number (schema/003_casts.ts): numbers first,
  // then the other values as text (what cl_text gives for a value that is not
  // a number), unset (SQL null in both keys) last. Each key is a plain numeric
  // or text: a sort compares those several times faster than jsonb, and an
  // always-equal leading key (as "is unset" was) made a 1M-row sort 3× slower.
  const number = `(p.nums -> ${key})`
  return `${number}::numeric ${dir} nulls last, case when ${number} is null then ${value} #>> '{}' end ${dir} nulls last, p.id`
}

export function checkWindow(query: ListUsersQuery): void {
  for (const key of ['offset', 'limit'] as const) {
    const n = query[key]
    if (!Number.isInteger(n) || n < 0) throw new Error(`${key} must be a whole number ≥ 0, not ${JSON.stringify(n)}`)
  }
  if (query.limit > 10_000) throw new Error(`limit must be at most 10000, not ${query.limit}`)
}
