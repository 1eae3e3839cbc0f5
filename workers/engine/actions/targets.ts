// The profiles an action changes, read once at its start into a temporary
// table: the chunks that follow are ranges of its ids, so a filter (behaviour
// counts, cohorts) is evaluated once, and a filter on the property being set
// does not move under the action's feet.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { ProfileAction } from '../types'
import { Params } from '../sql'
import { compileUsersQuery, type CohortResolver } from '../users/query'
import type { CheckedTarget } from './check'

type Resolver = [CohortResolver, (id: string) => boolean]

/** `from profiles p where …` for the target, and its parameters. */
export function targetFrom(target: CheckedTarget, resolver: Resolver): { from: string; params: Params } {
  if ('query' in target) {
    const { from, params } = compileUsersQuery(target.query, ...resolver)
    if (target.except.length === 0) return { from, params }
    return { from: `${from}\n  and not (p.distinct_id = any(${params.add(target.except)}::text[]))`, params }
  }
  const params = new Params()
  return {
    from: `from profiles p where p.group_key = ${params.add(target.groupKey)} and p.distinct_id = any(${params.add(target.ids)}::text[])`,
    params,
  }
}

/** Whether the action changes profile `p` (SQL over `p`): a profile already as the action would leave it is not changed. */
export function changesSql(action: ProfileAction, params: Params): string {
  switch (action.kind) {
    case 'set':
      return `(p.properties -> ${params.add(action.property)}::text is distinct from ${params.add(JSON.stringify(action.value))}::jsonb or not p.has_profile)`
    case 'unset':
      return `(p.properties ? ${params.add(action.property)}::text)`
    case 'addToCohort':
      return `not exists (select 1 from cohort_members m where m.cohort_id = ${params.add(action.cohortId)}::text and m.distinct_id = p.distinct_id)`
    case 'removeFromCohort':
      return `exists (select 1 from cohort_members m where m.cohort_id = ${params.add(action.cohortId)}::text and m.distinct_id = p.distinct_id)`
    case 'delete':
      return 'p.has_profile'
  }
}

/** Counts what an action would do, reading only. */
export async function preview(db: PGlite | Transaction, target: CheckedTarget, action: ProfileAction, resolver: Resolver) {
  const { from, params } = targetFrom(target, resolver)
  const changes = changesSql(action, params)
  const { rows } = await db.query<{ matched: number; changes: number }>(
    `select count(*)::integer as matched, (count(*) filter (where ${changes}))::integer as changes ${from}`, params.values)
  return rows[0]!
}

/**
 * Fills `action_targets (id)` with the profiles the action changes; dropped
 * when the transaction ends. Returns the counts and the chunks: ranges of
 * profile ids (lo, hi] holding `size` targets each (the last fewer), so a
 * chunk is a range read of both the targets and the profiles' primary key.
 */
export async function materialize(tx: Transaction, target: CheckedTarget, action: ProfileAction, resolver: Resolver, size: number) {
  const { from, params } = targetFrom(target, resolver)
  const changes = changesSql(action, params)
  await tx.exec(`create temp table action_matched (id integer not null, changes boolean not null) on commit drop;
                 create temp table action_targets (id integer not null) on commit drop`)
  await tx.query(`insert into action_matched select p.id, coalesce(${changes}, false) ${from}`, params.values)
  await tx.exec('insert into action_targets select id from action_matched where changes order by id')
  await tx.exec('create index on action_targets (id)')
  await tx.exec('analyze action_targets')
  const { rows } = await tx.query<{ matched: number; changes: number }>(
    `select (select count(*) from action_matched)::integer as matched, (select count(*) from action_targets)::integer as changes`)
  const { matched, changes: total } = rows[0]!
  const ends = (await tx.query<{ id: number }>(
    `select id from (select id, row_number() over (order by id) as r from action_targets) numbered
     where r % $1 = 0 or r = $2 order by id`, [size, total])).rows.map(r => r.id)
  const ranges: Array<{ lo: number; hi: number; done: number }> = []
  let lo = 0
  for (const [i, hi] of ends.entries()) {
    ranges.push({ lo, hi, done: Math.min(total, (i + 1) * size) })
    lo = hi
  }
  return { matched, changes: total, ranges }
}
