// Compiles a validated filter (docs/filters.md) into one boolean SQL
// expression over the profile row `p` (p.id, p.distinct_id, p.properties).
//
// Every property name and value is bound (bind.ts): the SQL text holds only
// placeholders, casts and our own keywords. Every expression this module
// returns is two-valued (true or false, never NULL), so `not (…)` is the
// spec's "not". Property conditions are property.ts; conditions on events
// events.ts (behaviour, first time), aggregate.ts and sequence.ts; this module
// holds groups and cohorts, and dispatches by condition type through one
// exhaustive record.
import type { Params } from '../sql'
import type { CohortCondition, Condition, Group } from './types'
import { Binder } from './bind'
import { parseIsoTime } from './iso'
import { at, combine, compileChildren, isGroup } from './groups'
import { compileProperty } from './property'
import { compileBehavior } from './events'
import { compileAggregate } from './aggregate'
import { compileSequence } from './sequence'
import { FilterError } from './validate'

export type CohortDefinition = { kind: 'dynamic'; filter: Group } | { kind: 'static' }

export interface CompileContext {
  params: Params
  /** The ISO time the filter treats as now (inLast, relative windows, dynamic cohorts). */
  now: string
  /** '' for users; else the group key whose group profiles `p` holds. */
  groupKey: string
  /** A saved cohort by id; undefined when there is none. */
  cohorts: (id: string) => CohortDefinition | undefined
  /** Evaluated as of `now`: only events before it count (cohorts/sizes.ts, a cohort's size on a date). */
  asOf?: boolean
}

/** The filter as a boolean SQL expression over `p`. Call validateFilter first; this throws FilterError on what it cannot compile. */
export function compileFilter(filter: Group, ctx: CompileContext): string {
  // Strict ISO, as in values: no zone means UTC (Date.parse would read a zoneless date-time as local time).
  const now = typeof ctx.now === 'string' ? parseIsoTime(ctx.now) : undefined
  if (!now) throw new FilterError('now', `must be an ISO date-time, not ${JSON.stringify(ctx.now)}`)
  return new Compiler(ctx, new Binder(ctx.params, now.start, ctx.asOf === true)).group(filter, '', '')
}

type ConditionCompilers = { [T in Condition['type']]: (c: Extract<Condition, { type: T }>, path: string, indent: string) => string }

class Compiler {
  /** The dynamic cohorts being expanded, outermost first: saving refuses cycles, this guards against any that got in anyway. */
  private expanding: string[] = []

  constructor(private ctx: CompileContext, private b: Binder) {}

  private conditions: ConditionCompilers = {
    property: (c, path) => compileProperty(c, path, 'p.properties', this.b),
    behavior: (c, path, indent) => compileBehavior(c, path, this.b, this.ctx.groupKey, indent),
    aggregate: (c, path, indent) => compileAggregate(c, path, this.b, this.ctx.groupKey, indent),
    sequence: (c, path, indent) => compileSequence(c, path, this.b, this.ctx.groupKey, indent),
    cohort: (c, path, indent) => this.cohort(c, path, indent),
  }

  group(group: Group, path: string, indent: string): string {
    return combine(group, compileChildren(group, path, (node, nodePath) =>
      isGroup(node) ? this.group(node, nodePath, indent + '  ') : this.condition(node, nodePath, indent + '  ')), indent, this.b)
  }

  private condition(node: Condition, path: string, indent: string): string {
    const compile = Object.hasOwn(this.conditions, node.type)
      ? this.conditions[node.type] as (c: Condition, path: string, indent: string) => string
      : undefined
    if (!compile) throw new FilterError(at(path, 'type'), `is not a condition type: ${JSON.stringify((node as { type: unknown }).type)}`)
    return compile(node, path, indent)
  }

  private cohort(c: CohortCondition, path: string, indent: string): string {
    if (this.ctx.groupKey !== '') {
      throw new FilterError(path, 'is a cohort condition: cohorts hold users, so they cannot filter group profiles')
    }
    const cohort = this.ctx.cohorts(c.cohortId)
    if (!cohort) throw new FilterError(at(path, 'cohortId'), `names no saved cohort (${JSON.stringify(c.cohortId)})`)
    let member: string
    if (cohort.kind === 'static') {
      member = `exists (select 1 from cohort_members m where m.cohort_id = ${this.b.text(c.cohortId)} and m.distinct_id = p.distinct_id)`
    } else {
      if (this.expanding.includes(c.cohortId)) {
        throw new FilterError(at(path, 'cohortId'), `reaches itself: ${[...this.expanding, c.cohortId].join(' → ')}`)
      }
      // A dynamic cohort is its definition evaluated now over All Users; for
      // one row that is the same predicate, so it is compiled inline.
      this.expanding.push(c.cohortId)
      try {
        member = this.group(cohort.filter, `${path}(cohort ${JSON.stringify(c.cohortId)})`, indent)
      } finally {
        this.expanding.pop()
      }
      if (!member.startsWith('(')) member = `(${member})`
    }
    return c.operator === 'notIn' ? `not ${member}` : member
  }
}
