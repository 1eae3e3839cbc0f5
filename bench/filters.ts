// The fixed filter suite the benchmark counts: every kind of condition of filters.md.
import type { Condition, Group } from '../workers/engine/filter/types'

/** `behaviour`: the first part's behaviour filters, whose slowest is the target for the `added` ones (the second part's). */
export interface SuiteFilter { name: string; filter: Group; kind?: 'behaviour' | 'added' }

const and = (...filters: Array<Group | Condition>): Group => ({ op: 'and', filters })
const or = (...filters: Array<Group | Condition>): Group => ({ op: 'or', filters })
const prop = (property: string, dataType: 'string' | 'number' | 'boolean' | 'datetime' | 'list', operator: string, values?: Array<string | number | boolean>, extra: object = {}): Condition =>
  ({ type: 'property', property, dataType, operator, ...(values ? { values } : {}), ...extra }) as Condition
const did = (event: string, operator: 'atLeast' | 'atMost' | 'exactly' | 'didNot', count?: number, extra: object = {}): Condition =>
  ({ type: 'behavior', event, operator, ...(count === undefined ? {} : { count }), ...extra }) as Condition

export function filterSuite(cohorts: { dynamic: string; static: string; nested: string }): SuiteFilter[] {
  return [
    { name: 'plan equals pro', filter: and(prop('plan', 'string', 'equals', ['pro'])) },
    { name: 'plan equals pro or team', filter: and(prop('plan', 'string', 'equals', ['pro', 'team'])) },
    { name: 'plan notEquals free', filter: and(prop('plan', 'string', 'notEquals', ['free'])) },
    { name: 'name contains "ada"', filter: and(prop('$name', 'string', 'contains', ['ada'])) },
    { name: 'company isSet', filter: and(prop('company', 'string', 'isSet')) },
    { name: 'age > 40 (numeric strings)', filter: and(prop('age', 'number', 'greaterThan', [40])) },
    { name: 'age between 25 and 35', filter: and(prop('age', 'number', 'between', [25, 35])) },
    { name: 'score atMost 100.5', filter: and(prop('score', 'number', 'atMost', [100.5])) },
    { name: 'age isNotSet', filter: and(prop('age', 'number', 'isNotSet')) },
    { name: 'is_paying isTrue', filter: and(prop('is_paying', 'boolean', 'isTrue')) },
    { name: 'signup_date in last 90 days', filter: and(prop('signup_date', 'datetime', 'inLast', undefined, { amount: 90, unit: 'day' })) },
    { name: 'signup_date before 2025-06-01', filter: and(prop('signup_date', 'datetime', 'before', ['2025-06-01'])) },
    { name: 'signup_date between two dates', filter: and(prop('signup_date', 'datetime', 'between', ['2025-01-01', '2025-03-31'])) },
    { name: 'country list-contains (as list)', filter: and(prop('country', 'list', 'contains', ['DE'])) },
    { name: 'did purchase', filter: and(did('purchase', 'atLeast', 1)), kind: 'behaviour' },
    { name: 'purchase ≥ 3 times in last 30 days', filter: and(did('purchase', 'atLeast', 3, { window: { last: 30, unit: 'day' } })), kind: 'behaviour' },
    { name: 'purchase with amount > 100', filter: and(did('purchase', 'atLeast', 1, { where: and(prop('amount', 'number', 'greaterThan', [100])) })), kind: 'behaviour' },
    { name: 'did not login in last 4 weeks', filter: and(did('login', 'didNot', undefined, { window: { last: 4, unit: 'week' } })), kind: 'behaviour' },
    { name: 'any event exactly 2 times in a date range', filter: and(did('$any', 'exactly', 2, { window: { from: '2026-01-01', to: '2026-01-31' } })), kind: 'behaviour' },
    { name: 'nested: (pro and age > 30) or (team and paying)', filter: or(
      and(prop('plan', 'string', 'equals', ['pro']), prop('age', 'number', 'greaterThan', [30])),
      and(prop('plan', 'string', 'equals', ['team']), prop('is_paying', 'boolean', 'isTrue'))) },
    { name: 'nested: DE/FR and searched socks', filter: and(prop('country', 'string', 'equals', ['DE', 'FR']),
      did('search', 'atLeast', 1, { where: and(prop('query', 'string', 'equals', ['socks'])) })), kind: 'behaviour' },
    { name: 'in dynamic cohort', filter: and({ type: 'cohort', cohortId: cohorts.dynamic, operator: 'in' }) },
    { name: 'not in static cohort (10,000 members)', filter: and({ type: 'cohort', cohortId: cohorts.static, operator: 'notIn' }) },
    { name: 'in cohort of a cohort', filter: and({ type: 'cohort', cohortId: cohorts.nested, operator: 'in' }) },
    // The second part of the language.
    { name: 'sequence: add_to_cart then purchase within 1 day', kind: 'added', filter: and({
      type: 'sequence', operator: 'did', steps: [{ event: 'add_to_cart' }, { event: 'purchase' }], within: { amount: 1, unit: 'day' } }) },
    { name: 'total purchase amount > 500', kind: 'added', filter: and({
      type: 'aggregate', event: 'purchase', fn: 'sum', property: 'amount', operator: 'greaterThan', values: [500] }) },
    { name: 'first purchase in the last 30 days', kind: 'added', filter: and({
      type: 'behavior', event: 'purchase', operator: 'firstTime', window: { last: 30, unit: 'day' } }) },
    { name: 'at least 2 of: pro or team, purchase ≥ 2 in 90 days, login in 30 days', kind: 'added', filter: { op: 'atLeast', k: 2, filters: [
      prop('plan', 'string', 'equals', ['pro', 'team']),
      did('purchase', 'atLeast', 2, { window: { last: 90, unit: 'day' } }),
      did('login', 'atLeast', 1, { window: { last: 30, unit: 'day' } }),
    ] } },
  ]
}

/**
 * The table rows for the second part's filters: each against the scan floor,
 * and against the target, the slowest of the first part's behaviour filters
 * in the same run.
 */
export function addedReport(suite: SuiteFilter[], times: Map<string, number>, scan: number): Array<{ figure: string; value: string; floor: string; ratio: string; target: string }> {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
  const behaviour = suite.filter(f => f.kind === 'behaviour').map(f => ({ name: f.name, took: times.get(f.name)! }))
  const slowest = behaviour.reduce((a, b) => (b.took > a.took ? b : a))
  return suite.filter(f => f.kind === 'added').map(f => {
    const took = times.get(f.name)!
    return {
      figure: `added: ${f.name}`, value: s(took), floor: s(scan), ratio: (took / scan).toFixed(2),
      target: `≤ ${s(slowest.took)} (slowest behaviour: ${slowest.name})${took <= slowest.took ? ' ✓' : ' ✗'}`,
    }
  })
}

/**
 * The same filter and `depth` times "and (an empty group)": the same rows and
 * the same work for the database (a constant `true` the planner drops), but
 * SQL text of its own. The engine keeps every count until the next write, so
 * a repeated run of the very same filter would time a lookup.
 */
export function uncached(filter: Group | undefined, depth: number): Group {
  let f: Group = filter ?? { op: 'and', filters: [] }
  for (let i = 0; i < depth; i++) f = { op: 'and', filters: [f, { op: 'and', filters: [] }] }
  return f
}
