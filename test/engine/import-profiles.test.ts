// The wizard's side of importProfilesCsv: the dry run, the import history,
// skipped rows with their cells, and the cohort the summary links to.
import { describe, expect, it } from 'vitest'
import { useEngine } from './helpers'
import type { CsvImportPlan } from '../../workers/engine/types'

const engine = useEngine({ per: 'test' })
const props = async (id: string) => (await engine().getProfile(id))?.properties

const plan = (over: Partial<CsvImportPlan> = {}): CsvImportPlan => ({
  kind: 'user', header: false, identifier: 0,
  columns: [{ index: 1, property: '$email' }, { index: 2, property: 'plan' }],
  ...over,
})

// Existing: u1 (profile), ev1 (events only). The file: u1 updated, ev1 created
// (an event-only user gaining a profile), u2 created twice (counts once),
// an empty id, a refused id, an unparsable last row.
const FILE = 'u1,a@x.io,pro\nev1,e@x.io,free\nu2,b@x.io,team\n,c@x.io,free\nu2,,pro\nnull,d@x.io,x\nu9,"never closed,1\n'

async function seed() {
  await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: { plan: 'free', keep: 'me' } }])
  await engine().importEvents([{ event: 'seen', properties: { distinct_id: 'ev1', time: 1700000000 } }])
}

async function snapshot() {
  return {
    users: await engine().listUsers({ scope: 'all', offset: 0, limit: 100 }),
    stats: await engine().stats(),
    cohorts: await engine().listCohorts(),
    imports: await engine().listImports(),
  }
}

describe('dryRunProfilesCsv', () => {
  it('counts what the import then does, and writes nothing', async () => {
    await seed()
    const before = await snapshot()
    const dry = await engine().dryRunProfilesCsv(FILE, plan())
    expect(await snapshot()).toEqual(before)
    const real = await engine().importProfilesCsv(FILE, plan())
    expect(dry).toMatchObject({ rows: 7, created: 2, updated: 1, skipped: 3 })
    expect(dry).toEqual(real)
    expect(dry.errors.map(e => e.message)).toEqual([
      '$distinct_id is empty (column 1)',
      '$distinct_id "null" is not a valid id (tracking libraries send it by mistake) (column 1)',
      'cannot be parsed: a quoted field is not closed: it runs to the end of the file, taking its line',
    ])
  })

  it('counts a group import against its own key, and an empty database as all created', async () => {
    const dry = await engine().dryRunProfilesCsv('acme,Acme\nbeta,Beta\nacme,,\n', { kind: 'group', groupKey: 'company', header: false, identifier: 0, columns: [{ index: 1, property: '$name' }] })
    expect(dry).toMatchObject({ rows: 3, created: 2, updated: 0, skipped: 0 })
    await engine().importProfilesCsv('acme,Acme\n', { kind: 'group', groupKey: 'company', header: false, identifier: 0, columns: [{ index: 1, property: '$name' }] })
    const again = await engine().dryRunProfilesCsv('acme,Acme\nbeta,Beta\n', { kind: 'group', groupKey: 'company', header: false, identifier: 0, columns: [{ index: 1, property: '$name' }] })
    expect(again).toMatchObject({ created: 1, updated: 1 })
    expect(await engine().groupKeys()).toEqual(['company'])
  })

  it('refuses a file over 1,000,000 rows as the import does', async () => {
    await expect(engine().dryRunProfilesCsv(new Blob(['u,a,b\n'.repeat(1_000_001)]), plan())).rejects.toThrow(/more than 1,000,000 data rows/)
    expect(await engine().countUsers({ scope: 'all' })).toBe(0)
  }, 120_000)

  it('can be cancelled', async () => {
    const controller = new AbortController()
    const rows = Array.from({ length: 100_000 }, (_, i) => `u${i},e${i}@x.io,pro`).join('\n')
    await expect(engine().dryRunProfilesCsv(new Blob([rows]), plan(), p => { if (p.rows > 10_000) controller.abort() }, controller.signal)).rejects.toThrow(/abort/i)
    expect(await engine().countUsers({ scope: 'all' })).toBe(0)
  }, 60_000)
})

describe('importProfilesCsv with a file name (recorded)', () => {
  it('records the import, its skipped rows with their cells, and a cohort of the profiles it touched', async () => {
    await seed()
    const s = await engine().importProfilesCsv(FILE, { ...plan(), fileName: 'people.csv' })
    expect(s).toMatchObject({ rows: 7, created: 2, updated: 1, skipped: 3, importId: expect.any(Number), cohortId: `import-${s.importId}` })
    expect(s.errors[0]).toEqual({ row: 4, message: '$distinct_id is empty (column 1)', cells: ['', 'c@x.io', 'free'] })
    expect(s.errors[2]).toEqual({ row: 7, message: 'cannot be parsed: a quoted field is not closed: it runs to the end of the file, taking its line', cells: ['u9', 'never closed,1\n'] })

    const [entry] = await engine().listImports()
    expect(entry).toMatchObject({
      id: s.importId, fileName: 'people.csv', kind: 'profiles', groupKey: null, rows: 7, created: 2, updated: 1,
      skipped: 3, duplicates: 0, status: 'done', message: null, cohortId: s.cohortId, storedSkippedRows: 3,
    })
    expect(Date.parse(entry!.finishedAt)).toBeGreaterThanOrEqual(Date.parse(entry!.startedAt))
    expect(await engine().importSkippedRows(s.importId!)).toEqual(s.errors.map(e => ({ row: e.row, message: e.message, raw: e.cells })))

    // The Users page link: a cohort condition on that static cohort lists exactly the touched profiles.
    const filter = { op: 'and' as const, filters: [{ type: 'cohort' as const, cohortId: s.cohortId!, operator: 'in' as const }] }
    const rows = await engine().listUsers({ scope: 'all', filter, offset: 0, limit: 10, sort: { property: '$distinct_id', direction: 'asc' } })
    expect(rows.map(r => r.distinctId)).toEqual(['ev1', 'u1', 'u2'])
    expect(await props('u1')).toEqual({ $email: 'a@x.io', plan: 'pro', keep: 'me' })
  })

  it('a group import is recorded under its key, without a cohort (cohorts hold users)', async () => {
    const s = await engine().importProfilesCsv('acme,Acme\n', { kind: 'group', groupKey: 'company', header: false, identifier: 0, columns: [{ index: 1, property: '$name' }], fileName: 'companies.csv' })
    expect(s.cohortId).toBeUndefined()
    expect((await engine().listImports())[0]).toMatchObject({ kind: 'groups', groupKey: 'company', created: 1, cohortId: null })
    expect(await engine().listCohorts()).toEqual([])
  })

  it('a cancelled import is recorded as cancelled and writes nothing else', async () => {
    await seed()
    const before = await engine().listUsers({ scope: 'all', offset: 0, limit: 100 })
    const controller = new AbortController()
    const rows = Array.from({ length: 120_000 }, (_, i) => `u${i},e${i}@x.io,pro`).join('\n')
    await expect(engine().importProfilesCsv(new Blob([rows]), { ...plan(), fileName: 'big.csv' },
      p => { if (p.rows > 50_000) controller.abort() }, controller.signal)).rejects.toThrow(/abort/i)
    expect(await engine().listUsers({ scope: 'all', offset: 0, limit: 100 })).toEqual(before)
    expect(await engine().listCohorts()).toEqual([])
    const [entry] = await engine().listImports()
    expect(entry).toMatchObject({ fileName: 'big.csv', status: 'cancelled', created: 0, updated: 0, message: 'Cancelled; nothing was written.' })
    expect(entry!.rows).toBeGreaterThan(50_000)
  }, 120_000)

  it('a refused file is recorded as failed with its message', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('u1,caf'), 0xe9, 10])
    await expect(engine().importProfilesCsv(new Blob([bytes]), { ...plan(), fileName: 'latin.csv' })).rejects.toThrow(/not valid UTF-8/)
    expect((await engine().listImports())[0]).toMatchObject({ fileName: 'latin.csv', status: 'failed', message: expect.stringMatching(/not valid UTF-8/) })
    expect(await engine().countUsers({ scope: 'all' })).toBe(0)
  })

  // Every file import keeps its skipped rows' cells, recorded or not, as the events and updates imports do.
  it('without a file name nothing is recorded; the skipped rows keep their cells', async () => {
    const s = await engine().importProfilesCsv('u1,a@x.io,pro\n,x,y\n', plan())
    expect(s).toEqual({ rows: 2, created: 1, updated: 0, skipped: 1, errors: [{ row: 2, message: '$distinct_id is empty (column 1)', cells: ['', 'x', 'y'] }] })
    expect(await engine().listImports()).toEqual([])
  })

  it('keeps long cells cut short', async () => {
    const long = 'x'.repeat(20_000)
    const s = await engine().importProfilesCsv(`,${long}\n`, { ...plan(), fileName: 'long.csv' })
    expect(s.errors[0]!.cells![1]).toHaveLength(10_001)
  })
})
