// One running file import as the pages see it: its progress, the operation id
// the DB worker can cancel it by, and whether a cancel has been asked for.
// The profiles wizard and the events and updates imports each hold one.
import * as Comlink from 'comlink'
import { batch, createSignal } from 'solid-js'
import type { Progress } from '../../workers/engine/types'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import type { TimedProgress } from './ImportProgress'

export type Outcome<T> = { ok: true; value: T } | { ok: false; cancelled: boolean; message: string }

let operations = 0

export function createImportOperation(prefix: string) {
  const [progress, setProgress] = createSignal<TimedProgress | null>(null)
  const [operationId, setOperationId] = createSignal<string | null>(null)
  const [cancelling, setCancelling] = createSignal(false)

  return {
    progress,
    cancelling,
    running: () => operationId() !== null,

    /** Runs `work` with a progress callback and an operation id; never throws. */
    async run<T>(totalBytes: number, work: (onProgress: (p: Progress) => void, operationId: string) => Promise<T>): Promise<Outcome<T>> {
      const id = `${prefix}-${++operations}`
      const startedAt = performance.now()
      batch(() => {
        setOperationId(id)
        setCancelling(false)
        setProgress({ rows: 0, bytes: 0, totalBytes, startedAt, now: startedAt })
      })
      const onProgress = Comlink.proxy((p: Progress) => setProgress({ ...p, startedAt, now: performance.now() }))
      try {
        return { ok: true, value: await work(onProgress, id) }
      } catch (e) {
        const message = messageOf(e)
        return { ok: false, cancelled: cancelling() || /abort/i.test(message), message }
      } finally {
        batch(() => {
          setOperationId(null)
          setProgress(null)
          setCancelling(false)
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
