import type { PGlite } from '@electric-sql/pglite'
import type { UserRow } from '../types'

const PROFILE_SQL = /* sql */ `
  select p.distinct_id, p.properties from profiles p
  where p.group_key = $1 and p.distinct_id = $2`

/** A user with a profile or events; `{}` properties for events without a profile. */
export async function getProfile(db: PGlite, distinctId: string): Promise<UserRow | null> {
  return readProfile(db, '', distinctId)
}

export async function getGroupProfile(db: PGlite, groupKey: string, groupId: string): Promise<UserRow | null> {
  if (groupKey === '') throw new Error('a group key must not be empty')
  return readProfile(db, groupKey, groupId)
}

async function readProfile(db: PGlite, groupKey: string, id: unknown): Promise<UserRow | null> {
  if (typeof id !== 'string') throw new Error(`a distinct id must be a string, not ${typeof id}`)
  const { rows } = await db.query<{ distinct_id: string; properties: Record<string, unknown> }>(PROFILE_SQL, [groupKey, id.trim()])
  const row = rows[0]
  return row ? { distinctId: row.distinct_id, properties: row.properties } : null
}

export async function groupKeys(db: PGlite): Promise<string[]> {
  const { rows } = await db.query<{ group_key: string }>(
    `select distinct group_key from profiles where group_key <> '' order by group_key`)
  return rows.map(r => r.group_key)
}
