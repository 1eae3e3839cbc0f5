// Saved cohorts (docs/filters.md, docs/engine.md). A dynamic cohort stores
// its filter and is evaluated at query time (filter/compile.ts inlines it); a
// static cohort stores its members' distinct ids. Every function takes a
// PGlite or a Transaction: given a PGlite, writes run in their own
// transaction; given a transaction (the engine's write queue), in that one.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { Cohort, CohortInput } from '../types'
import type { Group } from '../filter/types'
import type { CohortDefinition } from '../filter/compile'
import { cohortIdsOf, FilterError, validateFilter } from '../filter/validate'
import { checkId } from '../ids'

export type Db = PGlite | Transaction

export type CohortResolver = (id: string) => CohortDefinition | undefined

/** Cohort ids: short, URL-safe (they travel in URLs and exported files). */
export const COHORT_ID = /^[A-Za-z0-9_-]{1,64}$/
export const MAX_COHORT_NAME = 255
export const MAX_COHORT_DESCRIPTION = 10_000

export interface StoredCohort { id: string; name: string; kind: 'dynamic' | 'static'; filter: Group | null }

/** A cohort as stored: `origin` 'import' for an import's bookkeeping cohort, not one of the user's own. */
export type StoredRow = StoredCohort & { description: string; origin: string | null }

export async function stored(db: Db): Promise<Map<string, StoredRow>> {
  const { rows } = await db.query<StoredRow>('select id, name, description, kind, filter, origin from cohorts order by created_at, id')
  return new Map(rows.map(r => [r.id, r]))
}

export function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return 'transaction' in db && typeof db.transaction === 'function' ? db.transaction(work) : work(db)
}

/**
 * What compileFilter's `cohorts` needs, and whether an id exists (for
 * validateFilter), from one read of the cohorts table.
 */
export async function loadCohortResolver(db: Db): Promise<[CohortResolver, (id: string) => boolean]> {
  const cohorts = await stored(db)
  const resolve: CohortResolver = id => {
    const c = cohorts.get(id)
    if (!c) return undefined
    return c.kind === 'dynamic' ? { kind: 'dynamic', filter: c.filter ?? { op: 'and', filters: [] } } : { kind: 'static' }
  }
  return [resolve, id => cohorts.has(id)]
}

/** The name workers/engine/index.ts calls it by. */
export const resolver = loadCohortResolver

export function label(c: { id: string; name: string }): string {
  return `"${c.name}" (${c.id})`
}

/** A new id no cohort has: "c" and 9 URL-safe random characters. */
export function newId(taken: Map<string, unknown>): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(9))
    const id = 'c' + Array.from(bytes, b => alphabet[b % alphabet.length]).join('')
    if (!taken.has(id)) return id
  }
}

/** A cohort's fields but its filter, checked as saveCohort checks them (cohort files too): id, name, description, kind, static members. */
export function checkCohortFields(c: Record<string, unknown>): { name: string; description: string; members: string[] } {
  if (c.id !== undefined && (typeof c.id !== 'string' || !COHORT_ID.test(c.id))) {
    throw new Error(`cohort.id must be 1 to 64 letters, digits, "-" or "_", not ${JSON.stringify(c.id)}`)
  }
  if (typeof c.name !== 'string' || c.name.trim() === '') throw new Error('cohort.name must be a non-empty string')
  const name = c.name.trim()
  if (name.length > MAX_COHORT_NAME) throw new Error(`cohort.name must be at most ${MAX_COHORT_NAME} characters`)
  if (c.description !== undefined && typeof c.description !== 'string') throw new Error('cohort.description must be a string')
  const description = (c.description as string | undefined) ?? ''
  if (description.length > MAX_COHORT_DESCRIPTION) throw new Error(`cohort.description must be at most ${MAX_COHORT_DESCRIPTION} characters`)
  if (c.kind !== 'dynamic' && c.kind !== 'static') throw new Error(`cohort.kind must be "dynamic" or "static", not ${JSON.stringify(c.kind)}`)

  let members: string[] = []
  if (c.kind === 'static') {
    if (c.filter !== undefined) throw new Error('cohort.filter is only for dynamic cohorts (a static cohort has members)')
    if (!Array.isArray(c.members)) throw new Error('cohort.members must be a list of distinct ids')
    const seen = new Set<string>()
    c.members.forEach((m: unknown, i) => {
      const checked = checkId(m, `cohort.members[${i}]`)
      if ('error' in checked) throw new Error(checked.error)
      seen.add(checked.id)
    })
    members = [...seen]
  } else if (c.members !== undefined) {
    throw new Error('cohort.members is only for static cohorts (a dynamic cohort has a filter)')
  }
  return { name, description, members }
}

/** A dynamic cohort's filter validated, a bad node's path given from `cohort.filter`; `cohortExists` absent: any cohort id will do. */
export function validateCohortFilter(filter: unknown, cohortExists?: (id: string) => boolean): Group {
  try {
    return validateFilter(filter, cohortExists ? { cohortExists } : {})
  } catch (e) {
    if (e instanceof FilterError) throw new FilterError(e.path ? `cohort.filter.${e.path}` : 'cohort.filter', e.problem)
    throw e
  }
}

const INPUT_KEYS = ['id', 'name', 'description', 'kind', 'filter', 'members', 'createdAt', 'updatedAt']

/**
 * Saves a cohort (creates it, or replaces the one with the same id; its
 * created time is kept and its updated time set). Refused, with nothing
 * written: a bad field, a filter that does not validate (an unknown cohort id
 * included), a definition that reaches itself through cohort conditions
 * (naming the cycle), a refused member id.
 */
export async function saveCohort(db: Db, input: CohortInput): Promise<{ id: string }> {
  const raw = input as unknown
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('a cohort must be an object')
  const c = raw as Record<string, unknown>
  for (const key of Object.keys(c)) {
    if (!INPUT_KEYS.includes(key) && c[key] !== undefined) throw new Error(`cohort.${key} is not a field of a cohort`)
  }
  const { name, description, members } = checkCohortFields(c)

  return inTransaction(db, async tx => {
    const cohorts = await stored(tx)
    const id = (c.id as string | undefined) ?? newId(cohorts)
    let filter: Group | null = null
    if (c.kind === 'dynamic') {
      // The cohort being saved exists for its own filter, so that a self-reference is reported as the cycle it is.
      filter = validateCohortFilter(c.filter, ref => ref === id || cohorts.has(ref))
      const cycle = findCycle(id, filter, cohorts)
      if (cycle) {
        throw new Error(`cohort ${JSON.stringify(name)} cannot be saved: its definition reaches itself through cohort conditions (${cycle.join(' → ')})`)
      }
    }
    await tx.query(
      `insert into cohorts as c (id, name, description, kind, filter)
       values ($1, $2, $3, $4, $5::jsonb)
       on conflict (id) do update set
         name = excluded.name, description = excluded.description, kind = excluded.kind,
         filter = excluded.filter, updated_at = now()`,
      [id, name, description, c.kind, filter === null ? null : JSON.stringify(filter)])
    await tx.query('delete from cohort_members where cohort_id = $1', [id])
    if (members.length > 0) {
      await tx.query('insert into cohort_members (cohort_id, distinct_id) select $1, unnest($2::text[])', [id, members])
    }
    return { id }
  })
}

/** The first cycle through `id` once it holds `filter`, as ids from `id` back to `id`; undefined when none. */
export function findCycle(id: string, filter: Group, cohorts: Map<string, StoredCohort>): string[] | undefined {
  const refs = (cohortId: string): string[] => {
    if (cohortId === id) return [...cohortIdsOf(filter)]
    const c = cohorts.get(cohortId)
    return c?.kind === 'dynamic' && c.filter ? [...cohortIdsOf(c.filter)] : []
  }
  const done = new Set<string>()
  const path: string[] = [id]
  const walk = (from: string): string[] | undefined => {
    for (const next of refs(from)) {
      if (next === id) return [...path, id]
      if (done.has(next) || path.includes(next)) continue
      path.push(next)
      const found = walk(next)
      if (found) return found
      path.pop()
      done.add(next)
    }
    return undefined
  }
  return walk(id)
}

/**
 * Every saved cohort, oldest first: dynamic ones with their filter, static ones with their members (sorted).
 * An import's bookkeeping cohort carries `origin: 'import'`: the pages that list the user's cohorts leave it out.
 */
export async function listCohorts(db: Db): Promise<Cohort[]> {
  const { rows } = await db.query<{
    id: string; name: string; description: string; kind: 'dynamic' | 'static'; filter: Group | null
    members: string[] | null; created_at: Date; updated_at: Date; origin: 'import' | null
  }>(`select c.id, c.name, c.description, c.kind, c.filter, c.created_at, c.updated_at, c.origin,
            case when c.kind = 'static' then coalesce(
              (select array_agg(m.distinct_id order by m.distinct_id) from cohort_members m where m.cohort_id = c.id),
              '{}') end as members
       from cohorts c
      order by c.created_at, c.id`)
  return rows.map((r): Cohort => {
    const common = {
      id: r.id, name: r.name, description: r.description, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
      ...(r.origin ? { origin: r.origin } : {}),
    }
    return r.kind === 'dynamic'
      ? { ...common, kind: 'dynamic', filter: r.filter ?? { op: 'and', filters: [] } }
      : { ...common, kind: 'static', members: r.members ?? [] }
  })
}

/** The cohorts whose definitions name `id` in a cohort condition, oldest first as stored. */
export function dependantsIn(cohorts: Map<string, StoredCohort>, id: string): StoredCohort[] {
  return [...cohorts.values()].filter(c => c.id !== id && c.kind === 'dynamic' && c.filter !== null && cohortIdsOf(c.filter).has(id))
}

/** Deletes a cohort. Refused when it does not exist, or when other cohorts' definitions use it (naming them). */
export async function deleteCohort(db: Db, id: string): Promise<void> {
  await inTransaction(db, async tx => {
    const cohorts = await stored(tx)
    const cohort = cohorts.get(id)
    if (!cohort) throw new Error(`there is no cohort ${JSON.stringify(id)}`)
    const users = dependantsIn(cohorts, id)
    if (users.length > 0) {
      throw new Error(`cohort ${label(cohort)} cannot be deleted: it is used by ${users.map(label).join(', ')}; change or delete ${users.length === 1 ? 'that cohort' : 'those cohorts'} first`)
    }
    await tx.query('delete from cohorts where id = $1', [id])
  })
}
