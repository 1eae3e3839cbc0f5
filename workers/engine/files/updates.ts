// Profile updates from files: a JSON array or NDJSON of Engage updates,
// applied in file order in the caller's transaction through the same code as
// applyProfileUpdates, a chunk at a time (a chunk loads the profiles it
// touches, applies its updates in order and writes them back, so the next
// chunk sees its result). Unparsable lines and refused updates are skipped
// and reported with their number.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { ImportSummary, Progress } from '../types'
import type { WalGuard } from '../db'
import { applyProfileUpdates } from '../profiles/updates'
import { jsonItems, keptText, parseItem, type JsonFormat } from './json'

/** extension: what importUpdatesFile needs beyond the file. */
export interface UpdatesFilePlan {
  format: JsonFormat
  /** record the import in the history under this name */
  fileName?: string
}

const CHUNK = 5_000
const MAX_KEPT_RAW = 100_000

export async function importUpdatesFile(tx: PGlite | Transaction, source: Blob | string, plan: UpdatesFilePlan,
                                        onProgress?: (p: Progress) => void, signal?: AbortSignal, wal?: WalGuard): Promise<ImportSummary> {
  if (plan.format !== 'ndjson' && plan.format !== 'json-array') {
    throw new Error(`profile updates come as NDJSON or a JSON array; plan.format ${JSON.stringify(plan.format)} is neither`)
  }
  const totalBytes = typeof source === 'string' ? source.length : source.size
  const summary: ImportSummary = { rows: 0, created: 0, updated: 0, skipped: 0, errors: [] }
  const skip = (row: number, message: string, text: string) => {
    summary.errors.push(summary.errors.length < MAX_KEPT_RAW ? { row, message, cells: [keptText(text)] } : { row, message })
  }
  let pending: Array<{ row: number; text: string; value: unknown }> = []
  let bytes = 0
  let lastProgress = 0

  const apply = async () => {
    if (pending.length === 0) return
    const chunk = pending
    pending = []
    const result = await applyProfileUpdates(tx, chunk.map(u => u.value as Record<string, unknown>))
    summary.created += result.created
    summary.updated += result.updated
    for (const e of result.errors) {
      const item = chunk[e.row - 1]!
      skip(item.row, e.message, item.text)
    }
    await wal?.check(tx)
    signal?.throwIfAborted()
  }

  for await (const batch of jsonItems(plan.format, source, signal)) {
    bytes = batch.bytesRead
    for (const item of batch.items) {
      summary.rows++
      const parsed = parseItem(item, plan.format)
      if ('error' in parsed) skip(item.row, parsed.error, item.text)
      else pending.push({ row: item.row, text: item.text, value: parsed.value })
      if (pending.length >= CHUNK) await apply()
    }
    if (onProgress && Date.now() - lastProgress >= 100) {
      lastProgress = Date.now()
      onProgress({ rows: summary.rows, bytes, totalBytes })
    }
    signal?.throwIfAborted()
  }
  await apply()
  summary.errors.sort((a, b) => a.row - b.row)
  summary.skipped = summary.errors.length
  onProgress?.({ rows: summary.rows, bytes: totalBytes, totalBytes })
  return summary
}
