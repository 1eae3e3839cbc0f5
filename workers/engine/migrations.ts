import type { PGlite, Transaction } from '@electric-sql/pglite'
import { migration001 } from './schema/001_initial'
import { migration002 } from './schema/002_imports'
import { migration003 } from './schema/003_casts'
import { migration004 } from './schema/004_import_bookkeeping'
import { migration005 } from './schema/005_cohort_sizes_views'
import { migration006 } from './schema/006_undo'
import { migration007 } from './schema/007_fast_counts'

/** Every migration ever shipped, in order. Append only: a released migration never changes. */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'initial schema', sql: migration001 },
  { version: 2, name: 'import history', sql: migration002 },
  { version: 3, name: 'casts of numbers and datetimes, kept with each profile', sql: migration003 },
  { version: 4, name: 'interrupted imports, and import cohorts kept apart', sql: migration004 },
  { version: 5, name: 'cohort sizes over time, and saved views', sql: migration005 },
  { version: 6, name: 'the undo of the last action on profiles', sql: migration006 },
  { version: 7, name: 'a counter of writes to profiles, for the counts fast path', sql: migration007 },
]

export const latestVersion = migrations[migrations.length - 1]!.version

/**
 * Brings the database to `latestVersion`, recording each step in schema_migrations.
 * A database written by a newer Cohortlite is refused rather than guessed at.
 */
export async function migrate(db: PGlite, list = migrations): Promise<void> {
  await db.exec(`
    create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`)
  const { rows } = await db.query<{ version: number }>('select version from schema_migrations')
  const applied = new Set(rows.map(r => r.version))
  const current = Math.max(0, ...applied)
  const latest = list[list.length - 1]?.version ?? 0
  if (current > latest) {
    throw new Error(
      `This database was written by a newer version of Cohortlite (schema ${current}; this version knows up to ${latest}). ` +
      'Open it with the newer version, or export your data there first.')
  }
  // Each migration not yet applied, even below the newest applied one: versions
  // developed side by side (5 and 6) may reach a workspace in either order.
  for (const m of list) {
    if (applied.has(m.version)) continue
    await db.transaction(async (tx: Transaction) => {
      await tx.exec(m.sql)
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name])
    })
  }
}
