// Public types of backups (a leaf: no imports, so any module may use them).

/** What a backup says about itself: `cohortlite-backup.json`, its first entry. */
export interface BackupManifest {
  format: 'cohortlite-backup'
  /** Of the backup file's layout; a newer one is refused. */
  formatVersion: number
  /** The Cohortlite that made it (package.json's version). */
  appVersion: string
  /** The database's schema version (schema_migrations); an older one is migrated on restore. */
  schemaVersion: number
  /** PostgreSQL's major version: the data dir's on-disk format. */
  postgres: number
  /** ISO date-time, UTC. */
  createdAt: string
  counts: { profiles: number; users: number; groups: number; events: number; cohorts: number }
  /** The data dir dump, the backup's second entry. */
  database: { name: string; bytes: number }
}

export interface BackupOptions {
  /** Encrypts the backup (AES-GCM, key from PBKDF2); empty or absent: not encrypted. */
  passphrase?: string
}

/**
 * Why a file cannot be restored:
 * - `not-a-backup`: not a Cohortlite backup at all (any other file or tarball);
 * - `encrypted`: encrypted, and no passphrase was given;
 * - `wrong-passphrase`, `tampered`: the passphrase does not open it, or its bytes were changed;
 * - `truncated`: it stops before its end (an interrupted download or copy);
 * - `damaged`: its compressed data or an archive header is corrupt;
 * - `newer`: made by a newer Cohortlite (schema, file format or PostgreSQL version);
 * - `incompatible`: its data dir is of an older PostgreSQL major version, which this one cannot open.
 */
export type BackupProblem =
  | 'not-a-backup' | 'encrypted' | 'wrong-passphrase' | 'tampered' | 'truncated' | 'damaged' | 'newer' | 'incompatible'

/** The answer of checking a backup before restoring it. */
export type BackupCheck =
  | { ok: true; manifest: BackupManifest; encrypted: boolean }
  | { ok: false; problem: BackupProblem; message: string }
