import { describe, expect, it } from 'vitest'
import { useEngine } from './helpers'

const engine = useEngine({ per: 'test' })

const ndjson = (updates: unknown[]) => updates.map(u => JSON.stringify(u)).join('\n')

describe('importUpdatesFile', () => {
  it('applies each Engage operation in file order (NDJSON), recording the import', async () => {
    const file = ndjson([
      { $distinct_id: 'u1', $set: { plan: 'free', tags: 'a', n: 1 } },
      { $distinct_id: 'u1', $set_once: { plan: 'pro', first: 'yes' } },
      { $distinct_id: 'u1', $add: { n: 2.5, logins: 1 } },
      { $distinct_id: 'u1', $union: { tags: ['a', 'b'] } },
      { $distinct_id: 'u1', $append: { seen: 'x', tags: 'a' } },
      { $distinct_id: 'u1', $remove: { tags: 'b' } },
      { $distinct_id: 'u1', $unset: ['first'] },
      { $distinct_id: 'u2', $set: { plan: 'pro' } },
      { $distinct_id: 'u2', $delete: '' },
      { $group_key: 'company', $group_id: 'acme', $set: { size: 10 } },
    ])
    const s = await engine().importUpdatesFile(file, { format: 'ndjson', fileName: 'engage.ndjson' })
    expect(s).toMatchObject({ rows: 10, created: 3, updated: 7, skipped: 0 })
    expect(await engine().getProfile('u1')).toEqual({
      distinctId: 'u1',
      properties: { plan: 'free', n: 3.5, logins: 1, tags: ['a', 'a'], seen: ['x'] },
    })
    expect(await engine().getProfile('u2')).toBeNull()
    expect(await engine().getGroupProfile('company', 'acme')).toEqual({ distinctId: 'acme', properties: { size: 10 } })
    expect((await engine().listImports())[0]).toMatchObject({ fileName: 'engage.ndjson', kind: 'updates', rows: 10, created: 3, status: 'done' })
  })

  it('a JSON array; unparsable and refused updates are skipped with their number and reason, the rest apply', async () => {
    const file = `[
      {"$distinct_id": "u1", "$set": {"n": "ten"}},
      {"$distinct_id": "u1", "$add": {"n": 1}},
      {"$distinct_id": "u1", "$set": {"ok": true}, },
      {"$set": {"x": 1}},
      {"$distinct_id": "u1", "$set": {"m": 1}}
    ]`
    const s = await engine().importUpdatesFile(new Blob([file]), { format: 'json-array', fileName: 'u.json' })
    expect(s).toMatchObject({ rows: 5, created: 1, updated: 1, skipped: 3 })
    expect(s.errors.map(e => e.row)).toEqual([2, 3, 4])
    expect(s.errors[0]!.message).toMatch(/\$add/)
    expect(s.errors[1]!.message).toMatch(/^not valid JSON \(element starting on line 4\)/)
    expect((await engine().getProfile('u1'))!.properties).toEqual({ n: 'ten', m: 1 })
    const [record] = await engine().listImports()
    expect(await engine().importSkippedRows(record!.id)).toHaveLength(3)
  })

  it('later chunks see what earlier chunks wrote (order across chunks)', async () => {
    const updates = Array.from({ length: 12_001 }, (_, i) => ({ $distinct_id: `u${i % 3}`, $add: { n: 1 }, $append: { last: i } }))
    const s = await engine().importUpdatesFile(ndjson(updates), { format: 'ndjson' })
    expect(s).toMatchObject({ rows: 12_001, created: 3, updated: 11_998, skipped: 0 })
    const u0 = (await engine().getProfile('u0'))!.properties
    expect(u0.n).toBe(4001)
    expect((u0.last as number[]).slice(-2)).toEqual([11_997, 12_000])
  })

  it('a cancelled update import leaves profiles as they were', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'u0', $set: { n: 0 } }])
    const updates = Array.from({ length: 30_000 }, (_, i) => ({ $distinct_id: `u${i % 50}`, $set: { n: i } }))
    const controller = new AbortController()
    const run = engine().importUpdatesFile(new Blob([ndjson(updates)]), { format: 'ndjson', fileName: 'c.ndjson' }, p => {
      if (p.rows >= 5_000) controller.abort()
    }, controller.signal)
    await expect(run).rejects.toThrow(/abort/i)
    expect(await engine().getProfile('u0')).toEqual({ distinctId: 'u0', properties: { n: 0 } })
    expect(await engine().countUsers({ scope: 'all' })).toBe(1)
    expect((await engine().listImports())[0]).toMatchObject({ status: 'cancelled', kind: 'updates' })
  })

  it('refuses a CSV format', async () => {
    await expect(engine().importUpdatesFile('a,b', { format: 'csv' as never })).rejects.toThrow(/NDJSON or a JSON array/)
  })
})
