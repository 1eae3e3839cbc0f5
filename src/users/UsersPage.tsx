import { createEffect, createMemo, createResource, createSignal, Match, on, onCleanup, Show, Switch } from 'solid-js'
import type { UsersQuery } from '../../workers/engine/types'
import { db } from '../db/client'
import { formatCount } from '../ui/format'
import { EmptyUsers } from './SampleData'
import { UsersTable } from './UsersTable'
import './users.css'

type Scope = UsersQuery['scope']

// Kept at module level so the page remembers them across navigation.
const [scope, setScope] = createSignal<Scope>('profiles')
const [searchText, setSearchText] = createSignal('')

const SEARCH_DEBOUNCE_MS = 250

export function UsersPage() {
  const [search, setSearch] = createSignal(searchText().trim())
  let timer: ReturnType<typeof setTimeout> | undefined
  createEffect(on(searchText, text => {
    clearTimeout(timer)
    timer = setTimeout(() => setSearch(text.trim()), SEARCH_DEBOUNCE_MS)
  }, { defer: true }))
  onCleanup(() => clearTimeout(timer))

  const ready = () => db.phase().kind === 'ready' && db.stats() !== null
  const empty = () => {
    const s = db.stats()
    return s !== null && s.users === 0 && s.profiles === 0 && s.events === 0
  }

  const query = createMemo<UsersQuery>(() => ({ scope: scope(), ...(search() ? { search: search() } : {}) }),
    { scope: 'profiles' }, { equals: (a, b) => a.scope === b.scope && a.search === b.search })

  // What the table shows changes only once the new count is in, so the old
  // rows stay on screen while a new search counts.
  const [view, setView] = createSignal<{ key: string; query: UsersQuery; total: number } | null>(null)
  const [count] = createResource(
    () => (ready() && !empty() ? { query: query(), version: db.dataVersion() } : false),
    async ({ query: q, version }) => {
      try {
        const total = await db.api().countUsers(q)
        return { key: `${version}|${q.scope}|${q.search ?? ''}`, query: q, total, error: null }
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) }
      }
    },
  )
  createEffect(() => {
    const c = count.latest
    if (c && c.error === null) setView({ key: c.key, query: c.query, total: c.total })
  })
  const countError = () => count.latest?.error ?? null

  const fetchWindow = (offset: number, limit: number) => {
    const v = view()
    if (!v) return Promise.resolve([])
    return db.api().listUsers({ ...v.query, offset, limit })
  }

  return (
    <section class="page users-page" aria-labelledby="users-title">
      <div class="page-head">
        <h1 id="users-title">Users</h1>
        <Show when={ready() && !empty()}>
          <p class="total-line">
            <span class="total" aria-label="Total users">{view() ? formatCount(view()!.total) : '—'}</span>
            <span class="muted"> {scope() === 'profiles' ? 'user profiles' : 'users'}</span>
            <Show when={count.loading}><span class="spinner" aria-hidden="true" /></Show>
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
          <div class="toolbar">
            <div class="segmented" role="radiogroup" aria-label="Scope">
              <label classList={{ on: scope() === 'profiles' }}>
                <input type="radio" name="scope" value="profiles" checked={scope() === 'profiles'}
                       onChange={() => setScope('profiles')} />
                User Profiles
              </label>
              <label classList={{ on: scope() === 'all' }}>
                <input type="radio" name="scope" value="all" checked={scope() === 'all'}
                       onChange={() => setScope('all')} />
                All Users
              </label>
            </div>
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
          </div>
          <Show when={countError()}>
            <p class="error-text" role="alert">Could not count users: {countError()}</p>
          </Show>
          <UsersTable
            total={view()?.total}
            queryKey={view()?.key ?? ''}
            fetchWindow={fetchWindow}
          />
          <Show when={view()?.total === 0 && search()}>
            <p class="muted no-results">No users match “{search()}”.</p>
          </Show>
        </Match>
      </Switch>
    </section>
  )
}
