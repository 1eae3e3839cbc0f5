// How a group's children combine in SQL: the one place that knows what a
// group's `op` means, for filters and for a where's groups alike.
import type { Binder } from './bind'
import type { Condition, Group } from './types'

export function isGroup(node: Group | Condition): node is Group {
  return !('type' in node)
}

export function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

/**
 * The group as SQL, given its children's SQL (each two-valued). An empty
 * group matches every user in scope (filters.md); a group of one is its child.
 * "At least k of n" is `and` when k = n and `or` when k = 1 (so the planner
 * keeps its short cuts), else a count of the children that hold.
 */
export function combine(group: Group, parts: string[], indent: string, b: Binder): string {
  if (parts.length === 0) return 'true'
  if (parts.length === 1) return parts[0]!
  const k = group.op === 'atLeast' ? group.k ?? parts.length : undefined
  const op = group.op === 'or' || k === 1 ? 'or' : 'and'
  if (k === undefined || k === 1 || k === parts.length) return `(${parts.join(`\n${indent}  ${op} `)})`
  return `((${parts.map(p => `(${p})::int`).join(`\n${indent}  + `)}) >= ${b.bind(k, 'int')})`
}

/** Each child of a group compiled, with its path. */
export function compileChildren(
  group: Group, path: string,
  compile: (node: Group | Condition, path: string) => string,
): string[] {
  return group.filters.map((node, i) => compile(node, `${at(path, 'filters')}[${i}]`))
}
