// The engine-test plumbing itself: the template database loads, is migrated
// and empty, and two clones do not share data.
import { describe, expect, it } from 'vitest'
import { freshEngine, useEngine } from './helpers'

describe('engine test harness', () => {
  const engine = useEngine()

  it('opens an empty, migrated database from the template', async () => {
    expect(await engine().countUsers({ scope: 'profiles' })).toBe(0)
    expect(await engine().countUsers({ scope: 'all' })).toBe(0)
    expect(await engine().listUsers({ scope: 'all', offset: 0, limit: 10 })).toEqual([])
  })

  it('gives every freshEngine() its own database', async () => {
    const started = Date.now()
    const other = await freshEngine()
    const openMs = Date.now() - started
    try {
      const summary = await other.applyProfileUpdates([{ $distinct_id: 'harness-1', $set: { $name: 'Harness' } }])
      expect(summary.errors).toEqual([])
      expect(await other.countUsers({ scope: 'profiles' })).toBe(1)
      expect(await engine().countUsers({ scope: 'profiles' })).toBe(0)
      // The point of the template: a clone costs about a second, not an initdb.
      expect(openMs).toBeLessThan(15_000)
    } finally {
      await other.close()
    }
  })
})
