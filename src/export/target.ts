// Where an export's bytes go. With the File System Access API (Chromium),
// the user picks the file first and each chunk is written to it as it
// arrives; Cancel aborts the writable, which discards what was written (the
// browser writes to a swap file and only a close() replaces the target), and
// removes the file the picker created where the browser can. Elsewhere the
// chunks are folded into a Blob every few MB (the browser keeps a Blob's bytes
// outside the JS heap, on disk when large) and downloaded at the end.

export interface ExportTarget {
  write(data: Uint8Array): Promise<void>
  /** Finishes the file; the Blob target starts the download. */
  close(): Promise<void>
  /** Leaves nothing behind. */
  abort(): Promise<void>
  /** 'picker': written where the user chose; 'download': the browser's downloads */
  kind: 'picker' | 'download'
}

interface SaveHandle {
  createWritable(): Promise<{ write(data: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>
  remove?: () => Promise<void>
}
type SavePicker = (options: { suggestedName: string; types?: Array<{ description: string; accept: Record<string, string[]> }> }) => Promise<SaveHandle>

/** The browser's save picker, if it has one. */
function savePicker(): SavePicker | undefined {
  const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker
  return typeof picker === 'function' ? picker.bind(globalThis) : undefined
}

/**
 * Asks where to save (call it straight from the click: the picker needs the
 * user's gesture). null: the user closed the picker, so nothing is exported.
 */
export async function chooseTarget(fileName: string, mimeType: string, save: (blob: Blob, name: string) => void): Promise<ExportTarget | null> {
  const picker = savePicker()
  if (!picker) return blobTarget(fileName, mimeType, save)
  const extension = fileName.slice(fileName.lastIndexOf('.'))
  let handle: SaveHandle
  try {
    handle = await picker({ suggestedName: fileName, types: [{ description: extension === '.csv' ? 'CSV file' : 'NDJSON file', accept: { [mimeType.split(';')[0]!]: [extension] } }] })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null
    throw error
  }
  const writable = await handle.createWritable()
  return {
    kind: 'picker',
    write: data => writable.write(data),
    close: () => writable.close(),
    async abort() {
      await writable.abort().catch(() => undefined)
      await handle.remove?.().catch(() => undefined)
    },
  }
}

const FOLD_BYTES = 8 << 20

export function blobTarget(fileName: string, mimeType: string, save: (blob: Blob, name: string) => void): ExportTarget {
  let blob = new Blob([], { type: mimeType })
  let parts: Uint8Array[] = []
  let pending = 0
  const fold = () => {
    blob = new Blob([blob, ...(parts as BlobPart[])], { type: mimeType })
    parts = []
    pending = 0
  }
  return {
    kind: 'download',
    async write(data) {
      parts.push(data)
      pending += data.length
      if (pending >= FOLD_BYTES) fold()
    },
    async close() {
      fold()
      save(blob, fileName)
    },
    async abort() {
      parts = []
      blob = new Blob([])
    },
  }
}
