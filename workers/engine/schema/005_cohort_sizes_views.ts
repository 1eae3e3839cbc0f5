// Migration 5: cohorts over time, and saved views (issue 15).
//
// - cohort_sizes: one point per save of a cohort (its size then) and, at most
//   one an hour, per count of it (cohorts/sizes.ts); the Cohorts page draws
//   them as a line. A point goes with its cohort.
// - saved_views: a named Users-page view (scope, search, filter, columns,
//   sort) kept in the workspace, so a backup carries it. The view is one
//   jsonb document, checked by views/index.ts when saved and when read.
// Independent of other migrations: it creates only its own tables.
export const migration005 = /* sql */ `
create table cohort_sizes (
  cohort_id text not null references cohorts (id) on delete cascade,
  at timestamptz not null default clock_timestamp(),
  size integer not null check (size >= 0),
  reason text not null check (reason in ('saved', 'counted')),
  primary key (cohort_id, at)
);

create table saved_views (
  id text primary key,
  name text not null,
  view jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index saved_views_name on saved_views (lower(name));
`
