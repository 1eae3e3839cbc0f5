// One long engine call as a page sees it (a file import, an action on
// profiles or its undo): its progress, the operation id the DB worker cancels
// it by, and whether a cancel was asked. The call runs in the worker, so it
// gets its progress callback as a Comlink proxy, and the id in place of an
// AbortSignal (which cannot cross postMessage).
import * as Comlink from 'comlink'
import { batch, createSignal } from 'solid-js'
import { db } from '../db/client'
import { messageOf } from './errors'

export type Outcome<T> = { ok: true; value: T } | { ok: false; cancelled: boolean; message: string }

export interface RunOptions<Shown, Reported> {
  /** the progress shown before the first report (else none) */
  initial?: Shown
  /** what the page shows of a report (else the report itself) */
  shown?: (p: Reported) => Shown
  /** forget the progress when the call ends (else the last report stays) */
  clearAfter?: boolean
}

let operations = 0

export function createOperation<Shown>(prefix: string) {
  const [progress, setProgress] = createSignal<Shown | null>(null)
  const [operationId, setOperationId] = createSignal<string | null>(null)
  const [cancelling, setCancelling] = createSignal(false)
  return {
    progress,
    cancelling,
    running: () => operationId() !== null,

    /** Runs `work` with a progress callback and an operation id; never throws. */
    async run<T, Reported = Shown>(work: (onProgress: (p: Reported) => void, operationId: string) => Promise<T>,
                                   options: RunOptions<Shown, Reported> = {}): Promise<Outcome<T>> {
      const id = `${prefix}-${++operations}`
      const shown = options.shown ?? ((p: Reported) => p as unknown as Shown)
      batch(() => { setOperationId(id); setCancelling(false); setProgress(() => options.initial ?? null) })
      try {
        return { ok: true, value: await work(Comlink.proxy((p: Reported) => setProgress(() => shown(p))), id) }
      } catch (e) {
        const message = messageOf(e)
        return { ok: false, cancelled: cancelling() || /abort/i.test(message), message }
      } finally {
        batch(() => {
          setOperationId(null)
          setCancelling(false)
          if (options.clearAfter) setProgress(null)
        })
      }
    },

    cancel() {
      const id = operationId()
      if (!id) return
      setCancelling(true)
      void db.api().cancel(id)
    },
  }
}

export type Operation<Shown> = ReturnType<typeof createOperation<Shown>>
