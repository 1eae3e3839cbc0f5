// What the filter checks share: the error that names a bad node, the limits,
// and small readers of untrusted JSON.

/** A filter that cannot run; `path` names the bad node (`filters[1].count`, or '' for the whole filter). */
export class FilterError extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`${path || 'filter'} ${problem}`)
    this.name = 'FilterError'
  }
}

/** Groups nest at most this deep (the root group is level 1; a `where` is one level below its condition). */
export const MAX_DEPTH = 16
/** A filter holds at most this many conditions, and a condition at most this many values. */
export const MAX_CONDITIONS = 1000
export const MAX_VALUES = 10_000
/** Property and event names, as profiles.md limits property names. */
export const MAX_NAME_LENGTH = 255
/** Relative spans (`inLast`, `inNext`, windows, `within`) reach at most this far from now (Postgres dates end). */
export const MAX_DAYS = 1_000_000

export interface CheckState {
  conditions: number
  cohortExists?: (id: string) => boolean
}

/** Checks a group (as validate.ts does) at `path`; passed in, so that condition checks can check a where. */
export type CheckGroup = (node: unknown, path: string, depth: number, inWhere: boolean, state: CheckState) => void

export function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function show(v: unknown): string {
  if (v === undefined) return 'nothing'
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v)
  return JSON.stringify(v)
}

export function oneOf(list: readonly string[]): string {
  return list.map(s => JSON.stringify(s)).join(', ')
}

/** "a", "a and b", "a, b and c". */
export function words(list: readonly string[]): string {
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`
}

/** Absent means missing or `undefined` (an optional TypeScript field); JSON never holds undefined. */
export function present(node: Record<string, unknown>, key: string): boolean {
  return node[key] !== undefined
}

export function onlyKeys(node: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(node)) {
    if (!allowed.includes(key) && node[key] !== undefined) {
      throw new FilterError(at(path, key), `is not a field of this node (allowed: ${allowed.join(', ')})`)
    }
  }
}

/** A property or event name: 1 to 255 characters. */
export function name(node: Record<string, unknown>, key: string, path: string): void {
  const v = node[key]
  if (typeof v !== 'string' || v === '') throw new FilterError(at(path, key), `must be a non-empty string, not ${show(v)}`)
  if (v.length > MAX_NAME_LENGTH) throw new FilterError(at(path, key), `must be at most ${MAX_NAME_LENGTH} characters`)
}

/** One of `list`, or a FilterError naming the choices. */
export function choice<T extends string>(v: unknown, list: readonly T[], path: string): T {
  if (typeof v !== 'string' || !(list as readonly string[]).includes(v)) throw new FilterError(path, `must be one of ${oneOf(list)}, not ${show(v)}`)
  return v as T
}

/** A finite number, or a FilterError. */
export function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FilterError(path, `must be a finite number, not ${show(v)}`)
  return v
}
