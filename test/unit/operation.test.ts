// createOperation (src/ui/operation.ts): the one primitive behind every long
// engine call a page runs (file imports, actions and their undo): progress as
// reported (or as the page shows it), the operation id a cancel names, and an
// outcome that tells a cancel from a failure, never a throw.
import { createRoot } from 'solid-js'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const cancelled: string[] = []
vi.mock('../../src/db/client', () => ({ db: { api: () => ({ cancel: async (id: string) => { cancelled.push(id) } }) } }))

const { createOperation } = await import('../../src/ui/operation')

function deferred<T>() {
  let resolve!: (v: T) => void, reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej })
  return { promise, resolve, reject }
}

const make = <S,>(prefix: string) => createRoot(() => createOperation<S>(prefix))

describe('createOperation', () => {
  beforeEach(() => { cancelled.length = 0 })

  it('gives the call a progress callback and an id of its prefix; shows the reports; the outcome carries the value', async () => {
    const op = make<{ rows: number }>('import')
    const done = deferred<string>()
    let report!: (p: { rows: number }) => void
    let id = ''
    const outcome = op.run((onProgress, operationId) => { report = onProgress; id = operationId; return done.promise })
    expect(op.running()).toBe(true)
    expect(id).toMatch(/^import-\d+$/)
    expect(op.progress()).toBeNull()
    report({ rows: 10 })
    expect(op.progress()).toEqual({ rows: 10 })
    done.resolve('summary')
    expect(await outcome).toEqual({ ok: true, value: 'summary' })
    expect(op.running()).toBe(false)
    expect(op.progress(), 'the last report stays unless clearAfter').toEqual({ rows: 10 })
  })

  it('shows an initial progress, maps each report, and forgets it at the end when asked', async () => {
    const op = make<{ rows: number; label: string }>('file')
    const done = deferred<number>()
    let report!: (p: number) => void
    const outcome = op.run<number, number>(onProgress => { report = onProgress; return done.promise },
      { initial: { rows: 0, label: 'starting' }, shown: n => ({ rows: n, label: `${n} rows` }), clearAfter: true })
    expect(op.progress()).toEqual({ rows: 0, label: 'starting' })
    report(5)
    expect(op.progress()).toEqual({ rows: 5, label: '5 rows' })
    done.resolve(5)
    await outcome
    expect(op.progress()).toBeNull()
  })

  it('a cancel names the running call to the worker; its abort is an outcome "cancelled", and the flags reset', async () => {
    const op = make<number>('action')
    const done = deferred<void>()
    let id = ''
    const outcome = op.run((_, operationId) => { id = operationId; return done.promise })
    op.cancel()
    expect(cancelled).toEqual([id])
    expect(op.cancelling()).toBe(true)
    done.reject(new DOMException('The operation was aborted', 'AbortError'))
    expect(await outcome).toEqual({ ok: false, cancelled: true, message: expect.stringMatching(/aborted/) })
    expect(op.cancelling()).toBe(false)
    expect(op.running()).toBe(false)
    op.cancel()
    expect(cancelled, 'nothing to cancel when nothing runs').toEqual([id])
  })

  it('a failure is an outcome with the engine\'s message, not a throw, and not a cancel', async () => {
    const op = make<number>('action')
    const outcome = await op.run(async () => { throw new Error('$set.huge is larger than 1 MB') })
    expect(outcome).toEqual({ ok: false, cancelled: false, message: '$set.huge is larger than 1 MB' })
  })

  it('each run has its own id', async () => {
    const op = make<number>('x')
    const ids: string[] = []
    await op.run(async (_, id) => { ids.push(id) })
    await op.run(async (_, id) => { ids.push(id) })
    expect(new Set(ids).size).toBe(2)
  })
})
