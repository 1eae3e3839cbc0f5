// Migration 4: import bookkeeping.
//
// - An import is recorded as 'running' when it starts, in a transaction of its
//   own, and finished in the import's transaction; a tab killed mid-import
//   leaves 'running', which the next open turns into 'interrupted'
//   (imports/history.ts), so the History tab says what became of the file.
// - The static cohort a profiles import saves ("Imported from …") is
//   bookkeeping, not one of the user's cohorts: `origin` 'import' keeps it
//   out of the Cohorts page and a profile's cohort list, while the import's
//   "show the imported profiles" link still works.
export const migration004 = /* sql */ `
alter table imports drop constraint imports_status_check;
alter table imports add constraint imports_status_check
  check (status in ('running', 'done', 'cancelled', 'failed', 'interrupted'));

alter table cohorts add column origin text check (origin in ('import'));
update cohorts c set origin = 'import' where exists (select 1 from imports i where i.cohort_id = c.id);
`
