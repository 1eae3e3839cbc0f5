// What the action tests compare: everything an action may touch, as stored.
import type { PGlite } from '@electric-sql/pglite'
import type { Engine } from '../../workers/engine/types'

const raw = (engine: Engine) => (engine as unknown as { db: PGlite }).db

/** Everything an action may touch, as stored. */
export async function snapshot(engine: Engine) {
  const db = raw(engine)
  const profiles = (await db.query('select id, group_key, distinct_id, properties, has_profile, nums, times from profiles order by id')).rows
  const members = (await db.query('select cohort_id, distinct_id from cohort_members order by 1, 2')).rows
  const cohorts = (await db.query('select id, updated_at from cohorts order by id')).rows
  return { profiles, members, cohorts }
}

/** The casts kept with each profile are the casts of its properties. */
export async function castsAgree(engine: Engine): Promise<number> {
  const { rows } = await raw(engine).query<{ n: number }>(
    'select count(*)::integer as n from profiles where nums <> cl_nums(properties) or times <> cl_times(properties)')
  return rows[0]!.n
}

