// Erase workspace: every profile, event, cohort and import record goes; the
// schema, its functions and the settings stay, so the empty workspace works
// at once. TRUNCATE gives the tables' files back to the storage right away
// (a DELETE would leave them full of dead rows, and PGlite runs no vacuum),
// and RESTART IDENTITY numbers the next rows from 1, as in a new workspace.
import type { PGlite, Transaction } from '@electric-sql/pglite'

export const ERASE_SQL = /* sql */ `
  truncate profiles, events, cohorts, cohort_members, cohort_sizes, saved_views, imports, import_skipped_rows restart identity`

export async function eraseWorkspace(tx: PGlite | Transaction): Promise<void> {
  await tx.exec(ERASE_SQL)
}
