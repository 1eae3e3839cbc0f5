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
