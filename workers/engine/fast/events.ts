// Behaviour conditions and static cohorts for the fast path: the set of users
// they hold, read from PGlite at each count (never kept, so never stale), as
// a mask the property masks combine with in the worker. The SQL is the
// compiler's own (filter/events.ts: the event name, window and where tests,
// bound the same way), asked as "which users" instead of "does this user":
// `exists (… e.user_id = p.id and C)` holds for exactly the users in
// `select e.user_id … where C`, and `p.id in (select e.user_id … group by
// e.user_id having H)` for exactly those that query returns. So the index on
// (event, time) answers without a scan of the profiles.
import type { PGlite } from '@electric-sql/pglite'
import type { BehaviorCondition } from '../filter/types'
import { Params } from '../sql'
import { Binder } from '../filter/bind'
import { compileWhere, eventConds, windowConds, windowTests } from '../filter/events'
import { parseIsoTime } from '../filter/iso'
import type { Mask } from './evaluate'

/** The users who did the behaviour (or did not, for the negative operators): a mask over ids below `size`. */
export async function behaviourMask(db: PGlite, c: BehaviorCondition, now: string, size: number): Promise<Mask> {
  const params = new Params()
  const b = new Binder(params, parseIsoTime(now)!.start)
  const where = (conds: string[]) => (conds.length ? `where ${conds.join(' and ')}` : '')
  let sql: string
  let negate = false
  if (c.operator === 'firstTime') {
    const having = windowTests(c.window!, '', b, 'min(e.time)').join(' and ')
    sql = `select e.user_id from events e ${where(eventConds(c.event, c.where, '', b, ''))} group by e.user_id having ${having}`
  } else {
    const count = c.operator === 'didNot' ? 0 : c.count!
    if (c.operator === 'atLeast' && count === 0) return new Uint8Array(size).fill(1)
    const conds = [...eventConds(c.event, undefined, '', b, ''), ...windowConds(c.window, '', b)]
    if (c.where && c.where.filters.length > 0) conds.push(compileWhere(c.where, 'where', b, ''))
    // atLeast k; didNot = not atLeast 1; atMost n = not atLeast n+1; exactly 0 = not atLeast 1
    let [k, op] = [count, '>=']
    if (c.operator === 'didNot' || (c.operator === 'exactly' && count === 0)) [k, negate] = [1, true]
    else if (c.operator === 'atMost') [k, negate] = [count + 1, true]
    else if (c.operator === 'exactly') op = '='
    sql = k === 1 && op === '>='
      ? `select distinct e.user_id from events e ${where(conds)}`
      : `select e.user_id from events e ${where(conds)} group by e.user_id having count(*) ${op} ${b.bind(k, 'bigint')}`
  }
  return maskOf(db, `select string_agg(u.user_id::text, ',') as ids from (${sql}) as u`, params.values, size, negate)
}

const MEMBERS_SQL = /* sql */ `
  select string_agg(p.id::text, ',') as ids
  from cohort_members m join profiles p on p.distinct_id = m.distinct_id
  where m.cohort_id = $1`

/** A static cohort's members: the rows whose distinct id the cohort lists (as the compiler's `exists` over cohort_members). */
export function membersMask(db: PGlite, cohortId: string, size: number): Promise<Mask> {
  return maskOf(db, MEMBERS_SQL, [cohortId], size, false)
}

async function maskOf(db: PGlite, sql: string, values: unknown[], size: number, negate: boolean): Promise<Mask> {
  const joined = (await db.query<{ ids: string | null }>(sql, values)).rows[0]!.ids
  const mask = new Uint8Array(size)
  if (joined) for (const id of joined.split(',')) if (Number(id) < size) mask[Number(id)] = 1
  if (negate) for (let i = 0; i < size; i++) mask[i] = mask[i]! ^ 1
  return mask
}
