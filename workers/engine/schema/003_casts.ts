// Migration 3: the casting rules, applied once per write instead of once per
// row per query.
//
// Filters on numbers and datetimes cast every profile's value on every count:
// cl_num runs a regular expression and a numeric parse, cl_time a regular
// expression, pg_input_is_valid and a timestamptz parse (at 1M profiles,
// 3 s and 7.5 s a count against 0.3 s for the scan). `nums` and `times` hold
// those casts, made when the properties are written:
// - nums:  { property: the value as number (cl_num) } for every property that has one;
// - times: { property: the value as datetime (cl_time), in microseconds since
//          1970 UTC } for every property that has one.
// A filter then compares jsonb numbers, which order numerically.
//
// Bulk imports compute both in TypeScript (profiles/casts.ts, the same rules)
// and write them with the row; every other write leaves them to the trigger,
// which recomputes them whenever `properties` changes without them.
export const migration003 = /* sql */ `
create function cl_micros(t timestamptz) returns bigint
language sql immutable parallel safe as $$
  select (extract(epoch from t) * 1000000)::bigint
$$;

create function cl_nums(props jsonb) returns jsonb
language sql stable parallel safe as $$
  select coalesce(jsonb_object_agg(key, n), '{}'::jsonb)
  from (select key, cl_num(value) as n from jsonb_each(props)) as casts
  where n is not null
$$;

create function cl_times(props jsonb) returns jsonb
language sql stable parallel safe as $$
  select coalesce(jsonb_object_agg(key, cl_micros(t)), '{}'::jsonb)
  from (select key, cl_time(value) as t from jsonb_each(props)) as casts
  where t is not null
$$;

alter table profiles add column nums jsonb, add column times jsonb;

create function profiles_casts() returns trigger
language plpgsql as $$
begin
  if new.nums is null or new.times is null
     or (tg_op = 'UPDATE' and new.properties is distinct from old.properties
         and new.nums is not distinct from old.nums and new.times is not distinct from old.times) then
    new.nums := cl_nums(new.properties);
    new.times := cl_times(new.properties);
  end if;
  return new;
end
$$;

create trigger profiles_casts before insert or update on profiles
for each row execute function profiles_casts();

update profiles set nums = cl_nums(properties), times = cl_times(properties);
alter table profiles alter column nums set not null, alter column times set not null;
`
