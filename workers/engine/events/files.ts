// Events from files: a reader of the plan's format (imports/formats.ts) into
// the bulk path (bulk.ts), run by the import runner, so a file is one
// transaction: cancelled or failed, it leaves the data as it was. Lines that
// cannot be events are skipped and reported with their number and the reason.
import type { PGlite } from '@electric-sql/pglite'
import type { EventsFilePlan, ImportSummary, Progress } from '../types'
import { runImport } from '../imports/run'
import { formatOf } from '../imports/formats'
import { storeEventStream, type BulkOptions } from './bulk'
import type { NumberedEvent } from './check'

export interface FileImportOptions extends BulkOptions {
  onProgress?: (p: Progress) => void
  signal?: AbortSignal
}

/** Reads a file of events and stores them through the bulk path; recorded in the history when the plan names the file. */
export function importEventsFile(db: PGlite, source: Blob | string, plan: EventsFilePlan,
                                 options: FileImportOptions = {}): Promise<ImportSummary> {
  const { onProgress, signal, ...bulk } = options
  const fileName = typeof plan.fileName === 'string' && plan.fileName !== '' ? plan.fileName : undefined
  const format = formatOf(plan.format)
  return runImport(db, { source, onProgress, signal, raw: format.raw, ...(fileName ? { record: { fileName, kind: 'events' } } : {}) },
    async (tx, run) => {
      const batches = format.events(source, plan, signal)
      async function* events(): AsyncGenerator<NumberedEvent[]> {
        for await (const batch of batches) {
          run.bytes = batch.bytesRead
          yield batch.events
        }
      }
      await storeEventStream(tx, events(), run, bulk)
    })
}
