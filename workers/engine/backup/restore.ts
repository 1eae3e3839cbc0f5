// Restoring a backup over the workspace, so that a failure at any step leaves
// the workspace as it was: the backup is loaded into a second data dir and
// opened there (which migrates an older schema), its counts are compared
// with the manifest's, and only then does that data dir become the current
// one; the old one is removed last. The caller closes the current engine
// first (a data dir is never open twice) and, if this throws, opens the
// current data dir again.
import type { Engine, OpenOptions } from '../types'
import type { ReadBackup } from './backup'

/** Where workspaces live: the current data dir and a spare one (OPFS or IndexedDB in the browser, directories in Node). */
export interface DataDirs {
  /** The data dir the workspace is in now. */
  current(): Promise<string>
  /** A data dir other than the current one, emptied of anything a past attempt left. */
  spare(): Promise<string>
  /** From now on `current()` is `dataDir`; a crash during it leaves one or the other current, whole. */
  activate(dataDir: string): Promise<void>
  remove(dataDir: string): Promise<void>
}

const COUNTED = ['profiles', 'users', 'groups', 'events', 'cohorts'] as const

/** Opens the backup in the spare data dir, checks it, and makes it the workspace; returns its engine. */
export async function restoreWorkspace(backup: ReadBackup, dirs: DataDirs,
                                       open: (options: OpenOptions) => Promise<Engine>): Promise<Engine> {
  const previous = await dirs.current()
  const target = await dirs.spare()
  let next: Engine | undefined
  try {
    next = await open({ dataDir: target, loadDataDir: backup.database, files: backup.files })
    const stats = await next.stats()
    const differ = COUNTED.filter(k => stats[k] !== backup.manifest.counts[k])
    if (differ.length) {
      throw new Error(`the restored database holds ${differ.map(k => `${stats[k]} ${k}`).join(', ')} where the backup's manifest says ` +
        differ.map(k => `${backup.manifest.counts[k]}`).join(', '))
    }
  } catch (error) {
    await next?.close().catch(() => undefined)
    await dirs.remove(target).catch(() => undefined)
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`The backup could not be restored (${message}). The workspace was not changed.`)
  }
  await dirs.activate(target)
  // A leftover is harmless: the next spare() empties it.
  await dirs.remove(previous).catch(() => undefined)
  return next
}
