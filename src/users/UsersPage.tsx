import { useNavigate, useSearchParams } from '@solidjs/router'
import { batch, createEffect, createMemo, createResource, createSignal, For, Match, on, onCleanup, Show, Switch, untrack } from 'solid-js'
import type { Group, UsersQuery, UsersSort } from '../../workers/engine/types'
import { db } from '../db/client'
import { FilterBuilder, TOP_VALUES, type FilterCatalog } from '../filters/FilterBuilder'
import { complete, describe, impactWords, isGroup, runnable, without, type Node } from '../filters/model'
import { SaveCohortDialog } from '../cohorts/SaveCohortDialog'
import { formatCount, plural } from '../ui/format'
import { messageOf } from '../ui/errors'
import { profileHref } from './display'
import { EditColumns } from './EditColumns'
import { EmptyUsers } from './SampleData'
import { createSelection } from './selection'
import { UsersTable } from './UsersTable'
import {
  EMPTY_FILTER, parseViewState, rememberColumns, rememberedColumns, viewParams, type RawParams, type Scope,
} from './urlState'
import './users.css'

const SEARCH_DEBOUNCE_MS = 250
const FILTER_DEBOUNCE_MS = 250

// The last view, so coming back to "/" from another page restores it.
let lastParams: Record<string, string | undefined> | null = null

const key = (g: Group) => JSON.stringify(g)

// For the browser tests: the engine's own answer to compare the page with.
;(globalThis as { __cohortlite?: unknown }).__cohortlite = { api: () => db.api() }

export function UsersPage() {
  const [params, setParams] = useSearchParams()
  const navigate = useNavigate()

  // Back on the plain page after visiting another: the view as it was left.
  if (lastParams && Object.keys(params).length === 0 && Object.values(lastParams).some(v => v !== undefined)) {
    setParams(lastParams, { replace: true })
  }

  const ready = () => db.phase().kind === 'ready' && db.stats() !== null
  const empty = () => {
    const s = db.stats()
    return s !== null && s.users === 0 && s.profiles === 0 && s.events === 0
  }

  // ------------------------------------------------------------ catalog
  const live = () => ready() && !empty()
  const [cohorts, { refetch: refetchCohorts }] = createResource(
    () => (live() ? db.dataVersion() + 1 : false), () => db.api().listCohorts())
  const [groupKeys] = createResource(
    () => (live() ? db.dataVersion() + 1 : false), () => db.api().groupKeys().catch(() => [] as string[]))
  // The worker answers one request at a time, and event names scan every
  // event (seconds at millions): they wait until the page shows its total.
  const [totalShown, setTotalShown] = createSignal(false)
  const [events] = createResource(
    () => (live() && totalShown() ? db.dataVersion() + 1 : false), () => db.api().eventNames())
  // A failed catalog read lists nothing and the builder says why (catalog.error).
  const catalog: FilterCatalog = {
    properties: () => (properties.error ? [] : properties.latest ?? []),
    events: () => (events.error ? [] : events.latest ?? []),
    // Cohorts hold users, so group profiles have no cohort conditions.
    cohorts: () => (analyze() === null && !cohorts.error ? cohorts.latest ?? [] : []),
    error: () => {
      const e = properties.error ?? events.error ?? cohorts.error
      return e === undefined ? undefined : messageOf(e)
    },
    values: (property, search, event) => db.api().propertyValues({
      property, search, limit: TOP_VALUES, ...(event !== undefined ? { event } : groupQuery()),
    }),
    eventProperties: event => db.api().eventPropertyNames({ event }).then(l => l.properties),
  }
  const cohortName = (id: string) => catalog.cohorts().find(c => c.id === id)?.name ?? id
  const typeOf = (property: string) => catalog.properties().find(p => p.name === property)?.type

  // ------------------------------------------------------------ URL state
  const state = createMemo(() => parseViewState(params as RawParams,
    !cohorts.error && cohorts.latest ? (id: string) => cohorts.latest!.some(c => c.id === id) : undefined))
  // What is analysed: users, or the group profiles of one key (Mixpanel's "Analyze Uniques by").
  const analyze = () => state().analyze
  const groupQuery = () => (analyze() === null ? {} : { groupKey: analyze()! })
  // After the first total: on a large database the worker runs one query at a
  // time, and the total is what the page is opened for.
  const [properties] = createResource(
    () => (live() && totalShown() ? [db.dataVersion(), analyze()] as const : false),
    () => db.api().propertyNames(groupQuery()).then(l => l.properties))
  const scope = () => state().scope
  const sort = () => state().sort
  // A memo: every row of the grid reads the columns, and the remembered ones come from localStorage.
  const columns = createMemo(() => state().columns ?? rememberedColumns(analyze()),
    undefined, { equals: (a, b) => a.length === b.length && a.every((c, i) => c === b[i]) })

  createEffect(() => { lastParams = viewParams({ ...state(), columns: state().columns }) })

  function go(change: Partial<{ analyze: string | null; scope: Scope; search: string; filter: Group; sort: UsersSort | null; columns: string[] | null }>, replace = false) {
    const s = { ...state(), ...change }
    setParams(viewParams(s), { replace })
  }

  // The draft: what the builder shows, incomplete conditions included. The
  // URL holds its runnable part; a URL change (back/forward, a link) that is
  // not the draft's own becomes the draft.
  const [draft, setDraft] = createSignal<Group>(state().filter)
  const runnableDraft = createMemo(() => runnable(draft()), undefined, { equals: (a, b) => key(a) === key(b) })
  createEffect(on(() => key(state().filter), k => {
    if (k !== key(untrack(runnableDraft))) setDraft(state().filter)
  }, { defer: true }))

  let lastEdit = 0
  let filterTimer: ReturnType<typeof setTimeout> | undefined
  createEffect(on(runnableDraft, f => {
    lastEdit = performance.now()
    clearTimeout(filterTimer)
    if (key(f) === key(untrack(state).filter)) return
    filterTimer = setTimeout(() => go({ filter: f }), FILTER_DEBOUNCE_MS)
  }, { defer: true }))

  // Search: typed into the box, in the URL after a pause (replacing: one history entry per search).
  const [searchText, setSearchText] = createSignal(state().search)
  let searchTimer: ReturnType<typeof setTimeout> | undefined
  createEffect(on(() => state().search, s => { if (s !== untrack(searchText).trim()) setSearchText(s) }, { defer: true }))
  createEffect(on(searchText, text => {
    lastEdit = performance.now()
    clearTimeout(searchTimer)
    searchTimer = setTimeout(() => { if (text.trim() !== untrack(state).search) go({ search: text.trim() }, true) }, SEARCH_DEBOUNCE_MS)
  }, { defer: true }))
  onCleanup(() => { clearTimeout(searchTimer); clearTimeout(filterTimer) })

  // ------------------------------------------------------------ counting
  const query = createMemo<UsersQuery>(() => ({
    ...groupQuery(),
    // Group profiles are all profiles: the User Profiles / All Users switch is about users.
    scope: analyze() === null ? scope() : 'profiles',
    ...(state().search ? { search: state().search } : {}),
    ...(state().filter.filters.length ? { filter: state().filter } : {}),
  }), { scope: 'profiles' }, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) })

  // What the table shows changes only once the new count is in, so the old
  // rows stay on screen while a new query counts. Each request has a number;
  // an answer that is not the latest request's is dropped, so a stale count
  // never shows.
  const [view, setView] = createSignal<{ key: string; query: UsersQuery; total: number } | null>(null)
  const [counting, setCounting] = createSignal(false)
  const [countError, setCountError] = createSignal<string | null>(null)
  const [countMs, setCountMs] = createSignal<number | null>(null)
  const [impacts, setImpacts] = createSignal<Map<string, number>>(new Map())
  const [blame, setBlame] = createSignal<string | null>(null)
  let seq = 0

  createEffect(on(() => (live() ? [query(), db.dataVersion()] as const : null), async args => {
    if (!args) return
    const [q, version] = args
    const mine = ++seq
    const current = () => mine === seq
    setCounting(true)
    try {
      const total = await db.api().countUsers(q)
      if (!current()) return
      batch(() => {
        setView({ key: `${version}|${JSON.stringify(q)}`, query: q, total })
        setTotalShown(true)
        setCountError(null)
        setCountMs(lastEdit ? Math.round(performance.now() - lastEdit) : null)
        setCounting(false)
        setBlame(null)
      })
      await countImpacts(q, total, current)
    } catch (e) {
      if (!current()) return
      batch(() => {
        setCountError(e instanceof Error ? e.message : String(e))
        setTotalShown(true)
        setCounting(false)
      })
    }
  }))

  /** How many users each top-level condition alone removes (adds, in an "or"), then who removed everyone. */
  async function countImpacts(q: UsersQuery, total: number, current: () => boolean) {
    const f = q.filter
    const next = new Map<string, number>()
    if (!f || f.filters.length === 0) { setImpacts(next); return }
    for (let i = 0; i < f.filters.length; i++) {
      const rest = without(f, i)
      const n = await db.api().countUsers({ ...q, ...(rest.filters.length ? { filter: rest } : { filter: undefined }) })
      if (!current()) return
      next.set(key(f.filters[i] as Group), n - total)
      setImpacts(new Map(next))
    }
    if (total === 0 && f.op === 'and') {
      // the first condition, in order, after which nobody is left
      for (let k = 1; k <= f.filters.length; k++) {
        const n = k === f.filters.length ? 0 : await db.api().countUsers({ ...q, filter: { op: 'and', filters: f.filters.slice(0, k) } })
        if (!current()) return
        if (n === 0) { setBlame(`Condition ${k} (${describe(f.filters[k - 1]!, cohortName)}) removes everyone who is left`); return }
      }
    } else if (total === 0) {
      setBlame(f.op === 'atLeast' ? `No user matches at least ${f.k} of these conditions` : 'No condition matches anyone')
    }
  }

  const impactText = (i: number) => {
    const node = draft().filters[i]
    if (!node) return undefined
    // The node as it runs (the URL's filter holds conditions without their unfinished parts).
    const ran = runnable({ op: 'and', filters: [node] }).filters[0]
    if (!ran) return undefined
    const n = impacts().get(key(ran as Group))
    if (n === undefined) return undefined
    const { verb, users } = impactWords(state().filter.op, n, 0)
    return `${verb} ${plural(users, 'user')}`
  }

  // ------------------------------------------------------------ table
  const selection = createSelection(() => view()?.total ?? 0)
  createEffect(on(() => view()?.key, () => selection.clear()))

  const fetchWindow = (offset: number, limit: number) => {
    const v = view()
    if (!v) return Promise.resolve([])
    const s = sort()
    return db.api().listUsers({ ...v.query, offset, limit, ...(s ? { sort: s } : {}) })
  }
  const tableKey = () => `${view()?.key ?? ''}|${JSON.stringify(sort())}`

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

  const savedCohort = async () => {
    setSaving(null)
    await db.changed()
    await refetchCohorts()
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
            <Show when={counting()}><span class="spinner" aria-hidden="true" /></Show>
          </p>
        </Show>
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
            <Show when={(groupKeys.latest ?? []).length > 0}>
              <label class="analyze">
                <span class="muted">Analyze</span>
                <select aria-label="Analyze" value={analyze() ?? ''}
                        onChange={e => go({ analyze: e.currentTarget.value || null, filter: EMPTY_FILTER, sort: null, columns: null, search: '' })}>
                  <option value="">Users</option>
                  <For each={groupKeys.latest ?? []}>{k => <option value={k}>{k}</option>}</For>
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
                value={searchText()}
                onInput={e => setSearchText(e.currentTarget.value)}
                autocomplete="off"
                spellcheck={false}
              />
            </div>
            <div class="toolbar-actions">
              <button type="button" class="button" onClick={() => setEditing(true)}>Edit Columns</button>
              <Show when={analyze() === null}>
                <button type="button" class="button" disabled={!view()} onClick={() => setSaving('filter')}>Save as cohort</button>
              </Show>
            </div>
          </div>

          <div class="card filter-card">
            <FilterBuilder filter={draft()} onChange={setDraft} catalog={catalog} impact={impactText}
                           complete={(n: Node) => isGroup(n) || complete(n)} />
            <Show when={draft().filters.length > 0}>
              <button type="button" class="link-button clear-filters" onClick={() => setDraft(EMPTY_FILTER)}>Clear filters</button>
            </Show>
          </div>

          <Show when={countError()}>
            <p class="error-text" role="alert">Could not count users: {countError()}</p>
          </Show>

          <Show when={selection.count() > 0}>
            <div class="selection-bar" role="region" aria-label="Selection">
              <span aria-live="polite">{plural(selection.count(), 'user')} selected</span>
              <Show when={!selection.all() && (view()?.total ?? 0) > selection.count()}>
                <button type="button" class="link-button" onClick={() => selection.selectAll()}>
                  Select all {formatCount(view()?.total ?? 0)} that match
                </button>
              </Show>
              <Show when={analyze() === null}>
                <button type="button" class="button small" onClick={() => setSaving('selection')}>Save selection as cohort</button>
              </Show>
              <button type="button" class="link-button" onClick={() => selection.clear()}>Clear selection</button>
            </div>
          </Show>

          <UsersTable
            total={view()?.total}
            queryKey={tableKey()}
            fetchWindow={fetchWindow}
            columns={columns()}
            typeOf={typeOf}
            sort={sort()}
            onSort={onSort}
            selection={selection}
            href={id => profileHref(id, analyze())}
            idLabel={analyze() === null ? undefined : 'Group ID'}
            onOpen={id => navigate(profileHref(id, analyze()))}
          />
          <Show when={view()?.total === 0}>
            <p class="muted no-results" role="status">
              No users match{state().search ? ` “${state().search}”` : ''}.
              <Show when={blame()}>{b => <> {b()}.</>}</Show>
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
                describe={describe(state().filter, cohortName)}
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
