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
    // wal_recycle off: a checkpoint deletes the WAL segments it no longer
    // needs instead of renaming them into future ones, which after a 1M-row
    // import left ~450 MB of idle segments on disk for good. New segments
    // are then created, and wal_init_zero off creates them without writing
    // 16 MB of zeros first (a recycled segment is not zeroed either).
    startParams: [...PGlite.defaultStartParams, '-c', 'wal_level=minimal', '-c', 'max_wal_senders=0',
      '-c', 'wal_recycle=off', '-c', 'wal_init_zero=off'],
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

const RELATION_FILES_SQL = /* sql */ `
  select current_setting('data_directory') as dir,
         (select oid from pg_database where datname = current_database())::text as db,
         array(select pg_relation_filenode(c.oid)::text from pg_class c where pg_relation_filenode(c.oid) is not null) as nodes`

/**
 * After an import was cut off (a killed tab). Its transaction never committed,
 * but it left: relation files that only it knew (a table it created or
 * truncated, its temporary tables), which Postgres does not remove after a
 * crash; rows appended to the tables; and the WAL it wrote. Those files go
 * (this database's files that no relation names; nothing else runs while the
 * engine opens), VACUUM cuts the dead pages off the tables' ends, and a
 * checkpoint lets the WAL go. Measured: docs/benchmarks.md, "Interrupted imports".
 */
export async function reclaimSpace(db: PGlite): Promise<{ removedBytes: number }> {
  let removedBytes = 0
  const fs = (db as unknown as { Module?: { FS?: EmscriptenFs } }).Module?.FS
  if (fs) {
    const { rows } = await db.query<{ dir: string; db: string; nodes: string[] }>(RELATION_FILES_SQL)
    const { dir, db: oid, nodes } = rows[0]!
    const known = new Set(nodes)
    const base = `${dir}/base/${oid}`
    for (const name of fs.readdir(base)) {
      // <filenode>[_fsm|_vm|_init][.segment], or t<backend>_<filenode> for a temporary table's
      const node = /^t\d+_(\d+)(?:_\w+)?(?:\.\d+)?$/.exec(name)?.[1] ?? /^(\d+)(?:_\w+)?(?:\.\d+)?$/.exec(name)?.[1]
      if (!node || (known.has(node) && !name.startsWith('t'))) continue
      removedBytes += fs.stat(`${base}/${name}`).size
      fs.unlink(`${base}/${name}`)
    }
  }
  await db.exec('vacuum')
  await db.exec('checkpoint')
  return { removedBytes }
}

interface EmscriptenFs {
  readdir(path: string): string[]
  stat(path: string): { size: number }
  unlink(path: string): void
}
