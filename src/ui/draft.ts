// What an input holds (the draft) and the value it is committed as after a
// pause (into the URL, say). Two rules keep a user's input from being lost:
// - an edit still waiting to be committed wins over a committed value that
//   changes meanwhile (a view change, back/forward): the draft is kept and
//   committed on top when its time comes;
// - a view change made by the page carries the edit with it: `flush()` cancels
//   the wait and returns the value to commit now.
// A draft that has no committed form (an over-long search, say) is kept as
// typed and never overwritten by the committed value; only an edit replaces it.
import { debounce } from '@solid-primitives/scheduled'
import { createEffect, createSignal, on, untrack, type Accessor } from 'solid-js'

export interface Draft<T, C> {
  /** what the input shows */
  value: Accessor<T>
  /** an edit: committed after `wait` ms without another */
  set: (value: T) => void
  /** an edit is waiting to be committed */
  pending: Accessor<boolean>
  /** cancels the wait; the value a view change made now should carry */
  flush: () => C
}

export interface DraftOptions<T, C> {
  /** the committed value (e.g. read from the URL) */
  committed: Accessor<C>
  /** commits a value (e.g. writes the URL); called after the pause, never with the committed value */
  commit: (value: C) => void
  wait: number
  /** the committed form of a draft (e.g. trimmed); undefined when it has none */
  toCommitted: (draft: T) => C | undefined
  /** the draft a committed value shows as */
  fromCommitted: (value: C) => T
  equals?: (a: C, b: C) => boolean
}

export function createDraft<T, C>(o: DraftOptions<T, C>): Draft<T, C> {
  const equals = o.equals ?? ((a: C, b: C) => a === b)
  const [value, setValue] = createSignal<T>(o.fromCommitted(untrack(o.committed)))
  const [pending, setPending] = createSignal(false)

  // debounce clears its timer when the owner (the page) is disposed.
  const later = debounce(() => {
    setPending(false)
    const next = o.toCommitted(untrack(value))
    if (next !== undefined && !equals(next, untrack(o.committed))) o.commit(next)
  }, o.wait)

  createEffect(on(o.committed, committed => {
    if (untrack(pending)) return
    const mine = o.toCommitted(untrack(value))
    if (mine === undefined || equals(mine, committed)) return
    setValue(() => o.fromCommitted(committed))
  }, { defer: true }))

  function set(next: T) {
    setValue(() => next)
    const c = o.toCommitted(next)
    if (c === undefined || equals(c, untrack(o.committed))) {
      later.clear()
      setPending(false)
    } else {
      setPending(true)
      later()
    }
  }

  function flush(): C {
    later.clear()
    setPending(false)
    return o.toCommitted(untrack(value)) ?? untrack(o.committed)
  }

  return { value, set, pending, flush }
}
