// The bulk event path: a whole stream of events in one transaction.
//
// Inserting a batch into `events` touches two B-tree indexes far larger than
// PGlite's 128 MB of shared buffers, so loading events batch by batch reads
// and writes most of their leaf pages again for every batch (4,430 events/s
// at 5M events). Here the stream is first staged with COPY into an unlogged
// table without indexes (no WAL, no index upkeep), then resolved to user ids,
// deduplicated and sorted in one set-based pass into a second unlogged table
// whose heap order is (user_id, time). That table is copied into `events` in
// block ranges, so WAL stays bounded (WalGuard between ranges); when the load
// is large next to `events`, the event indexes are dropped first and rebuilt
// after, which is one sort instead of millions of random index insertions.
// Everything happens in the caller's transaction: DROP INDEX included, so a
// cancelled or failed import leaves table and indexes as they were.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { BulkStep, BulkTuning, TrackedEvent } from '../types'
import type { WalGuard } from '../db'
import type { ImportRun } from '../imports/run'
import { copyField } from '../copy'
import { checkEvent, type NumberedEvent } from './check'

type Db = PGlite | Transaction

export interface BulkOptions {
  wal?: WalGuard
  /** when to rebuild the event indexes, and a hook at each step (defaults: DEFAULT_BULK_TUNING) */
  tuning?: BulkTuning
  /** Force a path (tests); by default the size of the load next to `events` decides. */
  rebuildIndexes?: boolean
}

export const DEFAULT_BULK_TUNING: Readonly<BulkTuning> = {
  // Measured (docs/benchmarks.md): rows inserted in (user_id, time) order
  // keep the indexes cheap to maintain, so at 5M stored events 500k new ones
  // took 29 s through the indexes against 54 s with a rebuild, and at 500k
  // stored 100k took 3.1 s against 4.8 s.
  rebuildFraction: 0.5,
  rebuildMinRows: 20_000,
  // An index build that fits sorts in memory; one that does not merges
  // through the emulated file system.
  indexBuildMemory: '256MB',
}
/** Blocks (8 kB) of sorted rows copied into `events` per statement: about 64 MB of WAL between checkpoints. */
const CHUNK_BLOCKS = 8192

const STAGE = 'events_bulk_stage'
const SORTED = 'events_bulk_sorted'

// Unlogged: the stage lives only inside this transaction, so WAL for it would
// be wasted. A temporary table would do the same but goes through
// temp_buffers (8 MB, and fixed once a session has used a temp table).
const CREATE_STAGE_SQL = /* sql */ `
  create unlogged table ${STAGE} (
    ord bigint not null, distinct_id text not null, ms bigint not null, event text not null,
    insert_id text not null, dedup bigint not null, properties jsonb not null
  )`

const ENSURE_USERS_SQL = /* sql */ `
  insert into profiles (group_key, distinct_id, properties, has_profile)
  select '', d.distinct_id, '{}'::jsonb, false
  from (select distinct distinct_id from ${STAGE}) d
  where not exists (select 1 from profiles p where p.group_key = '' and p.distinct_id = d.distinct_id)
  on conflict (group_key, distinct_id) do nothing`

// Times are staged as integer milliseconds: exact, and far cheaper to make and
// to parse than ISO text.
const MS_TO_TIME = `(timestamptz 'epoch' + ms * interval '1 millisecond')`

// One row per (user, time, dedup), the first in the stream winning, without
// those already stored; heap order is the order of the events_dedup index.
const sortSql = (againstStored: boolean) => /* sql */ `
  create unlogged table ${SORTED} as
  select distinct on (p.id, s.time, s.dedup)
         p.id as user_id, s.time, s.event, s.insert_id, s.dedup, s.properties
  from (select ord, distinct_id, ${MS_TO_TIME} as time, event, insert_id, dedup, properties from ${STAGE}) s
  join profiles p on p.group_key = '' and p.distinct_id = s.distinct_id
  ${againstStored ? 'where not exists (select 1 from events e where e.user_id = p.id and e.time = s.time and e.dedup = s.dedup)' : ''}
  order by p.id, s.time, s.dedup, s.ord`

// Block ranges are read by a TID range scan in heap order, that is sorted order.
const copyRangeSql = (onConflict: boolean) => /* sql */ `
  insert into events (user_id, time, event, insert_id, dedup, properties)
  select user_id, time, event, insert_id, dedup, properties from ${SORTED}
  where ctid >= format('(%s,0)', $1::bigint)::tid and ctid < format('(%s,0)', $2::bigint)::tid
  ${onConflict ? 'on conflict (user_id, time, dedup) do nothing' : ''}`

// Indexes that back no constraint; their definitions come from the catalog
// (our own schema), so a migration that changes them is rebuilt as it is.
const EVENT_INDEXES_SQL = /* sql */ `
  select i.relname as name, pg_get_indexdef(i.oid) as definition
  from pg_index x
  join pg_class i on i.oid = x.indexrelid
  where x.indrelid = 'events'::regclass
    and not exists (select 1 from pg_constraint c where c.conindid = i.oid)
  order by i.relname`

/** importEvents' list as one batch, numbered from 1. */
export function listed(events: TrackedEvent[]): NumberedEvent[][] {
  if (!Array.isArray(events)) throw new Error('importEvents expects a list of events')
  return [events.map((value, i) => ({ row: i + 1, value }))]
}

/** Numbers a stream of event batches 1, 2, 3… across batches. */
export async function* numbered(batches: AsyncIterable<TrackedEvent[]> | Iterable<TrackedEvent[]>): AsyncGenerator<NumberedEvent[]> {
  let row = 0
  for await (const batch of batches) {
    if (!Array.isArray(batch)) throw new Error(`importEventStream expects batches that are lists of events; batch after row ${row} is ${typeof batch}`)
    yield batch.map(value => ({ row: ++row, value }))
  }
}

/**
 * Stores a stream of events within the caller's transaction, telling `run`
 * the rows read and skipped. Invalid events are skipped by their `row`;
 * duplicates of (event, distinct_id, time, $insert_id), stored before or
 * repeated in the stream, are stored once (the first in the stream) and
 * counted in `duplicates`.
 */
export async function storeEventStream(tx: Db, batches: AsyncIterable<NumberedEvent[]> | Iterable<NumberedEvent[]>,
                                       run: ImportRun, options: BulkOptions = {}): Promise<void> {
  const { wal } = options
  const tuning = options.tuning ?? DEFAULT_BULK_TUNING
  const step = (name: BulkStep) => tuning.onStep?.(name)
  const summary = run.summary
  summary.duplicates = 0
  await tx.exec(`drop table if exists ${STAGE}; drop table if exists ${SORTED}; ${CREATE_STAGE_SQL}`)
  const stage = new StageWriter(tx)
  let valid = 0
  run.throwIfAborted()
  for await (const batch of batches) {
    for (const { row, value, error, raw } of batch) {
      summary.rows++
      const e = error === undefined ? checkEvent(value) : { error }
      if ('error' in e) {
        run.skip(row, e.error, raw)
        continue
      }
      valid++
      await stage.add(`${row}\t${copyText(e.distinctId)}\t${e.ms}\t${copyText(e.event)}\t${copyText(e.insertId)}\t${e.dedup}\t${copyText(e.properties)}`)
    }
    run.throwIfAborted()
    run.progress()
  }
  await stage.flush()
  step('staged')

  if (valid > 0) {
    // Without statistics the planner guesses the stage's size and may hash every profile for a few events.
    await tx.exec(`analyze ${STAGE}`)
    // The distinct ids and the dedup sort of millions of staged events spill
    // to temporary files at the engine's 64 MB; this transaction may use more.
    if (valid >= 100_000) await tx.exec(`set local work_mem = '256MB'`)
    await tx.query(ENSURE_USERS_SQL)
    step('users')
    run.throwIfAborted()
    const stored = await storedEventEstimate(tx)
    const sorted = await tx.query(sortSql(stored > 0))
    step('sorted')
    await tx.exec(`drop table ${STAGE}`)
    run.throwIfAborted()
    // CREATE TABLE AS reports its row count (PGlite: rowCount, untyped); counting would read the table again.
    const reported = (sorted as { rowCount?: unknown }).rowCount
    const { rows: [size] } = await tx.query<{ blocks: number; rows: number | null }>(
      `select (pg_relation_size('${SORTED}') / current_setting('block_size')::integer)::integer as blocks,
              case when $1::boolean then (select count(*) from ${SORTED})::integer end as rows`, [typeof reported !== 'number'])
    const fresh = typeof reported === 'number' ? reported : size!.rows!
    const rebuild = options.rebuildIndexes ?? (fresh >= tuning.rebuildMinRows && fresh >= stored * tuning.rebuildFraction)
    const indexes = rebuild ? (await tx.query<{ name: string; definition: string }>(EVENT_INDEXES_SQL)).rows : []
    for (const index of indexes) await tx.exec(`drop index ${quoteName(index.name)}`)
    if (indexes.length > 0) step('indexes dropped')
    for (let from = 0; from < size!.blocks; from += CHUNK_BLOCKS) {
      const result = await tx.query(copyRangeSql(!rebuild), [from, from + CHUNK_BLOCKS])
      summary.created += result.affectedRows ?? 0
      await wal?.check(tx)
      run.throwIfAborted()
    }
    step('inserted')
    await tx.exec(`drop table ${SORTED}`)
    if (indexes.length > 0) {
      // Index builds sort in maintenance_work_mem (64 MB by default): more
      // memory, fewer merge passes through the emulated file system.
      await tx.query(`select set_config('maintenance_work_mem', $1, true)`, [tuning.indexBuildMemory])
      for (const index of indexes) {
        await tx.exec(index.definition)
        await wal?.check(tx)
        step('indexed')
      }
    }
  } else {
    await tx.exec(`drop table ${STAGE}`)
  }
  summary.duplicates = valid - summary.created
}

/** Rows in `events`: the planner's estimate when statistics exist (exact enough to choose a path), else a count. */
async function storedEventEstimate(tx: Db): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(`
    select case when c.reltuples >= 0 then c.reltuples::bigint
                else (select count(*) from events) end::float8 as n
    from pg_class c where c.oid = 'events'::regclass`)
  const n = rows[0]!.n
  // reltuples can say 0 for a table that grew since the last analyse: look once.
  if (n === 0) return (await tx.query<{ n: number }>('select count(*)::float8 as n from (select 1 from events limit 1) e')).rows[0]!.n
  return n
}

function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

const copyText = copyField

/**
 * COPYs encoded stage lines in 8 MB blobs. CopyWriter does the same from
 * field arrays; building the line directly saves an array, a map and a join
 * per event, which at millions of events is seconds.
 */
class StageWriter {
  private lines: string[] = []
  private size = 0

  constructor(private tx: Db) {}

  async add(line: string): Promise<void> {
    this.lines.push(line)
    this.size += line.length + 1
    if (this.size >= 8 << 20) await this.flush()
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return
    const blob = new Blob([this.lines.join('\n') + '\n'])
    this.lines = []
    this.size = 0
    await this.tx.query(`copy ${STAGE} (ord, distinct_id, ms, event, insert_id, dedup, properties) from '/dev/blob'`, [], { blob })
  }
}
