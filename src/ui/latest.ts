// The latest answer to a changing question. The worker answers requests in
// turn, so a slow answer to an old question can land after a quick one to
// the new question; only the latest key's answers are kept. The previous
// answer stays until the new one lands, so a page keeps showing what it had
// (the old rows and total) while it asks.
import { batch, createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js'
import { messageOf } from './errors'

export interface Asking<T> {
  /** false once a newer key has been asked (or the owner is gone): stop asking more */
  current: () => boolean
  /** an answer so far (e.g. the first of several counts), shown while the rest comes */
  partial: (value: T) => void
}

export interface Latest<K, T> {
  /** the latest answered key's answer (partial answers included); undefined before the first */
  value: Accessor<T | undefined>
  /** the key `value` answers */
  key: Accessor<K | undefined>
  /** the latest key is still being answered */
  pending: Accessor<boolean>
  /** why the latest key could not be answered; null when it was (or while it is asked) */
  error: Accessor<string | null>
}

/**
 * Asks `ask(key)` each time `source` gives a new key (undefined: nothing to
 * ask; an answer in flight is then dropped). `equals` tells two keys apart
 * (default: ===); an equal key is not asked again.
 */
export function createLatest<K, T>(
  source: Accessor<K | undefined>,
  ask: (key: K, asking: Asking<T>) => Promise<T>,
  options: { equals?: (a: K, b: K) => boolean } = {},
): Latest<K, T> {
  const equals = options.equals ?? ((a: K, b: K) => a === b)
  const [value, setValue] = createSignal<T | undefined>(undefined)
  const [key, setKey] = createSignal<K | undefined>(undefined)
  const [pending, setPending] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  let generation = 0
  let asked: { key: K } | null = null
  let disposed = false

  const land = (k: K, v: T, done: boolean) => batch(() => {
    setValue(() => v)
    setKey(() => k)
    setError(null)
    if (done) setPending(false)
  })

  createEffect(on(source, k => {
    if (k === undefined) {
      generation++
      asked = null
      setPending(false)
      return
    }
    if (asked && equals(asked.key, k)) return
    asked = { key: k }
    const mine = ++generation
    const current = () => mine === generation && !disposed
    batch(() => {
      setPending(true)
      setError(null)
    })
    let answer: Promise<T>
    try {
      answer = ask(k, { current, partial: v => { if (current()) land(k, v, false) } })
    } catch (e) {
      answer = Promise.reject(e) // a question that throws before asking fails like one that rejects
    }
    answer.then(
      v => { if (current()) land(k, v, true) },
      (e: unknown) => {
        if (!current()) return
        batch(() => {
          setError(messageOf(e))
          setPending(false)
        })
      })
  }))
  // The owner (a page) goes: answers still in flight land nowhere.
  onCleanup(() => { disposed = true })

  return { value, key, pending, error }
}
