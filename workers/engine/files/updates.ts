// Profile updates from files: a JSON array or NDJSON of Engage updates,
// applied in file order through the same code as applyProfileUpdates, a
// chunk at a time (a chunk loads the profiles it touches, applies its updates
// in order and writes them back, so the next chunk sees its result), run by
// the import runner in one transaction. Unparsable lines and refused updates
// are skipped and reported with their number.
import type { PGlite } from '@electric-sql/pglite'
import type { ImportSummary, Progress, UpdatesFilePlan } from '../types'
import type { WalGuard } from '../db'
import { applyProfileUpdates } from '../profiles/updates'
import { runImport } from '../imports/run'
import { FORMATS } from '../imports/formats'
import { parseItem } from './json'

const CHUNK = 5_000

export function importUpdatesFile(db: PGlite, source: Blob | string, plan: UpdatesFilePlan,
                                  options: { onProgress?: (p: Progress) => void; signal?: AbortSignal; wal?: WalGuard } = {}): Promise<ImportSummary> {
  const { onProgress, signal, wal } = options
  const entry = Object.hasOwn(FORMATS, plan.format) ? FORMATS[plan.format] : undefined
  if (!entry?.updates) throw new Error(`profile updates come as NDJSON or a JSON array; plan.format ${JSON.stringify(plan.format)} is neither`)
  const read = entry.updates
  const fileName = typeof plan.fileName === 'string' && plan.fileName !== '' ? plan.fileName : undefined
  return runImport(db, { source, onProgress, signal, raw: entry.raw, ...(fileName ? { record: { fileName, kind: 'updates' } } : {}) },
    async (tx, run) => {
      const summary = run.summary
      let pending: Array<{ row: number; text: string; value: unknown }> = []
      const apply = async () => {
        if (pending.length === 0) return
        const chunk = pending
        pending = []
        const result = await applyProfileUpdates(tx, chunk.map(u => u.value as Record<string, unknown>))
        summary.created += result.created
        summary.updated += result.updated
        for (const e of result.errors) {
          const item = chunk[e.row - 1]!
          run.skip(item.row, e.message, [item.text])
        }
        await wal?.check(tx)
        run.throwIfAborted()
      }
      for await (const batch of read(source, signal)) {
        run.bytes = batch.bytesRead
        for (const item of batch.items) {
          summary.rows++
          const parsed = parseItem(item, plan.format)
          if ('error' in parsed) run.skip(item.row, parsed.error, [item.text])
          else pending.push({ row: item.row, text: item.text, value: parsed.value })
          if (pending.length >= CHUNK) await apply()
        }
        run.progress()
        run.throwIfAborted()
      }
      await apply()
    })
}
