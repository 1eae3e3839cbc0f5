// Changing saved cohorts without re-saving them whole (issue 15): rename and
// describe, duplicate, freeze a dynamic cohort into a static one, add and
// remove a static cohort's members, and the dependants a delete would break.
// Each runs in the transaction it is given (the engine's write, through mutate).
import type { CohortPatch, CohortRef, MemberSource } from '../types'
import { checkId } from '../ids'
import { Params } from '../sql'
import { compileUsersQuery } from '../users/query'
import {
  dependantsIn, loadCohortResolver, MAX_COHORT_DESCRIPTION, MAX_COHORT_NAME, newId, stored, type Db, type StoredCohort,
} from './index'

async function existing(db: Db, id: string): Promise<{ cohort: StoredCohort; all: Map<string, StoredCohort> }> {
  const all = await stored(db)
  const cohort = typeof id === 'string' ? all.get(id) : undefined
  if (!cohort) throw new Error(`there is no cohort ${JSON.stringify(id)}`)
  return { cohort, all }
}

function checkName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name.trim() === '') throw new Error(`cohort.${field} must be a non-empty string`)
  if (name.trim().length > MAX_COHORT_NAME) throw new Error(`cohort.${field} must be at most ${MAX_COHORT_NAME} characters`)
  return name.trim()
}

export async function updateCohort(db: Db, id: string, patch: CohortPatch): Promise<void> {
  if (typeof patch !== 'object' || patch === null) throw new Error('a cohort change must be an object')
  for (const key of Object.keys(patch)) {
    if (key !== 'name' && key !== 'description') throw new Error(`cohort.${key} cannot be changed here (only name and description)`)
  }
  await existing(db, id)
  const name = patch.name === undefined ? null : checkName(patch.name)
  if (patch.description !== undefined && typeof patch.description !== 'string') throw new Error('cohort.description must be a string')
  const description = patch.description === undefined ? null : patch.description.trim()
  if (description !== null && description.length > MAX_COHORT_DESCRIPTION) {
    throw new Error(`cohort.description must be at most ${MAX_COHORT_DESCRIPTION} characters`)
  }
  await db.query(
    `update cohorts set name = coalesce($2, name), description = coalesce($3, description), updated_at = now() where id = $1`,
    [id, name, description])
}

/** A copy under a new id, its members or definition included; the created time is now. */
export async function duplicateCohort(db: Db, id: string, name?: string): Promise<{ id: string }> {
  const { cohort, all } = await existing(db, id)
  const copyName = name === undefined ? `Copy of ${cohort.name}`.slice(0, MAX_COHORT_NAME) : checkName(name)
  const copy = newId(all)
  await db.query(
    `insert into cohorts (id, name, description, kind, filter)
     select $2, $3, description, kind, filter from cohorts where id = $1`, [id, copy, copyName])
  await db.query(
    `insert into cohort_members (cohort_id, distinct_id) select $2, distinct_id from cohort_members where cohort_id = $1`, [id, copy])
  return { id: copy }
}

/** A new static cohort of a dynamic cohort's members now (All Users, as a cohort is counted). */
export async function freezeCohort(db: Db, id: string, name?: string, now?: string): Promise<{ id: string }> {
  const { cohort, all } = await existing(db, id)
  if (cohort.kind !== 'dynamic') throw new Error(`cohort "${cohort.name}" is already static: duplicate it to keep a copy`)
  const at = now ?? new Date().toISOString()
  const frozenName = name === undefined ? `${cohort.name} (frozen ${at.slice(0, 10)})`.slice(0, MAX_COHORT_NAME) : checkName(name)
  const frozen = newId(all)
  await db.query(`insert into cohorts (id, name, description, kind) select $2, $3, description, 'static' from cohorts where id = $1`,
    [id, frozen, frozenName])
  await addMembers(db, frozen, { query: { scope: 'all', filter: { op: 'and', filters: [{ type: 'cohort', cohortId: id, operator: 'in' }] }, now: at } })
  return { id: frozen }
}

export async function cohortDependants(db: Db, id: string): Promise<CohortRef[]> {
  const { all } = await existing(db, id)
  return dependantsIn(all, id).map(c => ({ id: c.id, name: c.name }))
}

async function staticCohort(db: Db, id: string): Promise<StoredCohort> {
  const { cohort } = await existing(db, id)
  if (cohort.kind !== 'static') throw new Error(`cohort "${cohort.name}" is dynamic: its members follow its filter (edit the filter, or freeze it into a static cohort)`)
  return cohort
}

function checkedIds(ids: unknown): string[] {
  if (!Array.isArray(ids)) throw new Error('ids must be a list of distinct ids')
  return [...new Set(ids.map((v: unknown, i) => {
    const checked = checkId(v, `ids[${i}]`)
    if ('error' in checked) throw new Error(checked.error)
    return checked.id
  }))]
}

/**
 * The `select distinct_id …` of a source, after the cohort id bound as $1:
 * listed ids as they are (ids without a user are kept: a static cohort may
 * list them), or the users a query selects.
 */
async function sourceSelect(db: Db, source: MemberSource, cohortId: string): Promise<{ sql: string; params: unknown[] }> {
  if (typeof source !== 'object' || source === null) throw new Error('say which users: { ids } or { query }')
  const params = new Params()
  params.add(cohortId)
  if ('ids' in source) {
    return { sql: `select unnest(${params.add(checkedIds(source.ids))}::text[]) as distinct_id`, params: params.values }
  }
  if (!('query' in source)) throw new Error('say which users: { ids } or { query }')
  if (source.query.groupKey) throw new Error('cohorts hold users, not group profiles')
  const compiled = compileUsersQuery(source.query, ...(await loadCohortResolver(db)), { params })
  return { sql: `select p.distinct_id ${compiled.from}`, params: params.values }
}

export async function addMembers(db: Db, id: string, source: MemberSource): Promise<{ added: number }> {
  await staticCohort(db, id)
  const { sql, params } = await sourceSelect(db, source, id)
  const { affectedRows } = await db.query(
    `insert into cohort_members (cohort_id, distinct_id) select $1, s.distinct_id from (${sql}) s on conflict do nothing`, params)
  await touch(db, id)
  return { added: affectedRows ?? 0 }
}

export async function removeMembers(db: Db, id: string, source: MemberSource): Promise<{ removed: number }> {
  await staticCohort(db, id)
  const { sql, params } = await sourceSelect(db, source, id)
  const { affectedRows } = await db.query(
    `delete from cohort_members m where m.cohort_id = $1 and m.distinct_id in (${sql})`, params)
  await touch(db, id)
  return { removed: affectedRows ?? 0 }
}

async function touch(db: Db, id: string): Promise<void> {
  await db.query('update cohorts set updated_at = now() where id = $1', [id])
}
