// The page's export loop: opens the export in the worker, pulls its chunks
// one at a time into the target (so the worker is never more than a chunk
// ahead of the disk), reports progress, and on cancel stops the worker and
// aborts the target so that no partial file is left behind.
import type { ExportChunk } from '../../workers/engine/types'
import type { ExportInfo, ExportRequest } from '../../workers/exportPulls'
import type { ExportTarget } from './target'

export interface ExportPuller {
  openExport(id: string, request: ExportRequest): Promise<ExportInfo>
  nextExportChunk(id: string): Promise<ExportChunk | null>
  cancelExport(id: string): Promise<void>
}

export interface ExportResult { rows: number; bytes: number; info: ExportInfo }

export async function runExport(api: ExportPuller, request: ExportRequest, target: ExportTarget,
                                onStart: (info: ExportInfo) => void,
                                onProgress: (p: { rows: number; bytes: number }) => void,
                                signal: AbortSignal): Promise<ExportResult> {
  const id = crypto.randomUUID()
  let opened = false
  try {
    const info = await api.openExport(id, request)
    opened = true
    onStart(info)
    let rows = 0, bytes = 0
    for (;;) {
      signal.throwIfAborted()
      // Cancel answers at once, not after the chunk being read.
      const chunk = await Promise.race([api.nextExportChunk(id), whenAborted(signal)])
      if (!chunk) break
      // A write that hangs (a slow disk, a busy picker) does not hold Cancel up either.
      await Promise.race([target.write(chunk.data), whenAborted(signal)])
      rows = chunk.rows
      bytes = chunk.bytes
      onProgress({ rows, bytes })
    }
    opened = false
    await target.close()
    return { rows, bytes, info }
  } catch (error) {
    if (opened) await api.cancelExport(id).catch(() => undefined)
    await target.abort()
    throw error
  }
}

function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason)
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}
