// Typed sorting (docs/decisions.md, "Users queries") against a plain model:
// numbers (and strings cl_num reads as numbers) first, by value; then every
// other value by its text, byte order (the database's C collation); unset and
// JSON null last in both directions; ties by first-seen order. The whole list
// is read in windows that cross from the top-N path to the ordered-ids path.
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { valueNumber } from '../../workers/engine/profiles/casts'
import { parseIds } from '../../workers/engine/users/windows'
import { useEngine } from './helpers'

const engine = useEngine()
const N = 2300
const ids = Array.from({ length: N }, (_, i) => `u${String(i).padStart(5, '0')}`)

beforeAll(async () => {
  // created in this order, so first-seen order is index order
  for (let i = 0; i < N; i += 500) {
    await engine().applyProfileUpdates(ids.slice(i, i + 500).map(id => ({ $distinct_id: id, $set: { seen: true } })))
  }
})

const value = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.constantFrom(' 42 ', '007', '-3.50', '1e3', '.5', 'n/a', '', 'Zoë', 'zoe', 'Álvaro', 'alvaro', '😀', '10', '9'),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant(null),
)

type Key = { kind: 0; n: number } | { kind: 1; text: Buffer } | { kind: 2 }
function keyOf(v: unknown): Key {
  if (v === undefined || v === null) return { kind: 2 }
  const n = valueNumber(v)
  if (n !== undefined) return { kind: 0, n: Number(n) }
  return { kind: 1, text: Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)) }
}

function modelOrder(values: unknown[], dir: 'asc' | 'desc'): string[] {
  const keyed = values.map((v, i) => ({ i, key: keyOf(v) }))
  const sign = dir === 'asc' ? 1 : -1
  keyed.sort((a, b) => {
    if (a.key.kind !== b.key.kind) return a.key.kind - b.key.kind
    let c = 0
    if (a.key.kind === 0 && b.key.kind === 0) c = Math.sign(a.key.n - b.key.n)
    else if (a.key.kind === 1 && b.key.kind === 1) c = Buffer.compare(a.key.text, b.key.text)
    return c !== 0 ? sign * c : a.i - b.i
  })
  return keyed.map(k => ids[k.i]!)
}

let run = 0

describe('typed sorting', () => {
  it('orders every window as the model does, in both directions', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(value, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 2 ** 30 }),
      async (pool, seed) => {
        const property = `p${run++}`
        // every user gets one of the pool's values, or none
        const values = ids.map((_, i) => {
          const k = ((i * 2654435761 + seed) >>> 0) % (pool.length + 1)
          return k === pool.length ? undefined : pool[k]
        })
        const updates = ids.flatMap((id, i) => (values[i] === undefined ? [] : [{ $distinct_id: id, $set: { [property]: values[i] } }]))
        for (let i = 0; i < updates.length; i += 1000) await engine().applyProfileUpdates(updates.slice(i, i + 1000))
        for (const direction of ['asc', 'desc'] as const) {
          const seen: string[] = []
          for (let offset = 0; offset < N; offset += 700) {
            const rows = await engine().listUsers({ scope: 'profiles', sort: { property, direction }, offset, limit: 700 })
            seen.push(...rows.map(r => r.distinctId))
          }
          expect(seen).toEqual(modelOrder(values, direction))
        }
      }), { numRuns: 12 })
  })
})

describe('parseIds', () => {
  it('reads the comma-separated ids string_agg gives', () => {
    expect([...parseIds(null)]).toEqual([])
    expect([...parseIds('7')]).toEqual([7])
    expect([...parseIds('3,10,2147483647,0')]).toEqual([3, 10, 2147483647, 0])
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { minLength: 1 }), xs => {
      expect([...parseIds(xs.join(','))]).toEqual(xs)
    }))
  })
})
