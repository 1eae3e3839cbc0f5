// Actions on profiles (docs/engine.md, "Actions on profiles"): set or unset
// a property, add to or remove from a static cohort, delete; each in one
// transaction, in chunks with progress and cancel, and undoable until the
// next write. The undo lives in the workspace (schema/006_undo.ts), written
// in the action's transaction: a cancelled or failed action leaves both the
// data and the previous undo as they were.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { ActionPreview, ActionProgress, ActionResult, ActionTarget, LastAction, ProfileAction } from '../types'
import type { WalGuard } from '../db'
import type { CohortResolver } from '../users/query'
import { checkAction, checkTarget } from './check'
import { materialize, preview } from './targets'
import { castsTriggerOff, castsTriggerOn, NEXT_UNDO_CHUNK_SQL, prepare, undoChunk } from './profiles'
import { applyChunk, checkCohort, undoMembers } from './members'

type Resolver = [CohortResolver, (id: string) => boolean]

/** Profiles per statement: progress and cancel come between chunks (about half a second each at this size). */
export const ACTION_CHUNK = 50_000

const CLEAR_SQL = 'truncate last_action, last_action_profiles, last_action_members'

const LAST_SQL = /* sql */ `
  select id, action, group_key, changed, at, cohort_updated_at from last_action order by id desc limit 1`

interface LastRow { id: number; action: ProfileAction; group_key: string; changed: number; at: Date; cohort_updated_at: Date | null }

const asLast = (r: LastRow): LastAction => ({ id: r.id, action: r.action, groupKey: r.group_key, changed: r.changed, at: r.at.toISOString() })

const isCohortAction = (a: ProfileAction): a is ProfileAction & { cohortId: string } =>
  a.kind === 'addToCohort' || a.kind === 'removeFromCohort'

export interface RunOptions { onProgress?: (p: ActionProgress) => void; signal?: AbortSignal; wal?: WalGuard }

export class ProfileActions {
  /** Whether the tables hold an undo; undefined until read. */
  private kept: boolean | undefined

  constructor(private db: PGlite) {}

  /** Any write other than an action or its undo: the undo goes first (docs/decisions.md, "Undo"). */
  async forget(): Promise<void> {
    if (this.kept === undefined) this.kept = (await this.db.query(LAST_SQL)).rows.length > 0
    if (!this.kept) return
    await this.db.exec(CLEAR_SQL)
    this.kept = false
  }

  async last(): Promise<LastAction | null> {
    const row = (await this.db.query<LastRow>(LAST_SQL)).rows[0]
    this.kept = row !== undefined
    return row ? asLast(row) : null
  }

  async preview(target: ActionTarget, raw: ProfileAction, resolver: Resolver): Promise<ActionPreview> {
    const action = checkAction(raw)
    const checked = checkTarget(target)
    return this.db.transaction(async tx => {
      if (isCohortAction(action)) await checkCohort(tx, action, checked.groupKey)
      return preview(tx, checked, action, resolver)
    })
  }

  async run(target: ActionTarget, raw: ProfileAction, resolver: Resolver, options: RunOptions = {}): Promise<ActionResult> {
    const action = checkAction(raw)
    const checked = checkTarget(target)
    const { onProgress, signal, wal } = options
    signal?.throwIfAborted()
    const result = await this.db.transaction(async (tx): Promise<ActionResult> => {
      const cohortUpdatedAt = isCohortAction(action) ? await checkCohort(tx, action, checked.groupKey) : null
      const { matched, changes, ranges } = await materialize(tx, checked, action, resolver, ACTION_CHUNK)
      // Nothing to change is no write: the previous action stays undoable.
      if (changes === 0) return { matched, changed: 0, undo: null }
      await tx.exec(CLEAR_SQL)
      onProgress?.({ done: 0, total: changes })
      const apply = isCohortAction(action)
        ? (lo: number, hi: number) => applyChunk(tx, action, lo, hi)
        : await prepare(tx, action)
      for (const { lo, hi, done } of ranges) {
        signal?.throwIfAborted()
        await apply(lo, hi)
        await wal?.check(tx)
        onProgress?.({ done, total: changes })
      }
      signal?.throwIfAborted()
      if (isCohortAction(action)) await tx.query('update cohorts set updated_at = now() where id = $1', [action.cohortId])
      else await castsTriggerOn(tx)
      const { rows } = await tx.query<LastRow>(
        `insert into last_action (id, action, group_key, changed, cohort_updated_at)
         values (nextval('last_action_ids')::integer, $1::jsonb, $2, $3, $4)
         returning id, action, group_key, changed, at, cohort_updated_at`,
        [JSON.stringify(action), checked.groupKey, changes, cohortUpdatedAt])
      return { matched, changed: changes, undo: asLast(rows[0]!) }
    })
    if (result.undo) this.kept = true
    return result
  }

  async undo(id: number, options: RunOptions = {}): Promise<{ restored: number }> {
    const { onProgress, signal, wal } = options
    signal?.throwIfAborted()
    const restored = await this.db.transaction(async tx => {
      const last = (await tx.query<LastRow>(LAST_SQL)).rows[0]
      if (!last) throw new Error('There is nothing to undo: a change made after the action replaced its undo')
      if (last.id !== id) throw new Error('That action can no longer be undone: another action came after it')
      const action = last.action
      onProgress?.({ done: 0, total: last.changed })
      if (!isCohortAction(action)) await undoProfiles(tx, action, last.changed, options)
      if (action.kind !== 'set' && action.kind !== 'unset') await undoMembers(tx, action, last.cohort_updated_at)
      signal?.throwIfAborted()
      await wal?.check(tx)
      await tx.exec(CLEAR_SQL)
      onProgress?.({ done: last.changed, total: last.changed })
      return last.changed
    })
    this.kept = false
    return { restored }
  }
}

async function undoProfiles(tx: Transaction, action: ProfileAction, total: number, { onProgress, signal, wal }: RunOptions) {
  await castsTriggerOff(tx)
  let lo = 0
  let done = 0
  for (;;) {
    signal?.throwIfAborted()
    const hi = (await tx.query<{ hi: number | null }>(NEXT_UNDO_CHUNK_SQL, [lo, ACTION_CHUNK])).rows[0]?.hi ?? null
    if (hi === null) break
    await undoChunk(tx, action, lo, hi)
    await wal?.check(tx)
    done = Math.min(total, done + ACTION_CHUNK)
    onProgress?.({ done, total })
    lo = hi
  }
  await castsTriggerOn(tx)
}
