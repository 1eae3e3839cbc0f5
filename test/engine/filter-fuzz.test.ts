// The differential test: random messy data and random filters (up to three
// levels of groups, behaviours with windows and where, cohorts of cohorts),
// evaluated by the engine's SQL and by the in-memory oracle, which must agree
// on the exact ids. Fast by default; FILTER_FUZZ_RUNS=2000 for a long run.
import { afterAll, beforeAll, expect, it } from 'vitest'
import fc from 'fast-check'
import type { PGlite } from '@electric-sql/pglite'
import { COHORT_IDS, dataArb, filterArb, GROUP_KEY } from './oracle/arbitraries'
import { evaluate, type OracleQuery } from './oracle/evaluate'
import { NOW, NOW_MS, DAY_MS } from './oracle/fixture'
import { load, openTestDb, run } from './oracle/sql'

const RUNS = Number(process.env.FILTER_FUZZ_RUNS ?? 60)

let db: PGlite
beforeAll(async () => { db = await openTestDb() })
afterAll(async () => { await db?.close() })

it(`engine and oracle select the same users (${RUNS} data sets)`, { timeout: Math.max(120_000, RUNS * 3_000) }, async () => {
  let compared = 0
  let nonTrivial = 0
  await fc.assert(fc.asyncProperty(
    dataArb,
    fc.array(fc.tuple(filterArb(3, COHORT_IDS), fc.constantFrom<'profiles' | 'all'>('profiles', 'all')), { minLength: 1, maxLength: 6 }),
    fc.array(filterArb(3, [], true), { maxLength: 2 }),
    fc.constantFrom(NOW, new Date(NOW_MS - 20 * DAY_MS + 1234).toISOString()),
    async (data, userFilters, groupFilters, now) => {
      await load(db, data)
      const queries: OracleQuery[] = [
        ...userFilters.map(([filter, scope]) => ({ scope, groupKey: '', filter, now })),
        ...groupFilters.map(filter => ({ scope: 'all' as const, groupKey: GROUP_KEY, filter, now })),
      ]
      for (const query of queries) {
        const expected = evaluate(data, query)
        const actual = await run(db, query)
        expect(actual, JSON.stringify(query)).toEqual(expected)
        compared++
        if (expected.length > 0 && expected.length < data.profiles.filter(p => p.groupKey === query.groupKey).length) nonTrivial++
      }
    }), { numRuns: RUNS, ...(process.env.FILTER_FUZZ_SEED ? { seed: Number(process.env.FILTER_FUZZ_SEED) } : {}) })
  // The generators must produce filters that split the users, not only "everyone" or "nobody".
  // About a third do; a sixth leaves room for chance (about 5 standard deviations at 60 data sets).
  expect(nonTrivial).toBeGreaterThan(compared / 6)
})
