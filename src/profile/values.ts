// Property values on the profile page and in the Add/Edit Profile dialog:
// inferred types, the text an input shows, parsing an input back into a value,
// and the checks profiles.md asks of reserved properties.

export type ValueType = 'string' | 'number' | 'boolean' | 'datetime' | 'list' | 'object'

export const VALUE_TYPES: ValueType[] = ['string', 'number', 'boolean', 'datetime', 'list']

export const TYPE_LABEL: Record<ValueType, string> = {
  string: 'String', number: 'Number', boolean: 'Boolean', datetime: 'Date', list: 'List', object: 'Object',
}

/** Reserved properties of profiles.md, offered first by the name autocomplete. */
export const RESERVED_PROPERTIES = [
  '$name', '$first_name', '$last_name', '$username', '$email', '$phone', '$avatar', '$created',
  '$city', '$region', '$country_code', '$timezone', '$last_seen',
]

/** A property name in use, with the type most of its values read as (the engine's catalog). */
export interface KnownProperty { name: string; type: ValueType }

/** The type a property takes by default when added: its type in use, else datetime for the reserved times, else null. */
export function suggestedTypeOf(name: string, known: KnownProperty[]): ValueType | null {
  const hit = known.find(k => k.name === name)
  if (hit) return hit.type
  if (name === '$created' || name === '$last_seen') return 'datetime'
  return RESERVED_PROPERTIES.includes(name) ? 'string' : null
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/

export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && Number.isFinite(Date.parse(text.replace(' ', 'T')))
}

export function inferType(value: unknown): ValueType {
  if (Array.isArray(value)) return 'list'
  if (typeof value === 'number') return 'number'
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'string') return isIsoDate(value.trim()) ? 'datetime' : 'string'
  if (value !== null && typeof value === 'object') return 'object'
  return 'string'
}

/** How a value reads in the panel. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** A list element as text (chips). */
export function itemText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** The text an input of `type` starts with for `value`. */
export function inputText(value: unknown, type: ValueType): string {
  if (type === 'datetime' && typeof value === 'string') {
    const ms = Date.parse(value.trim().replace(' ', 'T'))
    // datetime-local wants "YYYY-MM-DDTHH:MM[:SS]": the time in UTC, as every date in the app shows
    if (Number.isFinite(ms)) return new Date(ms).toISOString().slice(0, 19)
  }
  if (type === 'object' || type === 'list') return JSON.stringify(value)
  return showValue(value)
}

export type Parsed = { value: unknown } | { error: string }

/** An input's text as a value of `type`. Lists come from chips, not from here. */
export function parseValue(text: string, type: ValueType): Parsed {
  switch (type) {
    case 'string': return { value: text }
    case 'number': {
      const t = text.trim()
      const n = Number(t)
      if (t === '' || !Number.isFinite(n)) return { error: `"${text}" is not a number` }
      return { value: n }
    }
    case 'boolean': {
      const t = text.trim().toLowerCase()
      if (t === 'true') return { value: true }
      if (t === 'false') return { value: false }
      return { error: 'choose true or false' }
    }
    case 'datetime': {
      const t = text.trim()
      if (t === '') return { error: 'enter a date' }
      // datetime-local gives a zoneless time, entered in UTC (the field says so): stored with its Z.
      const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(t) ? `${t.length === 16 ? `${t}:00` : t}Z` : t
      if (!isIsoDate(iso)) return { error: `"${text}" is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)` }
      return { value: iso }
    }
    case 'list': {
      try {
        const v = JSON.parse(text) as unknown
        if (Array.isArray(v)) return { value: v }
      } catch { /* below */ }
      return { error: 'a list must be a JSON array' }
    }
    case 'object': {
      try {
        return { value: JSON.parse(text) as unknown }
      } catch {
        return { error: 'not valid JSON' }
      }
    }
  }
}

export interface Check { error?: string; warning?: string }

/** profiles.md's checks on reserved properties: `$phone` and `$avatar` refused, `$email` flagged. */
export function checkReserved(name: string, value: unknown): Check {
  if (name === '$phone') {
    if (typeof value !== 'string' || !/^\+[1-9]\d{0,3}[\d\s().-]*\d$/.test(value.trim())) {
      return { error: '$phone must start with + and a country code (e.g. +44 20 7946 0958)' }
    }
  }
  if (name === '$avatar') {
    if (typeof value !== 'string' || !isWebUrl(value.trim())) return { error: '$avatar must be an http:// or https:// URL' }
  }
  if (name === '$email') {
    if (typeof value !== 'string' || !value.includes('@')) return { warning: '$email has no @: it is kept, but it does not look like an email address' }
  }
  if (name === '$country_code') {
    if (typeof value !== 'string' || !/^[A-Za-z]{2}$/.test(value.trim())) return { warning: '$country_code is usually two letters (ISO 3166, e.g. GB)' }
  }
  return {}
}

export function isWebUrl(text: string): boolean {
  try {
    const u = new URL(text)
    return u.protocol === 'https:' || u.protocol === 'http:'
  } catch {
    return false
  }
}

/** profiles.md's property name rule. */
export function checkPropertyName(name: string): string | null {
  if (name.length === 0) return 'a property name must not be empty'
  if (name.length > 255) return 'a property name is at most 255 characters'
  return null
}
