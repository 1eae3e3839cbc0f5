import { beforeAll, describe, expect, it } from 'vitest'
import { useEngine } from './helpers'
import { inferType } from '../../workers/engine/catalog/index.ts'

const engine = useEngine()
const T = 1732838400

beforeAll(async () => {
  await engine().applyProfileUpdates(Array.from({ length: 40 }, (_, i) => ({
    $distinct_id: `u${i}`,
    $set: {
      $email: `u${i}@example.com`,
      plan: ['free', 'pro', 'pro', 'team'][i % 4],
      // CSV-style strings: numbers, dates, booleans and lists as text
      age: String(20 + i),
      signup: `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`,
      beta: i % 2 === 0 ? 'true' : 'false',
      tags: i % 5 === 0 ? ['a', 'b'] : JSON.stringify(['b']),
      ...(i < 10 ? { "it's \"odd\" $1; --": 'x' } : {}),
      ...(i === 0 ? { nothing: null } : {}),
    },
  })))
  await engine().importEvents([
    ...Array.from({ length: 6 }, (_, i) => ({ event: 'purchase', properties: { distinct_id: `u${i}`, time: T + i, amount: 10 + i, sku: i % 2 ? 'A' : 'B' } })),
    ...Array.from({ length: 3 }, (_, i) => ({ event: 'login', properties: { distinct_id: `u${i}`, time: T + i, method: 'sso' } })),
  ])
  await engine().applyProfileUpdates([{ $group_key: 'company', $group_id: 'acme', $set: { industry: 'retail' } }])
})

describe('catalog', () => {
  it('propertyNames: every set property with its inferred type and count', async () => {
    const list = await engine().propertyNames()
    const byName = Object.fromEntries(list.properties.map(p => [p.name, p]))
    expect(byName.plan).toEqual({ name: 'plan', type: 'string', count: 40 })
    expect(byName.age).toEqual({ name: 'age', type: 'number', count: 40 })
    expect(byName.signup).toMatchObject({ type: 'datetime', count: 40 })
    expect(byName.beta).toMatchObject({ type: 'boolean', count: 40 })
    expect(byName.tags).toMatchObject({ type: 'list', count: 40 })
    expect(byName.$email).toMatchObject({ type: 'string', count: 40 })
    expect(byName["it's \"odd\" $1; --"]).toMatchObject({ type: 'string', count: 10 })
    expect(byName.nothing).toBeUndefined() // only ever null
    expect(byName.industry).toBeUndefined() // a group property
    expect(list.sampled).toBe(false)
    expect(list.rows).toBe(40)
    // most common first
    expect(list.properties.at(-1)!.count).toBeLessThanOrEqual(list.properties[0]!.count)
    const groups = await engine().propertyNames({ groupKey: 'company' })
    expect(groups.properties).toEqual([{ name: 'industry', type: 'string', count: 1 }])
  })

  it('propertyValues: most frequent first, lists element by element, search ignoring case and LIKE characters', async () => {
    expect(await engine().propertyValues({ property: 'plan' })).toEqual([
      { value: 'pro', count: 20 }, { value: 'free', count: 10 }, { value: 'team', count: 10 },
    ])
    expect(await engine().propertyValues({ property: 'plan', limit: 1 })).toEqual([{ value: 'pro', count: 20 }])
    expect(await engine().propertyValues({ property: 'plan', search: 'TE' })).toEqual([{ value: 'team', count: 10 }])
    expect(await engine().propertyValues({ property: 'plan', search: '%' })).toEqual([])
    // a real JSON array counts its elements; a string holding one is one value, as filters.md's "as string"
    const tags = await engine().propertyValues({ property: 'tags' })
    expect(tags).toContainEqual({ value: 'a', count: 8 })
    expect(await engine().propertyValues({ property: "it's \"odd\" $1; --" })).toEqual([{ value: 'x', count: 10 }])
    expect(await engine().propertyValues({ property: 'missing' })).toEqual([])
  })

  it('eventNames and event properties', async () => {
    expect(await engine().eventNames()).toEqual([{ name: 'purchase', count: 6 }, { name: 'login', count: 3 }])
    const props = await engine().eventPropertyNames({ event: 'purchase' })
    const byName = Object.fromEntries(props.properties.map(p => [p.name, p]))
    expect(byName.amount).toMatchObject({ type: 'number', count: 6 })
    expect(byName.sku).toMatchObject({ type: 'string', count: 6 })
    expect(byName.method).toBeUndefined()
    const any = await engine().eventPropertyNames({ event: '$any' })
    expect(any.properties.map(p => p.name)).toContain('method')
    expect(await engine().propertyValues({ property: 'sku', event: 'purchase' })).toEqual([
      { value: 'A', count: 3 }, { value: 'B', count: 3 },
    ])
  })

  it('answers are cached until the next write', async () => {
    expect((await engine().eventNames()).length).toBe(2)
    await engine().importEvents([{ event: 'signup', properties: { distinct_id: 'u1', time: T } }])
    expect((await engine().eventNames()).map(e => e.name)).toContain('signup')
    await engine().applyProfileUpdates([{ $distinct_id: 'u1', $set: { fresh: 1 } }])
    expect((await engine().propertyNames()).properties.map(p => p.name)).toContain('fresh')
  })

  it('refuses empty names', async () => {
    await expect(engine().propertyValues({ property: '' })).rejects.toThrow(/property/)
    await expect(engine().eventPropertyNames({ event: '' })).rejects.toThrow(/event/)
  })

  it('inferType: mixed values read as strings', () => {
    expect(inferType({ set: 10, lists: 0, bools: 0, nums: 5, times: 0 })).toBe('string')
    expect(inferType({ set: 10, lists: 0, bools: 0, nums: 10, times: 0 })).toBe('number')
  })
})
