// One running action or undo as the pages see it: its progress, the
// operation id the DB worker cancels it by, and whether a cancel was asked.
import * as Comlink from 'comlink'
import { batch, createSignal } from 'solid-js'
import type { ActionProgress } from '../../../workers/engine/types'
import { db } from '../../db/client'
import { messageOf } from '../../ui/errors'
import type { Outcome } from '../../import/operation'

let operations = 0

export function createActionRun() {
  const [progress, setProgress] = createSignal<ActionProgress | null>(null)
  const [operationId, setOperationId] = createSignal<string | null>(null)
  const [cancelling, setCancelling] = createSignal(false)
  return {
    progress,
    cancelling,
    running: () => operationId() !== null,
    /** Runs `work` with a progress callback and an operation id; never throws. */
    async run<T>(work: (onProgress: (p: ActionProgress) => void, operationId: string) => Promise<T>): Promise<Outcome<T>> {
      const id = `action-${++operations}`
      batch(() => { setOperationId(id); setCancelling(false); setProgress(null) })
      try {
        return { ok: true, value: await work(Comlink.proxy((p: ActionProgress) => setProgress(p)), id) }
      } catch (e) {
        const message = messageOf(e)
        return { ok: false, cancelled: cancelling() || /abort/i.test(message), message }
      } finally {
        batch(() => { setOperationId(null); setCancelling(false) })
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

export type ActionRun = ReturnType<typeof createActionRun>
