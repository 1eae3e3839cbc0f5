import { describe, expect, it } from 'vitest'
import { useEngine } from './helpers'
import type { CsvImportPlan } from '../../workers/engine/types'

const engine = useEngine({ per: 'test' })
const props = async (id: string) => (await engine().getProfile(id))?.properties

const plan = (over: Partial<CsvImportPlan> = {}): CsvImportPlan => ({
  kind: 'user', header: false, identifier: 0,
  columns: [{ index: 1, property: '$email' }, { index: 2, property: 'plan' }, { index: 3, property: 'age' }],
  ...over,
})

describe('importProfilesCsv', () => {
  it('imports a headerless file as Mixpanel expects, values as strings', async () => {
    const s = await engine().importProfilesCsv('u1,a@x.io,pro,31\nu2,b@x.io,free,22\n', plan())
    expect(s).toEqual({ rows: 2, created: 2, updated: 0, skipped: 0, errors: [] })
    expect(await props('u1')).toEqual({ $email: 'a@x.io', plan: 'pro', age: '31' })
  })

  it('skips the header row, and counts rows as the file does', async () => {
    const s = await engine().importProfilesCsv('id,email,plan,age\nu1,a@x.io,pro,31\n,b@x.io,free,22\n', plan({ header: true }))
    expect(s).toMatchObject({ rows: 2, created: 1, skipped: 1 })
    expect(s.errors).toEqual([{ row: 3, message: expect.stringMatching(/\$distinct_id is empty \(column 1\)/), cells: ['', 'b@x.io', 'free', '22'] }])
  })

  it('updates existing profiles: imported values overwrite, empty cells leave a property as it was', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: { plan: 'free', age: 40, keep: 'me' } }])
    const s = await engine().importProfilesCsv('u1,,pro,\nu2,b@x.io,,  \n', plan())
    expect(s).toMatchObject({ created: 1, updated: 1 })
    expect(await props('u1')).toEqual({ plan: 'pro', age: 40, keep: 'me' })
    expect(await props('u2')).toEqual({ $email: 'b@x.io' })
  })

  it('an id twice in the file: the later row wins, property by property, and counts once', async () => {
    const s = await engine().importProfilesCsv('u1,a@x.io,free,30\nu2,b@x.io,free,1\nu1,,pro,\n', plan())
    expect(s).toMatchObject({ rows: 3, created: 2, updated: 0 })
    expect(await props('u1')).toEqual({ $email: 'a@x.io', plan: 'pro', age: '30' })
  })

  it('into a database that already holds profiles, repeated ids fold the same way', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'u0', $set: { plan: 'free', keep: 1 } }])
    const s = await engine().importProfilesCsv('u1,a@x.io,free,30\nu0,,team,\nu1,,pro,\nu0,z@x.io,,5\n', plan())
    expect(s).toMatchObject({ rows: 4, created: 1, updated: 1 })
    expect(await props('u1')).toEqual({ $email: 'a@x.io', plan: 'pro', age: '30' })
    expect(await props('u0')).toEqual({ plan: 'team', keep: 1, $email: 'z@x.io', age: '5' })
  })

  it('a small file into a large table merges; a large one rewrites the table; both keep users and their events', async () => {
    await engine().applyProfileUpdates(Array.from({ length: 40 }, (_, i) => ({ $distinct_id: `u${i}`, $set: { n: String(i) } })))
    await engine().importEvents([{ event: 'seen', properties: { distinct_id: 'u1', time: 1700000000 } }, { event: 'seen', properties: { distinct_id: 'anon-1', time: 1700000000 } }])
    const small = await engine().importProfilesCsv('u1,a@x.io,pro,\nnew1,b@x.io,,\n', plan())
    expect(small).toMatchObject({ created: 1, updated: 1 })
    const big = await engine().importProfilesCsv(Array.from({ length: 30 }, (_, i) => `u${i},,team,${i}`).join('\n') + '\nanon-1,c@x.io,,\nnew2,,free,\n', plan())
    expect(big).toMatchObject({ rows: 32, created: 2, updated: 30 })
    expect(await props('u1')).toEqual({ n: '1', $email: 'a@x.io', plan: 'team', age: '1' })
    expect(await props('u35')).toEqual({ n: '35' })
    expect(await props('anon-1')).toEqual({ $email: 'c@x.io' })
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(43)
    expect(await engine().activity('u1', { limit: 5 })).toHaveLength(1)
    expect(await engine().activity('anon-1', { limit: 5 })).toHaveLength(1)
    // the unique index is back after the rewrite
    expect(await engine().importProfilesCsv('u2,,enterprise,\n', plan())).toMatchObject({ created: 0, updated: 1 })
    expect(await engine().countUsers({ scope: 'all' })).toBe(43)
  })

  it('a cancelled import into an empty database leaves it empty and whole', async () => {
    const rows = Array.from({ length: 120_000 }, (_, i) => `u${i},e${i}@x.io,pro,${i}`).join('\n')
    const controller = new AbortController()
    const run = engine().importProfilesCsv(new Blob([rows]), plan(), p => { if (p.rows > 60_000) controller.abort() }, controller.signal)
    await expect(run).rejects.toThrow(/abort/i)
    expect(await engine().countUsers({ scope: 'all' })).toBe(0)
    // the unique index is back: a second import of the same id merges
    await engine().importProfilesCsv('u1,a@x.io,pro,1\n', plan())
    expect(await engine().importProfilesCsv('u1,,team,\n', plan())).toMatchObject({ created: 0, updated: 1 })
    expect(await props('u1')).toEqual({ $email: 'a@x.io', plan: 'team', age: '1' })
  }, 120_000)

  it('an event-only user gaining a profile is created', async () => {
    await engine().importEvents([{ event: 'e', properties: { distinct_id: 'u1', time: 1700000000 } }])
    expect(await engine().importProfilesCsv('u1,a@x.io,pro,1\n', plan())).toMatchObject({ created: 1, updated: 0 })
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(1)
  })

  it('without an identifier column the $email column is the id, else ids are generated', async () => {
    await engine().importProfilesCsv('x,a@x.io,pro,1\n', plan({ identifier: undefined }))
    expect(await props('a@x.io')).toEqual({ $email: 'a@x.io', plan: 'pro', age: '1' })
    const s = await engine().importProfilesCsv('x,,team,2\ny,,team,3\n', plan({ identifier: undefined, columns: [{ index: 2, property: 'plan' }] }))
    expect(s.created).toBe(2)
    const rows = await engine().listUsers({ scope: 'profiles', offset: 0, limit: 10, search: '' })
    expect(rows.filter(r => r.properties.plan === 'team').map(r => r.distinctId)).toEqual([
      expect.stringMatching(/^[0-9a-f-]{36}$/), expect.stringMatching(/^[0-9a-f-]{36}$/)])
  })

  it('skipped columns are not imported; the identifier column is not a property', async () => {
    await engine().importProfilesCsv('u1,a@x.io,pro,31\n', plan({ columns: [{ index: 0, property: 'id_copy' }, { index: 2, property: 'plan' }] }))
    expect(await props('u1')).toEqual({ plan: 'pro' })
  })

  it('typed stores numbers, booleans and JSON arrays as such', async () => {
    await engine().importProfilesCsv('u1,"[""a"",1]",TRUE, 42 \nu2,[oops,false,1e3\n', plan({
      typed: true, columns: [{ index: 1, property: 'tags' }, { index: 2, property: 'flag' }, { index: 3, property: 'n' }],
    }))
    expect(await props('u1')).toEqual({ tags: ['a', 1], flag: true, n: 42 })
    expect(await props('u2')).toEqual({ tags: '[oops', flag: false, n: 1000 })
  })

  it('reads quoted commas, quotes and newlines, CRLF line ends and a BOM; ragged rows import what they have', async () => {
    const file = new Blob(['\ufeffid,email,plan,age\r\n', 'u1,"a,b@x.io","pro\r\nplus",1\r\n', 'u2,b@x.io\r\n', 'u3,c@x.io,"say ""hi""",3,extra\r\n'])
    const s = await engine().importProfilesCsv(file, plan({ header: true }))
    expect(s).toMatchObject({ rows: 3, created: 3, skipped: 0 })
    expect(await props('u1')).toEqual({ $email: 'a,b@x.io', plan: 'pro\r\nplus', age: '1' })
    expect(await props('u2')).toEqual({ $email: 'b@x.io' })
    expect(await props('u3')).toEqual({ $email: 'c@x.io', plan: 'say "hi"', age: '3' })
  })

  it('reports refused ids and unparsable rows with their row numbers and imports the rest', async () => {
    // A quote inside an unquoted field is read as text, as spreadsheets do; a
    // quoted field that never closes runs to the end of the file (CSV has no
    // way to tell where it should have ended), so it is the last record.
    const s = await engine().importProfilesCsv('u1,a,pro,1\nanon,b,pro,1\nu4,d,it"s fine,1\nnull,e,x,1\nu6,f,"never closed,1\nu7,g,h,1\n', plan())
    expect(s.rows).toBe(5)
    expect(s.errors.map(e => e.row)).toEqual([2, 4, 5])
    expect(s.errors[2]!.message).toMatch(/cannot be parsed: a quoted field is not closed/)
    expect(s.created).toBe(2)
    expect(await props('u4')).toEqual({ $email: 'd', plan: 'it"s fine', age: '1' })
  })

  it('refuses a file that is not valid UTF-8 whole, and reads it as Windows-1252 on request', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('u1,a@x.io,caf'), 0xe9, ...new TextEncoder().encode(',1\n')])
    await expect(engine().importProfilesCsv(new Blob([bytes]), plan())).rejects.toThrow(/not valid UTF-8/)
    expect(await engine().countUsers({ scope: 'all' })).toBe(0)
    await engine().importProfilesCsv(new Blob([bytes]), { ...plan(), encoding: 'windows-1252' } as CsvImportPlan)
    expect(await props('u1')).toEqual({ $email: 'a@x.io', plan: 'café', age: '1' })
  })

  it('refuses a file over 1,000,000 data rows whole: nothing is written', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'before', $set: { a: 1 } }])
    const line = 'u,a,b,c\n'
    const file = new Blob([line.repeat(1_000_001)])
    await expect(engine().importProfilesCsv(file, plan({ columns: [{ index: 1, property: 'a' }] }))).rejects.toThrow(/more than 1,000,000 data rows; nothing was imported/)
    expect(await engine().countUsers({ scope: 'all' })).toBe(1)
  }, 420_000) // it reads a million rows; minutes on a busy machine

  it('a cancelled import leaves the data as it was', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'u0', $set: { plan: 'free' } }])
    const rows = Array.from({ length: 120_000 }, (_, i) => `u${i},e${i}@x.io,pro,${i}`).join('\n')
    const controller = new AbortController()
    const progress: number[] = []
    const run = engine().importProfilesCsv(new Blob([rows]), plan(), p => {
      progress.push(p.rows)
      if (p.rows > 60_000) controller.abort()
    }, controller.signal)
    await expect(run).rejects.toThrow(/abort/i)
    expect(progress.length).toBeGreaterThan(0)
    expect(await engine().countUsers({ scope: 'all' })).toBe(1)
    expect(await props('u0')).toEqual({ plan: 'free' })
  }, 120_000)

  it('reports progress with bytes and the total', async () => {
    const seen: Array<{ rows: number; bytes: number; totalBytes?: number }> = []
    const file = new Blob(['u1,a,pro,1\nu2,b,pro,2\n'])
    await engine().importProfilesCsv(file, plan(), p => seen.push(p))
    expect(seen.at(-1)).toEqual({ rows: 2, bytes: file.size, totalBytes: file.size })
  })

  // The engine's plan rules are the wizard's (csv/plan.ts): one wording for both.
  it('refuses a plan that cannot be carried out before reading anything', async () => {
    await expect(engine().importProfilesCsv('a', plan({ kind: 'group' }))).rejects.toThrow(/group import needs one/)
    await expect(engine().importProfilesCsv('a', plan({ columns: [{ index: 1, property: 'a' }, { index: 1, property: 'b' }] }))).rejects.toThrow(/mapped twice/)
    await expect(engine().importProfilesCsv('a', plan({ columns: [{ index: 1, property: '' }] }))).rejects.toThrow(/column 2 is checked but has no property name/)
  })

  it('imports group profiles under their group key', async () => {
    await engine().importProfilesCsv('acme,Acme Inc\n', { kind: 'group', groupKey: 'company_id', header: false, identifier: 0, columns: [{ index: 1, property: '$name' }] })
    expect(await engine().getGroupProfile('company_id', 'acme')).toEqual({ distinctId: 'acme', properties: { $name: 'Acme Inc' } })
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(0)
  })
})
