// Migration 1: the first schema.
//
// Storage layout (see docs/decisions.md for the measurements behind it):
// - one `profiles` table for user profiles (group_key = '') and group profiles
//   (group_key = the group key), properties in one jsonb document. Event-only
//   users get a row too (has_profile = false, properties '{}'), so "All Users"
//   is a scan of one table and events can point at an integer id.
// - `events` reference profiles by integer id; the unique index on
//   (user_id, time, dedup), dedup a hash of (event, $insert_id), both
//   deduplicates and serves the per-user activity feed and behaviour counts.
//   Its entries are 20 bytes where (user_id, time, event, insert_id) took ~50,
//   which keeps bulk loads inside the buffer cache. events.id has no index:
//   it only orders events that share a time.
// - cast functions implement the casting rules of filters.md once, in SQL, so
//   the filter compiler and sorting share them. They are SQL-language and
//   single-expression so the planner inlines them.
export const migration001 = /* sql */ `
create table profiles (
  id integer generated always as identity primary key,
  group_key text not null default '',
  distinct_id text not null,
  properties jsonb not null default '{}'::jsonb,
  has_profile boolean not null default true,
  constraint profiles_identity unique (group_key, distinct_id)
);

create table events (
  id bigint generated always as identity,
  user_id integer not null,
  time timestamptz not null,
  event text not null,
  insert_id text not null,
  -- a 53-bit hash of (event, insert_id): keeps the dedup index narrow
  dedup bigint not null,
  properties jsonb not null default '{}'::jsonb
);
create unique index events_dedup on events (user_id, time, dedup);
create index events_event_time on events (event, time);

create table cohorts (
  id text primary key,
  name text not null,
  description text not null default '',
  kind text not null check (kind in ('dynamic', 'static')),
  filter jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table cohort_members (
  cohort_id text not null references cohorts (id) on delete cascade,
  distinct_id text not null,
  primary key (cohort_id, distinct_id)
);

-- Folds jsonb objects in order, later keys winning (a CSV file's repeated ids).
create aggregate cl_merge_agg(jsonb) (sfunc = jsonb_concat, stype = jsonb, initcond = '{}');

-- as string: a string as is; a number in its shortest text (3.50 -> 3.5); true/false; null for unset/null.
create function cl_text(v jsonb) returns text
language sql immutable parallel safe as $$
  select case jsonb_typeof(v)
    when 'string' then v #>> '{}'
    when 'null' then null
    when 'number' then trim_scale((v::text)::numeric)::text
    else v::text
  end
$$;

-- as number: a JSON number, or a string that trimmed is a decimal number.
-- "Trimmed" is ASCII white space, the set numeric input skips (\\s would also
-- match Unicode spaces, which the cast then rejects with an error). The length
-- and exponent bounds keep every match inside numeric's range, so no stored
-- string can make a query fail; longer numbers are not comparable.
create function cl_num(v jsonb) returns numeric
language sql immutable parallel safe as $$
  select case jsonb_typeof(v)
    when 'number' then (v::text)::numeric
    when 'string' then case
      when (v #>> '{}') ~ '^[ \\t\\n\\r\\f\\v]*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]{1,4})?[ \\t\\n\\r\\f\\v]*$'
       and length(v #>> '{}') <= 1000
      then (v #>> '{}')::numeric
    end
  end
$$;

-- as boolean: true/false; a number unless 0; "true", "1", "yes" (trimmed of
-- ASCII white space as cl_num is, any case).
create function cl_bool(v jsonb) returns boolean
language sql immutable parallel safe as $$
  select coalesce(case jsonb_typeof(v)
    when 'boolean' then (v::text)::boolean
    when 'number' then (v::text)::numeric <> 0
    when 'string' then lower(btrim(v #>> '{}', E' \\t\\n\\r\\f\\x0b')) in ('true', '1', 'yes')
  end, false)
$$;

-- as datetime: ISO-8601 date or date-time (no zone means UTC), or Unix seconds
-- (below 10^11) or milliseconds. The session time zone is UTC (set on open).
-- Stable, not immutable: the planner inlines a SQL function only when its
-- body is no less volatile than declared, and the timestamptz cast is stable.
-- Not inlined, the function costs ~50 µs a row.
create function cl_time(v jsonb) returns timestamptz
language sql stable parallel safe as $$
  select case jsonb_typeof(v)
    when 'number' then case
      when abs((v::text)::numeric) < 100000000000 then to_timestamp((v::text)::float8)
      when abs((v::text)::numeric) < 100000000000000 then to_timestamp((v::text)::float8 / 1000)
    end
    when 'string' then case
      when (v #>> '{}') ~ '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?$'
       and pg_input_is_valid(v #>> '{}', 'timestamptz')
      then (v #>> '{}')::timestamptz
    end
  end
$$;
`
