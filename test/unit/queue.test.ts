import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_PASSED, OperationQueue, type Lane } from '../../workers/engine/queue'

const tick = () => new Promise(r => setTimeout(r, 0))

describe('OperationQueue', () => {
  it('runs one operation at a time; reads go before waiting background reads, never before a write', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom<Lane>('write', 'read', 'background'), { minLength: 1, maxLength: 12 }), async lanes => {
      const q = new OperationQueue()
      const started: number[] = []
      let running = 0
      let overlap = false
      let release!: () => void
      const gate = new Promise<void>(r => { release = r })
      // a first operation holds the queue while the others are asked for
      const first = q.run('write', () => gate)
      const done = lanes.map((lane, i) => q.run(lane, async () => {
        if (running++ > 0) overlap = true
        started.push(i)
        await tick()
        running--
        return i
      }))
      release()
      await first
      expect(await Promise.all(done)).toEqual(lanes.map((_, i) => i))
      expect(overlap).toBe(false)
      expect([...started].sort((a, b) => a - b)).toEqual(lanes.map((_, i) => i))
      for (let k = 0; k < started.length; k++) {
        const i = started[k]!
        for (const j of started.slice(k + 1)) {
          if (j > i) continue
          // j was asked before i but ran after it: only a background read is passed, by a read, with no write between
          expect(lanes[j]).toBe('background')
          expect(lanes[i]).toBe('read')
          expect(lanes.slice(j, i).includes('write')).toBe(false)
        }
      }
      // a write runs after everything asked before it, and before everything asked after it
      for (let i = 0; i < lanes.length; i++) {
        if (lanes[i] !== 'write') continue
        const before = started.indexOf(i)
        for (let j = 0; j < i; j++) expect(started.indexOf(j)).toBeLessThan(before)
        for (let j = i + 1; j < lanes.length; j++) expect(started.indexOf(j)).toBeGreaterThan(before)
      }
    }), { numRuns: 200 })
  })

  it('a failed operation rejects its own promise and the queue goes on', async () => {
    const q = new OperationQueue()
    const a = q.run('read', async () => { throw new Error('boom') })
    const b = q.run('read', async () => 2)
    await expect(a).rejects.toThrow('boom')
    expect(await b).toBe(2)
  })

  it('a read waiting behind background reads goes first', async () => {
    const q = new OperationQueue()
    const order: string[] = []
    let release!: () => void
    const first = q.run('read', () => new Promise<void>(r => { release = r }))
    const bg = q.run('background', async () => { order.push('names') })
    const count = q.run('read', async () => { order.push('count') })
    release()
    await Promise.all([first, bg, count])
    expect(order).toEqual(['count', 'names'])
  })

  it(`a background task is passed by at most ${MAX_PASSED} reads, then runs in its turn (a steady run of reads does not starve it)`, async () => {
    const q = new OperationQueue()
    const order: string[] = []
    let release!: () => void
    const first = q.run('read', () => new Promise<void>(r => { release = r }))
    const bg = q.run('background', async () => { order.push('column') })
    const reads = Array.from({ length: MAX_PASSED + 3 }, (_, i) => q.run('read', async () => { order.push(`count ${i}`) }))
    release()
    await Promise.all([first, bg, ...reads])
    expect(order.indexOf('column')).toBe(MAX_PASSED)
  })
})
