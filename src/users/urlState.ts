// The Users page's state in the URL: what is analysed (users or one group
// key), scope, search, filter, sort and columns,
// so a link or a reload restores the exact view and back/forward move through
// changes. A malformed or outdated URL gives an error message and the empty
// filter (the rest of what it holds still applies), never a blank page.
import { validateFilter } from '../../workers/engine/filter/validate'
import { MAX_SEARCH_LENGTH } from '../../workers/engine/users/query'
import type { Group, UsersQuery, UsersSort } from '../../workers/engine/types'
import { messageOf } from '../ui/errors'

export type Scope = UsersQuery['scope']

export interface ViewState {
  /** the group key whose profiles are analysed; null: users */
  analyze: string | null
  scope: Scope
  search: string
  filter: Group
  sort: UsersSort | null
  /** property columns after Name; null: not in the URL (use the remembered ones) */
  columns: string[] | null
  /** why part of the URL was not used */
  error: string | null
}

export type RawParams = Partial<Record<string, string | string[]>>

export const EMPTY_FILTER: Group = { op: 'and', filters: [] }

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}

export function parseViewState(params: RawParams, cohortExists?: (id: string) => boolean): ViewState {
  const errors: string[] = []
  const scopeText = one(params.scope)
  let scope: Scope = 'profiles'
  if (scopeText === 'all' || scopeText === 'profiles') scope = scopeText
  else if (scopeText !== undefined) errors.push(`scope must be "profiles" or "all", not ${JSON.stringify(scopeText)}`)

  const analyzeText = one(params.analyze)?.trim()
  let analyze: string | null = null
  if (analyzeText && analyzeText.length <= 255) analyze = analyzeText
  else if (analyzeText) errors.push('analyze must be a group key of at most 255 characters')

  let search = one(params.q) ?? ''
  if (search.trim().length > MAX_SEARCH_LENGTH) {
    errors.push(`the search must be at most ${MAX_SEARCH_LENGTH.toLocaleString('en-US')} characters, not ${search.trim().length.toLocaleString('en-US')}`)
    search = ''
  }

  let filter = EMPTY_FILTER
  const filterText = one(params.filter)
  if (filterText) {
    try {
      filter = validateFilter(JSON.parse(filterText), cohortExists ? { cohortExists } : {})
    } catch (e) {
      const message = e instanceof SyntaxError ? `is not JSON (${e.message})` : messageOf(e)
      errors.push(e instanceof SyntaxError ? `The filter ${message}` : message)
      filter = EMPTY_FILTER
    }
  }

  let sort: UsersSort | null = null
  const sortText = one(params.sort)
  if (sortText) {
    const at = sortText.lastIndexOf(':')
    const property = at > 0 ? sortText.slice(0, at) : ''
    const direction = at > 0 ? sortText.slice(at + 1) : ''
    if (property && (direction === 'asc' || direction === 'desc')) sort = { property, direction }
    else errors.push(`sort must be "property:asc" or "property:desc", not ${JSON.stringify(sortText)}`)
  }

  let columns: string[] | null = null
  const colsText = one(params.cols)
  if (colsText) {
    try {
      const parsed: unknown = JSON.parse(colsText)
      if (!Array.isArray(parsed) || !parsed.every(c => typeof c === 'string' && c.length > 0 && c.length <= 255)) throw new Error('not a list of names')
      columns = [...new Set(parsed as string[])]
    } catch {
      errors.push('cols must be a JSON list of property names')
    }
  }
  return { analyze, scope, search, filter, sort, columns, error: errors.length ? errors.join('; ') : null }
}

/** URL parameters for a state; defaults are left out so the plain page has a plain URL. */
export function viewParams(s: Pick<ViewState, 'analyze' | 'scope' | 'search' | 'filter' | 'sort'> & { columns?: string[] | null }): Record<string, string | undefined> {
  return {
    analyze: s.analyze ?? undefined,
    scope: s.scope === 'all' ? 'all' : undefined,
    q: s.search || undefined,
    filter: s.filter.filters.length ? JSON.stringify(s.filter) : undefined,
    sort: s.sort ? `${s.sort.property}:${s.sort.direction}` : undefined,
    cols: s.columns ? JSON.stringify(s.columns) : undefined,
  }
}

// ------------------------------------------------------------ columns

export const DEFAULT_COLUMNS = ['$email', '$distinct_id', '$city', '$country_code']
/** Group profiles have their own columns: the group id until the user picks more. */
export const DEFAULT_GROUP_COLUMNS = ['$distinct_id']
const columnsKey = (analyze: string | null) => (analyze === null ? 'cohortlite.users.columns' : `cohortlite.groups.${analyze}.columns`)

export function rememberedColumns(analyze: string | null = null): string[] {
  try {
    const raw = localStorage.getItem(columnsKey(analyze))
    const parsed: unknown = raw ? JSON.parse(raw) : null
    if (Array.isArray(parsed) && parsed.every(c => typeof c === 'string')) return parsed as string[]
  } catch { /* storage off or bad JSON: the defaults */ }
  return analyze === null ? DEFAULT_COLUMNS : DEFAULT_GROUP_COLUMNS
}

export function rememberColumns(columns: string[], analyze: string | null = null): void {
  try { localStorage.setItem(columnsKey(analyze), JSON.stringify(columns)) } catch { /* storage off */ }
}

/** Column widths set by resizing (px by column; '$name' is Name), remembered beside the columns. */
const widthsKey = (analyze: string | null) => `${columnsKey(analyze)}.widths`

export function rememberedWidths(analyze: string | null = null): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(widthsKey(analyze)) ?? '{}')
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])))
    }
  } catch { /* storage off or bad JSON: no widths */ }
  return {}
}

export function rememberWidths(widths: Record<string, number>, analyze: string | null = null): void {
  try { localStorage.setItem(widthsKey(analyze), JSON.stringify(widths)) } catch { /* storage off */ }
}
