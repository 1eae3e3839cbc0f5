// The import runner (workers/engine/imports/run.ts): every importer records
// its outcome the same way. A failed import writes nothing, and its history
// entry holds the rows it read and the rows it skipped before it stopped.
import { describe, expect, it } from 'vitest'
import { useEngine } from './helpers'
import { ImportRun, MAX_KEPT_RAW } from '../../workers/engine/imports/run'

const engine = useEngine({ per: 'test' })
const T = 1732838400

describe('the import runner', () => {
  it('a failed events import records its rows and skipped rows, as a failed CSV import does', async () => {
    const good = JSON.stringify({ event: 'a', properties: { distinct_id: 'u1', time: T } })
    // The array's second element is no event (skipped); the text after the array fails the file.
    const file = `[${good}, "not an event", ${good.replace('u1', 'u2')}] trailing`
    await expect(engine().importEventsFile(file, { format: 'json-array', fileName: 'broken.json' })).rejects.toThrow(/after the end/)
    const [entry] = await engine().listImports()
    expect(entry).toMatchObject({ fileName: 'broken.json', kind: 'events', status: 'failed', rows: 3, skipped: 1, created: 0, storedSkippedRows: 1 })
    expect(await engine().importSkippedRows(entry!.id)).toEqual([{ row: 2, message: expect.stringMatching(/must be an object/), raw: '"not an event"' }])
    expect(await engine().stats()).toMatchObject({ events: 0, users: 0 })

    const csv = new Blob([new TextEncoder().encode('id,plan\nu1,pro\n,free\n'), new Uint8Array(70_000).fill(0x41), new Uint8Array([0xff, 0x0a])])
    await expect(engine().importProfilesCsv(csv, { kind: 'user', header: true, identifier: 0, columns: [{ index: 1, property: 'plan' }], fileName: 'latin.csv' }))
      .rejects.toThrow(/not valid UTF-8/)
    const [failed] = await engine().listImports()
    expect(failed).toMatchObject({ fileName: 'latin.csv', status: 'failed', rows: 2, skipped: 1, created: 0, storedSkippedRows: 1 })
  })

  it('a failed updates import is recorded the same way', async () => {
    const file = `[{"$distinct_id": "u1", "$set": {"a": 1}}, {"$distinct_id": "u2", "$set": }] x`
    await expect(engine().importUpdatesFile(file, { format: 'json-array', fileName: 'u.json' })).rejects.toThrow(/after the end/)
    expect((await engine().listImports())[0]).toMatchObject({ kind: 'updates', status: 'failed', rows: 2, skipped: 1, created: 0, updated: 0 })
    expect(await engine().getProfile('u1')).toBeNull()
  })

  it('keeps skipped rows in file order, raw content up to one cap, cells cut short', () => {
    const run = new ImportRun({ source: 'abc' })
    run.skip(5, 'late', ['x'])
    run.skip(2, 'early', ['y'.repeat(20_000)])
    run.settle()
    expect(run.summary.errors.map(e => e.row)).toEqual([2, 5])
    expect(run.summary.errors[0]!.cells![0]).toHaveLength(10_001)
    expect(run.summary.skipped).toBe(2)
    const many = new ImportRun()
    for (let i = 0; i <= MAX_KEPT_RAW; i++) many.skip(i + 1, 'bad', ['c'])
    expect(many.summary.errors.at(-1)).toEqual({ row: MAX_KEPT_RAW + 1, message: 'bad' })
    expect(many.summary.errors.at(-2)!.cells).toEqual(['c'])
  })

  it('throttles progress and ends on everything read', () => {
    const seen: unknown[] = []
    const run = new ImportRun({ source: 'abcdef', onProgress: p => seen.push(p) })
    for (let i = 0; i < 1000; i++) { run.summary.rows++; run.progress() }
    expect(seen.length).toBeLessThan(5)
    run.finished()
    expect(seen.at(-1)).toEqual({ rows: 1000, bytes: 6, totalBytes: 6 })
  })
})

describe('interrupted imports and import cohorts', () => {
  it('an import still running when the database was last open is recorded as interrupted on the next open', async () => {
    const { openEngine } = await import('../../workers/engine/index')
    const { startImport } = await import('../../workers/engine/imports/history')
    // An import starts (its entry committed), then the tab dies before it finishes.
    const db = (engine() as unknown as { db: import('@electric-sql/pglite').PGlite }).db
    await startImport(db, { fileName: 'cut.csv', kind: 'profiles', startedAt: new Date().toISOString() })
    expect(await engine().listImports()).toEqual([])
    // … and the relation file its transaction was writing, which no table names (a killed import leaves such files).
    type Fs = { writeFile(p: string, d: Uint8Array): void; readdir(p: string): string[] }
    const fsOf = (e: unknown) => (e as { db: { Module: { FS: Fs } } }).db.Module.FS
    const { rows: [where] } = await db.query<{ dir: string; oid: number }>(`select current_setting('data_directory') as dir, (select oid from pg_database where datname = current_database()) as oid`)
    const base = `${where!.dir}/base/${where!.oid}`
    fsOf(engine()).writeFile(`${base}/987654`, new Uint8Array(8192 * 4))
    fsOf(engine()).writeFile(`${base}/987654_fsm`, new Uint8Array(8192))
    const reopened = await openEngine({ loadDataDir: await engine().dumpDataDir() })
    try {
      expect(await reopened.listImports()).toMatchObject([{ fileName: 'cut.csv', status: 'interrupted', rows: 0, message: expect.stringMatching(/closed or reloaded/) }])
      const files = fsOf(reopened).readdir(base)
      expect(files.filter(f => f.startsWith('987654'))).toEqual([])
      // the tables are all still there
      expect(await reopened.stats()).toMatchObject({ profiles: 0, events: 0 })
    } finally {
      await reopened.close()
    }
  })

  it("a profiles import's cohort is kept apart: listed with origin 'import', left out of a profile's cohorts", async () => {
    const s = await engine().importProfilesCsv('u1,pro\n', { kind: 'user', header: false, identifier: 0, columns: [{ index: 1, property: 'plan' }], fileName: 'p.csv' })
    await engine().saveCohort({ id: 'mine', name: 'Mine', kind: 'static', members: ['u1'] })
    expect((await engine().listCohorts()).map(c => [c.id, c.origin])).toEqual([[s.cohortId, 'import'], ['mine', undefined]])
    expect((await engine().userCohorts('u1')).map(c => c.id)).toEqual(['mine'])
    // the import's link still lists its profiles
    const filter = { op: 'and' as const, filters: [{ type: 'cohort' as const, cohortId: s.cohortId!, operator: 'in' as const }] }
    expect(await engine().countUsers({ scope: 'all', filter })).toBe(1)
  })
})
