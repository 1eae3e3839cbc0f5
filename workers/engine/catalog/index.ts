// What the filter builder's pickers need: property names with their inferred
// types and how many profiles hold them, the most frequent values of one
// property, event names with counts, and the properties of one event.
//
// Every name and value reaches SQL as a bound parameter. On a large database
// the property reads look at a bounded sample of rows (the first SAMPLE_ROWS
// profiles, the latest SAMPLE_EVENTS events of a name), so a picker opens in
// well under a second on a million users; the answer says when it sampled.
// The engine caches answers until the next write (see Catalog.clear()).
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type {
  DataType, EventInfo, EventPropertyNamesQuery, PropertyInfo, PropertyList, PropertyNamesQuery, PropertyValuesQuery, ValueCount,
} from '../types'

type Db = PGlite | Transaction

export const SAMPLE_ROWS = 100_000
export const SAMPLE_EVENTS = 20_000
export const MAX_VALUES = 200


// Per key: how many set values read as each type (filters.md casting rules,
// through the cl_* functions of the schema; for profiles, through the casts
// each row keeps: a third of the time on 100,000 rows).
const typeCounts = (num: string, time: string) => /* sql */ `
  e.key as name,
  count(*) filter (where jsonb_typeof(e.value) <> 'null')::integer as set,
  count(*) filter (where jsonb_typeof(e.value) = 'array'
    or (jsonb_typeof(e.value) = 'string' and (e.value #>> '{}') ~ '^\\s*\\[.*\\]\\s*$'))::integer as lists,
  count(*) filter (where jsonb_typeof(e.value) = 'boolean'
    or (jsonb_typeof(e.value) = 'string' and lower(btrim(e.value #>> '{}')) in ('true', 'false')))::integer as bools,
  count(*) filter (where ${num})::integer as nums,
  count(*) filter (where jsonb_typeof(e.value) = 'string' and ${time})::integer as times`

const PROPERTY_NAMES_SQL = /* sql */ `
  with s as (
    select properties, nums, times from profiles
    where group_key = $1 and properties <> '{}'::jsonb
    order by id limit $2
  )
  select ${typeCounts('s.nums ? e.key', 's.times ? e.key')}, (select count(*) from s)::integer as rows
  from s cross join lateral jsonb_each(s.properties) e
  group by e.key
  order by set desc, name`

const EVENT_PROPERTY_NAMES_SQL = /* sql */ `
  with s as (
    select properties from events
    where ($1::text = '$any' or event = $1)
    order by event, time desc limit $2
  )
  select ${typeCounts('cl_num(e.value) is not null', 'cl_time(e.value) is not null')}, (select count(*) from s)::integer as rows
  from s cross join lateral jsonb_each(s.properties) e
  group by e.key
  order by set desc, name`

// Top values "as string"; list values count element by element.
const VALUES_FROM = /* sql */ `
  cross join lateral jsonb_array_elements(
    case when jsonb_typeof(s.v) = 'array' then s.v else jsonb_build_array(s.v) end) x
  cross join lateral (select cl_text(x) as t) c
  where c.t is not null and ($3::text is null or c.t ilike $3)
  group by c.t
  order by count(*) desc, c.t
  limit $4`

const PROFILE_VALUES_SQL = /* sql */ `
  with s as (
    select properties -> $1 as v from profiles
    where group_key = $2 and properties -> $1 is not null
    order by id limit ${SAMPLE_ROWS}
  )
  select c.t as value, count(*)::integer as count from s ${VALUES_FROM}`

const EVENT_VALUES_SQL = /* sql */ `
  with s as (
    select properties -> $1 as v from events
    where ($2::text = '$any' or event = $2) and properties -> $1 is not null
    order by event, time desc limit ${SAMPLE_EVENTS}
  )
  select c.t as value, count(*)::integer as count from s ${VALUES_FROM}`

// Distinct names by a loose index scan over events (event, time): one index
// probe per name, then a count per name from the same index.
const EVENT_NAMES_SQL = /* sql */ `
  with recursive names(name) as (
    (select event from events order by event limit 1)
    union all
    select (select e.event from events e where e.event > n.name order by e.event limit 1)
    from names n where n.name is not null
  )
  select n.name, (select count(*) from events e where e.event = n.name)::integer as count
  from names n where n.name is not null
  order by count desc, n.name`

interface TypeCountsRow { name: string; set: number; lists: number; bools: number; nums: number; times: number; rows: number }

/** The type most of a property's set values read as; string when mixed. */
export function inferType(r: Omit<TypeCountsRow, 'name' | 'rows'>): DataType {
  if (r.set === 0) return 'string'
  const most = (n: number) => n >= r.set * 0.9
  if (most(r.lists)) return 'list'
  if (most(r.bools)) return 'boolean'
  if (most(r.nums)) return 'number'
  if (most(r.times)) return 'datetime'
  return 'string'
}

function toList(rows: TypeCountsRow[], limit: number): PropertyList {
  const seen = rows[0]?.rows ?? 0
  return {
    properties: rows.filter(r => r.set > 0).map(r => ({ name: r.name, type: inferType(r), count: r.set })),
    rows: seen,
    sampled: seen >= limit,
  }
}

function checkName(what: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${what} must be a non-empty string`)
  if (value.length > 255) throw new Error(`${what} must be at most 255 characters`)
  return value
}

export async function propertyNames(db: Db, query: PropertyNamesQuery = {}): Promise<PropertyList> {
  const { rows } = await db.query<TypeCountsRow>(PROPERTY_NAMES_SQL, [query.groupKey ?? '', SAMPLE_ROWS])
  return toList(rows, SAMPLE_ROWS)
}

export async function eventPropertyNames(db: Db, query: EventPropertyNamesQuery): Promise<PropertyList> {
  const event = checkName('event', query?.event)
  const { rows } = await db.query<TypeCountsRow>(EVENT_PROPERTY_NAMES_SQL, [event, SAMPLE_EVENTS])
  return toList(rows, SAMPLE_EVENTS)
}

export async function propertyValues(db: Db, query: PropertyValuesQuery): Promise<ValueCount[]> {
  const property = checkName('property', query?.property)
  const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 20)), MAX_VALUES)
  const search = query.search?.trim()
  const pattern = search ? `%${search.replace(/[\\%_]/g, c => '\\' + c)}%` : null
  if (query.event !== undefined) {
    const event = checkName('event', query.event)
    const { rows } = await db.query<ValueCount>(EVENT_VALUES_SQL, [property, event, pattern, limit])
    return rows
  }
  const { rows } = await db.query<ValueCount>(PROFILE_VALUES_SQL, [property, query.groupKey ?? '', pattern, limit])
  return rows
}

export async function eventNames(db: Db): Promise<EventInfo[]> {
  const { rows } = await db.query<EventInfo>(EVENT_NAMES_SQL)
  return rows
}

/** Answers cached until the next write. */
export class Catalog {
  private cache = new Map<string, Promise<unknown>>()

  clear(): void {
    this.cache.clear()
  }

  cached<T>(key: unknown, work: () => Promise<T>): Promise<T> {
    const k = JSON.stringify(key)
    let hit = this.cache.get(k) as Promise<T> | undefined
    if (!hit) {
      hit = work()
      this.cache.set(k, hit)
      hit.catch(() => this.cache.delete(k))
      if (this.cache.size > 500) this.cache.delete(this.cache.keys().next().value!)
    }
    return hit
  }
}
