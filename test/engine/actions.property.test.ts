// Property test: a random set or unset over a random filter leaves exactly
// the profiles a plain model says, with the casts kept right; its undo gives
// back the workspace exactly as it was, whatever each profile held.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Group, ProfileAction } from '../../workers/engine/types'
import { castsAgree, snapshot } from './actions-helpers'
import { useEngine } from './helpers'

const IDS = ['u1', 'u2', 'u3', 'u4', 'u5']
const value = fc.oneof(
  fc.integer({ min: -3, max: 3 }), fc.constantFrom('x', ' 2.5 ', '2024-02-03', '2024-02-03T04:05:06Z', '', 'pro'),
  fc.boolean(), fc.constant(null), fc.array(fc.constantFrom('a', 1), { maxLength: 2 }),
)
// Each id: events only (no profile), or a profile holding some of k, g.
const user = fc.record({
  profile: fc.option(fc.record({ k: fc.option(value, { nil: undefined }), g: fc.constantFrom('a', 'b') }, { requiredKeys: ['g'] }), { nil: undefined }),
  events: fc.boolean(),
})
const action: fc.Arbitrary<ProfileAction> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), property: fc.constant('k'), value: value.filter(v => v !== null) }),
  fc.record({ kind: fc.constant('unset' as const), property: fc.constant('k') }),
)
const gIs = (g: string): Group => ({ op: 'and', filters: [{ type: 'property', property: 'g', dataType: 'string', operator: 'equals', values: [g] }] })

describe('set and unset, then undo (property)', () => {
  const engine = useEngine()

  it('matches the model, and undo restores every value', async () => {
    await fc.assert(fc.asyncProperty(fc.array(user, { minLength: IDS.length, maxLength: IDS.length }), action, fc.constantFrom('a', 'b', null),
      async (users, act, g) => {
        const e = engine()
        await e.erase()
        const plain = (p: object) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined))
        const updates = users.flatMap((u, i) => (u.profile ? [{ $distinct_id: IDS[i]!, $set: plain(u.profile) }] : []))
        expect((await e.applyProfileUpdates(updates)).errors).toEqual([])
        const events = users.flatMap((u, i) => (u.events || !u.profile ? [{ event: 'e', properties: { distinct_id: IDS[i]!, time: 1_700_000_000 + i } }] : []))
        await e.importEvents(events)
        const before = await snapshot(e)
        const result = await e.runAction({ query: { scope: 'all', ...(g ? { filter: gIs(g) } : {}) } }, act)

        // The model: profiles.md's $set and $unset on the matched ids.
        let changed = 0
        for (const [i, u] of users.entries()) {
          const matched = g === null || u.profile?.g === g
          const props: Record<string, unknown> | null = u.profile ? plain(u.profile) : null
          let expected = props
          if (matched && act.kind === 'set') {
            if (!props || !('k' in props) || JSON.stringify(props.k) !== JSON.stringify(act.value)) changed++
            expected = { ...(props ?? {}), k: act.value }
          } else if (matched && act.kind === 'unset' && props && 'k' in props) {
            changed++
            const { k: _, ...rest } = props
            expected = rest
          }
          const stored = await e.getProfile(IDS[i]!)
          expect(stored?.properties ?? null).toEqual(expected ?? (stored ? {} : null))
        }
        expect(result.changed).toBe(changed)
        expect(await castsAgree(e)).toBe(0)
        if (result.undo) await e.undoAction(result.undo.id)
        expect(await snapshot(e)).toEqual(before)
      }), { numRuns: 25 })
  })
})
