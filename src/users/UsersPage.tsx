import { useBeforeLeave, useNavigate, useSearchParams } from '@solidjs/router'
import { createEffect, createMemo, createSignal, For, Match, on, Show, Switch, type JSX } from 'solid-js'
import type { Group, UsersQuery, UsersSort } from '../../workers/engine/types'
import { MAX_SEARCH_LENGTH } from '../../workers/engine/users/query'
import { db } from '../db/client'
import { FilterBuilder } from '../filters/FilterBuilder'
import { complete, describe, impactWords, isGroup, runnable, type Node } from '../filters/model'
import { SaveCohortDialog } from '../cohorts/SaveCohortDialog'
import { UsersExport } from '../export/UsersExport'
import { CohortEditBar } from '../cohorts/CohortEditBar'
import { ViewTools } from './views/ViewTools'
import { createDraft } from '../ui/draft'
import { formatCount, plural } from '../ui/format'
import { createLatest } from '../ui/latest'
import { createUsersCatalog } from './catalog'
import { profileHref } from './display'
import { EditColumns } from './EditColumns'
import { conditionKey, countRemovals, type Removals } from './removals'
import { EmptyUsers } from './SampleData'
import { createSelection } from './selection'
import { UsersTable } from './UsersTable'
import { BulkActions } from './actions/BulkActions'
import { UndoBar } from './actions/UndoBar'
import {
  EMPTY_FILTER, parseViewState, rememberColumns, rememberedColumns, rememberedWidths, rememberWidths, viewParams, type RawParams, type Scope,
} from './urlState'
import './users.css'

const SEARCH_DEBOUNCE_MS = 250
const FILTER_DEBOUNCE_MS = 250

// The last view of users and of each group key's profiles, so coming back
// from another page restores it: "/" (the Users link) the users' view,
// "/?analyze=key" (a group profile's back link) that key's.
const lastViews = new Map<string, Record<string, string | undefined>>()
const remember = (view: Record<string, string | undefined>) => lastViews.set(view.analyze ?? '', view)

const sameFilter = (a: Group, b: Group) => JSON.stringify(a) === JSON.stringify(b)

type Change = Partial<{ analyze: string | null; scope: Scope; search: string; filter: Group; sort: UsersSort | null; columns: string[] | null }>

/** `actions`: buttons for the title row (the app puts Add/Edit Profile there). */
export function UsersPage(props: { actions?: JSX.Element }) {
  const [params, setParams] = useSearchParams()
  const navigate = useNavigate()

  // Back on the plain page after visiting another: the view as it was left.
  {
    const keys = Object.keys(params).filter(k => params[k] !== undefined)
    const last = keys.length === 0 ? lastViews.get('') : keys.length === 1 && keys[0] === 'analyze' ? lastViews.get(String(params.analyze)) : undefined
    if (last) setParams(last, { replace: true })
  }

  const ready = () => db.phase().kind === 'ready' && db.stats() !== null
  const empty = () => {
    const s = db.stats()
    return s !== null && s.users === 0 && s.profiles === 0 && s.events === 0
  }
  const live = () => ready() && !empty()

  // ------------------------------------------------------------ URL state
  const [totalShown, setTotalShown] = createSignal(false)
  const catalog = createUsersCatalog({ live, afterTotal: totalShown, analyze: () => state().analyze })
  const state = createMemo(() => parseViewState(params as RawParams, catalog.cohortExists()))
  // What is analysed: users, or the group profiles of one key (Mixpanel's "Analyze Uniques by").
  const analyze = () => state().analyze
  const groupQuery = () => (analyze() === null ? {} : { groupKey: analyze()! })
  const scope = () => state().scope
  const sort = () => state().sort
  // A memo: every row of the grid reads the columns, and the remembered ones come from localStorage.
  const columns = createMemo(() => state().columns ?? rememberedColumns(analyze()),
    undefined, { equals: (a, b) => a.length === b.length && a.every((c, i) => c === b[i]) })

  createEffect(() => remember(viewParams({ ...state(), columns: columns() })))
  // The URL holds the whole view: the columns too, also when they come from this browser's memory.
  createEffect(() => { if (state().columns === null) setParams({ cols: JSON.stringify(columns()) }, { replace: true }) })

  // The builder's draft (incomplete conditions included; the URL holds its
  // runnable part) and the search box, each committed after a pause. Every
  // view change below carries what is still waiting, so no edit is lost.
  let lastEdit = 0
  const filterDraft = createDraft<Group, Group>({
    committed: () => state().filter,
    commit: filter => go({ filter }),
    wait: FILTER_DEBOUNCE_MS,
    toCommitted: runnable,
    fromCommitted: f => f,
    equals: sameFilter,
  })
  // Search: one history entry per search (replacing).
  const searchDraft = createDraft<string, string>({
    committed: () => state().search,
    commit: search => go({ search }, true),
    wait: SEARCH_DEBOUNCE_MS,
    // An over-long search stays in the box, said to be too long, and is not searched or put in the URL.
    toCommitted: text => (text.trim().length > MAX_SEARCH_LENGTH ? undefined : text.trim()),
    fromCommitted: s => s,
  })
  const searchTooLong = () => {
    const n = searchDraft.value().trim().length
    return n > MAX_SEARCH_LENGTH ? n : null
  }
  const editFilter = (f: Group) => { lastEdit = performance.now(); filterDraft.set(f) }
  const editSearch = (text: string) => { lastEdit = performance.now(); searchDraft.set(text) }

  /** The filter and search as on screen: what waits is committed first (saving a view or a cohort saves what is shown). */
  const settled = () => {
    if (filterDraft.pending() || searchDraft.pending()) go({})
    return { filter: filterDraft.flush(), search: searchDraft.flush() }
  }

  function go(change: Change, replace = false) {
    const s = { ...state(), columns: columns(), filter: filterDraft.flush(), search: searchDraft.flush(), ...change }
    setParams(viewParams(s), { replace })
  }

  // Leaving by a link (a profile, another page, the Users link) while an edit
  // waits: the edit goes into this page's history entry first, so Back shows
  // it. (Back and forward themselves land elsewhere; the edit then still wins,
  // committed on top of the view they show.)
  useBeforeLeave(e => {
    if (typeof e.to !== 'string' || (!filterDraft.pending() && !searchDraft.pending())) return
    const view = viewParams({ ...state(), columns: columns(), filter: filterDraft.flush(), search: searchDraft.flush() })
    remember(view)
    const query = new URLSearchParams(Object.entries(view).filter((kv): kv is [string, string] => kv[1] !== undefined))
    history.replaceState(history.state, '', `${location.pathname}${query.size ? `?${query}` : ''}`)
  })

  // ------------------------------------------------------------ counting
  const query = createMemo<UsersQuery>(() => ({
    ...groupQuery(),
    // Group profiles are all profiles: the User Profiles / All Users switch is about users.
    scope: analyze() === null ? scope() : 'profiles',
    ...(state().search ? { search: state().search } : {}),
    ...(state().filter.filters.length ? { filter: state().filter } : {}),
  }), { scope: 'profiles' }, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) })

  // What the table shows changes only once the new count is in, so the old
  // rows stay on screen while a new query counts.
  const counted = createLatest(
    () => (live() ? { query: query(), version: db.dataVersion() } : undefined),
    async ({ query: q, version }) => ({ key: `${version}|${JSON.stringify(q)}`, query: q, total: await db.api().countUsers(q) }),
    { equals: (a, b) => a.version === b.version && a.query === b.query })
  const view = counted.value
  const [countMs, setCountMs] = createSignal<number | null>(null)
  createEffect(on(view, v => {
    if (!v) return
    setTotalShown(true)
    setCountMs(lastEdit ? Math.round(performance.now() - lastEdit) : null)
  }, { defer: true }))
  createEffect(() => { if (counted.error()) setTotalShown(true) })

  // Then what each condition removes; a new count stops it.
  const removals = createLatest<NonNullable<ReturnType<typeof view>>, Removals>(
    () => (counted.pending() || counted.error() ? undefined : view()),
    (v, asking) => countRemovals(v.query, v.total, q => db.api().countUsers(q), catalog.cohortName, asking),
    { equals: (a, b) => a.key === b.key })
  const removalsNow = () => (removals.key()?.key === view()?.key ? removals.value() : undefined)

  const impactText = (i: number) => {
    const node = filterDraft.value().filters[i]
    if (!node) return undefined
    // The node as it runs (the URL's filter holds conditions without their unfinished parts).
    const ran = runnable({ op: 'and', filters: [node] }).filters[0]
    if (!ran) return undefined
    const n = removalsNow()?.byCondition.get(conditionKey(ran))
    if (n === undefined) return undefined
    const { verb, users } = impactWords(state().filter.op, n, 0)
    return `${verb} ${plural(users, 'user')}`
  }

  // ------------------------------------------------------------ table
  const selection = createSelection(() => view()?.total ?? 0)
  createEffect(on(() => view()?.key, () => selection.clear()))

  // Last seen and Events are read from events, for the windows that show them.
  const activity = () => columns().some(c => c === '$last_seen' || c === '$event_count')
  const fetchWindow = (offset: number, limit: number) => {
    const v = view()
    if (!v) return Promise.resolve([])
    const s = sort()
    return db.api().listUsers({ ...v.query, offset, limit, ...(s ? { sort: s } : {}), ...(activity() ? { activity: true } : {}) })
  }
  const tableKey = () => `${view()?.key ?? ''}|${JSON.stringify(sort())}|${activity()}`
  const [widths, setWidths] = createSignal(rememberedWidths(analyze()))
  createEffect(on(analyze, a => setWidths(rememberedWidths(a)), { defer: true }))
  const resize = (column: string, width: number) => {
    const next = { ...widths(), [column]: width }
    setWidths(next)
    rememberWidths(next, analyze())
  }

  const [editing, setEditing] = createSignal(false)
  const [saving, setSaving] = createSignal<null | 'filter' | 'selection'>(null)
  const setColumns = (cols: string[]) => {
    rememberColumns(cols, analyze())
    go({ columns: cols })
  }

  const onSort = (property: string) => {
    const s = sort()
    const next: UsersSort | null = !s || s.property !== property ? { property, direction: 'asc' }
      : s.direction === 'asc' ? { property, direction: 'desc' } : null
    go({ sort: next })
  }

  /** Saving a cohort saves the filter as edited, so what waits is committed first. */
  const save = (mode: 'filter' | 'selection') => {
    if (filterDraft.pending() || searchDraft.pending()) go({})
    setSaving(mode)
  }
  const savedCohort = async () => {
    setSaving(null)
    await db.changed()
  }

  return (
    <section class="page users-page" aria-labelledby="users-title">
      <div class="page-head">
        <h1 id="users-title">Users</h1>
        <Show when={ready() && !empty()}>
          <p class="total-line">
            <span class="total" aria-label="Total users" data-count-ms={countMs() ?? undefined}
                  title={countMs() !== null ? `counted ${countMs()} ms after the last change` : undefined}>
              {view() ? formatCount(view()!.total) : '—'}
            </span>
            <span class="muted"> {analyze() !== null ? `${analyze()} profiles` : scope() === 'profiles' ? 'user profiles' : 'users'}</span>
            <Show when={counted.pending()}><span class="spinner" aria-hidden="true" /></Show>
          </p>
        </Show>
        <div class="page-actions">{props.actions}</div>
      </div>

      <Switch>
        <Match when={!ready()}>
          <div class="card loading-card" aria-busy="true">
            <span class="spinner" aria-hidden="true" /> Opening the database… the first start can take a few seconds.
          </div>
        </Match>
        <Match when={empty()}>
          <EmptyUsers />
        </Match>
        <Match when={true}>
          <Show when={state().error}>
            <p class="error-text url-error" role="alert">
              This link's view could not be fully restored: {state().error}. Showing all users without that part instead.
            </p>
          </Show>
          <div class="toolbar">
            <Show when={catalog.groupKeys().length > 0}>
              <label class="analyze">
                <span class="muted">Analyze</span>
                <select aria-label="Analyze" value={analyze() ?? ''}
                        onChange={e => go({ analyze: e.currentTarget.value || null, filter: EMPTY_FILTER, sort: null, columns: null, search: '' })}>
                  <option value="">Users</option>
                  <For each={catalog.groupKeys()}>{k => <option value={k}>{k}</option>}</For>
                </select>
              </label>
            </Show>
            <Show when={analyze() === null}>
            <div class="segmented" role="radiogroup" aria-label="Scope">
              <label classList={{ on: scope() === 'profiles' }}>
                <input type="radio" name="scope" value="profiles" checked={scope() === 'profiles'}
                       onChange={() => go({ scope: 'profiles' })} />
                User Profiles
              </label>
              <label classList={{ on: scope() === 'all' }}>
                <input type="radio" name="scope" value="all" checked={scope() === 'all'}
                       onChange={() => go({ scope: 'all' })} />
                All Users
              </label>
            </div>
            </Show>
            <div class="search">
              <svg viewBox="0 0 20 20" aria-hidden="true" class="search-icon">
                <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />
                <path d="M13 13l4 4" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
              </svg>
              <input
                type="search"
                aria-label="Search users"
                placeholder="Search by name, email or distinct ID"
                value={searchDraft.value()}
                onInput={e => editSearch(e.currentTarget.value)}
                aria-invalid={searchTooLong() !== null ? 'true' : undefined}
                aria-describedby={searchTooLong() !== null ? 'search-too-long' : undefined}
                autocomplete="off"
                spellcheck={false}
              />
            </div>
            <div class="toolbar-actions">
              <button type="button" class="button" onClick={() => setEditing(true)}>Edit Columns</button>
              <UsersExport view={view()} sort={sort()} columns={columns()} selection={selection} />
              <Show when={analyze() === null}>
                <button type="button" class="button" disabled={!view()} onClick={() => save('filter')}>Save as cohort</button>
              </Show>
              <ViewTools current={analyze() === null ? () => ({ ...settled(), scope: scope(), columns: columns(), sort: sort() }) : undefined}
                         query={() => view()?.query ?? query()} describe={() => `this view (${describe(state().filter, catalog.cohortName)})`} />
              <BulkActions of="all" selection={selection} query={view()?.query} total={view()?.total ?? 0} analyze={analyze()} catalog={catalog} />
            </div>
          </div>

          <CohortEditBar filter={() => settled().filter} query={() => view()?.query ?? query()} total={() => view()?.total} selection={selection}
                         cohorts={() => (catalog.cohortExists() ? catalog.cohorts() : undefined)} describe={f => describe(f, catalog.cohortName)} />
          <div class="card filter-card">
            <FilterBuilder filter={filterDraft.value()} onChange={editFilter} catalog={catalog.filter} impact={impactText}
                           complete={(n: Node) => isGroup(n) || complete(n)} />
            <Show when={filterDraft.value().filters.length > 0}>
              <button type="button" class="link-button clear-filters" onClick={() => editFilter(EMPTY_FILTER)}>Clear filters</button>
            </Show>
          </div>

          <Show when={searchTooLong()}>
            {n => (
              <p class="error-text" role="alert" id="search-too-long">
                A search is at most {formatCount(MAX_SEARCH_LENGTH)} characters; this one has {formatCount(n())}.
                Shorten it to search (the list shows the last search until then).
              </p>
            )}
          </Show>
          <Show when={counted.error()}>
            <p class="error-text" role="alert">Could not count users: {counted.error()}</p>
          </Show>
          <For each={catalog.errors()}>{line => <p class="error-text" role="alert">{line}</p>}</For>

          <Show when={selection.count() > 0}>
            <div class="selection-bar" role="region" aria-label="Selection">
              <span aria-live="polite">{plural(selection.count(), 'user')} selected</span>
              <Show when={!selection.all() && (view()?.total ?? 0) > selection.count()}>
                <button type="button" class="link-button" onClick={() => selection.selectAll()}>
                  Select all {formatCount(view()?.total ?? 0)} that match
                </button>
              </Show>
              <Show when={analyze() === null}>
                <button type="button" class="button small" onClick={() => save('selection')}>Save selection as cohort</button>
              </Show>
              <BulkActions of="selection" selection={selection} query={view()?.query} total={view()?.total ?? 0} analyze={analyze()} catalog={catalog} />
              <button type="button" class="link-button" onClick={() => selection.clear()}>Clear selection</button>
            </div>
          </Show>
          <UndoBar />

          <UsersTable
            total={view()?.total}
            queryKey={tableKey()}
            fetchWindow={fetchWindow}
            columns={columns()}
            typeOf={catalog.typeOf}
            sort={sort()}
            onSort={onSort}
            selection={selection}
            href={id => profileHref(id, analyze())}
            idLabel={analyze() === null ? undefined : 'Group ID'}
            onOpen={id => navigate(profileHref(id, analyze()))}
            widths={widths()}
            onResize={resize}
          />
          <Show when={view()?.total === 0}>
            <p class="muted no-results" role="status">
              No users match{state().search ? ` “${state().search}”` : ''}.
              <Show when={removalsNow()?.blame}>{b => <> {b()}.</>}</Show>
            </p>
          </Show>

          <Show when={editing()}>
            <EditColumns columns={columns()} properties={catalog.properties()} onChange={setColumns} onClose={() => setEditing(false)} />
          </Show>
          <Show when={saving()}>
            {mode => (
              <SaveCohortDialog
                filter={state().filter}
                scope={scope()}
                query={view()?.query ?? query()}
                total={mode() === 'selection' ? selection.count() : view()?.total ?? 0}
                selection={mode() === 'selection' ? selection : undefined}
                describe={describe(state().filter, catalog.cohortName)}
                onClose={() => setSaving(null)}
                onSaved={savedCohort}
              />
            )}
          </Show>
        </Match>
      </Switch>
    </section>
  )
}
