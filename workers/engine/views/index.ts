// Saved views (issue 15): a named Users-page view (scope, search, filter,
// columns, sort) kept in the workspace's saved_views table (migration 5), so
// a backup carries it. Names are unique ignoring case; saving under an id
// replaces that view. A view whose filter names a cohort deleted since still
// opens: the page says what it could not restore.
import type { SavedView, SavedViewInput, SavedViewState } from '../types'
import { validateFilter } from '../filter/validate'
import { MAX_SEARCH_LENGTH } from '../users/query'
import { COHORT_ID, MAX_COHORT_NAME, newId, type Db } from '../cohorts/index'

const MAX_COLUMNS = 200

function checkView(raw: unknown): SavedViewState {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('view must be an object')
  const v = raw as Record<string, unknown>
  for (const key of Object.keys(v)) {
    if (!['scope', 'search', 'filter', 'columns', 'sort'].includes(key)) throw new Error(`view.${key} is not part of a view`)
  }
  if (v.scope !== 'profiles' && v.scope !== 'all') throw new Error(`view.scope must be "profiles" or "all", not ${JSON.stringify(v.scope)}`)
  if (typeof v.search !== 'string') throw new Error('view.search must be a string')
  if (v.search.trim().length > MAX_SEARCH_LENGTH) throw new Error(`view.search must be at most ${MAX_SEARCH_LENGTH} characters`)
  // Shape only: a cohort deleted later must not make the list unreadable.
  const filter = validateFilter(v.filter, { cohortExists: () => true })
  if (!Array.isArray(v.columns) || v.columns.length > MAX_COLUMNS ||
      !v.columns.every(c => typeof c === 'string' && c.length > 0 && c.length <= 255)) {
    throw new Error(`view.columns must be a list of at most ${MAX_COLUMNS} property names`)
  }
  let sort: SavedViewState['sort'] = null
  if (v.sort !== null && v.sort !== undefined) {
    const s = v.sort as Record<string, unknown>
    if (typeof s !== 'object' || typeof s.property !== 'string' || s.property === '' || (s.direction !== 'asc' && s.direction !== 'desc')) {
      throw new Error('view.sort must be null or { property, direction: "asc" | "desc" }')
    }
    sort = { property: s.property, direction: s.direction }
  }
  return { scope: v.scope, search: v.search.trim(), filter, columns: [...new Set(v.columns as string[])], sort }
}

export async function saveView(db: Db, input: SavedViewInput): Promise<{ id: string }> {
  if (typeof input !== 'object' || input === null) throw new Error('a saved view must be an object')
  if (input.id !== undefined && (typeof input.id !== 'string' || !COHORT_ID.test(input.id))) {
    throw new Error(`view id must be 1 to 64 letters, digits, "-" or "_", not ${JSON.stringify(input.id)}`)
  }
  if (typeof input.name !== 'string' || input.name.trim() === '') throw new Error('Give the view a name')
  const name = input.name.trim()
  if (name.length > MAX_COHORT_NAME) throw new Error(`a view's name is at most ${MAX_COHORT_NAME} characters`)
  const view = checkView(input.view)
  const { rows } = await db.query<{ id: string }>('select id from saved_views where lower(name) = lower($1)', [name])
  const clash = rows[0]
  if (clash && clash.id !== input.id) throw new Error(`there is already a view named ${JSON.stringify(name)}: pick another name, or delete that one first`)
  const taken = new Map((await db.query<{ id: string }>('select id from saved_views')).rows.map(r => [r.id, true]))
  const id = input.id ?? newId(taken)
  await db.query(
    `insert into saved_views (id, name, view) values ($1, $2, $3::jsonb)
     on conflict (id) do update set name = excluded.name, view = excluded.view, updated_at = now()`,
    [id, name, JSON.stringify(view)])
  return { id }
}

export async function listViews(db: Db): Promise<SavedView[]> {
  const { rows } = await db.query<{ id: string; name: string; view: SavedViewState; created_at: Date; updated_at: Date }>(
    'select id, name, view, created_at, updated_at from saved_views order by lower(name), id')
  return rows.map(r => ({ id: r.id, name: r.name, view: r.view, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() }))
}

export async function deleteView(db: Db, id: string): Promise<void> {
  const { affectedRows } = await db.query('delete from saved_views where id = $1', [id])
  if (!affectedRows) throw new Error(`there is no saved view ${JSON.stringify(id)}`)
}
