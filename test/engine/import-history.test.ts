import { describe, expect, it } from 'vitest'
import { useEngine } from './helpers'

const engine = useEngine({ per: 'test' })

describe('import history', () => {
  it('records an import with its skipped rows and lists it newest first', async () => {
    const first = await engine().recordImport({
      fileName: 'old.csv', kind: 'profiles', startedAt: '2026-01-01T10:00:00.000Z', finishedAt: '2026-01-01T10:00:05.000Z',
      rows: 3, created: 2, updated: 0, skipped: 1, status: 'done',
      skippedRows: [{ row: 2, message: '$distinct_id is empty (column 1)', raw: ['', 'a@x.io', 'it\'s, "quoted"'] }],
    })
    const second = await engine().recordImport({
      fileName: 'events.ndjson', kind: 'events', startedAt: '2026-01-02T10:00:00.000Z',
      rows: 10, created: 8, updated: 0, skipped: 0, duplicates: 2, status: 'cancelled', message: 'cancelled by the user',
    })
    const list = await engine().listImports()
    expect(list.map(i => i.id)).toEqual([second.id, first.id])
    expect(list[1]).toMatchObject({
      fileName: 'old.csv', kind: 'profiles', groupKey: null, startedAt: '2026-01-01T10:00:00.000Z',
      finishedAt: '2026-01-01T10:00:05.000Z', rows: 3, created: 2, skipped: 1, status: 'done', storedSkippedRows: 1,
    })
    expect(list[0]).toMatchObject({ kind: 'events', duplicates: 2, status: 'cancelled', message: 'cancelled by the user', storedSkippedRows: 0 })
    expect(await engine().importSkippedRows(first.id)).toEqual([
      { row: 2, message: '$distinct_id is empty (column 1)', raw: ['', 'a@x.io', 'it\'s, "quoted"'] },
    ])
    expect(await engine().importSkippedRows(second.id)).toEqual([])
  })

  it('keeps skipped rows in order, and a JSON line as raw', async () => {
    const skippedRows = Array.from({ length: 12_001 }, (_, i) => ({ row: i + 2, message: `bad ${i}`, raw: i % 2 ? `{"line":${i}}` : undefined }))
    const { id } = await engine().recordImport({
      fileName: 'x.ndjson', kind: 'updates', startedAt: new Date().toISOString(), rows: 12_001, created: 0, updated: 0,
      skipped: 12_001, status: 'done', skippedRows,
    })
    const back = await engine().importSkippedRows(id)
    expect(back).toHaveLength(12_001)
    expect(back[0]).toEqual({ row: 2, message: 'bad 0' })
    expect(back[12_000]).toEqual({ row: 12_002, message: 'bad 12000' })
    expect(back[1]).toEqual({ row: 3, message: 'bad 1', raw: '{"line":1}' })
  })

  it('refuses an unknown kind or status, writing nothing', async () => {
    const base = { fileName: 'f', startedAt: new Date().toISOString(), rows: 0, created: 0, updated: 0, skipped: 0 }
    await expect(engine().recordImport({ ...base, kind: 'photos' as never, status: 'done' })).rejects.toThrow(/import kind/)
    await expect(engine().recordImport({ ...base, kind: 'events', status: 'maybe' as never })).rejects.toThrow(/import status/)
    expect(await engine().listImports()).toEqual([])
  })
})
