// Migration 7: counters of the statements that wrote the data, for what the
// engine keeps in place of a scan.
// - profile_writes (profiles): the counts fast path (fast/index.ts) holds
//   copies of profiles' values in the worker; they are dropped whenever this
//   counter moved since they were read.
// - data_writes (events, cohorts): with profile_writes, names the state the
//   kept totals (kept_stats, fast/stats.ts) were counted in, so a cold open
//   shows its first total without scanning a million rows.
// A statement-level trigger costs one call per statement, not per row, so
// bulk imports do not pay for it. Sequences, not tables: nextval is not undone
// by a rollback, so a write that failed half-way still counts as a write (the
// safe side), and a crash can only move them forward.
export const migration007 = /* sql */ `
create sequence profile_writes;
create sequence data_writes;

create function profile_writes_count() returns trigger
language plpgsql as $$
begin
  perform nextval('profile_writes');
  return null;
end
$$;

create function data_writes_count() returns trigger
language plpgsql as $$
begin
  perform nextval('data_writes');
  return null;
end
$$;

create trigger profiles_written after insert or update or delete or truncate on profiles
for each statement execute function profile_writes_count();
create trigger events_written after insert or update or delete or truncate on events
for each statement execute function data_writes_count();
create trigger cohorts_written after insert or update or delete or truncate on cohorts
for each statement execute function data_writes_count();

-- One row: the status line's totals and the counters' state they were counted in.
create table kept_stats (writes text not null, stats jsonb not null);
`
