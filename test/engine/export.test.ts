import { describe, expect, it } from 'vitest'
import { freshEngine, useEngine } from './helpers'
import { parseCsv, readAll, TRICKY } from './export-helpers'
import type { Engine, UsersExport, UsersQuery } from '../../workers/engine/types.ts'

const engine = useEngine()

// Twelve users with profiles (plan, age, tags…), two event-only users, and a group.
async function fill(e: Engine) {
  const plans = ['free', 'pro', 'team']
  await e.applyProfileUpdates([
    ...Array.from({ length: 12 }, (_, i) => ({
      $distinct_id: `u${i}`,
      $set: {
        $name: `User ${i}`, $email: `u${i}@example.com`, plan: plans[i % 3], age: 20 + ((i * 7) % 13),
        ...(i % 2 ? { tags: ['a', `t${i}`] } : {}), ...(i % 4 === 0 ? { vip: true } : { vip: false }),
        ...(i === 3 ? { note: '=HYPERLINK("x")' } : {}),
      },
    })),
    { $group_key: 'company', $group_id: 'acme', $set: { size: 10, name: 'Acme, Inc.' } },
    { $group_key: 'company', $group_id: 'zeta', $set: { size: 3 } },
  ])
  await e.importEvents([
    { event: 'open', properties: { distinct_id: 'anon1', time: 1_700_000_000 } },
    { event: 'open', properties: { distinct_id: 'anon2', time: 1_700_000_001 } },
  ])
}

let filled = false
async function filledEngine(): Promise<Engine> {
  if (!filled) { await fill(engine()); filled = true }
  return engine()
}

async function allRows(e: Engine, query: UsersQuery, sort?: UsersExport['sort']) {
  return e.listUsers({ ...query, offset: 0, limit: 10_000, ...(sort ? { sort } : {}) })
}

const PRO_OR_TEAM: UsersQuery = {
  scope: 'profiles',
  filter: { op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro', 'team'] }] },
}

describe('exportUsers as CSV', () => {
  it('holds the rows of the query, in the view\'s order, with the chosen columns, across chunks', async () => {
    const e = await filledEngine()
    for (const sort of [undefined, { property: 'age', direction: 'desc' as const }]) {
      const stream = await e.exportUsers({ query: PRO_OR_TEAM, ...(sort ? { sort } : {}), properties: ['plan', 'age', 'tags', 'vip', 'missing'], format: 'csv', chunkRows: 3 })
      const expected = await allRows(e, PRO_OR_TEAM, sort)
      const { text, rows, chunks } = await readAll(stream)
      expect(stream.total).toBe(expected.length)
      expect(rows).toBe(expected.length)
      expect(chunks).toBeGreaterThan(2)
      const [header, ...body] = parseCsv(text)
      expect(header).toEqual(['$distinct_id', 'plan', 'age', 'tags', 'vip', 'missing'])
      expect(body.map(r => r[0])).toEqual(expected.map(r => r.distinctId))
      body.forEach((cells, i) => {
        const p = expected[i]!.properties
        expect(cells).toEqual([expected[i]!.distinctId, p.plan, String(p.age), p.tags ? JSON.stringify(p.tags) : '', String(p.vip), ''])
      })
      expect(text.endsWith('\r\n')).toBe(true)
    }
  })

  it('the K selected rows, or all that match but the ones left out', async () => {
    const e = await filledEngine()
    const base = { query: { scope: 'profiles' as const }, properties: ['plan'], format: 'csv' as const }
    const picked = await readAll(await e.exportUsers({ ...base, selection: { ids: ['u5', 'u1', 'nobody'] } }))
    expect(parseCsv(picked.text).slice(1).map(r => r[0])).toEqual(['u1', 'u5'])
    const rest = await e.exportUsers({ ...base, selection: { ids: ['u5', 'u1'], except: true } })
    expect(rest.total).toBe(10)
    expect(parseCsv((await readAll(rest)).text).slice(1).map(r => r[0])).not.toContain('u5')
  })

  it('every property these users have: the union of their names, sorted; All Users includes event-only users', async () => {
    const e = await filledEngine()
    const stream = await e.exportUsers({ query: { scope: 'all', search: 'u1' }, properties: 'all', format: 'csv' })
    expect(stream.columns).toEqual(['$distinct_id', '$email', '$name', 'age', 'plan', 'tags', 'vip'])
    const all = await e.exportUsers({ query: { scope: 'all' }, properties: ['plan'], format: 'csv' })
    const ids = parseCsv((await readAll(all)).text).slice(1)
    expect(ids).toContainEqual(['anon1', ''])
    expect(all.total).toBe(14)
  })

  it('a group key\'s list: $group_id first; a BOM when asked', async () => {
    const e = await filledEngine()
    const stream = await e.exportUsers({ query: { scope: 'profiles', groupKey: 'company' }, properties: ['name', 'size'], format: 'csv', bom: true })
    const { text } = await readAll(stream)
    expect(text.startsWith('\uFEFF$group_id,name,size\r\n')).toBe(true)
    expect(text).toContain('acme,"Acme, Inc.",10\r\n')
    expect(stream.fileName).toMatch(/^cohortlite-company-\d{4}-\d{2}-\d{2}\.csv$/)
  })

  it('the formula guard prefixes \' to text cells starting with = + - @ tab CR (numbers keep their sign); exact turns it off', async () => {
    const e = await freshEngine()
    const risky = ['=1+1', '+cmd', '-x', '@SUM(1)', '\tTAB', '\rCR', '=A1\nsecond line', 'plain', ' =not first']
    await e.applyProfileUpdates([
      ...risky.map((v, i) => ({ $distinct_id: `r${i}`, $set: { v } })),
      { $distinct_id: 'n', $set: { v: -5 } },
      { $distinct_id: '=id', $set: { v: 'x' } },
    ])
    const cells = async (exact: boolean) => {
      const { text } = await readAll(await e.exportUsers({ query: { scope: 'profiles' }, properties: ['v'], format: 'csv', exact }))
      return parseCsv(text).slice(1)
    }
    const guarded = await cells(false)
    expect(guarded.map(r => r[1])).toEqual([...risky.slice(0, 7).map(v => `'${v}`), 'plain', ' =not first', '-5', 'x'])
    expect(guarded[guarded.length - 1]![0]).toBe("'=id")
    const exact = await cells(true)
    expect(exact.map(r => r[1])).toEqual([...risky, '-5', 'x'])
    expect(exact[exact.length - 1]![0]).toBe('=id')
  })

  it('refuses a bad export with a message naming what is wrong', async () => {
    const e = await filledEngine()
    const q = { scope: 'profiles' as const }
    await expect(e.exportUsers({ query: q, properties: ['a', 'a'], format: 'csv' })).rejects.toThrow(/twice/)
    await expect(e.exportUsers({ query: q, properties: 'some' as never, format: 'csv' })).rejects.toThrow(/properties must be/)
    await expect(e.exportUsers({ query: q, properties: [], format: 'xlsx' as never })).rejects.toThrow(/format must be "csv" or "ndjson", not "xlsx"/)
    await expect(e.exportUsers({ query: { scope: 'nope' } as never, properties: [], format: 'csv' })).rejects.toThrow(/scope/)
    await expect(e.exportUsers({ query: q, properties: [], format: 'csv', chunkRows: 0 })).rejects.toThrow(/chunkRows/)
  })

  it('stops at the abort signal between chunks', async () => {
    const e = await filledEngine()
    const controller = new AbortController()
    const stream = await e.exportUsers({ query: { scope: 'profiles' }, properties: ['plan'], format: 'csv', chunkRows: 2 }, controller.signal)
    const seen: number[] = []
    await expect((async () => {
      for await (const chunk of stream.chunks) {
        seen.push(chunk.rows)
        if (chunk.rows >= 4) controller.abort()
      }
    })()).rejects.toThrow(/abort/i)
    expect(seen.at(-1)).toBe(4)
  })
})

describe('exportUsers as NDJSON of Engage updates', () => {
  it('one $set a line, unset properties left out, in the query\'s order; groups carry $group_key and $group_id', async () => {
    const e = await filledEngine()
    const expected = await allRows(e, PRO_OR_TEAM)
    const { text } = await readAll(await e.exportUsers({ query: PRO_OR_TEAM, properties: ['plan', 'tags'], format: 'ndjson', chunkRows: 4 }))
    const lines = text.trimEnd().split('\n').map(l => JSON.parse(l) as { $distinct_id: string; $set: Record<string, unknown> })
    expect(lines.map(l => l.$distinct_id)).toEqual(expected.map(r => r.distinctId))
    lines.forEach((l, i) => {
      const p = expected[i]!.properties
      expect(l.$set).toEqual({ plan: p.plan, ...(p.tags ? { tags: p.tags } : {}) })
    })
    const groups = await readAll(await e.exportUsers({ query: { scope: 'profiles', groupKey: 'company' }, properties: 'all', format: 'ndjson' }))
    expect(groups.text).toBe('{"$group_key":"company","$group_id":"acme","$set":{"name":"Acme, Inc.","size":10}}\n' +
      '{"$group_key":"company","$group_id":"zeta","$set":{"size":3}}\n')
  })
})

describe('round trips into an empty workspace', () => {
  const ids = ['plain', 'with, comma', 'with "quote"', 'Zoë-東京-🚀', '00042', 'multi\nline']
  async function tricky(): Promise<Engine> {
    const e = await freshEngine()
    await e.applyProfileUpdates(ids.map((id, i) => ({ $distinct_id: id, $set: i === 0 ? TRICKY : { [`only${i}`]: Object.values(TRICKY)[i] } })))
    return e
  }
  async function profilesOf(e: Engine) {
    const rows = await e.listUsers({ scope: 'all', offset: 0, limit: 100, sort: { property: '$distinct_id', direction: 'asc' } })
    return rows
  }

  it('an exact CSV (with a BOM) imported with $distinct_id as the identifier and detect types gives the same profiles', async () => {
    const source = await tricky()
    const { text } = await readAll(await source.exportUsers({ query: { scope: 'profiles' }, properties: 'all', format: 'csv', exact: true, bom: true }))
    const header = parseCsv(text)[0]!
    const target = await freshEngine()
    const summary = await target.importProfilesCsv(new Blob([text]), {
      kind: 'user', header: true, identifier: header.indexOf('$distinct_id'), typed: true,
      columns: header.map((property, index) => ({ index, property })),
    })
    expect(summary).toMatchObject({ rows: ids.length, created: ids.length, skipped: 0 })
    expect(await profilesOf(target)).toEqual(await profilesOf(source))
  })

  it('the spreadsheet-safe CSV is not exact: it is what a spreadsheet should see', async () => {
    const source = await tricky()
    const { text } = await readAll(await source.exportUsers({ query: { scope: 'profiles' }, properties: ['formula', 'zip'], format: 'csv', selection: { ids: ['plain'] } }))
    expect(parseCsv(text)[1]).toEqual(['plain', "'=SUM(A1:A9)", '00123'])
  })

  it('the NDJSON export through the updates import gives the same profiles', async () => {
    const source = await tricky()
    const { text } = await readAll(await source.exportUsers({ query: { scope: 'profiles' }, properties: 'all', format: 'ndjson' }))
    const target = await freshEngine()
    const summary = await target.importUpdatesFile(text, { format: 'ndjson' })
    expect(summary).toMatchObject({ rows: ids.length, created: ids.length, skipped: 0 })
    expect(await profilesOf(target)).toEqual(await profilesOf(source))
  })
})
