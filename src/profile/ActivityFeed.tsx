// A user's activity: a small events-per-day chart over the chosen range, and
// the feed below it, newest first, virtualized and paged by cursor as it
// scrolls. Runs of the same event fold into one expandable row; an event opens
// its properties; event names can be hidden. The chart and the feed read the
// same range and the same hidden names, so their counts agree. The hidden
// names are in the URL (?hide=["name",…]): a reload or a link keeps them.
import { useSearchParams } from '@solidjs/router'
import { createVirtualizer } from '@tanstack/solid-virtual'
import { batch, createEffect, createMemo, createSignal, For, on, Show } from 'solid-js'
import type { StoredEvent } from '../../workers/engine/types'
import { db } from '../db/client'
import { formatCount, plural } from '../ui/format'
import { messageOf } from '../ui/errors'
import { createLatest } from '../ui/latest'
import { DayChart } from './DayChart'
import { showValue } from './values'

const PAGE = 200
const ROW_HEIGHT = 44 // .feed-row's height in profile.css
const DAY_MS = 86_400_000

type RangeKind = '30' | '60' | '90' | 'custom'

/** One line of the feed: an event, or a folded run of the same event. */
type FeedRow =
  | { kind: 'event'; index: number; nested: boolean }
  | { kind: 'run'; start: number; length: number; event: string; key: string; expanded: boolean }

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** "2026-11-29 14:03:07" in UTC, the time zone days are counted in. */
function showTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ')
}

/** A run's span, oldest to newest: the date once when both ends share it. */
function timeSpan(from: string, to: string): string {
  const a = showTime(from), b = showTime(to)
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} – ${b.slice(11)}` : `${a} – ${b}`
}

export function ActivityFeed(props: { distinctId: string }) {
  const today = utcDay(Date.now())
  const [rangeKind, setRangeKind] = createSignal<RangeKind>('30')
  const [customFrom, setCustomFrom] = createSignal(utcDay(Date.now() - 29 * DAY_MS))
  const [customTo, setCustomTo] = createSignal(today)
  const [params, setParams] = useSearchParams<{ hide?: string }>()
  const hidden = createMemo(() => hiddenNames(params.hide), [], { equals: (a, b) => a.join('\n') === b.join('\n') })
  const setHidden = (names: string[]) => setParams({ hide: names.length ? JSON.stringify(names) : undefined }, { replace: true })

  /** [from, to) as ISO times, whole UTC days. */
  const range = createMemo(() => {
    const kind = rangeKind()
    let fromDay: string, toDay: string
    if (kind === 'custom') {
      fromDay = customFrom() || today
      toDay = customTo() || today
      if (toDay < fromDay) [fromDay, toDay] = [toDay, fromDay]
    } else {
      toDay = utcDay(Date.now())
      fromDay = utcDay(Date.parse(`${toDay}T00:00:00Z`) - (Number(kind) - 1) * DAY_MS)
    }
    const from = `${fromDay}T00:00:00.000Z`
    const to = new Date(Date.parse(`${toDay}T00:00:00Z`) + DAY_MS).toISOString()
    return { from, to, fromDay, toDay }
  }, undefined, { equals: (a, b) => a?.from === b.from && a?.to === b.to })

  // Profile edits do not change events, so the feed does not reload on them (keeping its scroll position).
  const source = createMemo(() => ({ id: props.distinctId, ...range(), exclude: hidden() }),
    undefined, { equals: (a, b) => a?.id === b.id && a.from === b.from && a.to === b.to && a.exclude.join('\n') === b.exclude.join('\n') })

  const names = createLatest(() => props.distinctId, id => db.api().userEventNames(id))
  const days = createLatest(source, s => db.api().eventsPerDay(s.id, { from: s.from, to: s.to, exclude: s.exclude }))
  const perDay = () => days.value()

  // ------------------------------------------------------------ feed pages
  const [events, setEvents] = createSignal<StoredEvent[]>([])
  const [hasMore, setHasMore] = createSignal(true)
  const [loading, setLoading] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  const [expanded, setExpanded] = createSignal<Set<string>>(new Set())
  const [selected, setSelected] = createSignal<StoredEvent | null>(null)
  let generation = 0

  async function loadMore() {
    if (loading() || !hasMore()) return
    const gen = generation
    const s = source()
    const last = events()[events().length - 1]
    setLoading(true)
    try {
      const page = await db.api().activity(s.id, { before: last?.cursor ?? s.to, since: s.from, exclude: s.exclude, limit: PAGE })
      if (gen !== generation) return
      batch(() => {
        setEvents([...events(), ...page])
        setHasMore(page.length === PAGE)
      })
    } catch (e) {
      if (gen === generation) { setError(messageOf(e)); setHasMore(false) }
    } finally {
      if (gen === generation) setLoading(false)
    }
  }

  createEffect(on(source, () => {
    generation++
    batch(() => {
      setEvents([])
      setHasMore(true)
      setLoading(false)
      setError(null)
      setExpanded(new Set<string>())
      setSelected(null)
    })
    if (scrollEl) scrollEl.scrollTop = 0
    void loadMore()
  }))

  const rows = createMemo<FeedRow[]>(() => {
    const list = events()
    const open = expanded()
    const out: FeedRow[] = []
    for (let i = 0; i < list.length;) {
      let j = i + 1
      while (j < list.length && list[j]!.event === list[i]!.event) j++
      const length = j - i
      if (length === 1) out.push({ kind: 'event', index: i, nested: false })
      else {
        const key = list[i]!.cursor ?? String(i)
        const isOpen = open.has(key)
        out.push({ kind: 'run', start: i, length, event: list[i]!.event, key, expanded: isOpen })
        if (isOpen) for (let k = i; k < j; k++) out.push({ kind: 'event', index: k, nested: true })
      }
      i = j
    }
    return out
  })

  let scrollEl!: HTMLDivElement
  const virtualizer = createVirtualizer<HTMLDivElement, HTMLDivElement>({
    get count() { return rows().length + (hasMore() ? 1 : 0) },
    getScrollElement: () => scrollEl,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  })

  // Near the end of what is loaded: the next page.
  createEffect(() => {
    const items = virtualizer.getVirtualItems()
    const last = items[items.length - 1]
    if (last && hasMore() && !loading() && last.index >= rows().length - 30) void loadMore()
  })

  function toggle(key: string) {
    const next = new Set(expanded())
    if (next.has(key)) next.delete(key)
    else next.add(key)
    setExpanded(next)
  }

  function setHiddenName(name: string, hide: boolean) {
    const now = hidden().filter(n => n !== name)
    setHidden(hide ? [...now, name] : now)
  }

  const busiest = () => (perDay() ?? []).reduce<{ day: string; count: number } | null>((best, d) => (!best || d.count > best.count ? d : best), null)
  const chartTotal = () => (perDay() ?? []).reduce((s, d) => s + d.count, 0)

  return (
    <section class="card profile-activity" aria-labelledby="activity-title">
      <div class="section-head">
        <h2 id="activity-title">Activity</h2>
        <div class="segmented small" role="radiogroup" aria-label="Range">
          <For each={[['30', 'Last 30 days'], ['60', 'Last 60 days'], ['90', 'Last 90 days'], ['custom', 'Custom']] as const}>
            {([value, label]) => (
              <label classList={{ on: rangeKind() === value }}>
                <input type="radio" name="activity-range" value={value} checked={rangeKind() === value}
                       onChange={() => setRangeKind(value)} />
                {label}
              </label>
            )}
          </For>
        </div>
        <Show when={rangeKind() === 'custom'}>
          <label class="date-field">From <input type="date" aria-label="From" value={customFrom()} max={customTo()}
                                                onChange={e => setCustomFrom(e.currentTarget.value)} /></label>
          <label class="date-field">To <input type="date" aria-label="To" value={customTo()} min={customFrom()}
                                              onChange={e => setCustomTo(e.currentTarget.value)} /></label>
        </Show>
      </div>

      <Show when={days.error()}><p class="error-text" role="alert">Could not count the events per day: {days.error()}</p></Show>
      <DayChart from={range().fromDay} to={range().toDay} counts={perDay() ?? []}
                onPick={day => batch(() => { setCustomFrom(day); setCustomTo(day); setRangeKind('custom') })} />
      <p class="muted chart-caption" aria-label="Events in range">
        {plural(chartTotal(), 'event')} from {range().fromDay} to {range().toDay} (UTC)
        <Show when={busiest()}>{b => <> · busiest day {b().day} ({formatCount(b().count)})</>}</Show>
      </p>

      <div class="activity-body">
        <div class="activity-main">
          <Show when={error()}><p class="error-text" role="alert">Could not load the activity: {error()}</p></Show>
          <div ref={scrollEl} class="feed-scroll" role="list" aria-label="Activity feed" aria-busy={loading() ? 'true' : undefined}
               tabindex="0">
            {/* Only computed values inline: a constant one would be compiled into the template's HTML, which the CSP refuses. */}
            <div class="feed-inner" style={{ height: `${virtualizer.getTotalSize()}px` }}>
              <For each={virtualizer.getVirtualItems()}>
                {item => {
                  const row = () => rows()[item.index]
                  return (
                    <div role="listitem" class="feed-row" style={{ transform: `translateY(${item.start}px)` }}>
                      <Show when={row()} keyed fallback={<span class="muted"><span class="spinner" aria-hidden="true" /> Loading older events…</span>}>
                        {current => {
                          if (current.kind === 'run') {
                            const first = () => events()[current.start]!
                            return (
                              // Named by what it shows (event, count, span); aria-expanded says whether it is open.
                              <button type="button" class="feed-item run" aria-expanded={current.expanded}
                                      onClick={() => toggle(current.key)}>
                                <span class="chevron" aria-hidden="true">{current.expanded ? '▾' : '▸'}</span>
                                <span class="feed-event">{current.event}</span>
                                <span class="run-count">× {formatCount(current.length)}</span>
                                <span class="feed-time muted"><span class="sr-only">, </span>{timeSpan(events()[current.start + current.length - 1]!.time, first().time)}</span>
                              </button>
                            )
                          }
                          const ev = () => events()[current.index]!
                          return (
                            <button type="button" class="feed-item" classList={{ nested: current.nested, selected: selected() === ev() }}
                                    aria-pressed={selected() === ev()}
                                    onClick={() => setSelected(selected() === ev() ? null : ev())}>
                              <span class="feed-event">{ev().event}</span>
                              <span class="feed-props muted truncate">
                                <Show when={summary(ev().properties)}>{s => <><span class="sr-only">, </span>{s()}</>}</Show>
                              </span>
                              <span class="feed-time muted"><span class="sr-only">, at </span>{showTime(ev().time)}</span>
                            </button>
                          )
                        }}
                      </Show>
                    </div>
                  )
                }}
              </For>
            </div>
          </div>
          <p class="muted feed-foot" aria-label="Feed status" role="status">
            <Show when={!hasMore()} fallback={<>{plural(events().length, 'event')} loaded, scroll for more</>}>
              {events().length === 0 ? 'No events in this range' : `End of activity · ${plural(events().length, 'event')}`}
            </Show>
          </p>
        </div>

        <div class="activity-side">
          <fieldset class="event-names">
            <legend>Event names</legend>
            <Show when={names.error()}><p class="error-text" role="alert">Could not read the event names: {names.error()}</p></Show>
            <Show when={(names.value() ?? []).length > 0} fallback={<p class="muted">{names.pending() ? 'Loading…' : 'No events yet.'}</p>}>
              <For each={names.value()}>
                {n => (
                  <label class="check">
                    <input type="checkbox" checked={!hidden().includes(n.event)} aria-label={`Show ${n.event}`}
                           onChange={e => setHiddenName(n.event, !e.currentTarget.checked)} />
                    <span class="truncate">{n.event}</span>
                    <span class="muted">{formatCount(n.count)}</span>
                  </label>
                )}
              </For>
            </Show>
          </fieldset>
          <Show when={selected()}>
            {ev => (
              <section class="event-details" role="region" aria-label="Event details">
                <div class="section-head">
                  <h3>{ev().event}</h3>
                  <button type="button" class="icon-button" aria-label="Close event details" onClick={() => setSelected(null)}>×</button>
                </div>
                <p class="muted">{showTime(ev().time)} UTC</p>
                {/* Name above value: the side column is narrow, and names and values can both be long. */}
                <dl class="event-props" aria-label="Event properties">
                  <For each={Object.entries(ev().properties).sort(([a], [b]) => a.localeCompare(b))}>
                    {([k, v]) => <div><dt class="mono">{k}</dt><dd class="value-text">{showValue(v)}</dd></div>}
                  </For>
                </dl>
              </section>
            )}
          </Show>
        </div>
      </div>
    </section>
  )
}

/** The ?hide= parameter: a JSON list of event names; anything else hides nothing. */
export function hiddenNames(param: string | undefined): string[] {
  if (!param) return []
  try {
    const list: unknown = JSON.parse(param)
    return Array.isArray(list) ? [...new Set(list.filter((n): n is string => typeof n === 'string'))] : []
  } catch {
    return []
  }
}

const SUMMARY_SKIP = new Set(['distinct_id', 'time', 'token'])

/** A few of an event's own properties for its feed line ("amount: 12 · plan: pro"); reserved ($…) ones left out. */
function summary(properties: Record<string, unknown>): string {
  return Object.entries(properties)
    .filter(([k]) => !k.startsWith('$') && !k.startsWith('mp_') && !SUMMARY_SKIP.has(k))
    .slice(0, 3)
    .map(([k, v]) => `${k}: ${showValue(v)}`)
    .join(' · ')
}
