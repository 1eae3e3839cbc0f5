import type { Transaction } from '@electric-sql/pglite'
import { CopyWriter } from '../copy'

// Where parsed CSV rows go. Two ways, chosen per import:
// - MergeSink: rows COPY into a staging table, then merge into profiles (new
//   ids insert, existing profiles keep what the file does not set).
// - BulkSink: into a database holding no profiles at all, rows COPY straight
//   into profiles with its indexes dropped; repeated ids are folded and the
//   indexes rebuilt once at the end. Building an index once is far cheaper
//   than maintaining it row by row.

export interface ProfileSink {
  add(ord: number, id: string, propertiesJson: string): Promise<void>
  /** Rows added since the last flush. */
  readonly pending: number
  flush(): Promise<void>
  finish(): Promise<{ created: number; updated: number }>
}

// A file into a database that holds profiles: every row is staged first,
// then repeated ids fold in file order, and the profiles merge in one of two
// ways. A file that is small next to the table merges with INSERT … ON
// CONFLICT. A large one (a tenth of the table or more) rewrites the table
// instead: each conflicting update would otherwise write a new row version and
// new entries in both indexes (268 s for 1M rows over 1M; platform.md has the
// same shape), where reading the table out, truncating it and writing it back
// with the indexes built once costs a fraction. Ids are kept, so events still
// point at their users.

const STAGE_SQL = /* sql */ `
  create temp table csv_stage (ord integer not null, distinct_id text not null, properties jsonb not null)
  on commit drop`

const FOLD_SQL = /* sql */ `
  create temp table csv_folded on commit drop as
  select distinct_id, min(ord) as ord, cl_merge_agg(properties order by ord) as properties
  from csv_stage group by distinct_id`

const COUNT_SQL = /* sql */ `
  select count(p.id) filter (where p.has_profile)::integer as updated,
         (count(*) - count(p.id) filter (where p.has_profile))::integer as created,
         (select count(*) from profiles)::integer as table_rows
  from csv_folded f left join profiles p on p.group_key = $1 and p.distinct_id = f.distinct_id`

const MERGE_SQL = /* sql */ `
  insert into profiles (group_key, distinct_id, properties, has_profile)
  select $1, distinct_id, properties, true from csv_folded order by ord
  on conflict (group_key, distinct_id)
  do update set properties = profiles.properties || excluded.properties, has_profile = true`

const REWRITE_SQL = /* sql */ `
  create temp table profiles_before on commit drop as select * from profiles;
  truncate profiles;
  alter table profiles drop constraint profiles_identity, drop constraint profiles_pkey`

const WRITE_BACK_SQL = /* sql */ `
  insert into profiles (id, group_key, distinct_id, properties, has_profile) overriding system value
  select b.id, b.group_key, b.distinct_id,
         case when f.distinct_id is null then b.properties else b.properties || f.properties end,
         b.has_profile or f.distinct_id is not null
  from profiles_before b left join csv_folded f on b.group_key = $1 and b.distinct_id = f.distinct_id
  order by b.id`

const ADD_NEW_SQL = /* sql */ `
  insert into profiles (group_key, distinct_id, properties, has_profile)
  select $1, f.distinct_id, f.properties, true from csv_folded f
  where not exists (select 1 from profiles_before b where b.group_key = $1 and b.distinct_id = f.distinct_id)
  order by f.ord`

export class MergeSink implements ProfileSink {
  private stage: CopyWriter

  private constructor(private tx: Transaction, private groupKey: string) {
    this.stage = new CopyWriter(tx, 'csv_stage', ['ord', 'distinct_id', 'properties'], Infinity)
  }

  static async open(tx: Transaction, groupKey: string): Promise<MergeSink> {
    await tx.exec(STAGE_SQL)
    await tx.exec(`set local work_mem = '64MB'; set local maintenance_work_mem = '256MB'`)
    return new MergeSink(tx, groupKey)
  }

  get pending() { return this.stage.rows }

  async add(ord: number, id: string, propertiesJson: string) {
    await this.stage.add([ord, id, propertiesJson])
  }

  async flush() {
    await this.stage.flush()
    this.stage.rows = 0
  }

  async finish() {
    await this.flush()
    await this.tx.exec(FOLD_SQL)
    await this.tx.exec('analyze csv_folded')
    const { rows } = await this.tx.query<{ updated: number; created: number; table_rows: number }>(COUNT_SQL, [this.groupKey])
    const { updated, created, table_rows } = rows[0]!
    if (updated + created < table_rows / 10) {
      await this.tx.query(MERGE_SQL, [this.groupKey])
    } else {
      await this.tx.exec(REWRITE_SQL)
      await this.tx.query(WRITE_BACK_SQL, [this.groupKey])
      await this.tx.query(ADD_NEW_SQL, [this.groupKey])
      await this.tx.exec(ADD_INDEXES_SQL)
    }
    return { created, updated }
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
  insert into profiles (group_key, distinct_id, properties, has_profile)
  select group_key, distinct_id, cl_merge_agg(properties order by id), true
  from removed group by group_key, distinct_id`

const ADD_INDEXES_SQL = /* sql */ `
  alter table profiles add constraint profiles_pkey primary key (id),
    add constraint profiles_identity unique (group_key, distinct_id)`

export class BulkSink implements ProfileSink {
  private writer: CopyWriter

  private constructor(private tx: Transaction, private groupKey: string) {
    this.writer = new CopyWriter(tx, 'profiles', ['group_key', 'distinct_id', 'properties'], Infinity)
  }

  /** A BulkSink when the database holds no profile rows at all, else undefined. */
  static async openIfEmpty(tx: Transaction, groupKey: string): Promise<BulkSink | undefined> {
    const { rows } = await tx.query<{ empty: boolean }>('select not exists (select 1 from profiles) as empty')
    if (!rows[0]!.empty) return undefined
    await tx.exec(DROP_INDEXES_SQL)
    // Room to fold repeats and sort the index builds in memory.
    await tx.exec(`set local work_mem = '64MB'; set local maintenance_work_mem = '256MB'`)
    return new BulkSink(tx, groupKey)
  }

  get pending() { return this.writer.rows }

  async add(_ord: number, id: string, propertiesJson: string) {
    await this.writer.add([this.groupKey, id, propertiesJson])
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
    const { rows } = await this.tx.query<{ n: number }>('select count(*)::integer as n from profiles')
    return { created: rows[0]!.n, updated: 0 }
  }
}
