// A running file import as its page sees it (src/ui/operation.ts), its
// progress stamped with the time the import started and the time of each
// report, for the rate and time left. The profiles wizard and the events and
// updates imports each hold one.
import type { Progress } from '../../workers/engine/types'
import { createOperation } from '../ui/operation'
import type { TimedProgress } from './ImportProgress'

export type { Outcome } from '../ui/operation'

export function createImportOperation(prefix: string) {
  const operation = createOperation<TimedProgress>(prefix)
  return {
    ...operation,
    run<T>(totalBytes: number, work: (onProgress: (p: Progress) => void, operationId: string) => Promise<T>) {
      const startedAt = performance.now()
      return operation.run<T, Progress>(work, {
        initial: { rows: 0, bytes: 0, totalBytes, startedAt, now: startedAt },
        shown: p => ({ ...p, startedAt, now: performance.now() }),
        clearAfter: true,
      })
    },
  }
}
