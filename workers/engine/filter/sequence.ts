// Sequence conditions (docs/filters.md, "Sequences"): the user did events
// e1 … en, one per step and in order, at strictly increasing times, all in
// the window, the last at most `within` after the first.
//
// Not a join of a user's events with themselves (that grows with the square
// of a busy user's events, and worse with each step): one sorted pass with
// window functions, a level per step, from the last step back. Ordered by
// time, latest first, each of a user's events gets
//
//   end_k = the earliest time at which steps k … n can be completed, starting
//           with this event as step k (NULL when they cannot)
//
// end_n is the event's own time when it matches step n; end_k is, when the
// event matches step k, the least end_{k+1} among the user's events strictly
// later than it (a GROUPS frame of the earlier peer groups in that order:
// events at the same instant are never consecutive steps). The user did the
// sequence when some event has an end_1, and end_1 − its time <= within.
// Each frame starts at the partition's start, so each level is one pass.
import type { Binder } from './bind'
import type { SequenceCondition, WithinUnit } from './types'
import { at } from './groups'
import { eventConds, groupsOf, windowConds } from './events'
import { FilterError } from './validate'

const WITHIN_SECONDS: Record<WithinUnit, number> = { hour: 3_600, day: 86_400, week: 604_800 }

export function compileSequence(c: SequenceCondition, path: string, b: Binder, groupKey: string, indent: string): string {
  const n = c.steps.length
  if (n < 2) throw new FilterError(at(path, 'steps'), 'must hold at least 2 steps')
  const pad = `${indent}  `
  const steps = c.steps.map((step, i) => {
    const conds = eventConds(step.event, step.where, `${at(path, 'steps')}[${i}]`, b, pad)
    return conds.length ? conds.join(' and ') : 'true'
  })
  const key = groupKey === '' ? '' : b.text(groupKey)
  const filters = [
    ...windowConds(c.window, path, b),
    ...(key ? [`e.properties ? ${key}`] : []),
  ]
  // Only events some step names can take part (the (event, time) index finds them); `$any` takes every event.
  if (!c.steps.some(s => s.event === '$any')) filters.push(`e.event = any(${b.texts([...new Set(c.steps.map(s => s.event))])})`)
  const flags = steps.map((test, i) => `(${test}) as s${i + 1}`).join(`,\n${pad}  `)
  let rows = `select ${key ? 'g.id' : 'e.user_id'} as who, e.time as t,
${pad}  ${flags}
${pad}from events e${key ? ` ${groupsOf(key)}` : ''}
${pad}${filters.length ? `where ${filters.join(' and ')}` : ''}`

  const carried = (k: number) => Array.from({ length: k }, (_, i) => `s${i + 1}`).map(s => `, ${s}`).join('')
  rows = `select who, t${carried(n - 1)}, case when s${n} then t end as end${n} from (${rows}) as steps`
  for (let k = n - 1; k >= 1; k--) {
    rows = `select who, t${carried(k - 1)},
${pad}  case when s${k} then min(end${k + 1}) over later end as end${k}
${pad}from (${rows}) as step${k + 1}
${pad}window later as (partition by who order by t desc groups between unbounded preceding and 1 preceding)`
  }
  const done = ['end1 is not null']
  if (c.within) {
    done.push(`end1 <= t + make_interval(secs => ${b.bind(c.within.amount * WITHIN_SECONDS[c.within.unit], 'float8')})`)
  }
  const did = `${key ? 'p.distinct_id' : 'p.id'} in (select who from (${rows}) as step1 where ${done.join(' and ')})`
  return c.operator === 'didNot' ? `not ${did}` : did
}
