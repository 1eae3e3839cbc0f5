// Migration 6: the undo of the last action on profiles (actions/).
//
// The last action and the previous state of every profile and membership it
// changed are kept in the workspace, written in the action's own transaction:
// the undo exists exactly when the action committed, survives a reload, and
// holds a million previous values on disk rather than in the worker's memory.
// Any other write empties these tables first (the engine's mutate()), so an
// undo never restores values over a later change. One action at most: the
// tables hold the last one.
export const migration006 = /* sql */ `
create sequence last_action_ids;

create table last_action (
  id integer primary key,
  -- the action as the engine took it (actions/check.ts), and the profiles' group key ('' for users)
  action jsonb not null,
  group_key text not null,
  changed integer not null,
  at timestamptz not null default now(),
  -- cohort actions: the cohort's updated_at before the action
  cohort_updated_at timestamptz
);

-- One row per profile the action changed: its id, and what it held before.
create table last_action_profiles (
  profile_id integer primary key,
  had_profile boolean not null,
  -- set, unset: the property's previous value and casts (SQL null: it was not set)
  old_value jsonb,
  old_num jsonb,
  old_time jsonb,
  -- delete: the whole row as it was; removed: the row went (no events), else it was emptied
  group_key text,
  distinct_id text,
  properties jsonb,
  nums jsonb,
  times jsonb,
  removed boolean
);

-- The static cohort places the action added (add to cohort) or took away (remove, delete).
create table last_action_members (
  cohort_id text not null,
  distinct_id text not null,
  primary key (cohort_id, distinct_id)
);
`
