// Where the workspace lives in this browser: a PGlite data dir in the origin
// private file system (`opfs-ahp://`) or, where the browser lacks sync access
// handles, in IndexedDB (`idb://`). There are two names: a restore
// (engine/backup/restore.ts) fills the one not in use, opens and checks it,
// and only then makes it current. A small pointer file in OPFS says which
// name is current; it is written with createWritable, which replaces the
// file whole when it closes, so a crash leaves the old or the new name.
import type { DataDirs } from './engine/backup/restore'

type Kind = 'opfs' | 'idb'

const NAMES = ['cohortlite', 'cohortlite-2'] as const
const POINTER = 'cohortlite-current'
const PREFIX: Record<Kind, string> = { opfs: 'opfs-ahp://', idb: 'idb://' }

const hasOpfs = () => typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function'

/** The current name: the first one until a restore switched. */
async function currentName(): Promise<string> {
  if (!hasOpfs()) return NAMES[0]
  let text: string
  try {
    const handle = await (await navigator.storage.getDirectory()).getFileHandle(POINTER)
    text = (await (await handle.getFile()).text()).trim()
  } catch (error) {
    if ((error as Error)?.name === 'NotFoundError') return NAMES[0]
    throw error
  }
  // Guessing here could open the wrong data dir, and a later restore would
  // then take the other one, which holds the workspace, as its spare.
  if (!(NAMES as readonly string[]).includes(text)) throw new Error(`The workspace pointer (${POINTER}) holds "${text.slice(0, 40)}", not a workspace name`)
  return text
}

async function writePointer(name: string): Promise<void> {
  if (!hasOpfs()) throw new Error('Restoring needs the origin private file system, which this browser does not offer')
  const handle = await (await navigator.storage.getDirectory()).getFileHandle(POINTER, { create: true })
  const writable = await (handle as unknown as { createWritable(): Promise<FileSystemWritableFileStream> }).createWritable()
  await writable.write(name)
  await writable.close()
}

const nameOf = (dataDir: string) => dataDir.replace(/^[a-z-]+:\/\//, '')

async function removeName(kind: Kind, name: string): Promise<void> {
  if (kind === 'opfs') {
    await (await navigator.storage.getDirectory()).removeEntry(name, { recursive: true })
      .catch((error: unknown) => { if ((error as Error)?.name !== 'NotFoundError') throw error })
    return
  }
  // PGlite names its IndexedDB database `/pglite/<name>`; look for others ending so too.
  const known = typeof indexedDB.databases === 'function' ? await indexedDB.databases() : []
  const names = new Set([`/pglite/${name}`, ...known.map(d => d.name ?? '').filter(n => n.endsWith(`/${name}`))])
  for (const n of names) {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(n)
      request.onsuccess = () => resolve()
      request.onerror = () => reject(request.error ?? new Error(`Could not delete ${n}`))
      request.onblocked = () => resolve()
    })
  }
}

/** The workspace's data dirs of one storage kind, for the worker's open and restore. */
export function workspaceDirs(kind: Kind): DataDirs {
  return {
    current: async () => PREFIX[kind] + await currentName(),
    async spare() {
      const now = await currentName()
      const other = NAMES.find(n => n !== now)!
      await removeName(kind, other)
      return PREFIX[kind] + other
    },
    activate: async dataDir => writePointer(nameOf(dataDir)),
    remove: async dataDir => removeName(kind, nameOf(dataDir)),
  }
}

/** Deletes every data dir this app ever made here, of both kinds, and the pointer: the next open starts empty. */
export async function removeAllDataDirs(): Promise<void> {
  for (const name of NAMES) {
    if (hasOpfs()) await removeName('opfs', name)
    if (typeof indexedDB !== 'undefined') await removeName('idb', name)
  }
  if (hasOpfs()) {
    await (await navigator.storage.getDirectory()).removeEntry(POINTER)
      .catch((error: unknown) => { if ((error as Error)?.name !== 'NotFoundError') throw error })
  }
}

/** Bytes under the current OPFS data dir. */
export async function currentOpfsSize(): Promise<number> {
  const root = await navigator.storage.getDirectory()
  return directorySize(await root.getDirectoryHandle(await currentName()))
}

async function directorySize(dir: FileSystemDirectoryHandle): Promise<number> {
  let total = 0
  const pending: Promise<number>[] = []
  for await (const handle of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
    if (handle.kind === 'directory') pending.push(directorySize(handle as FileSystemDirectoryHandle))
    else pending.push((handle as FileSystemFileHandle).getFile().then(f => f.size))
  }
  for (const size of await Promise.all(pending)) total += size
  return total
}
