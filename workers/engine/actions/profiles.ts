// Set, unset and delete over a chunk of action_targets (targets.ts), each
// profile's previous state kept in last_action_profiles in the same
// statement, and the undo of each. The casts kept with a profile
// (schema/003_casts.ts) are written here with the property: the action
// turns the casts trigger off for its transaction, since recomputing every
// property's casts of a million rows would cost more than the change.
import type { Transaction } from '@electric-sql/pglite'
import type { ProfileAction } from '../types'
import { MAX_PROPERTIES } from '../profiles/operations'

// $1, $2: the chunk's profile ids (lo, hi], as a range of both tables.
const TARGET_ROWS = /* sql */ `
  from action_targets t join profiles p on p.id = t.id
  where t.id > $1 and t.id <= $2 and p.id > $1 and p.id <= $2`

// The chunk's profiles with the property's previous value and casts ($3: the property), kept for the undo.
const KEEP_OLD_VALUES = /* sql */ `
  with changed as (
    select p.id, p.has_profile, p.properties -> $3::text as old_value, p.nums -> $3::text as old_num, p.times -> $3::text as old_time
    ${TARGET_ROWS}
  ), saved as (
    insert into last_action_profiles (profile_id, had_profile, old_value, old_num, old_time)
    select id, has_profile, old_value, old_num, old_time from changed
  )`

// $3 property, $4 value (JSON text), $5 and $6 the value's casts as {property: cast} or {}.
const SET_SQL = /* sql */ `
  ${KEEP_OLD_VALUES}
  update profiles p set
    properties = p.properties || jsonb_build_object($3::text, $4::jsonb),
    nums = (p.nums - $3::text) || $5::jsonb,
    times = (p.times - $3::text) || $6::jsonb,
    has_profile = true
  from changed c where p.id = c.id`

const CASTS_OF_SQL = /* sql */ `
  select case when cl_num($2::jsonb) is null then '{}'::jsonb else jsonb_build_object($1::text, cl_num($2::jsonb)) end as nums,
         case when cl_time($2::jsonb) is null then '{}'::jsonb else jsonb_build_object($1::text, cl_micros(cl_time($2::jsonb))) end as times`

// A profile that would pass the property limit by gaining the property.
// Counting keys costs a detoast and a walk of the document; a document
// stored uncompressed and smaller than 8 bytes a key (the key's and value's
// entries) cannot hold that many, so most rows are passed on their size.
const TOO_WIDE_SQL = /* sql */ `
  select p.distinct_id ${TARGET_ROWS}
    and not (p.properties ? $3::text)
    and (pg_column_compression(p.properties) is not null or pg_column_size(p.properties) >= 8 * $4)
    and (select count(*) from jsonb_object_keys(p.properties)) >= $4
  limit 1`

const UNSET_SQL = /* sql */ `
  ${KEEP_OLD_VALUES}
  update profiles p set properties = p.properties - $3::text, nums = p.nums - $3::text, times = p.times - $3::text
  from changed c where p.id = c.id`

// A deleted profile's row goes unless the user has events (they stay, as on
// the profile page), and so do its places in static cohorts.
const DELETE_SQL = [/* sql */ `
  insert into last_action_profiles (profile_id, had_profile, group_key, distinct_id, properties, nums, times, removed)
  select p.id, p.has_profile, p.group_key, p.distinct_id, p.properties, p.nums, p.times,
         not exists (select 1 from events e where e.user_id = p.id)
  ${TARGET_ROWS}`, /* sql */ `
  with gone as (
    delete from cohort_members m using action_targets t join profiles p on p.id = t.id
    where t.id > $1 and t.id <= $2 and p.id > $1 and p.id <= $2 and p.group_key = '' and m.distinct_id = p.distinct_id
    returning m.cohort_id, m.distinct_id
  )
  insert into last_action_members (cohort_id, distinct_id) select cohort_id, distinct_id from gone`, /* sql */ `
  delete from profiles p using last_action_profiles u
  where u.profile_id > $1 and u.profile_id <= $2 and p.id > $1 and p.id <= $2 and p.id = u.profile_id and u.removed`, /* sql */ `
  update profiles p set properties = '{}'::jsonb, nums = '{}'::jsonb, times = '{}'::jsonb, has_profile = false
  from last_action_profiles u
  where u.profile_id > $1 and u.profile_id <= $2 and p.id > $1 and p.id <= $2 and p.id = u.profile_id and not u.removed`]

type Casts = { nums: string; times: string }

/** Per action, what applying one chunk takes; prepared once (the casts of a set's value are the same for every profile). */
export async function prepare(tx: Transaction, action: ProfileAction): Promise<(lo: number, hi: number) => Promise<void>> {
  await castsTriggerOff(tx)
  if (action.kind === 'set') {
    const value = JSON.stringify(action.value)
    const { rows } = await tx.query<Casts>(CASTS_OF_SQL, [action.property, value])
    const casts = { nums: JSON.stringify(rows[0]!.nums), times: JSON.stringify(rows[0]!.times) }
    return async (lo, hi) => {
      const wide = await tx.query<{ distinct_id: string }>(TOO_WIDE_SQL, [lo, hi, action.property, MAX_PROPERTIES])
      if (wide.rows[0]) {
        throw new Error(`the profile "${wide.rows[0].distinct_id}" would hold more than ${MAX_PROPERTIES.toLocaleString('en-US')} properties with ${action.property}; nothing was changed`)
      }
      await tx.query(SET_SQL, [lo, hi, action.property, value, casts.nums, casts.times])
    }
  }
  if (action.kind === 'unset') return async (lo, hi) => { await tx.query(UNSET_SQL, [lo, hi, action.property]) }
  if (action.kind === 'delete') {
    return async (lo, hi) => { for (const sql of DELETE_SQL) await tx.query(sql, [lo, hi]) }
  }
  throw new Error(`${action.kind} is not a change of profiles`)
}

/** For the transaction of an action or its undo, which write the casts themselves. */
export async function castsTriggerOff(tx: Transaction): Promise<void> {
  await tx.exec('alter table profiles disable trigger profiles_casts')
}

/** The casts trigger back on (a rollback turns it back on by itself). */
export async function castsTriggerOn(tx: Transaction): Promise<void> {
  await tx.exec('alter table profiles enable trigger profiles_casts')
}

// ---------------------------------------------------------------- undo

const UNDO_RANGE = 'u.profile_id > $1 and u.profile_id <= $2 and p.id > $1 and p.id <= $2'

// $3: the property.
const UNDO_VALUE_SQL = /* sql */ `
  update profiles p set
    properties = case when u.old_value is null then p.properties - $3::text else p.properties || jsonb_build_object($3::text, u.old_value) end,
    nums = case when u.old_num is null then p.nums - $3::text else p.nums || jsonb_build_object($3::text, u.old_num) end,
    times = case when u.old_time is null then p.times - $3::text else p.times || jsonb_build_object($3::text, u.old_time) end,
    has_profile = u.had_profile
  from last_action_profiles u where p.id = u.profile_id and ${UNDO_RANGE}`

const UNDO_DELETE_SQL = [/* sql */ `
  insert into profiles (id, group_key, distinct_id, properties, has_profile, nums, times) overriding system value
  select u.profile_id, u.group_key, u.distinct_id, u.properties, u.had_profile, u.nums, u.times
  from last_action_profiles u where u.removed and u.profile_id > $1 and u.profile_id <= $2`, /* sql */ `
  update profiles p set properties = u.properties, nums = u.nums, times = u.times, has_profile = u.had_profile
  from last_action_profiles u where p.id = u.profile_id and not u.removed and ${UNDO_RANGE}`]

/** The last profile id of the next chunk of the undo, after `after`; null when none is left. */
export const NEXT_UNDO_CHUNK_SQL = /* sql */ `
  select max(profile_id) as hi from (
    select profile_id from last_action_profiles where profile_id > $1 order by profile_id limit $2
  ) chunk`

/** Restores one chunk (profile ids in (lo, hi]) of a set, unset or delete. */
export async function undoChunk(tx: Transaction, action: ProfileAction, lo: number, hi: number): Promise<void> {
  if (action.kind === 'set' || action.kind === 'unset') await tx.query(UNDO_VALUE_SQL, [lo, hi, action.property])
  else if (action.kind === 'delete') for (const sql of UNDO_DELETE_SQL) await tx.query(sql, [lo, hi])
}
