// How a user row reads in the table (reserved properties of profiles.md).
import type { UserRow } from '../../workers/engine/types'
import { countryName } from '../ui/format'

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return ''
}

/** `$name`, else `$first_name` + ' ' + `$last_name`, else the distinct id. */
export function displayName(row: UserRow): string {
  const p = row.properties
  const name = text(p.$name)
  if (name) return name
  const full = [text(p.$first_name), text(p.$last_name)].filter(Boolean).join(' ')
  return full || row.distinctId
}

export function displayEmail(row: UserRow): string {
  return text(row.properties.$email)
}

/** "London, United Kingdom"; either part alone when only one is set; '' when neither. */
export function displayLocation(row: UserRow): string {
  const city = text(row.properties.$city)
  const code = text(row.properties.$country_code)
  return [city, code ? countryName(code) : ''].filter(Boolean).join(', ')
}

/** Two letters for the avatar bubble. */
export function initials(name: string): string {
  const words = name.replace(/[^\p{L}\p{N} ]/gu, ' ').trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return '?'
  const first = [...words[0]!][0] ?? ''
  const last = words.length > 1 ? [...words[words.length - 1]!][0] ?? '' : ''
  return (first + last).toUpperCase()
}

const COLUMN_LABELS: Record<string, string> = {
  $email: 'Email', $distinct_id: 'Distinct ID', $city: 'City', $country_code: 'Country', $region: 'Region',
  $name: 'Name', $created: 'Created', $last_seen: 'Last seen', $event_count: 'Events', $phone: 'Phone', $timezone: 'Timezone',
  $first_name: 'First name', $last_name: 'Last name', $username: 'Username', $avatar: 'Avatar',
}

/** A column's header: reserved properties by their meaning, others by name. */
export function columnLabel(property: string): string {
  return COLUMN_LABELS[property] ?? property
}

/** A property value as a list of strings when it is one (a JSON array, or a string holding one). */
export function asList(value: unknown): string[] | null {
  let v = value
  if (typeof v === 'string' && /^\s*\[.*\]\s*$/s.test(v)) {
    try { v = JSON.parse(v) } catch { return null }
  }
  if (!Array.isArray(v)) return null
  return v.map(x => (typeof x === 'string' ? x : JSON.stringify(x)))
}

/** Milliseconds since the epoch when the value reads as a datetime (filters.md), else null. */
export function asTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.abs(value) < 1e11 ? value * 1000 : value
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/.test(value.trim())) {
    let s = value.trim().replace(' ', 'T')
    if (!/(Z|[+-]\d{2}(:?\d{2})?)$/.test(s) && s.length > 10) s += 'Z'
    const t = Date.parse(s)
    return Number.isFinite(t) ? t : null
  }
  return null
}

/** A cell's text for a plain value. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** Where a user's profile opens. */
/** A user's profile page, or a group profile's when `groupKey` is given. */
export function profileHref(distinctId: string, groupKey: string | null = null): string {
  return groupKey === null
    ? `/users/${encodeURIComponent(distinctId)}`
    : `/groups/${encodeURIComponent(groupKey)}/${encodeURIComponent(distinctId)}`
}
