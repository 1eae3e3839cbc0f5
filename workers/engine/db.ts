import { PGlite, type Transaction } from '@electric-sql/pglite'
import type { OpenOptions } from './types'

/** Opens PGlite with the settings every engine connection needs. */
export async function openDatabase(options: OpenOptions): Promise<PGlite> {
  const db = await PGlite.create({
    ...(await storageOf(options)),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    relaxedDurability: false,
    // wal_level minimal: a table created or truncated in the transaction that
    // fills it (the bulk imports) is written without WAL, and so are index
    // builds. PGlite has no replica or archive that would need that WAL.
    startParams: [...PGlite.defaultStartParams, '-c', 'wal_level=minimal', '-c', 'max_wal_senders=0'],
  })
  // The cast functions read bare dates and date-times as UTC.
  await db.exec(`set timezone to 'UTC'`)
  // Sorting a million users by a property in 4 MB (the default) spills to
  // temporary files, which in WASM go through an emulated file system.
  await db.exec(`set work_mem to '64MB'`)
  await keepWalSmall(db)
  return db
}

const OPFS = 'opfs-ahp://'

/**
 * PGlite's data dir options. Loading a dump into OPFS takes one sync access
 * handle per file at once, from a pool PGlite opens with 1,000 handles and
 * tops up only between statements: the dump of even a small workspace holds
 * just over 1,000 files. From 900 files on, the pool is sized to the dump.
 */
async function storageOf(options: OpenOptions) {
  const { dataDir, loadDataDir, files } = options
  if (dataDir?.startsWith(OPFS) && loadDataDir && files && files > 900) {
    const { OpfsAhpFS } = await import('@electric-sql/pglite/opfs-ahp')
    return { dataDir, fs: new OpfsAhpFS(dataDir.slice(OPFS.length), { initialPoolSize: files + 100 }) }
  }
  return dataDir ? { dataDir } : {}
}

const WAL_SETTINGS = { min_wal_size: '32', max_wal_size: '256' } as const

// PGlite has no checkpointer process: WAL segments (16 MB files) pile up until
// a checkpoint, and Postgres keeps min_wal_size (80 MB) of them even then.
// In OPFS every segment file also takes a handle from a small pool. So the
// engine keeps min_wal_size low (ALTER SYSTEM: effective from the next open)
// and checkpoints during bulk writes (checkpointIfWalGrew).
async function keepWalSmall(db: PGlite): Promise<void> {
  const { rows } = await db.query<{ name: string; setting: string }>(
    `select name, setting from pg_settings where name in ('min_wal_size', 'max_wal_size')`)
  for (const { name, setting } of rows) {
    const wanted = WAL_SETTINGS[name as keyof typeof WAL_SETTINGS]
    // Names and values are ours, not input; ALTER SYSTEM takes no parameters.
    if (setting !== wanted) await db.query(`alter system set ${name} = '${wanted}MB'`)
  }
}

const WAL_BYTES_BETWEEN_CHECKPOINTS = 64 * 1024 * 1024

/** Checkpoints (allowed inside a transaction) when 64 MB of WAL were written since the last one. */
export class WalGuard {
  private since: string | undefined

  async check(db: PGlite | Transaction): Promise<void> {
    const { rows } = await db.query<{ lsn: string; grown: number | null }>(
      `select pg_current_wal_insert_lsn()::text as lsn, pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::float8 as grown`,
      [this.since ?? '0/0'])
    const { lsn, grown } = rows[0]!
    if (this.since === undefined) { this.since = lsn; return }
    if ((grown ?? 0) < WAL_BYTES_BETWEEN_CHECKPOINTS) return
    await db.exec('checkpoint')
    this.since = (await db.query<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn')).rows[0]!.lsn
  }
}
