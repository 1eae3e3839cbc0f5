import { PGlite } from '@electric-sql/pglite'
import type { OpenOptions } from './types'

/** Opens PGlite with the settings every engine connection needs. */
export async function openDatabase(options: OpenOptions): Promise<PGlite> {
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    relaxedDurability: false,
  })
  // The cast functions read bare dates and date-times as UTC.
  await db.exec(`set timezone to 'UTC'`)
  return db
}
