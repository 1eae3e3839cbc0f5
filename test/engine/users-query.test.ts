// The users query's own rules: sorting by Name orders by the name as the
// table shows it, and an over-long search is refused.
import { beforeAll, describe, expect, it } from 'vitest'
import { displayName } from '../../src/users/display'
import { useEngine } from './helpers'

const engine = useEngine()

const profiles: Array<[string, Record<string, unknown>]> = [
  ['u-zed', { $name: 'Zed Young' }],
  ['u-ann', { $first_name: 'Ann', $last_name: 'Baker' }],
  ['u-bob', { $name: '   ', $first_name: 'Bob' }], // a blank $name does not count
  ['u-last', { $last_name: 'Carter' }],
  ['mia-by-id', { plan: 'pro' }], // no name: the id
  ['u-num', { $name: 42 }],
  ['u-obj', { $name: { first: 'Obj' }, $first_name: 'Olga', $last_name: 'Novak' }], // an object is not a name
  ['u-ada', { $name: 'Ada Lovelace', $first_name: 'Zz' }],
  ['u-tab', { $name: '\tEve Adams ' }],
]

beforeAll(async () => {
  await engine().applyProfileUpdates(profiles.map(([id, set]) => ({ $distinct_id: id, $set: set })))
})

describe('sorting by Name', () => {
  it('orders by $name, else first and last name, else the id: as the table shows them', async () => {
    for (const direction of ['asc', 'desc'] as const) {
      const rows = await engine().listUsers({ scope: 'profiles', sort: { property: '$name', direction }, offset: 0, limit: 100 })
      const shown = rows.map(displayName)
      const expected = [...shown].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      if (direction === 'desc') expected.reverse()
      expect(shown).toEqual(expected)
      expect(new Set(shown)).toEqual(new Set(['Zed Young', 'Ann Baker', 'Bob', 'Carter', 'mia-by-id', '42', 'Olga Novak', 'Ada Lovelace', 'Eve Adams']))
    }
  })

  it('reads the same order through every window', async () => {
    const sort = { property: '$name', direction: 'asc' } as const
    const whole = await engine().listUsers({ scope: 'profiles', sort, offset: 0, limit: 100 })
    const paged = []
    for (let offset = 0; offset < whole.length; offset += 2) paged.push(...await engine().listUsers({ scope: 'profiles', sort, offset, limit: 2 }))
    expect(paged.map(r => r.distinctId)).toEqual(whole.map(r => r.distinctId))
  })
})

describe('search', () => {
  it('takes up to 1,000 characters and refuses longer, saying so', async () => {
    expect(await engine().countUsers({ scope: 'profiles', search: 'a'.repeat(1000) })).toBe(0)
    await expect(engine().countUsers({ scope: 'profiles', search: 'a'.repeat(1001) }))
      .rejects.toThrow('search must be at most 1,000 characters, not 1,001')
    await expect(engine().listUsers({ scope: 'profiles', search: 'x'.repeat(1_000_000), offset: 0, limit: 10 }))
      .rejects.toThrow(/at most 1,000 characters/)
  })
})
