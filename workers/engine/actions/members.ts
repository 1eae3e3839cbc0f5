// Add to and remove from a static cohort, over a chunk of action_targets
// (targets.ts): the places added or taken away are kept in
// last_action_members in the same statement, for the undo.
import type { Transaction } from '@electric-sql/pglite'
import type { ProfileAction } from '../types'

// $3: the cohort id.
const ADD_SQL = /* sql */ `
  with added as (
    insert into cohort_members (cohort_id, distinct_id)
    select $3::text, p.distinct_id from action_targets t join profiles p on p.id = t.id
    where t.id > $1 and t.id <= $2 and p.id > $1 and p.id <= $2
    on conflict do nothing
    returning cohort_id, distinct_id
  )
  insert into last_action_members (cohort_id, distinct_id) select cohort_id, distinct_id from added`

const REMOVE_SQL = /* sql */ `
  with removed as (
    delete from cohort_members m using action_targets t join profiles p on p.id = t.id
    where t.id > $1 and t.id <= $2 and p.id > $1 and p.id <= $2 and m.cohort_id = $3::text and m.distinct_id = p.distinct_id
    returning m.cohort_id, m.distinct_id
  )
  insert into last_action_members (cohort_id, distinct_id) select cohort_id, distinct_id from removed`

const COHORT_SQL = /* sql */ `select kind, name, updated_at from cohorts where id = $1`

/** The cohort an action edits, refused unless it is a static cohort of users; its updated_at before the action. */
export async function checkCohort(tx: Transaction, action: ProfileAction & { cohortId: string }, groupKey: string): Promise<Date> {
  if (groupKey !== '') throw new Error(`cohorts hold users, not ${groupKey} profiles`)
  const { rows } = await tx.query<{ kind: string; name: string; updated_at: Date }>(COHORT_SQL, [action.cohortId])
  const cohort = rows[0]
  if (!cohort) throw new Error(`there is no cohort ${JSON.stringify(action.cohortId)}`)
  if (cohort.kind !== 'static') {
    throw new Error(`cohort "${cohort.name}" is dynamic: its members are the users its filter selects; edit its filter, or add users to a static cohort`)
  }
  return cohort.updated_at
}

export function applyChunk(tx: Transaction, action: ProfileAction & { cohortId: string }, lo: number, hi: number) {
  return tx.query(action.kind === 'addToCohort' ? ADD_SQL : REMOVE_SQL, [lo, hi, action.cohortId])
}

/** The cohort's members as they were (and its updated time), for an add, a remove or a delete. */
export async function undoMembers(tx: Transaction, action: ProfileAction, cohortUpdatedAt: Date | null): Promise<void> {
  if (action.kind === 'addToCohort') {
    await tx.query(`delete from cohort_members m using last_action_members u
                    where m.cohort_id = u.cohort_id and m.distinct_id = u.distinct_id`)
  } else {
    // A cohort deleted since would have been a write, which drops the undo: every cohort is still there.
    await tx.query(`insert into cohort_members (cohort_id, distinct_id) select cohort_id, distinct_id from last_action_members
                    on conflict do nothing`)
  }
  if ((action.kind === 'addToCohort' || action.kind === 'removeFromCohort') && cohortUpdatedAt) {
    await tx.query('update cohorts set updated_at = $2 where id = $1', [action.cohortId, cohortUpdatedAt])
  }
}
