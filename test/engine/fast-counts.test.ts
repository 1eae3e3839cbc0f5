// The counts fast path (workers/engine/fast/) against the SQL path, id for id:
// random messy data, random filters, interleaved with random writes of every
// kind that reaches profiles (Engage updates with $set/$unset/$delete, plain
// SQL updates and inserts, erase, a reload), events and a static cohort's members. The fast path is never told about
// a write here unless the draw says so: its own write counter must keep it
// exact. Fast by default; FAST_FUZZ_RUNS=500 for a long run.
import { afterAll, beforeAll, expect, it } from 'vitest'
import fc from 'fast-check'
import type { PGlite } from '@electric-sql/pglite'
import { COHORT_IDS, dataArb, EVENT_NAMES, filterArb, PROFILE_PROPS, value } from './oracle/arbitraries'
import type { OracleData } from './oracle/evaluate'
import { NOW, NOW_MS, DAY_MS } from './oracle/fixture'
import { load, openTestDb } from './oracle/sql'
import { FastCounts } from '../../workers/engine/fast/index'
import { applyProfileUpdates } from '../../workers/engine/profiles/updates'
import { eraseWorkspace } from '../../workers/engine/backup/erase'
import { loadCohortResolver, saveCohort } from '../../workers/engine/cohorts'
import { compileUsersQuery } from '../../workers/engine/users/query'
import { cohortIdsOf } from '../../workers/engine/filter/validate'
import type { UsersQuery } from '../../workers/engine/types'

const RUNS = Number(process.env.FAST_FUZZ_RUNS ?? 40)
const IDS = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'new1', 'new2', `u'10`]

let db: PGlite
beforeAll(async () => { db = await openTestDb() })
afterAll(async () => { await db?.close() })

type Write =
  | { kind: 'engage'; updates: Array<Record<string, unknown>> }
  | { kind: 'sql-update'; property: string; value: unknown }
  | { kind: 'sql-insert'; id: string }
  | { kind: 'erase' }
  | { kind: 'reload' }
  | { kind: 'event'; user: number; event: string; days: number; amount: unknown }
  | { kind: 'members'; members: string[] }

const engage = fc.record({ id: fc.constantFrom(...IDS), op: fc.constantFrom('$set', '$set_once', '$unset', '$delete'), property: fc.constantFrom(...PROFILE_PROPS), value })
  .map(({ id, op, property, value }) => ({
    $distinct_id: id,
    ...(op === '$delete' ? { $delete: '' } : op === '$unset' ? { $unset: [property] } : { [op]: { [property]: value } }),
  }))

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  { weight: 6, arbitrary: fc.array(engage, { minLength: 1, maxLength: 4 }).map(updates => ({ kind: 'engage' as const, updates })) },
  { weight: 2, arbitrary: fc.record({ property: fc.constantFrom(...PROFILE_PROPS), value }).map(r => ({ kind: 'sql-update' as const, ...r })) },
  { weight: 1, arbitrary: fc.constantFrom(...IDS).map(id => ({ kind: 'sql-insert' as const, id })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'erase' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reload' as const }) },
  { weight: 2, arbitrary: fc.record({ user: fc.nat(12), event: fc.constantFrom(...EVENT_NAMES), days: fc.integer({ min: -40, max: 1 }), amount: value })
    .map(r => ({ kind: 'event' as const, ...r })) },
  { weight: 1, arbitrary: fc.subarray(IDS).map(members => ({ kind: 'members' as const, members })) },
)

async function write(w: Write, data: OracleData): Promise<void> {
  switch (w.kind) {
    case 'engage': await db.transaction(tx => applyProfileUpdates(tx, w.updates)); break
    case 'sql-update':
      await db.query(`update profiles set properties = jsonb_set(properties, array[$1::text], $2::jsonb) where id % 2 = 0`, [w.property, JSON.stringify(w.value ?? null)])
      break
    case 'sql-insert':
      await db.query(`insert into profiles (distinct_id, properties, has_profile) values ($1, '{}', false) on conflict do nothing`, [w.id])
      break
    case 'erase': await db.transaction(tx => eraseWorkspace(tx)); break
    case 'reload': await reload(data); break
    case 'event':
      await db.query(`insert into events (user_id, time, event, insert_id, dedup, properties)
        select p.id, $2::timestamptz, $3, 'x', (select count(*) from events), jsonb_build_object('amount', $4::jsonb) from profiles p where p.id = $1`,
      [w.user, new Date(NOW_MS + w.days * DAY_MS).toISOString(), w.event, JSON.stringify(w.amount ?? null)])
      break
    case 'members':
      if ((await db.query(`select 1 from cohorts where id = 'c_static'`)).rows.length) await saveCohort(db, { id: 'c_static', name: 'c_static', kind: 'static', members: w.members })
      break
  }
}

/** The oracle's load, with the identity moved past the ids it wrote (later inserts take new ones). */
async function reload(data: OracleData): Promise<void> {
  await load(db, data)
  await db.query(`select setval(pg_get_serial_sequence('profiles', 'id'), coalesce(max(id), 0) + 1, false) from profiles`)
}

/** Lists are left to SQL by string tests; half the data sets hold none, so those columns are the fast path's. */
function withoutLists(data: OracleData): OracleData {
  const flat = (v: unknown) => (Array.isArray(v) ? v[0] ?? null : v)
  return { ...data, profiles: data.profiles.map(p => ({ ...p, properties: Object.fromEntries(Object.entries(p.properties).map(([k, v]) => [k, flat(v)])) })) }
}

const queryArb = fc.tuple(
  fc.oneof({ weight: 2, arbitrary: filterArb(3, ['c_dyn1'], false) }, { weight: 2, arbitrary: filterArb(3, COHORT_IDS) }),
  fc.constantFrom<'profiles' | 'all'>('profiles', 'all'),
  fc.constantFrom(NOW, new Date(NOW_MS - 20 * DAY_MS + 1234).toISOString()),
).map(([filter, scope, now]): UsersQuery => ({ scope, filter, now }))

it(`fast path and SQL select the same ids, across writes (${RUNS} data sets)`, { timeout: Math.max(120_000, RUNS * 4_000) }, async () => {
  let compared = 0
  let answered = 0
  await fc.assert(fc.asyncProperty(
    dataArb, fc.boolean(),
    fc.array(fc.tuple(fc.array(queryArb, { minLength: 1, maxLength: 3 }), writeArb, fc.boolean()), { minLength: 1, maxLength: 5 }),
    async (raw, flat, steps) => {
      const data = flat ? withoutLists(raw) : raw
      await reload(data)
      const fast = new FastCounts(db)
      for (const [queries, w, tell] of steps) {
        for (const query of queries) {
          const [cohorts, exists] = await loadCohortResolver(db)
          // After an erase, the cohorts a filter names are gone: such a query is refused before either path.
          if (![...cohortIdsOf(query.filter)].every(exists)) continue
          const { from, params } = compileUsersQuery(query, cohorts, exists)
          const sql = (await db.query<{ id: number }>(`select p.id ${from} order by p.id`, params.values)).rows.map(r => r.id)
          const ids = await fast.ids(query, cohorts)
          compared++
          if (ids === undefined) continue
          answered++
          expect(ids, JSON.stringify(query)).toEqual(sql)
          expect(await fast.count(query, cohorts)).toBe(sql.length)
        }
        await write(w, data)
        if (tell) await fast.afterWrite()
      }
    }), { numRuns: RUNS, ...(process.env.FAST_FUZZ_SEED ? { seed: Number(process.env.FAST_FUZZ_SEED) } : {}) })
  // Most filters are the fast path's; aggregates, sequences, lists and patterns are not.
  expect(answered).toBeGreaterThan(compared / 5)
})

// With a scheduler (as the engine runs it), a count whose columns are not read
// is left to SQL and the columns are read by scheduled tasks, a slice of ids
// each, which here run at random points between writes: all of them or the
// first few, so that a write may fall between two slices of one column.
it(`with columns read by scheduled tasks, every count it answers is SQL's, across writes (${RUNS} data sets)`, { timeout: Math.max(120_000, RUNS * 4_000) }, async () => {
  let compared = 0
  let answered = 0
  let warmed = 0
  await fc.assert(fc.asyncProperty(
    dataArb,
    fc.array(fc.tuple(fc.array(queryArb, { minLength: 1, maxLength: 4 }), writeArb, fc.boolean(), fc.oneof(fc.constant(Infinity), fc.nat(12))), { minLength: 1, maxLength: 6 }),
    fc.integer({ min: 1, max: 8 }),
    async (data, steps, slice) => {
      await reload(data)
      const tasks: Array<() => Promise<void>> = []
      // Slices of a few ids, so that a part is read over several tasks, with writes between them.
      const fast = new FastCounts(db, task => { tasks.push(task) }, slice)
      const runTasks = async () => { while (tasks.length) await tasks.shift()!() }
      for (const [queries, w, tell, reads] of steps) {
        for (const query of queries) {
          const [cohorts, exists] = await loadCohortResolver(db)
          if (![...cohortIdsOf(query.filter)].every(exists)) continue
          const { from, params } = compileUsersQuery(query, cohorts, exists)
          const sql = (await db.query<{ n: number }>(`select count(*)::integer as n ${from}`, params.values)).rows[0]!.n
          // Asked twice: between the two, every scheduled read or the first few (each a slice, part of a part).
          for (const ask of [1, 2]) {
            const n = await fast.count(query, cohorts)
            compared++
            if (n !== undefined) {
              answered++
              expect(n, JSON.stringify(query)).toBe(sql)
            }
            for (let k = 0; ask === 1 && k < reads && tasks.length; k++) await tasks.shift()!()
          }
        }
        await write(w, data)
        if (tell) await fast.afterWrite()
      }
      // Once the scheduled reads have run, with no write since, a count the fast path takes is answered by it.
      const query = steps[0]![0][0]!
      const [cohorts, exists] = await loadCohortResolver(db)
      if (![...cohortIdsOf(query.filter)].every(exists) || !fast.answers(query, cohorts)) return
      await fast.count(query, cohorts)
      await runTasks()
      const { from, params } = compileUsersQuery(query, cohorts, exists)
      const sql = (await db.query<{ n: number }>(`select count(*)::integer as n ${from}`, params.values)).rows[0]!.n
      const n = await fast.count(query, cohorts)
      expect(tasks, 'nothing more to read').toEqual([])
      // ids() reads at once: where it answers, the count must have, from the columns the tasks read.
      const ids = await fast.ids(query, cohorts)
      expect(n, JSON.stringify(query)).toBe(ids === undefined ? undefined : sql)
      warmed += ids === undefined ? 0 : 1
    }), { numRuns: RUNS, ...(process.env.FAST_FUZZ_SEED ? { seed: Number(process.env.FAST_FUZZ_SEED) } : {}) })
  expect(answered).toBeGreaterThan(0)
  expect(answered).toBeLessThan(compared)
  expect(warmed).toBeGreaterThan(0)
})

it('a column read in slices is started again when a write falls between two of its slices', async () => {
  await db.exec('delete from profiles; alter table profiles alter column id restart with 1')
  await db.transaction(tx => applyProfileUpdates(tx, ['a', 'b', 'c', 'd'].map(id => ({ $distinct_id: id, $set: { plan: 'free' } }))))
  const tasks: Array<() => Promise<void>> = []
  const fast = new FastCounts(db, task => { tasks.push(task) }, 1)
  const [cohorts, exists] = await loadCohortResolver(db)
  const query: UsersQuery = { scope: 'all', now: NOW, filter: { op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['free'] }] } }
  const sqlCount = async () => {
    const { from, params } = compileUsersQuery(query, cohorts, exists)
    return (await db.query<{ n: number }>(`select count(*)::integer as n ${from}`, params.values)).rows[0]!.n
  }
  expect(await fast.count(query, cohorts)).toBeUndefined()
  const { rows } = await db.query<{ size: number }>('select max(id) + 1 as size from profiles')
  // The rows, one slice an id, then the first half of the plan column's slices.
  for (let k = 0; k < rows[0]!.size + Math.floor(rows[0]!.size / 2); k++) await tasks.shift()!()
  expect(tasks.length, 'the column is half read').toBe(1)
  // Every profile's plan changes, those already read included.
  await db.query(`update profiles set properties = jsonb_set(properties, '{plan}', '"pro"')`)
  // The next count finds the counter moved: SQL answers it, and the column is read again, whole, from the new data.
  expect(await fast.count(query, cohorts)).toBeUndefined()
  while (tasks.length) await tasks.shift()!()
  expect(await sqlCount()).toBe(0)
  expect(await fast.count(query, cohorts)).toBe(0)
})
