// The Engage update operations of profiles.md, as pure functions over a
// properties object, so they can be checked exhaustively without a database.
import { checkId, describe } from '../ids'

export type Properties = Record<string, unknown>

/** Operations in the order they apply within one update. */
export const OPERATIONS = ['$set', '$set_once', '$add', '$union', '$append', '$remove', '$unset', '$delete'] as const
export type Operation = (typeof OPERATIONS)[number]

/**
 * Keys Mixpanel's Engage API and SDKs send beside the operations: the project
 * token, the update's time, the IP and coordinates it geolocates from, the
 * flags that skip "last seen" and alias resolution, and the identity the SDKs
 * attach. Accepted, and they change nothing here: there is no geocoding
 * offline, so $ip, $latitude and $longitude set no location properties.
 */
export const MODIFIER_KEYS: ReadonlySet<string> = new Set([
  '$token', '$time', '$ip', '$ignore_time', '$ignore_alias', '$latitude', '$longitude',
  '$device_id', '$user_id', '$had_persisted_distinct_id',
])

export const MAX_PROPERTIES = 2000
export const MAX_PROPERTY_NAME = 255
export const MAX_VALUE_BYTES = 1_000_000

export interface ParsedUpdate {
  groupKey: string          // '' for a user profile
  id: string
  ops: Partial<Record<Operation, unknown>>
}

export type UpdateCheck = { update: ParsedUpdate } | { error: string }

// The same rule as cl_num in the schema: ASCII white space only, bounded length and exponent.
const DECIMAL = /^[ \t\n\r\f\v]*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,4})?[ \t\n\r\f\v]*$/

/** filters.md "as number": a JSON number, or a string that trimmed is a decimal number. */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && value.length <= 1000 && DECIMAL.test(value)) {
    const n = Number(value.trim())
    return Number.isFinite(n) ? n : null
  }
  return null
}

export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null
}

/** Equality of JSON values, used by $union and $remove. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]))
  }
  const ka = Object.keys(a), kb = Object.keys(b as object)
  return ka.length === kb.length &&
    ka.every(k => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Properties)[k], (b as Properties)[k]))
}

function isPlainObject(v: unknown): v is Properties {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function checkValue(op: string, key: string, value: unknown): string | null {
  if (value === undefined) return `${op}.${key} has no value`
  if (typeof value === 'number' && !Number.isFinite(value)) return `${op}.${key} is not a finite number`
  const json = JSON.stringify(value)
  if (json.length > MAX_VALUE_BYTES / 3 && new TextEncoder().encode(json).length > MAX_VALUE_BYTES) {
    return `${op}.${key} is larger than 1 MB`
  }
  return null
}

export function checkName(op: string, key: string): string | null {
  if (key.length === 0) return `${op} has an empty property name`
  if (key.length > MAX_PROPERTY_NAME) return `${op}: property name "${key.slice(0, 40)}…" is longer than ${MAX_PROPERTY_NAME} characters`
  return null
}

/** Checks the shape of one update: its identifier and each operation's argument. */
export function parseUpdate(raw: unknown): UpdateCheck {
  if (!isPlainObject(raw)) return { error: `an update must be an object, not ${describe(raw)}` }
  const isGroup = '$group_key' in raw || '$group_id' in raw
  let groupKey = ''
  let idCheck
  if (isGroup) {
    const key = raw.$group_key
    if (typeof key !== 'string' || key.trim() === '') return { error: '$group_key must be a non-empty string' }
    if (key.trim().length > MAX_PROPERTY_NAME) return { error: `$group_key is longer than ${MAX_PROPERTY_NAME} characters` }
    if ('$distinct_id' in raw) return { error: 'an update names either $distinct_id or $group_key + $group_id, not both' }
    groupKey = key.trim()
    idCheck = checkId(raw.$group_id, '$group_id')
  } else {
    idCheck = checkId(raw.$distinct_id, '$distinct_id')
  }
  if ('error' in idCheck) return idCheck

  const ops: ParsedUpdate['ops'] = {}
  for (const [key, arg] of Object.entries(raw)) {
    if (key === '$distinct_id' || key === '$group_key' || key === '$group_id' || MODIFIER_KEYS.has(key)) continue
    if (!(OPERATIONS as readonly string[]).includes(key)) {
      return { error: `unknown operation "${key}" (expected one of ${OPERATIONS.join(', ')}, or a modifier such as $time or $latitude)` }
    }
    const op = key as Operation
    if (isGroup && (op === '$add' || op === '$append')) return { error: `${op} is not allowed on group profiles` }
    const problem = checkArgument(op, arg)
    if (problem) return { error: problem }
    ops[op] = arg
  }
  if (Object.keys(ops).length === 0) return { error: `the update has no operation (expected one of ${OPERATIONS.join(', ')})` }
  return { update: { groupKey, id: idCheck.id, ops } }
}

function checkArgument(op: Operation, arg: unknown): string | null {
  if (op === '$delete') return null
  if (op === '$unset') {
    if (!Array.isArray(arg)) return `$unset must be a list of property names, not ${describe(arg)}`
    for (const [i, k] of arg.entries()) {
      if (typeof k !== 'string') return `$unset[${i}] must be a property name, not ${describe(k)}`
    }
    return null
  }
  if (!isPlainObject(arg)) return `${op} must be an object of property names to values, not ${describe(arg)}`
  for (const [key, value] of Object.entries(arg)) {
    const problem = checkName(op, key) ?? checkValue(op, key, value)
    if (problem) return problem
    if (op === '$add' && (typeof value !== 'number' || !Number.isFinite(value))) {
      return `$add.${key} must be a number, not ${describe(value)}`
    }
    if (op === '$union' && !Array.isArray(value)) return `$union.${key} must be a list, not ${describe(value)}`
  }
  return null
}

export interface ApplyResult {
  /** The properties after the update, or null when the profile was deleted. */
  properties: Properties | null
}

/**
 * Applies one parsed update to a profile's properties (null: no profile yet).
 * Throws nothing: a refusal comes back as { error } and the input is untouched.
 */
export function applyUpdate(current: Properties | null, ops: ParsedUpdate['ops']): ApplyResult | { error: string } {
  const next: Properties = { ...(current ?? {}) }
  const set = ops.$set as Properties | undefined
  if (set) for (const [k, v] of Object.entries(set)) next[k] = v
  const setOnce = ops.$set_once as Properties | undefined
  if (setOnce) for (const [k, v] of Object.entries(setOnce)) if (!isSet(next[k])) next[k] = v
  const add = ops.$add as Record<string, number> | undefined
  if (add) {
    for (const [k, n] of Object.entries(add)) {
      const old = next[k]
      const base = isSet(old) ? asNumber(old) : 0
      if (base === null) return { error: `$add.${k}: the profile holds ${describe(old)}, which is not a number` }
      next[k] = base + n
    }
  }
  const union = ops.$union as Record<string, unknown[]> | undefined
  if (union) {
    for (const [k, values] of Object.entries(union)) {
      const list = toList(next[k])
      for (const v of values) if (!list.some(x => jsonEqual(x, v))) list.push(v)
      next[k] = list
    }
  }
  const append = ops.$append as Properties | undefined
  if (append) {
    for (const [k, v] of Object.entries(append)) {
      const list = toList(next[k])
      list.push(v)
      next[k] = list
    }
  }
  const remove = ops.$remove as Properties | undefined
  if (remove) {
    for (const [k, v] of Object.entries(remove)) {
      const old = next[k]
      if (Array.isArray(old)) next[k] = old.filter(x => !jsonEqual(x, v))
    }
  }
  const unset = ops.$unset as string[] | undefined
  if (unset) for (const k of unset) delete next[k]
  if ('$delete' in ops) return { properties: null }
  if (Object.keys(next).length > MAX_PROPERTIES) {
    return { error: `the profile would hold ${Object.keys(next).length} properties; at most ${MAX_PROPERTIES.toLocaleString('en-US')} are allowed` }
  }
  return { properties: next }
}

/** A missing value counts as [], a scalar as [value]. */
function toList(value: unknown): unknown[] {
  if (Array.isArray(value)) return [...value]
  return isSet(value) ? [value] : []
}
