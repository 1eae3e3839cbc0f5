// Every way a profile is written leaves p.nums and p.times equal to what the
// SQL rules give for its properties: the CSV sinks compute them in
// TypeScript with the trigger off, every other write goes through the trigger.
import { PGlite } from '@electric-sql/pglite'
import { describe, expect, it } from 'vitest'
import { freshEngine } from './helpers'

async function staleRows(engine: Awaited<ReturnType<typeof freshEngine>>): Promise<unknown[]> {
  const dump = await engine.dumpDataDir()
  const db = await PGlite.create({ loadDataDir: dump })
  try {
    await db.exec(`set timezone to 'UTC'`)
    const { rows } = await db.query(`select distinct_id, properties, nums, times, cl_nums(properties) as want_nums, cl_times(properties) as want_times
      from profiles where nums is distinct from cl_nums(properties) or times is distinct from cl_times(properties)`)
    return rows
  } finally {
    await db.close()
  }
}

const CSV_A = 'id,age,score,signup,when,plan\nu1,42,1.50,2024-05-01,2024-05-01T24:00:00,pro\nu2, 7 ,x,2024-02-30,1700000000,free\nu1,,9,,,team\n'
const CSV_B = 'id,age,score,signup\nu1,old,2,2023-01-01T10:00:00+02\nu3,5,,2024-05-01T10:00:00.1234567\n'
const plan = (header: string) => ({
  kind: 'user' as const, header: true, identifier: 0, typed: false,
  columns: header.split(',').slice(1).map((property, i) => ({ index: i + 1, property })),
})

describe('casts kept with every profile', () => {
  it('after a bulk CSV import, a merge, a rewrite, updates and deletes', async () => {
    const engine = await freshEngine()
    await engine.importProfilesCsv(CSV_A, plan('id,age,score,signup,when,plan'))          // empty database: BulkSink
    expect(await staleRows(engine)).toEqual([])
    await engine.importProfilesCsv(CSV_B, plan('id,age,score,signup'))                     // a tenth or more of the table: rewrite
    expect(await staleRows(engine)).toEqual([])
    await engine.applyProfileUpdates([
      { $distinct_id: 'u2', $set: { age: '8', signup: 1700000000123 } },
      { $distinct_id: 'u4', $set: { n: 3 } }, { $distinct_id: 'u4', $add: { n: 2 } },
      { $distinct_id: 'u3', $unset: ['age'] },
    ])
    expect(await staleRows(engine)).toEqual([])
    // a small file over a larger table: the merge path
    await engine.applyProfileUpdates(Array.from({ length: 40 }, (_, i) => ({ $distinct_id: `v${i}`, $set: { k: String(i) } })))
    await engine.importProfilesCsv('id,age,k\nv1,99,2024-01-01\nv2,,x\nnew,1e3,\nv1,,2024-02-02T10:00:00Z\n', plan('id,age,k')) // v1 repeated: folded
    expect(await staleRows(engine)).toEqual([])
    const { rows } = { rows: await engine.countUsers({ scope: 'all', filter: { op: 'and', filters: [
      { type: 'property', property: 'age', dataType: 'number', operator: 'greaterThan', values: [40] }] } }) }
    expect(rows).toBe(2) // v1 (99) and new (1e3); u1's age became "old"
  })
})
