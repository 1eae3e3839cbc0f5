import { describe, expect, it } from 'vitest'
import { useEngine } from './helpers'

const engine = useEngine({ per: 'test' })

async function props(id: string) {
  return (await engine().getProfile(id))?.properties
}

describe('applyProfileUpdates: operations', () => {
  it('$set creates the profile and overwrites keys', async () => {
    const s = await engine().applyProfileUpdates([
      { $distinct_id: 'u1', $set: { plan: 'free', age: 30 } },
      { $distinct_id: 'u1', $set: { plan: 'pro' } },
    ])
    expect(s).toMatchObject({ rows: 2, created: 1, updated: 1, skipped: 0, errors: [] })
    expect(await props('u1')).toEqual({ plan: 'pro', age: 30 })
  })

  it('$set_once only sets keys not yet set (null counts as unset)', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: { a: 1, n: null } }])
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set_once: { a: 2, b: 3, n: 4 } }])
    expect(await props('u1')).toEqual({ a: 1, b: 3, n: 4 })
  })

  it('$add adds to numbers and numeric strings, missing counts as 0, negative allowed', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: { logins: 5, score: ' 2.5 ' } }])
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $add: { logins: -2, score: 1, fresh: 7 } }])
    expect(await props('u1')).toEqual({ logins: 3, score: 3.5, fresh: 7 })
  })

  it('$add on a non-numeric value refuses the whole update and reports it', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: { plan: 'pro', logins: 1 } }])
    const s = await engine().applyProfileUpdates([
      { $distinct_id: 'u1', $set: { touched: true }, $add: { logins: 1, plan: 1 } },
      { $distinct_id: 'u1', $add: { logins: 10 } },
    ])
    expect(s.skipped).toBe(1)
    expect(s.errors).toEqual([{ row: 1, message: expect.stringMatching(/\$add\.plan.*not a number/) }])
    expect(await props('u1')).toEqual({ plan: 'pro', logins: 11 })
  })

  it('$union appends new elements only; missing is [], scalar is [scalar]', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: { tags: ['a', 'b'], s: 'x' } }])
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $union: { tags: ['b', 'c', 'c'], s: ['x', 'y'], m: [1, { k: 1 }, { k: 1 }] } }])
    expect(await props('u1')).toEqual({ tags: ['a', 'b', 'c'], s: ['x', 'y'], m: [1, { k: 1 }] })
  })

  it('$append pushes (duplicates allowed); missing is [v], scalar is [k, v]', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: { l: ['a'], s: 'x' } }])
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $append: { l: 'a', s: 'y', m: [1] } }])
    expect(await props('u1')).toEqual({ l: ['a', 'a'], s: ['x', 'y'], m: [[1]] })
  })

  it('$remove removes every equal element; no-op on a non-list', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: { l: ['a', 'b', 'a', 1, '1'], s: 'a' } }])
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $remove: { l: 'a', s: 'a', missing: 'a' } }])
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $remove: { l: 1 } }])
    expect(await props('u1')).toEqual({ l: ['b', '1'], s: 'a' })
  })

  it('$unset removes keys; a profile with no properties leaves User Profiles but stays in All Users', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: { a: 1, b: 2 } }])
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $unset: ['a', 'nope'] }])
    expect(await props('u1')).toEqual({ b: 2 })
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $unset: ['b'] }])
    expect(await props('u1')).toEqual({})
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(0)
    expect(await engine().countUsers({ scope: 'all' })).toBe(1)
  })

  it('$delete removes the profile; its events stay and the user stays in All Users', async () => {
    await engine().applyProfileUpdates([
      { $distinct_id: 'u1', $set: { a: 1 } },
      { $distinct_id: 'u2', $set: { a: 2 } },
    ])
    await engine().importEvents([{ event: 'e', properties: { distinct_id: 'u1', time: 1700000000 } }])
    const s = await engine().applyProfileUpdates([{ $distinct_id: 'u1', $delete: '' }, { $distinct_id: 'u2', $delete: null }])
    expect(s).toMatchObject({ updated: 2, skipped: 0 })
    expect(await engine().getProfile('u1')).toEqual({ distinctId: 'u1', properties: {} })
    expect(await engine().getProfile('u2')).toBeNull()
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(0)
    expect(await engine().countUsers({ scope: 'all' })).toBe(1)
    expect(await engine().activity('u1', { limit: 10 })).toHaveLength(1)
  })

  it('applies the operations of one update in the order $set, $set_once, $add, $union, $append, $remove, $unset, $delete', async () => {
    await engine().applyProfileUpdates([{
      $unset: ['gone'], $remove: { l: 'x' }, $append: { l: 'x' }, $union: { l: ['y'] }, $add: { n: 1 },
      $set_once: { n: 100, once: 1 }, $set: { n: 1, gone: 1 }, $distinct_id: 'u1',
    }])
    expect(await props('u1')).toEqual({ n: 2, once: 1, l: ['y'] })
    await engine().applyProfileUpdates([{ $delete: true, $set: { a: 1 }, $distinct_id: 'u1' }])
    expect(await engine().getProfile('u1')).toBeNull()
  })

  it('group profiles are keyed by $group_key + $group_id and refuse $add and $append', async () => {
    const s = await engine().applyProfileUpdates([
      { $group_key: 'company_id', $group_id: 'acme', $set: { name: 'Acme' } },
      { $group_key: 'company_id', $group_id: 'acme', $add: { n: 1 } },
      { $group_key: 'company_id', $group_id: 'acme', $append: { l: 1 } },
      { $group_key: 'company_id', $group_id: 'acme', $union: { l: [1] } },
      { $distinct_id: 'acme', $set: { user: true } },
    ])
    expect(s.errors.map(e => [e.row, e.message])).toEqual([
      [2, '$add is not allowed on group profiles'],
      [3, '$append is not allowed on group profiles'],
    ])
    expect(await engine().getGroupProfile('company_id', 'acme')).toEqual({ distinctId: 'acme', properties: { name: 'Acme', l: [1] } })
    expect(await props('acme')).toEqual({ user: true })
    expect(await engine().countUsers({ scope: 'profiles', groupKey: 'company_id' })).toBe(1)
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(1)
    expect(await engine().groupKeys()).toEqual(['company_id'])
  })
})

describe('applyProfileUpdates: refusals are reported per update, with nothing of them applied', () => {
  const refused: Array<[string, unknown, RegExp]> = [
    ['missing id', { $set: { a: 1 } }, /\$distinct_id is missing/],
    ['empty id', { $distinct_id: '  ', $set: { a: 1 } }, /\$distinct_id is empty/],
    ...['anon', 'null', 'undefined', 'none', 'nil', '0', '-1', '[]', '{}', '00000000-0000-0000-0000-000000000000', 'NULL', ' None ']
      .map((id): [string, unknown, RegExp] => [`refused id ${id}`, { $distinct_id: id, $set: { a: 1 } }, /is not a valid id/]),
    ['numeric 0 id', { $distinct_id: 0, $set: { a: 1 } }, /not a valid id/],
    ['long id', { $distinct_id: 'x'.repeat(256), $set: { a: 1 } }, /longer than 255/],
    ['object id', { $distinct_id: { a: 1 }, $set: { a: 1 } }, /must be a string or a number/],
    ['no operation', { $distinct_id: 'u1' }, /has no operation/],
    ['unknown operation', { $distinct_id: 'u1', $increment: { a: 1 } }, /unknown operation "\$increment"/],
    ['$set not an object', { $distinct_id: 'u1', $set: ['a'] }, /\$set must be an object/],
    ['$add not a number', { $distinct_id: 'u1', $add: { a: '1' } }, /\$add\.a must be a number/],
    ['$add infinite', { $distinct_id: 'u1', $add: { a: Infinity } }, /\$add\.a is not a finite number/],
    ['$union not a list', { $distinct_id: 'u1', $union: { a: 'x' } }, /\$union\.a must be a list/],
    ['$unset not a list', { $distinct_id: 'u1', $unset: 'a' }, /\$unset must be a list/],
    ['empty property name', { $distinct_id: 'u1', $set: { '': 1 } }, /empty property name/],
    ['long property name', { $distinct_id: 'u1', $set: { ['p'.repeat(256)]: 1 } }, /longer than 255/],
    ['value over 1 MB', { $distinct_id: 'u1', $set: { big: 'é'.repeat(600_000) } }, /larger than 1 MB/],
    ['not an object', 'u1', /must be an object/],
    ['group without key', { $group_id: 'g', $set: { a: 1 } }, /\$group_key must be a non-empty string/],
    ['group with refused id', { $group_key: 'k', $group_id: 'null', $set: { a: 1 } }, /\$group_id "null" is not a valid id/],
  ]
  for (const [name, update, message] of refused) {
    it(name, async () => {
      const s = await engine().applyProfileUpdates([{ $distinct_id: 'ok', $set: { a: 1 } }, update as Record<string, unknown>])
      expect(s).toMatchObject({ rows: 2, created: 1, skipped: 1 })
      expect(s.errors).toHaveLength(1)
      expect(s.errors[0]!.row).toBe(2)
      expect(s.errors[0]!.message).toMatch(message)
      expect(await engine().countUsers({ scope: 'all' })).toBe(1)
    })
  }

  it('a profile may hold at most 2,000 properties', async () => {
    const many = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`p${i}`, i]))
    const s = await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: many }, { $distinct_id: 'u1', $set: { one_more: 1 } }])
    expect(s.errors).toEqual([{ row: 2, message: expect.stringMatching(/at most 2,000 are allowed/) }])
    expect(Object.keys((await props('u1'))!)).toHaveLength(2000)
  })

  it('ids are trimmed and numbers are taken as their decimal text', async () => {
    await engine().applyProfileUpdates([{ $distinct_id: '  u1 ', $set: { a: 1 } }, { $distinct_id: 42, $set: { a: 2 } }])
    expect(await props('u1')).toEqual({ a: 1 })
    expect(await props('42')).toEqual({ a: 2 })
  })

  it('a list that is not an array is refused whole', async () => {
    await expect(engine().applyProfileUpdates({} as never)).rejects.toThrow(/list of updates/)
  })
})
