import type { Transaction } from '@electric-sql/pglite'
import { CopyWriter } from '../copy'
import { castDocs } from '../profiles/casts'

// Where parsed CSV rows go. Two ways, chosen per import:
// - MergeSink: rows COPY into a staging table, then merge into profiles (new
//   ids insert, existing profiles keep what the file does not set).
// - BulkSink: into a database holding no profiles at all, rows COPY straight
//   into profiles with its indexes dropped; repeated ids are folded and the
//   indexes rebuilt once at the end. Building an index once is far cheaper
//   than maintaining it row by row.
// Both write each profile's casts (p.nums, p.times: schema/003_casts.ts)
// computed in TypeScript, with the casts trigger off for the import: in SQL
// they cost more than the rest of the import.

export interface ProfileSink {
  add(ord: number, id: string, propertiesJson: string, properties: Record<string, unknown>): Promise<void>
  /** Rows added since the last flush. */
  readonly pending: number
  flush(): Promise<void>
  finish(): Promise<{ created: number; updated: number }>
  /** After finish: a profile of this import holding more than `max` properties, if any (`wide`: the file itself may make one). */
  widest(max: number, wide: boolean): Promise<{ id: string; keys: number } | undefined>
}

const keysOver = (from: string, where = 'true') => /* sql */ `
  select p.distinct_id as id, n.keys
  ${from}
  cross join lateral (select count(*)::integer as keys from jsonb_object_keys(p.properties)) n
  where ${where} and n.keys > $2
  limit 1`

// The profiles a merge touched: only these can have grown.
const MERGED_KEYS_OVER_SQL = keysOver('from csv_folded f join profiles p on p.group_key = $1 and p.distinct_id = f.distinct_id')
const ALL_KEYS_OVER_SQL = keysOver('from profiles p', 'p.group_key = $1')

// A file into a database that holds profiles: every row is staged first,
// then repeated ids fold in file order, and the profiles merge in one of two
// ways. A file that is small next to the table merges with INSERT … ON
// CONFLICT. A large one (a tenth of the table or more) rewrites the table
// instead: each conflicting update would otherwise write a new row version and
// new entries in both indexes (268 s for 1M rows over 1M; a plain INSERT … ON CONFLICT into jsonb has the
// same shape), where reading the table out, truncating it and writing it back
// with the indexes built once costs a fraction. Ids are kept, so events still
// point at their users.

const STAGE_SQL = /* sql */ `
  create temp table csv_stage (
    ord integer not null, distinct_id text not null, properties jsonb not null,
    -- the row's casts with null for its other properties (castDocs' patches), or null: cast in SQL
    nums jsonb, times jsonb
  ) on commit drop`

// Most files name each id once: then the staged rows are the folded rows.
const HAS_REPEATS_SQL = /* sql */ `
  select exists (select 1 from csv_stage group by distinct_id having count(*) > 1) as repeats`

const AS_FOLDED_SQL = /* sql */ `alter table csv_stage rename to csv_folded`

const FOLD_SQL = /* sql */ `
  create temp table csv_folded on commit drop as
  select distinct_id, min(ord) as ord, cl_merge_agg(properties order by ord) as properties,
         case when bool_and(nums is not null) then cl_merge_agg(nums order by ord) end as nums,
         case when bool_and(times is not null) then cl_merge_agg(times order by ord) end as times
  from csv_stage group by distinct_id`

const COUNT_SQL = /* sql */ `
  select count(p.id) filter (where p.has_profile)::integer as updated,
         (count(*) - count(p.id) filter (where p.has_profile))::integer as created,
         (select count(*) from profiles)::integer as table_rows
  from csv_folded f left join profiles p on p.group_key = $1 and p.distinct_id = f.distinct_id`

// A patch holds null for the properties the file sets to something that is
// not a number (or datetime): merged over the stored casts, those go.
const MERGED_NUMS = /* sql */ `
  case when f.nums is null then cl_nums(was.properties || f.properties) else jsonb_strip_nulls(was.nums || f.nums) end`
const MERGED_TIMES = /* sql */ `
  case when f.times is null then cl_times(was.properties || f.properties) else jsonb_strip_nulls(was.times || f.times) end`

const NEW_CASTS = /* sql */ `
  coalesce(jsonb_strip_nulls(f.nums), cl_nums(f.properties)), coalesce(jsonb_strip_nulls(f.times), cl_times(f.properties))`

const MERGE_SQL = /* sql */ `
  update profiles was set (properties, has_profile, nums, times) = (was.properties || f.properties, true, ${MERGED_NUMS}, ${MERGED_TIMES})
  from csv_folded f where was.group_key = $1 and was.distinct_id = f.distinct_id`

const INSERT_NEW_SQL = /* sql */ `
  insert into profiles (group_key, distinct_id, properties, has_profile, nums, times)
  select $1, f.distinct_id, f.properties, true, ${NEW_CASTS} from csv_folded f
  where not exists (select 1 from profiles p where p.group_key = $1 and p.distinct_id = f.distinct_id)
  order by f.ord`

const REWRITE_SQL = /* sql */ `
  create temp table profiles_before on commit drop as select * from profiles;
  truncate profiles;
  alter table profiles drop constraint profiles_identity, drop constraint profiles_pkey`

const WRITE_BACK_SQL = /* sql */ `
  insert into profiles (id, group_key, distinct_id, properties, has_profile, nums, times) overriding system value
  select was.id, was.group_key, was.distinct_id,
         case when f.distinct_id is null then was.properties else was.properties || f.properties end,
         was.has_profile or f.distinct_id is not null,
         case when f.distinct_id is null then was.nums else ${MERGED_NUMS} end,
         case when f.distinct_id is null then was.times else ${MERGED_TIMES} end
  from profiles_before was left join csv_folded f on was.group_key = $1 and was.distinct_id = f.distinct_id`

const ADD_NEW_SQL = /* sql */ `
  insert into profiles (group_key, distinct_id, properties, has_profile, nums, times)
  select $1, f.distinct_id, f.properties, true, ${NEW_CASTS} from csv_folded f
  where not exists (select 1 from profiles_before b where b.group_key = $1 and b.distinct_id = f.distinct_id)
  order by f.ord`

const CASTS_TRIGGER_OFF = 'alter table profiles disable trigger profiles_casts'
const CASTS_TRIGGER_ON = 'alter table profiles enable trigger profiles_casts'

export class MergeSink implements ProfileSink {
  private stage: CopyWriter

  private constructor(private tx: Transaction, private groupKey: string) {
    this.stage = new CopyWriter(tx, 'csv_stage', ['ord', 'distinct_id', 'properties', 'nums', 'times'], Infinity)
  }

  static async open(tx: Transaction, groupKey: string): Promise<MergeSink> {
    await tx.exec(STAGE_SQL)
    // The merge hashes the whole file; in 64 MB a million rows spill to
    // temporary files, which is slower but keeps the worker's memory bounded
    // (WebAssembly memory never shrinks, and a tab has 2 GiB of it at most).
    await tx.exec(`set local work_mem = '64MB'; set local maintenance_work_mem = '256MB'`)
    await tx.exec(CASTS_TRIGGER_OFF)
    return new MergeSink(tx, groupKey)
  }

  get pending() { return this.stage.rows }

  async add(ord: number, id: string, propertiesJson: string, properties: Record<string, unknown>) {
    const casts = castDocs(properties)
    await this.stage.add([ord, id, propertiesJson, casts?.numsPatch ?? null, casts?.timesPatch ?? null])
  }

  async flush() {
    await this.stage.flush()
    this.stage.rows = 0
  }

  async finish() {
    await this.flush()
    const { rows: [fold] } = await this.tx.query<{ repeats: boolean }>(HAS_REPEATS_SQL)
    await this.tx.exec(fold!.repeats ? FOLD_SQL : AS_FOLDED_SQL)
    // Only the join key matters to the plans below; analysing the jsonb columns costs seconds.
    await this.tx.exec('analyze csv_folded (distinct_id)')
    const { rows } = await this.tx.query<{ updated: number; created: number; table_rows: number }>(COUNT_SQL, [this.groupKey])
    const { updated, created, table_rows } = rows[0]!
    if (updated + created < table_rows / 10) {
      await this.tx.query(MERGE_SQL, [this.groupKey])
      await this.tx.query(INSERT_NEW_SQL, [this.groupKey])
    } else {
      await this.tx.exec(REWRITE_SQL)
      await this.tx.query(WRITE_BACK_SQL, [this.groupKey])
      await this.tx.query(ADD_NEW_SQL, [this.groupKey])
      await this.tx.exec(ADD_INDEXES_SQL)
    }
    await this.tx.exec(CASTS_TRIGGER_ON)
    return { created, updated }
  }

  async widest(max: number) {
    return (await this.tx.query<{ id: string; keys: number }>(MERGED_KEYS_OVER_SQL, [this.groupKey, max])).rows[0]
  }
}

const DROP_INDEXES_SQL = /* sql */ `
  alter table profiles drop constraint profiles_identity, drop constraint profiles_pkey`

// Repeated ids: their rows go and come back as one, folded in insertion
// (= file) order, later values winning property by property.
const FOLD_REPEATS_SQL = /* sql */ `
  with repeated as (
    select group_key, distinct_id from profiles group by group_key, distinct_id having count(*) > 1
  ), removed as (
    delete from profiles p using repeated r
    where p.group_key = r.group_key and p.distinct_id = r.distinct_id
    returning p.id, p.group_key, p.distinct_id, p.properties
  )
  insert into profiles (group_key, distinct_id, properties, has_profile, nums, times)
  select group_key, distinct_id, merged, true, cl_nums(merged), cl_times(merged)
  from (select group_key, distinct_id, cl_merge_agg(properties order by id) as merged
        from removed group by group_key, distinct_id) as folded`

// Rows whose casts only Postgres can judge (castDocs gave none) were written
// with empty ones; they get theirs once the identity index is back.
const RECAST_SQL = /* sql */ `
  update profiles set nums = cl_nums(properties), times = cl_times(properties)
  where group_key = $1 and distinct_id = any($2::text[])`

const RECAST_ALL_SQL = /* sql */ `
  update profiles set nums = cl_nums(properties), times = cl_times(properties) where group_key = $1`

/** Beyond this many rows to recast, recasting the whole table is simpler than listing them. */
const MAX_RECAST_IDS = 50_000

const ADD_INDEXES_SQL = /* sql */ `
  alter table profiles add constraint profiles_pkey primary key (id),
    add constraint profiles_identity unique (group_key, distinct_id)`

export class BulkSink implements ProfileSink {
  private writer: CopyWriter

  private constructor(private tx: Transaction, private groupKey: string) {
    this.writer = new CopyWriter(tx, 'profiles', ['group_key', 'distinct_id', 'properties', 'nums', 'times'], Infinity)
  }

  /** A BulkSink when the database holds no profile rows at all, else undefined. */
  static async openIfEmpty(tx: Transaction, groupKey: string): Promise<BulkSink | undefined> {
    const { rows } = await tx.query<{ empty: boolean }>('select not exists (select 1 from profiles) as empty')
    if (!rows[0]!.empty) return undefined
    // Empty already; truncated in this transaction, the table is written without WAL (wal_level minimal, db.ts).
    await tx.exec('truncate profiles')
    await tx.exec(DROP_INDEXES_SQL)
    // Room to fold repeats and sort the index builds in memory.
    await tx.exec(`set local work_mem = '64MB'; set local maintenance_work_mem = '256MB'`)
    await tx.exec(CASTS_TRIGGER_OFF)
    return new BulkSink(tx, groupKey)
  }

  get pending() { return this.writer.rows }

  private recast: string[] | 'all' = []

  async add(_ord: number, id: string, propertiesJson: string, properties: Record<string, unknown>) {
    const casts = castDocs(properties, false)
    if (!casts && this.recast !== 'all') {
      this.recast.push(id)
      if (this.recast.length > MAX_RECAST_IDS) this.recast = 'all'
    }
    await this.writer.add([this.groupKey, id, propertiesJson, casts?.nums ?? '{}', casts?.times ?? '{}'])
  }

  async flush() {
    if (this.writer.rows === 0) return
    await this.writer.flush()
    this.writer.rows = 0
  }

  async finish() {
    await this.flush()
    await this.tx.exec(FOLD_REPEATS_SQL)
    await this.tx.exec(ADD_INDEXES_SQL)
    if (this.recast === 'all') await this.tx.query(RECAST_ALL_SQL, [this.groupKey])
    else if (this.recast.length > 0) await this.tx.query(RECAST_SQL, [this.groupKey, this.recast])
    await this.tx.exec(CASTS_TRIGGER_ON)
    const { rows } = await this.tx.query<{ n: number }>('select count(*)::integer as n from profiles')
    return { created: rows[0]!.n, updated: 0 }
  }

  async widest(max: number, wide: boolean) {
    if (!wide) return undefined
    return (await this.tx.query<{ id: string; keys: number }>(ALL_KEYS_OVER_SQL, [this.groupKey, max])).rows[0]
  }
}
