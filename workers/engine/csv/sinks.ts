import type { Transaction } from '@electric-sql/pglite'
import { CopyWriter } from '../copy'

// Where parsed CSV rows go. Two ways, chosen per import:
// - MergeSink: rows COPY into a staging table and each flush merges into
//   profiles (new ids insert, existing profiles keep what the file does not set).
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

// Counts: RETURNING old.* (Postgres 18) tells an updated profile from a
// created one; a row first written by this very import (its xmin is our
// transaction) is neither again.
const MERGE_RESULT = /* sql */ `
    on conflict (group_key, distinct_id)
    do update set properties = profiles.properties || excluded.properties, has_profile = true
    returning old.has_profile is true and old.xmin <> pg_current_xact_id()::xid as updated,
              old.xmin is not null and old.xmin = pg_current_xact_id()::xid as again
  )
  select count(*) filter (where updated)::integer as updated,
         count(*) filter (where not updated and not again)::integer as created
  from merged`

const MERGE_SQL = /* sql */ `
  with merged as (
    insert into profiles (group_key, distinct_id, properties, has_profile)
    select $1, distinct_id, properties, true from csv_stage
  ${MERGE_RESULT}`

// The same, when the flush repeats an id: its rows fold in file order first.
const FOLD_MERGE_SQL = /* sql */ `
  with folded as (
    select distinct_id, cl_merge_agg(properties order by ord) as properties
    from csv_stage group by distinct_id
  ), merged as (
    insert into profiles (group_key, distinct_id, properties, has_profile)
    select $1, distinct_id, properties, true from folded
  ${MERGE_RESULT}`

export class MergeSink implements ProfileSink {
  private stage: CopyWriter
  private ids = new Set<string>()
  private repeats = false
  private created = 0
  private updated = 0

  private constructor(private tx: Transaction, private groupKey: string) {
    this.stage = new CopyWriter(tx, 'csv_stage', ['ord', 'distinct_id', 'properties'], Infinity)
  }

  static async open(tx: Transaction, groupKey: string): Promise<MergeSink> {
    await tx.exec(`create temp table csv_stage (ord integer not null, distinct_id text not null, properties jsonb not null) on commit drop`)
    return new MergeSink(tx, groupKey)
  }

  get pending() { return this.stage.rows }

  async add(ord: number, id: string, propertiesJson: string) {
    if (this.ids.has(id)) this.repeats = true
    else this.ids.add(id)
    await this.stage.add([ord, id, propertiesJson])
  }

  async flush() {
    if (this.stage.rows === 0) return
    await this.stage.flush()
    const { rows } = await this.tx.query<{ created: number; updated: number }>(this.repeats ? FOLD_MERGE_SQL : MERGE_SQL, [this.groupKey])
    this.created += rows[0]!.created
    this.updated += rows[0]!.updated
    // DELETE, not TRUNCATE: a truncate gives the table a new file each time,
    // and in OPFS every new file takes a handle from a pool refilled only
    // between statements outside the transaction.
    await this.tx.exec('delete from csv_stage')
    this.stage.rows = 0
    this.ids.clear()
    this.repeats = false
  }

  async finish() {
    await this.flush()
    return { created: this.created, updated: this.updated }
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
