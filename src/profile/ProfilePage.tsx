// A user's profile (/users/:distinctId) or a group profile
// (/groups/:groupKey/:groupId): who they are, every property, what they did,
// the cohorts they are in; delete the profile (its events stay).
import { A, useParams } from '@solidjs/router'
import { createEffect, createMemo, createResource, createSignal, For, Match, on, Show, Switch } from 'solid-js'
import type { UserRow } from '../../workers/engine/types'
import { db } from '../db/client'
import { countryName, formatCount } from '../ui/format'
import { ActivityFeed } from './ActivityFeed'
import { knownProperties, ProfileDialog } from './ProfileDialog'
import { PropertiesPanel } from './PropertiesPanel'
import { applyAction, type ProfileRef } from './updates'
import { UndoBar } from '../users/actions/UndoBar'
import { messageOf } from '../ui/errors'
import { createLatest } from '../ui/latest'
import { Modal } from '../ui/Modal'
import { notify } from '../ui/toast'
import { avatarUrl } from '../ui/avatar'
import { ExportActivity } from '../export/ExportActivity'
import './profile.css'

function text(value: unknown): string {
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return ''
}

/** profiles.md: `$name`, else first + last, else the id. */
export function displayNameOf(id: string, p: Record<string, unknown>): string {
  const name = text(p.$name)
  if (name) return name
  return [text(p.$first_name), text(p.$last_name)].filter(Boolean).join(' ') || id
}

function initialsOf(name: string): string {
  const words = name.replace(/[^\p{L}\p{N} ]/gu, ' ').trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return '?'
  const first = [...words[0]!][0] ?? ''
  const last = words.length > 1 ? [...words[words.length - 1]!][0] ?? '' : ''
  return (first + last).toUpperCase()
}

function hue(id: string): number {
  let h = 0
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0
  return Math.abs(h) % 8
}

/** A datetime property or an ISO time as "2026-11-29 14:03 UTC"; other values as they are. */
function showDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  const t = typeof value === 'number' ? (Math.abs(value) < 1e11 ? value * 1000 : value) : Date.parse(String(value).trim().replace(' ', 'T'))
  if (!Number.isFinite(t)) return String(value)
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}

/** The router hands path parameters over still percent-encoded. */
function decoded(param: string): string {
  try {
    return decodeURIComponent(param)
  } catch {
    return param
  }
}

export function UserProfilePage() {
  const params = useParams<{ distinctId: string }>()
  return <ProfileView who={{ groupKey: '', id: decoded(params.distinctId) }} />
}

export function GroupProfilePage() {
  const params = useParams<{ groupKey: string; groupId: string }>()
  return <ProfileView who={{ groupKey: decoded(params.groupKey), id: decoded(params.groupId) }} />
}

interface Loaded {
  row: UserRow | null
  kind: 'profile' | 'events' | 'none'
  eventCount: number
  lastSeen: string | null
}

function ProfileView(props: { who: ProfileRef }) {
  const ready = () => db.phase().kind === 'ready'
  const isGroup = () => props.who.groupKey !== ''
  const [loaded] = createResource(
    () => (ready() ? { who: props.who, version: db.dataVersion() } : false),
    async ({ who: ref }): Promise<Loaded | { error: string }> => {
      try {
        const api = db.api()
        const [row, summary] = await Promise.all([
          ref.groupKey ? api.getGroupProfile(ref.groupKey, ref.id) : api.getProfile(ref.id),
          api.profileSummary(ref.id, ref.groupKey),
        ])
        return { row, kind: summary.kind, eventCount: summary.eventCount, lastSeen: summary.lastSeen }
      } catch (e) {
        return { error: messageOf(e) }
      }
    })
  const known = createLatest(() => (ready() ? `${db.dataVersion()}\u0000${props.who.groupKey}` : undefined),
    () => knownProperties(props.who.groupKey))
  const cohorts = createLatest(() => (ready() && !isGroup() ? `${db.dataVersion()}\u0000${props.who.id}` : undefined),
    () => db.api().userCohorts(props.who.id))

  // What is shown: the loaded properties, replaced at once by an edit's result.
  const [properties, setProperties] = createSignal<Record<string, unknown>>({})
  createEffect(on(() => loaded.latest, l => { if (l && !('error' in l)) setProperties(l.row?.properties ?? {}) }))

  const data = () => {
    const l = loaded.latest
    return l && !('error' in l) ? l : null
  }
  const name = createMemo(() => displayNameOf(props.who.id, properties()))
  const [creating, setCreating] = createSignal(false)

  return (
    <section class="page profile-page" aria-labelledby="profile-title">
      {/* Back to the list this profile belongs to: users, or this group key's profiles (restored as last seen). */}
      <A href={isGroup() ? `/?analyze=${encodeURIComponent(props.who.groupKey)}` : '/'} class="back-link">
        ← {isGroup() ? `${props.who.groupKey} profiles` : 'Users'}
      </A>
      <UndoBar />
      <Switch>
        <Match when={!ready() || (!loaded.latest && loaded.loading)}>
          <div class="card loading-card" aria-busy="true"><span class="spinner" aria-hidden="true" /> Loading the profile…</div>
        </Match>
        <Match when={loaded.latest && 'error' in loaded.latest ? loaded.latest.error : null}>
          {message => <p class="error-text" role="alert">Could not load this profile: {message()}</p>}
        </Match>
        <Match when={data()?.kind === 'none'}>
          <div class="card empty-profile">
            <h1 id="profile-title">{isGroup() ? 'No such group' : 'No such user'}</h1>
            <p class="muted">There is no {isGroup() ? `group profile "${props.who.id}" under ${props.who.groupKey}` : `user with the distinct ID "${props.who.id}"`}: no profile and no events.</p>
            <p><A href="/">Back to Users</A></p>
          </div>
        </Match>
        <Match when={data()}>
          <ProfileHeader who={props.who} name={name()} properties={properties()} eventCount={data()!.eventCount}
                         lastSeen={data()!.lastSeen} />
          <Show when={data()!.kind === 'events'}>
            <div class="card notice" role="note" aria-label="No profile">
              <p><strong>This user has events but no profile.</strong> Their activity is below; a profile would give them properties.</p>
              <button type="button" class="button primary" onClick={() => setCreating(true)}>Create profile</button>
            </div>
          </Show>
          <div class="profile-grid">
            <div class="profile-col">
              <Show when={data()!.kind === 'profile'}>
                <Show when={known.error()}>
                  <p class="error-text" role="alert">Could not read the property names for suggestions: {known.error()}</p>
                </Show>
                <PropertiesPanel profile={props.who} properties={properties()} known={known.value() ?? []}
                                 onChange={setProperties} />
              </Show>
              <Show when={!isGroup()}>
                <CohortsCard cohorts={cohorts.value()} loading={cohorts.pending()} error={cohorts.error()} />
              </Show>
              <Show when={!isGroup() && data()!.eventCount > 0}><ExportActivity distinctId={props.who.id} events={data()!.eventCount} /></Show>
              <Show when={data()!.kind === 'profile'}>
                <DeleteProfile who={props.who} name={name()} hasEvents={data()!.eventCount > 0} />
              </Show>
            </div>
            <Show when={!isGroup()}>
              <ActivityFeed distinctId={props.who.id} />
            </Show>
          </div>
          <Show when={creating()}>
            <ProfileDialog initial={{ mode: 'create', kind: props.who.groupKey, id: props.who.id }} onClose={() => setCreating(false)} stayOnSave />
          </Show>
        </Match>
      </Switch>
    </section>
  )
}

function ProfileHeader(props: { who: ProfileRef; name: string; properties: Record<string, unknown>; eventCount: number; lastSeen: string | null }) {
  const p = () => props.properties
  const avatar = () => avatarUrl(p())
  const [avatarFailed, setAvatarFailed] = createSignal(false)
  const location = () => {
    const code = text(p().$country_code)
    return [text(p().$city), text(p().$region), code ? countryName(code) : ''].filter(Boolean).join(', ')
  }
  const [copied, setCopied] = createSignal(false)
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.who.id)
    } catch {
      // No clipboard permission (some embedded and headless browsers): select-and-copy.
      const area = document.createElement('textarea')
      area.value = props.who.id
      document.body.append(area)
      area.select()
      document.execCommand('copy')
      area.remove()
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 1500)
  }
  const lastSeen = () => props.lastSeen ?? p().$last_seen
  return (
    <header class="card profile-header">
      <Show when={avatar() && !avatarFailed()} fallback={
        <span class="avatar large" aria-hidden="true" data-hue={hue(props.who.id)} data-initials={initialsOf(props.name)} />
      }>
        <img class="avatar large" src={avatar()!} alt="" width="64" height="64" referrerpolicy="no-referrer"
             onError={() => setAvatarFailed(true)} />
      </Show>
      <div class="profile-who">
        <h1 id="profile-title">{props.name}</h1>
        <Show when={props.who.groupKey}><p class="muted">Group profile · {props.who.groupKey}</p></Show>
        <Show when={text(p().$email)}><p class="profile-email">{text(p().$email)}</p></Show>
        <p class="profile-id">
          <span class="muted">{props.who.groupKey ? 'Group ID' : 'Distinct ID'}</span>{' '}
          <code aria-label={props.who.groupKey ? 'Group ID' : 'Distinct ID'}>{props.who.id}</code>{' '}
          <button type="button" class="icon-button" aria-label={props.who.groupKey ? 'Copy group ID' : 'Copy distinct ID'} onClick={() => void copy()}>
            {copied() ? 'Copied' : 'Copy'}
          </button>
        </p>
      </div>
      <dl class="profile-facts">
        <div><dt>Location</dt><dd aria-label="Location">{location() || '—'}</dd></div>
        <div><dt>Created</dt><dd aria-label="Created">{showDate(p().$created)}</dd></div>
        <Show when={!props.who.groupKey}>
          <div><dt>Last seen</dt><dd aria-label="Last seen">{showDate(lastSeen())}</dd></div>
          <div><dt>Events</dt><dd aria-label="Event count">{formatCount(props.eventCount)}</dd></div>
        </Show>
      </dl>
    </header>
  )
}

/** A cohort's members on the Users page (All Users filtered by the cohort, the Users page's URL state). */
function cohortHref(id: string): string {
  const filter = { op: 'and', filters: [{ type: 'cohort', cohortId: id, operator: 'in' }] }
  return `/?scope=all&filter=${encodeURIComponent(JSON.stringify(filter))}`
}

function CohortsCard(props: { cohorts: Array<{ id: string; name: string; kind: string }> | undefined; loading: boolean; error: string | null }) {
  return (
    <section class="card profile-cohorts" aria-labelledby="cohorts-title">
      <h2 id="cohorts-title">Cohorts</h2>
      <Show when={props.error}><p class="error-text" role="alert">Could not evaluate the cohorts: {props.error}</p></Show>
      <Show when={props.cohorts} fallback={<p class="muted">{props.loading ? 'Evaluating cohorts…' : '—'}</p>}>
        <Show when={props.cohorts!.length > 0} fallback={<p class="muted">Not in any saved cohort.</p>}>
          <ul class="cohort-links" aria-label="Cohorts of this user">
            <For each={props.cohorts}>
              {c => <li><A href={cohortHref(c.id)}>{c.name}</A> <span class="muted">{c.kind}</span></li>}
            </For>
          </ul>
        </Show>
      </Show>
    </section>
  )
}

function DeleteProfile(props: { who: ProfileRef; name: string; hasEvents: boolean }) {
  const [confirming, setConfirming] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  let cancel!: HTMLButtonElement
  async function remove() {
    setBusy(true)
    const refused = await applyAction(props.who, { kind: 'delete' })
    setBusy(false)
    if (refused) setError(refused)
    else {
      setConfirming(false)
      notify(`Deleted the profile of ${props.name}`)
    }
  }
  return (
    <section class="card danger-zone" aria-label="Delete profile">
      <button type="button" class="button danger-outline" onClick={() => { setError(null); setConfirming(true) }}>Delete profile</button>
      <Show when={confirming()}>
        <Modal alert title="Delete this profile?" onClose={() => setConfirming(false)} busy={busy()} initialFocus={() => cancel}>
            <p>
              The profile of <strong>{props.name}</strong>, all its properties and its places in static cohorts are removed.
              {props.hasEvents ? ' Their events stay, as in Mixpanel: the user remains under All Users.' : ''} You can undo it until the next change.
            </p>
            <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
            <div class="button-row">
              <button type="button" class="button danger" disabled={busy()} onClick={() => void remove()}>Delete</button>
              <button ref={cancel} type="button" class="button" disabled={busy()} onClick={() => setConfirming(false)}>Cancel</button>
            </div>
        </Modal>
      </Show>
    </section>
  )
}
