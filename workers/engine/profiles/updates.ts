import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { ProfileUpdate, UpdateSummary } from '../types'
import { applyUpdate, parseUpdate, type ParsedUpdate, type Properties } from './operations'

type Db = PGlite | Transaction

interface ProfileState {
  groupKey: string
  id: string
  existedBefore: boolean     // a profile (not just an event-only user) existed before this batch
  properties: Properties | null
  touched: boolean
}

const keyOf = (groupKey: string, id: string) => `${groupKey}\u0000${id}`

const LOAD_SQL = /* sql */ `
  select p.group_key, p.distinct_id, p.properties, p.has_profile
  from profiles p
  join unnest($1::text[], $2::text[]) as wanted (group_key, distinct_id)
    on p.group_key = wanted.group_key and p.distinct_id = wanted.distinct_id`

const UPSERT_SQL = /* sql */ `
  insert into profiles (group_key, distinct_id, properties, has_profile)
  select group_key, distinct_id, properties::jsonb, true
  from unnest($1::text[], $2::text[], $3::text[]) as t (group_key, distinct_id, properties)
  on conflict (group_key, distinct_id)
  do update set properties = excluded.properties, has_profile = true`

// A deleted profile keeps its row while the user has events (they stay, as in
// Mixpanel), so the user remains in All Users; otherwise the row goes.
const DELETE_SQL = /* sql */ `
  delete from profiles p
  using unnest($1::text[], $2::text[]) as t (group_key, distinct_id)
  where p.group_key = t.group_key and p.distinct_id = t.distinct_id
    and not exists (select 1 from events e where e.user_id = p.id)`

const EMPTY_SQL = /* sql */ `
  update profiles p set properties = '{}'::jsonb, has_profile = false
  from unnest($1::text[], $2::text[]) as t (group_key, distinct_id)
  where p.group_key = t.group_key and p.distinct_id = t.distinct_id`

const CHUNK = 5000

/**
 * Applies Engage updates in array order within one transaction. A refused
 * update is reported with its 1-based position and changes nothing; the
 * others apply.
 */
export async function applyProfileUpdates(tx: Db, updates: ProfileUpdate[]): Promise<UpdateSummary> {
  if (!Array.isArray(updates)) throw new Error('applyProfileUpdates expects a list of updates')
  const summary: UpdateSummary = { rows: updates.length, created: 0, updated: 0, skipped: 0, errors: [] }
  const parsed: Array<ParsedUpdate | null> = updates.map((raw, i) => {
    const check = parseUpdate(raw)
    if ('error' in check) {
      summary.errors.push({ row: i + 1, message: check.error })
      return null
    }
    return check.update
  })

  const states = await loadStates(tx, parsed)
  parsed.forEach((update, i) => {
    if (!update) return
    const state = states.get(keyOf(update.groupKey, update.id))!
    const result = applyUpdate(state.properties, update.ops)
    if ('error' in result) {
      summary.errors.push({ row: i + 1, message: result.error })
      return
    }
    if (state.properties === null && result.properties !== null) summary.created++
    else summary.updated++
    state.properties = result.properties
    state.touched = true
  })
  summary.errors.sort((a, b) => a.row - b.row)
  summary.skipped = summary.errors.length

  const upserts = [...states.values()].filter(s => s.touched && s.properties !== null)
  const deletes = [...states.values()].filter(s => s.touched && s.properties === null && s.existedBefore)
  for (let i = 0; i < upserts.length; i += CHUNK) {
    const chunk = upserts.slice(i, i + CHUNK)
    await tx.query(UPSERT_SQL, [chunk.map(s => s.groupKey), chunk.map(s => s.id), chunk.map(s => JSON.stringify(s.properties))])
  }
  for (let i = 0; i < deletes.length; i += CHUNK) {
    const chunk = deletes.slice(i, i + CHUNK)
    const args = [chunk.map(s => s.groupKey), chunk.map(s => s.id)]
    await tx.query(DELETE_SQL, args)
    await tx.query(EMPTY_SQL, args)
  }
  return summary
}

async function loadStates(tx: Db, parsed: Array<ParsedUpdate | null>): Promise<Map<string, ProfileState>> {
  const states = new Map<string, ProfileState>()
  for (const u of parsed) {
    if (!u || states.has(keyOf(u.groupKey, u.id))) continue
    states.set(keyOf(u.groupKey, u.id), { groupKey: u.groupKey, id: u.id, existedBefore: false, properties: null, touched: false })
  }
  const wanted = [...states.values()]
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const chunk = wanted.slice(i, i + CHUNK)
    const { rows } = await tx.query<{ group_key: string; distinct_id: string; properties: Properties; has_profile: boolean }>(
      LOAD_SQL, [chunk.map(s => s.groupKey), chunk.map(s => s.id)])
    for (const row of rows) {
      if (!row.has_profile) continue
      const state = states.get(keyOf(row.group_key, row.distinct_id))!
      state.existedBefore = true
      state.properties = row.properties
    }
  }
  return states
}
