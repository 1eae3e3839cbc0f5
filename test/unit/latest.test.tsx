// createLatest (src/ui/latest.ts): only the latest key's answers land, the
// previous answer stays while a new one is asked, failures are told, partial
// answers show as they come, and nothing lands after the owner is gone.
import { createRoot, createSignal } from 'solid-js'
import { describe, expect, it } from 'vitest'
import { createLatest, type Asking } from '../../src/ui/latest'

/** A promise resolved (or rejected) from outside. */
function deferred<T>() {
  let resolve!: (v: T) => void, reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej })
  return { promise, resolve, reject }
}
const tick = () => new Promise(r => setTimeout(r, 0))

function setup(initial: string | undefined) {
  const asked = new Map<string, ReturnType<typeof deferred<number>> & { asking: Asking<number> }>()
  const [key, setKey] = createSignal<string | undefined>(initial)
  let dispose!: () => void
  const latest = createRoot(d => {
    dispose = d
    return createLatest(key, (k, asking) => {
      const d = { ...deferred<number>(), asking }
      asked.set(k, d)
      return d.promise
    })
  })
  return { asked, setKey, latest, dispose }
}

describe('createLatest', () => {
  it('drops a slow answer to an older key that lands after the newer one', async () => {
    const { asked, setKey, latest } = setup('a')
    await tick()
    setKey('b')
    await tick()
    expect(latest.pending()).toBe(true)
    asked.get('b')!.resolve(2)
    await tick()
    asked.get('a')!.resolve(1)
    await tick()
    expect(latest.value()).toBe(2)
    expect(latest.key()).toBe('b')
    expect(latest.pending()).toBe(false)
    expect(asked.get('a')!.asking.current()).toBe(false)
  })

  it('keeps the previous answer while the next key is asked', async () => {
    const { asked, setKey, latest } = setup('a')
    await tick()
    asked.get('a')!.resolve(1)
    await tick()
    setKey('b')
    await tick()
    expect(latest.value()).toBe(1)
    expect(latest.key()).toBe('a')
    expect(latest.pending()).toBe(true)
  })

  it('tells why the latest key failed, and forgets a stale failure', async () => {
    const { asked, setKey, latest } = setup('a')
    await tick()
    setKey('b')
    await tick()
    asked.get('a')!.reject(new Error('old failure'))
    await tick()
    expect(latest.error()).toBe(null)
    asked.get('b')!.reject(new Error('the worker is gone'))
    await tick()
    expect(latest.error()).toBe('the worker is gone')
    expect(latest.pending()).toBe(false)
  })

  it('shows partial answers of the latest key only', async () => {
    const { asked, setKey, latest } = setup('a')
    await tick()
    asked.get('a')!.asking.partial(10)
    expect(latest.value()).toBe(10)
    expect(latest.pending()).toBe(true)
    setKey('b')
    await tick()
    asked.get('a')!.asking.partial(11)
    expect(latest.value()).toBe(10)
  })

  it('does not ask an equal key again; undefined stops the answer in flight', async () => {
    const { asked, setKey, latest } = setup('a')
    await tick()
    const first = asked.get('a')!
    setKey('a')
    await tick()
    expect(asked.get('a')).toBe(first)
    setKey(undefined)
    await tick()
    expect(first.asking.current()).toBe(false)
    expect(latest.pending()).toBe(false)
    first.resolve(1)
    await tick()
    expect(latest.value()).toBe(undefined)
  })

  it('lands nothing after its owner is disposed', async () => {
    const { asked, latest, dispose } = setup('a')
    await tick()
    dispose()
    expect(asked.get('a')!.asking.current()).toBe(false)
    asked.get('a')!.resolve(1)
    await tick()
    expect(latest.value()).toBe(undefined)
  })
})

describe('createLatest, a question that throws at once', () => {
  it('reports it as the latest key\'s error', async () => {
    const [key] = createSignal<string | undefined>('a')
    const latest = createRoot(() => createLatest(key, () => { throw new Error('The database is not open') }))
    await tick()
    expect(latest.error()).toBe('The database is not open')
    expect(latest.pending()).toBe(false)
  })
})
