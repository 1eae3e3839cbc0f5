// The workspace backup: one file holding the whole database and a manifest.
//
// A backup is a gzip'd tar of two entries, so `tar xzf` opens it anywhere:
//   cohortlite-backup.json   the manifest (types.ts): versions, counts, time
//   pgdata.tar               PGlite's dumpDataDir(), byte for byte
// With a passphrase, that file is then encrypted as a whole (crypto.ts).
//
// Reading one checks everything before anything is replaced: what the file
// is, that it is whole (gzip's CRC and length, every tar header's checksum,
// every entry's bytes, the end markers; GCM's tags when encrypted), and that
// this Cohortlite can open it (file format, schema and PostgreSQL versions).
import type { PGlite } from '@electric-sql/pglite'
import { version as appVersion } from '../../../package.json'
import { latestVersion } from '../migrations'
import type { BackupCheck, BackupManifest, BackupOptions, BackupProblem } from './types'
import { decrypt, DecryptError, encrypt, isEncrypted } from './crypto'
import { ByteReader, concat, paddingOf, TAR_END, tarHeader, TarError, walkTar } from './tar'

export const MANIFEST_NAME = 'cohortlite-backup.json'
const DATABASE_NAME = 'pgdata.tar'
const FORMAT_VERSION = 1
const MAX_MANIFEST_BYTES = 1 << 20
/**
 * The PostgreSQL major version of the bundled PGlite: the on-disk format of
 * every data dir it writes and the only one it opens (a test keeps this
 * equal to `server_version_num`).
 */
export const POSTGRES_MAJOR = 18

/** Why a backup is refused; `problem` says which check failed. */
export class BackupError extends Error {
  constructor(readonly problem: BackupProblem, message: string) {
    super(message)
    this.name = 'BackupError'
  }
}

/** `cohortlite-2025-01-31.tar.gz`, or `.tar.gz.enc` when encrypted. */
export function backupFileName(createdAt: string, encrypted: boolean): string {
  return `cohortlite-${createdAt.slice(0, 10)}.tar.gz${encrypted ? '.enc' : ''}`
}

/**
 * The whole database as a backup file. Call it with nothing else running on
 * `db` (the engine's queue); `counts` are the database's counts now.
 */
export async function createBackup(db: PGlite, counts: BackupManifest['counts'], options: BackupOptions = {}): Promise<File> {
  // The data files then hold everything: a restore replays no WAL.
  await db.exec('checkpoint')
  const { rows } = await db.query<{ schema: number }>('select max(version)::integer as schema from schema_migrations')
  const database = await db.dumpDataDir('none')
  const manifest: BackupManifest = {
    format: 'cohortlite-backup',
    formatVersion: FORMAT_VERSION,
    appVersion,
    schemaVersion: rows[0]!.schema,
    postgres: POSTGRES_MAJOR,
    createdAt: new Date().toISOString(),
    counts: { profiles: counts.profiles, users: counts.users, groups: counts.groups, events: counts.events, cohorts: counts.cohorts },
    database: { name: DATABASE_NAME, bytes: database.size },
  }
  return packBackup(manifest, database, options)
}

/** The backup file of a manifest and a data dir dump (the file layout at the top). */
export async function packBackup(manifest: BackupManifest, database: Blob, options: BackupOptions = {}): Promise<File> {
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n')
  const mtime = new Date(manifest.createdAt)
  const tar = new Blob([
    tarHeader(MANIFEST_NAME, manifestBytes.length, mtime), manifestBytes, new Uint8Array(paddingOf(manifestBytes.length)),
    tarHeader(manifest.database.name, database.size, mtime), database, new Uint8Array(paddingOf(database.size)),
    TAR_END,
  ] as BlobPart[])
  const gzipped = await new Response(tar.stream().pipeThrough(new CompressionStream('gzip'))).blob()
  const passphrase = options.passphrase ?? ''
  const body = passphrase ? await encrypt(gzipped, passphrase) : gzipped
  return new File([body], backupFileName(manifest.createdAt, passphrase !== ''), {
    type: passphrase ? 'application/octet-stream' : 'application/gzip',
  })
}

export interface ReadBackup {
  manifest: BackupManifest
  encrypted: boolean
  /** The data dir dump, for `PGlite.create({ loadDataDir })`. */
  database: Blob
  /** How many files the dump holds. */
  files: number
}

/** Checks a backup all through (see the top of this file), without keeping its database. */
export async function checkBackup(file: Blob, passphrase?: string): Promise<BackupCheck> {
  try {
    const { manifest, encrypted } = await read(file, passphrase, false)
    return { ok: true, manifest, encrypted }
  } catch (error) {
    if (error instanceof BackupError) return { ok: false, problem: error.problem, message: error.message }
    throw error
  }
}

/** A checked backup's manifest and database; throws BackupError when it fails a check. */
export function readBackup(file: Blob, passphrase?: string): Promise<ReadBackup> {
  return read(file, passphrase, true)
}

async function read(file: Blob, passphrase: string | undefined, keep: boolean): Promise<ReadBackup> {
  const head = new Uint8Array(await file.slice(0, 512).arrayBuffer())
  const encrypted = isEncrypted(head)
  let compressed: ReadableStream<Uint8Array>
  if (encrypted) {
    if (!passphrase) throw new BackupError('encrypted', 'This backup is encrypted: enter its passphrase')
    try {
      compressed = await decrypt(file, passphrase)
    } catch (error) {
      throw error instanceof DecryptError ? new BackupError(error.problem, error.message) : error
    }
  } else if (head[0] === 0x1f && head[1] === 0x8b) {
    compressed = file.stream() as ReadableStream<Uint8Array>
  } else if (head.length === 512 && new TextDecoder().decode(head.subarray(257, 262)) === 'ustar') {
    throw new BackupError('not-a-backup', 'This is a tar archive, not a Cohortlite backup (a backup is compressed and starts with its manifest)')
  } else {
    throw new BackupError('not-a-backup', 'This file is not a Cohortlite backup')
  }
  const gunzip = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>
  const bytes = new ByteReader(compressed.pipeThrough(gunzip))
  try {
    return await readArchive(bytes, encrypted, keep)
  } catch (error) {
    await bytes.cancel()
    throw asBackupError(error)
  }
}

async function readArchive(bytes: ByteReader, encrypted: boolean, keep: boolean): Promise<ReadBackup> {
  let manifest: BackupManifest | undefined
  const database = new BlobBuilder()
  let databaseBytes = 0
  let seenDatabase = false
  let files = 0
  await walkTar(bytes, async (entry, content) => {
    if (!manifest) {
      if (entry.name !== MANIFEST_NAME || entry.size > MAX_MANIFEST_BYTES) {
        throw new BackupError('not-a-backup', `This archive is not a Cohortlite backup: it does not start with ${MANIFEST_NAME}`)
      }
      manifest = checkManifest(concat(await content(entry.size)), entry.size)
    } else if (entry.name === manifest.database.name && !seenDatabase) {
      seenDatabase = true
      if (entry.size !== manifest.database.bytes) {
        throw new BackupError('damaged', `This backup is damaged: its database is ${entry.size} bytes, its manifest says ${manifest.database.bytes}`)
      }
      // Read once: counted, kept when asked, and walked as a tar on the way.
      const next = async () => {
        const parts = await content(4 << 20)
        for (const p of parts) {
          databaseBytes += p.length
          if (keep) database.add(p)
        }
        return parts
      }
      const m = manifest
      files = await checkDataDir(new ReadableStream<Uint8Array>({
        async pull(controller) {
          const parts = await next()
          if (parts.length === 0) controller.close()
          for (const p of parts) controller.enqueue(p)
        },
      }, { highWaterMark: 0 }), m)
      // Whatever follows the data dir's end marker (a writer's padding).
      while ((await next()).length > 0) { /* counted */ }
    } else {
      throw new BackupError('damaged', `This backup holds an unexpected entry "${entry.name}"`)
    }
  })
  // Zeros may follow (tar pads to whole records); anything else may not.
  for (let rest = await bytes.take(1 << 20); rest.length; rest = await bytes.take(1 << 20)) {
    if (rest.some(part => part.some(b => b !== 0))) throw new BackupError('damaged', 'This backup has data after its end')
  }
  if (!manifest) throw new BackupError('not-a-backup', 'This archive is empty, not a Cohortlite backup')
  if (databaseBytes !== manifest.database.bytes) {
    throw new BackupError('truncated', `This backup is incomplete: its database has ${databaseBytes} of ${manifest.database.bytes} bytes`)
  }
  return { manifest, encrypted, database: database.blob('application/x-tar'), files }
}

/** Chunks gathered into a Blob a few MB at a time, so the whole is not held twice (chunks and Blob). */
class BlobBuilder {
  private blobs: Blob[] = []
  private pending: Uint8Array[] = []
  private pendingBytes = 0

  add(chunk: Uint8Array): void {
    this.pending.push(chunk)
    this.pendingBytes += chunk.length
    if (this.pendingBytes >= 16 << 20) this.seal()
  }

  private seal(): void {
    this.blobs.push(new Blob(this.pending as BlobPart[]))
    this.pending = []
    this.pendingBytes = 0
  }

  blob(type: string): Blob {
    this.seal()
    return new Blob(this.blobs, { type })
  }
}

function checkManifest(bytes: Uint8Array, size: number): BackupManifest {
  if (bytes.length < size) throw new BackupError('truncated', 'This backup is incomplete: it stops inside its manifest')
  let m: BackupManifest
  try {
    m = JSON.parse(new TextDecoder().decode(bytes)) as BackupManifest
  } catch {
    throw new BackupError('damaged', `This backup is damaged: ${MANIFEST_NAME} is not valid JSON`)
  }
  if (m?.format !== 'cohortlite-backup') throw new BackupError('not-a-backup', `This archive is not a Cohortlite backup: ${MANIFEST_NAME} does not say so`)
  if (typeof m.formatVersion === 'number' && m.formatVersion > FORMAT_VERSION) {
    throw new BackupError('newer', `This backup was made by a newer version of Cohortlite (${m.appVersion}, backup format ${m.formatVersion}); restore it there`)
  }
  const counts = m.counts ?? {}
  const whole = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0
  if (m.formatVersion !== FORMAT_VERSION || !whole(m.schemaVersion) || !whole(m.postgres) || typeof m.createdAt !== 'string' ||
      !['profiles', 'users', 'groups', 'events', 'cohorts'].every(k => whole(counts[k as keyof typeof counts])) ||
      typeof m.database?.name !== 'string' || !whole(m.database.bytes)) {
    throw new BackupError('damaged', `This backup is damaged: ${MANIFEST_NAME} lacks fields a backup has`)
  }
  if (m.schemaVersion > latestVersion) {
    throw new BackupError('newer', `This backup was made by a newer version of Cohortlite (${m.appVersion}, schema ${m.schemaVersion}; ` +
      `this version knows up to schema ${latestVersion}); restore it there`)
  }
  if (m.postgres > POSTGRES_MAJOR) {
    throw new BackupError('newer', `This backup was made by a newer version of Cohortlite (${m.appVersion}, on PostgreSQL ${m.postgres}; this one runs ${POSTGRES_MAJOR}); restore it there`)
  }
  if (m.postgres < POSTGRES_MAJOR) {
    throw new BackupError('incompatible', `This backup holds a PostgreSQL ${m.postgres} database, which this Cohortlite (PostgreSQL ${POSTGRES_MAJOR}) cannot open; ` +
      `restore it with Cohortlite ${m.appVersion} and move the data with Export as SQL`)
  }
  return m
}

/**
 * The dump is a PostgreSQL data dir of the manifest's version: a whole tar
 * with PG_VERSION and pg_control. Returns how many files it holds.
 */
async function checkDataDir(database: ReadableStream<Uint8Array>, manifest: BackupManifest): Promise<number> {
  let pgVersion: string | undefined
  let control = false
  let files = 0
  await walkTar(new ByteReader(database), async (entry, content) => {
    if (entry.type === '0') files++
    const name = entry.name.replace(/^\/+/, '')
    if (name === 'PG_VERSION') pgVersion = new TextDecoder().decode(concat(await content(16))).trim()
    if (name === 'global/pg_control') control = true
  })
  if (pgVersion === undefined || !control) throw new BackupError('damaged', 'This backup is damaged: its database is not a PostgreSQL data directory')
  if (pgVersion !== String(manifest.postgres)) {
    throw new BackupError('damaged', `This backup is damaged: its database is PostgreSQL ${pgVersion}, its manifest says ${manifest.postgres}`)
  }
  return files
}

/** Errors from decrypting, decompressing or reading the archive, as the check that failed. */
function asBackupError(error: unknown): unknown {
  if (error instanceof BackupError) return error
  if (error instanceof DecryptError) return new BackupError(error.problem, error.message)
  if (error instanceof TarError) {
    return new BackupError(error.truncated ? 'truncated' : 'damaged', `This backup is ${error.truncated ? 'incomplete' : 'damaged'}: ${error.message}`)
  }
  const message = error instanceof Error ? error.message : String(error)
  // Decompression errors, as Node's zlib and browsers word them.
  if (/unexpected end|incomplete|truncat|ended|premature/i.test(message)) {
    return new BackupError('truncated', 'This backup is incomplete: it stops before its end (an interrupted download or copy?)')
  }
  return new BackupError('damaged', `This backup is damaged: its compressed data is corrupt (${message})`)
}
