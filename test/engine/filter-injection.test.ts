// Property names, values and event names full of quotes, backslashes, `$1`,
// `--`, `;`, LIKE wildcards and Unicode, in the data and in filters, through
// the engine API: results are exact, the SQL text never holds them, and the
// tables are intact afterwards.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Condition, Group } from '../../workers/engine/filter/types'
import { useEngine } from './helpers'

const NOW = '2024-06-01T12:00:00.000Z'

const NASTY = [
  `'`, `''`, `"`, `\\`, `\\'`, `it's`, `a"b`, `$1`, `$2::text`, `--`, `;`, `'; drop table profiles; --`,
  `"); delete from events; --`, `$$`, `$q$ select 1 $q$`, `%`, `_`, `a%b_c`, `ünï 😀`, `\u202eevil`, `ǅ`, `{}`, `[]`, `{"a":1}`,
  `a,b`, `NULL`, `null`, `line\nbreak`, `?`, `/* x */`, `\\x00`, ` padded `, `e'\\''`, `);`, `::jsonb`, `->>`,
]

const and = (...filters: Array<Group | Condition>): Group => ({ op: 'and', filters })
const eq = (property: string, value: string): Condition => ({ type: 'property', property, dataType: 'string', operator: 'equals', values: [value] })

describe('injection', () => {
  const engine = useEngine()

  beforeAll(async () => {
    const e = engine()
    // User i holds NASTY[i] as a property name, as that property's value, and as a list element;
    // it fired an event named NASTY[i] whose property NASTY[i] is NASTY[i].
    const updates = await e.applyProfileUpdates(NASTY.map((s, i) => ({
      $distinct_id: `user ${s} ${i}`,
      $set: { [s]: s, tags: [s, 'other'], csvTags: JSON.stringify([s]), index: i },
    })))
    expect(updates.errors).toEqual([])
    const events = await e.importEvents(NASTY.map((s, i) => ({
      event: s, properties: { distinct_id: `user ${s} ${i}`, time: 1_717_000_000 + i, $insert_id: `i${i}`, [s]: s },
    })))
    expect(events.errors).toEqual([])
  })

  it('property names and values are matched exactly, as data', async () => {
    const e = engine()
    for (const [i, s] of NASTY.entries()) {
      const rows = await e.listUsers({ scope: 'profiles', filter: and(eq(s, s)), now: NOW, offset: 0, limit: 100 })
      expect(rows.map(r => r.distinctId), JSON.stringify(s)).toEqual([`user ${s} ${i}`])
    }
  })

  it('contains treats LIKE wildcards and backslashes literally', async () => {
    const e = engine()
    const count = (value: string) => e.countUsers({ scope: 'all', now: NOW, filter: and({ type: 'property', property: 'tags', dataType: 'string', operator: 'contains', values: [value] }) })
    const expected = (value: string) => NASTY.filter(s => s.toLowerCase().includes(value.toLowerCase()) || 'other'.includes(value.toLowerCase())).length
    for (const value of ['%', '_', '\\', `'`, '$1', '--', ';', 'ünï', 'Ünï', 'ǆ', '\n', '%b_']) {
      expect(await count(value), JSON.stringify(value)).toBe(expected(value))
    }
  })

  it('lists, as JSON arrays and as strings holding them, element by element', async () => {
    const e = engine()
    for (const [i, s] of NASTY.entries()) {
      for (const property of ['tags', 'csvTags']) {
        const rows = await e.listUsers({
          scope: 'all', now: NOW, offset: 0, limit: 100,
          filter: and({ type: 'property', property, dataType: 'list', operator: 'contains', values: [s] }),
        })
        expect(rows.map(r => r.distinctId), `${property} ${JSON.stringify(s)}`).toEqual([`user ${s} ${i}`])
      }
    }
  })

  it('event names and event property names in behaviours', async () => {
    const e = engine()
    for (const [i, s] of NASTY.entries()) {
      const filter = and({ type: 'behavior', event: s, operator: 'exactly', count: 1, where: and(eq(s, s)) })
      const rows = await e.listUsers({ scope: 'all', filter, now: NOW, offset: 0, limit: 100 })
      expect(rows.map(r => r.distinctId), JSON.stringify(s)).toEqual([`user ${s} ${i}`])
      expect(await e.countUsers({ scope: 'all', now: NOW, filter: and({ type: 'behavior', event: s, operator: 'didNot' }) })).toBe(NASTY.length - 1)
    }
  })

  it('the SQL text holds placeholders only: no name or value from the filter', async () => {
    const e = engine()
    const filter = and(...NASTY.map(s => eq(s, s)), { type: 'behavior', event: `'; drop table events; --`, operator: 'atLeast', count: 2, where: and(eq('ünï 😀', '$$')) })
    const { sql, params } = await e.explain({ scope: 'profiles', filter, now: NOW })
    for (const s of [`drop table`, `delete from`, `ünï`, `it's`, `a"b`, `$q$`, `NULL`, `evil`, `padded`, `->>`]) {
      expect(sql.includes(s), `${JSON.stringify(s)} in ${sql}`).toBe(false)
    }
    expect(params).toContain(`'; drop table events; --`)
    expect(params).toContain('ünï 😀')
  })

  it('leaves the tables as they were', async () => {
    const e = engine()
    expect(await e.countUsers({ scope: 'all' })).toBe(NASTY.length)
    const stats = await e.stats()
    expect(stats).toMatchObject({ users: NASTY.length, events: NASTY.length })
  })
})
