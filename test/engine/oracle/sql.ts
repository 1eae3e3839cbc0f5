// The engine side of the filter tests: writes an OracleData set straight into
// the schema with SQL (no import code involved), and runs a filter through
// validateFilter + compileFilter the way the engine's users query does.
import type { PGlite } from '@electric-sql/pglite'
import { openDatabase } from '../../../workers/engine/db'
import { migrate } from '../../../workers/engine/migrations'
import { Params } from '../../../workers/engine/sql'
import { compileFilter } from '../../../workers/engine/filter/compile'
import { validateFilter } from '../../../workers/engine/filter/validate'
import { loadCohortResolver, saveCohort } from '../../../workers/engine/cohorts'
import type { Group } from '../../../workers/engine/filter/types'
import type { OracleData, OracleQuery } from './evaluate'
import { templateBlob } from '../helpers'

/** A migrated in-memory database cloned from the run's template (test/engine/helpers.ts), session time zone UTC. */
export async function openTestDb(): Promise<PGlite> {
  const db = await openDatabase({ loadDataDir: await templateBlob() })
  await migrate(db)
  return db
}

/** How many times load() ran: a loaded fixture is stale once another load ran. */
export let loads = 0

/** Replaces everything in the database with `data` (profile ids kept, so events can point at them). */
export async function load(db: PGlite, data: OracleData): Promise<void> {
  loads++
  await db.exec('truncate profiles, events, cohort_members, cohorts restart identity cascade')
  await db.query(
    `insert into profiles (id, group_key, distinct_id, properties, has_profile) overriding system value
     select x.id, x.group_key, x.distinct_id, x.properties, x.has_profile
       from jsonb_to_recordset($1::jsonb) as x(id integer, group_key text, distinct_id text, properties jsonb, has_profile boolean)`,
    [JSON.stringify(data.profiles.map(p => ({
      id: p.id, group_key: p.groupKey, distinct_id: p.distinctId, properties: p.properties, has_profile: p.hasProfile,
    })))])
  // events.dedup (a hash of event and $insert_id, made by the import code) only needs to be unique here.
  const { rows: dedup } = await db.query(`select 1 from information_schema.columns where table_name = 'events' and column_name = 'dedup'`)
  await db.query(
    `insert into events (user_id, time, event, insert_id, properties${dedup.length ? ', dedup' : ''})
     select x.user_id, x.time, x.event, x.insert_id, x.properties${dedup.length ? ', x.n' : ''}
       from jsonb_to_recordset($1::jsonb) as x(user_id integer, time timestamptz, event text, insert_id text, properties jsonb, n bigint)`,
    [JSON.stringify(data.events.map((e, i) => ({
      user_id: e.userId, time: new Date(e.time).toISOString(), event: e.event, insert_id: `i${i}`, properties: e.properties, n: i,
    })))])
  // Through saveCohort, in dependency order (the data lists dependencies first).
  for (const c of data.cohorts) {
    if (c.kind === 'static') await saveCohort(db, { id: c.id, name: c.id, kind: 'static', members: c.members })
    else await saveCohort(db, { id: c.id, name: c.id, kind: 'dynamic', filter: c.filter })
  }
}

/** The SQL the engine runs for a users query, built as workers/engine/users/query.ts builds it. */
export async function compileQuery(db: PGlite, query: OracleQuery): Promise<{ sql: string; params: unknown[] }> {
  const [cohorts, cohortExists] = await loadCohortResolver(db)
  const params = new Params()
  const where = [`p.group_key = ${params.add(query.groupKey)}`]
  if (query.scope === 'profiles') where.push(`p.properties <> '{}'::jsonb`)
  const filter: Group = validateFilter(query.filter, { cohortExists })
  where.push(compileFilter(filter, { params, now: query.now, groupKey: query.groupKey, cohorts }))
  return { sql: `select p.distinct_id from profiles p where ${where.join('\n  and ')}`, params: params.values }
}

/** The distinct ids the engine's SQL selects, sorted as the oracle sorts. */
export async function run(db: PGlite, query: OracleQuery): Promise<string[]> {
  const { sql, params } = await compileQuery(db, query)
  const { rows } = await db.query<{ distinct_id: string }>(sql, params)
  return rows.map(r => r.distinct_id).sort()
}
