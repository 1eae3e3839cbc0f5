// Migration 7: a counter of the statements that wrote profiles, for the
// counts fast path (fast/index.ts). Its columns are copies of profiles'
// values held in the worker; they stay exact by being dropped whenever this
// counter moved since they were read. A statement-level trigger costs one
// call per statement, not per row, so bulk imports do not pay for it. A
// sequence, not a table: nextval is not undone by a rollback, so a write that
// failed half-way still counts as a write (the safe side).
export const migration007 = /* sql */ `
create sequence profile_writes;

create function profile_writes_count() returns trigger
language plpgsql as $$
begin
  perform nextval('profile_writes');
  return null;
end
$$;

create trigger profiles_written after insert or update or delete or truncate on profiles
for each statement execute function profile_writes_count();
`
