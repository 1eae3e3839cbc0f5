// Migration 2: import history.
//
// One row per file import (profiles CSV, group profiles CSV, events, profile
// updates), whether it finished, was cancelled or failed, and the rows it
// skipped with their reasons and original cells, so the History tab can offer
// the skipped-rows download long after the import. Skipped rows are capped per
// import (workers/engine/imports/history.ts) so a file of garbage cannot fill
// the database; `skipped` keeps the true count.
export const migration002 = /* sql */ `
create table imports (
  id integer generated always as identity primary key,
  file_name text not null,
  kind text not null check (kind in ('profiles', 'groups', 'events', 'updates')),
  group_key text,
  started_at timestamptz not null,
  finished_at timestamptz not null,
  rows integer not null default 0,
  created integer not null default 0,
  updated integer not null default 0,
  skipped integer not null default 0,
  duplicates integer not null default 0,
  status text not null check (status in ('done', 'cancelled', 'failed')),
  message text,
  -- the static cohort holding the profiles this import created or updated (user profiles only)
  cohort_id text references cohorts (id) on delete set null
);

create table import_skipped_rows (
  import_id integer not null references imports (id) on delete cascade,
  ord integer not null,
  file_row integer not null,
  message text not null,
  -- the row's original cells (a list of strings), or for JSON imports the original line
  raw jsonb,
  primary key (import_id, ord)
);
`
