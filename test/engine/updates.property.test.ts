// Differential test: random Engage update sequences applied through the engine
// (parse, load, merge, upsert, delete) must leave exactly the profiles that an
// in-memory model of profiles.md leaves.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { freshEngine } from './helpers'

type Props = Record<string, unknown>
const IDS = ['u1', 'u2', 'u3']
const KEYS = ['a', 'b', 'tags']

const value = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom('x', 'y', ' 3 ', 'abc', '', '2.5'),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.constantFrom('x', 'y', 1), { maxLength: 3 }),
)
const props = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 2 })
const update = fc.record({
  $distinct_id: fc.constantFrom(...IDS),
  $set: props,
  $set_once: props,
  $add: fc.dictionary(fc.constantFrom(...KEYS), fc.integer({ min: -3, max: 3 }), { maxKeys: 1 }),
  $union: fc.dictionary(fc.constantFrom(...KEYS), fc.array(fc.constantFrom('x', 'y', 1), { maxLength: 2 }), { maxKeys: 1 }),
  $append: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 1 }),
  $remove: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 1 }),
  $unset: fc.subarray(KEYS, { maxLength: 1 }),
  $delete: fc.constant(''),
}, { requiredKeys: ['$distinct_id'] }).filter(u => Object.keys(u).length > 1)

const eq = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) ? Number(v) : null)
const list = (v: unknown) => (Array.isArray(v) ? [...v] : v === undefined || v === null ? [] : [v])

/** profiles.md, written as plainly as possible. */
function model(updates: Props[]): Map<string, Props> {
  const profiles = new Map<string, Props>()
  for (const u of updates) {
    const id = u.$distinct_id as string
    const p: Props = { ...(profiles.get(id) ?? {}) }
    let refused = false
    for (const [k, v] of Object.entries((u.$set ?? {}) as Props)) p[k] = v
    for (const [k, v] of Object.entries((u.$set_once ?? {}) as Props)) if (p[k] === undefined || p[k] === null) p[k] = v
    for (const [k, n] of Object.entries((u.$add ?? {}) as Record<string, number>)) {
      const base = p[k] === undefined || p[k] === null ? 0 : num(p[k])
      if (base === null) refused = true
      else p[k] = base + n
    }
    if (refused) continue
    for (const [k, vs] of Object.entries((u.$union ?? {}) as Record<string, unknown[]>)) {
      const l = list(p[k])
      for (const v of vs) if (!l.some(x => eq(x, v))) l.push(v)
      p[k] = l
    }
    for (const [k, v] of Object.entries((u.$append ?? {}) as Props)) p[k] = [...list(p[k]), v]
    for (const [k, v] of Object.entries((u.$remove ?? {}) as Props)) if (Array.isArray(p[k])) p[k] = (p[k] as unknown[]).filter(x => !eq(x, v))
    for (const k of (u.$unset ?? []) as string[]) delete p[k]
    if ('$delete' in u) profiles.delete(id)
    else profiles.set(id, p)
  }
  return profiles
}

describe('applyProfileUpdates agrees with a model of profiles.md', () => {
  it('on random sequences of updates', async () => {
    const engine = await freshEngine()
    let round = 0
    await fc.assert(fc.asyncProperty(fc.array(update, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 4 }), async (updates, batches) => {
      // A fresh set of ids per run keeps runs independent on one database.
      round++
      const scoped = updates.map(u => ({ ...u, $distinct_id: `${round}-${u.$distinct_id}` }))
      const size = Math.ceil(scoped.length / batches)
      for (let i = 0; i < scoped.length; i += size) await engine.applyProfileUpdates(scoped.slice(i, i + size))
      const expected = model(scoped)
      for (const id of IDS) {
        const got = await engine.getProfile(`${round}-${id}`)
        const want = expected.get(`${round}-${id}`)
        expect(got?.properties ?? null).toEqual(want ?? null)
      }
    }), { numRuns: Number(process.env.UPDATE_FUZZ_RUNS ?? 60) })
    await engine.close()
  })
})
