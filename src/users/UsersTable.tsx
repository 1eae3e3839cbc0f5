// The Users grid: a virtualized list over listUsers windows.
//
// Browsers cap an element's height (Chromium about 33.5M px, Firefox about
// 17.9M px), so 1M rows of 40 px cannot be laid out at their true height.
// Above MAX_SCROLL_HEIGHT the scroll range is compressed: the virtualizer works
// in "virtual" offsets (row i starts at i * ROW_HEIGHT), the scroll element in
// real ones, and rows are placed relative to the viewport. Wheel and keyboard
// scrolling then move proportionally faster, and the scrollbar still spans the
// whole list.
import { createVirtualizer, elementScroll, observeElementOffset } from '@tanstack/solid-virtual'
import { batch, createEffect, createSignal, For, on, onCleanup, Show, untrack, type JSX } from 'solid-js'
import type { DataType } from '../../workers/engine/filter/types'
import type { UserRow, UsersSort } from '../../workers/engine/types'
import { countryName, formatCount } from '../ui/format'
import { asList, asTime, columnLabel, displayName, initials, profileHref, valueText } from './display'
import { avatarUrl } from '../ui/avatar'
import type { Selection } from './selection'
import { createRowWindows, type FetchWindow } from './windows'
import { ColumnResize } from './ColumnResize'

export const ROW_HEIGHT = 40
const HEADER_HEIGHT = 40
export const MAX_SCROLL_HEIGHT = 8_000_000
const OVERSCAN = 8

export interface UsersTableProps {
  /** rows in the list; undefined while the count loads */
  total: number | undefined
  /** identifies the query: a change resets the windows and scrolls to the top */
  queryKey: string
  fetchWindow: FetchWindow
  /** property columns after Name */
  columns: string[]
  /** a property's inferred type, for typed display */
  typeOf?: (property: string) => DataType | undefined
  sort?: UsersSort | null
  onSort?: (property: string) => void
  selection?: Selection
  /** open a user's profile */
  onOpen?: (distinctId: string) => void
  /** the profile page of a row (a user's by default; a group's when groups are analysed) */
  href?: (distinctId: string) => string
  /** the header of the id column: "Distinct ID", or "Group ID" for group profiles */
  idLabel?: string
  /** column widths in px set by resizing ('$name': the Name column); others share the room left */
  widths?: Record<string, number>
  onResize?: (column: string, width: number) => void
}

const NAME_MIN = 220
const COLUMN_MIN = 160

export function UsersTable(props: UsersTableProps) {
  let scrollEl!: HTMLDivElement
  const [error, setError] = createSignal<string | null>(null)
  const windows = createRowWindows(setError)
  const count = () => props.total ?? 0
  const [active, setActive] = createSignal<number | null>(null)
  const colCount = () => props.columns.length + 1
  // A column being dragged shows its width at once; it is remembered when the drag ends.
  const [dragged, setDragged] = createSignal<{ column: string; width: number } | null>(null)
  const widthOf = (column: string) => (dragged()?.column === column ? dragged()!.width : props.widths?.[column])
  const track = (column: string, min: number, share: string) => {
    const w = widthOf(column)
    return w === undefined ? `minmax(${min}px, ${share})` : `${w}px`
  }
  const template = () => [track('$name', NAME_MIN, '1.3fr'), ...props.columns.map(c => track(c, COLUMN_MIN, '1fr'))].join(' ')
  const minWidth = () => `${(widthOf('$name') ?? NAME_MIN) + props.columns.reduce((sum, c) => sum + (widthOf(c) ?? COLUMN_MIN), 0)}px`
  const resizer = (column: string, label: () => string, cell: () => HTMLElement | undefined) => (
    <Show when={props.onResize}>
      <ColumnResize label={label()} width={() => widthOf(column) ?? cell()?.getBoundingClientRect().width ?? COLUMN_MIN}
                    onPreview={width => setDragged({ column, width })}
                    onResize={width => { setDragged(null); props.onResize?.(column, width) }} />
    </Show>
  )

  // Real (scroll element) and virtual (list) scroll offsets; equal unless compressed.
  const [realTop, setRealTop] = createSignal(0)
  const [virtualTop, setVirtualTop] = createSignal(0)
  const listHeight = () => count() * ROW_HEIGHT
  const bodyHeight = () => Math.min(listHeight(), MAX_SCROLL_HEIGHT)

  /** scale from real to virtual offsets (1 when the list fits). */
  function scale(): number {
    const viewport = scrollEl?.clientHeight ?? 0
    const realMax = HEADER_HEIGHT + bodyHeight() - viewport
    const virtualMax = HEADER_HEIGHT + listHeight() - viewport
    if (realMax <= 0 || virtualMax <= realMax) return 1
    return virtualMax / realMax
  }

  // Overscan rows are built ahead of a slow scroll; a list that moves past more
  // rows than that between two scroll events (a scrollbar drag) never shows
  // them, so they are not built then: half the rows to make on every frame.
  const [overscan, setOverscan] = createSignal(OVERSCAN)
  let lastVirtual = 0
  let lastEvent = 0
  /** Rows a second the list moved at, at the last scroll event (negative: up; 0 at rest). */
  let speed = 0

  const virtualizer = createVirtualizer<HTMLDivElement, HTMLDivElement>({
    get count() { return count() },
    getScrollElement: () => scrollEl,
    estimateSize: () => ROW_HEIGHT,
    get overscan() { return overscan() },
    scrollMargin: HEADER_HEIGHT,
    observeElementOffset: (instance, notify) =>
      observeElementOffset(instance, (offset, isScrolling) => {
        const virtual = offset * scale()
        const now = performance.now()
        const moved = (virtual - lastVirtual) / ROW_HEIGHT
        speed = isScrolling ? (moved * 1000) / Math.max(now - lastEvent, 1) : 0
        lastVirtual = virtual
        lastEvent = now
        batch(() => {
          setRealTop(offset)
          setVirtualTop(virtual)
          setOverscan(isScrolling && Math.abs(moved) > OVERSCAN ? 0 : OVERSCAN)
        })
        notify(virtual, isScrolling)
      }),
    scrollToFn: (offset, options, instance) => elementScroll(offset / scale(), options, instance),
  })

  // A new query or new data: start over at the top.
  createEffect(on(() => [props.queryKey, props.total] as const, ([, total]) => {
    setError(null)
    setActive(null)
    windows.reset(total === undefined ? null : props.fetchWindow, total ?? 0)
    untrack(() => {
      if (scrollEl && scrollEl.scrollTop !== 0) scrollEl.scrollTop = 0
      // fetch what is on screen now, whichever effect runs first
      const items = virtualizer.getVirtualItems()
      if (items.length > 0) windows.show(items[0]!.index, items[items.length - 1]!.index)
    })
  }))

  // Fetch the windows under the viewport.
  createEffect(() => {
    const items = virtualizer.getVirtualItems()
    props.queryKey // re-run after a reset
    props.total
    if (items.length === 0) return
    windows.show(items[0]!.index, items[items.length - 1]!.index, speed)
  })

  /** Where row `start` (virtual) goes inside the body, relative to the real scroll position. */
  const place = (start: number) => Math.round(start - HEADER_HEIGHT - virtualTop() + realTop())

  onCleanup(() => windows.reset(null, 0))

  const rangeIds = async (from: number, to: number) => {
    const rows = await props.fetchWindow(from, Math.min(to - from + 1, 10_000))
    return rows.map(r => r.distinctId)
  }

  function onKeyDown(e: KeyboardEvent) {
    if (count() === 0) return
    const at = active()
    let next: number | null = null
    if (e.key === 'ArrowDown') next = at === null ? 0 : Math.min(count() - 1, at + 1)
    else if (e.key === 'ArrowUp') next = at === null ? 0 : Math.max(0, at - 1)
    else if (e.key === 'PageDown') next = Math.min(count() - 1, (at ?? 0) + 10)
    else if (e.key === 'PageUp') next = Math.max(0, (at ?? 0) - 10)
    else if (e.key === 'Home') next = 0
    else if (e.key === 'End') next = count() - 1
    else if (e.key === 'Enter' && at !== null) {
      const row = windows.row(at)
      if (row) { e.preventDefault(); props.onOpen?.(row.distinctId) }
      return
    } else if (e.key === ' ' && at !== null && props.selection) {
      const row = windows.row(at)
      if (row) { e.preventDefault(); void props.selection.toggle(row.distinctId, at, e.shiftKey, rangeIds) }
      return
    }
    if (next === null) return
    e.preventDefault()
    setActive(next)
    virtualizer.scrollToIndex(next, { align: 'auto' })
  }

  const sortState = (property: string) => {
    const s = props.sort
    return s && s.property === property ? (s.direction === 'asc' ? 'ascending' : 'descending') : 'none'
  }

  // The label is read in JSX (a getter) so it follows idLabel when the same column stays.
  // The index is read in JSX too: Edit Columns reorders the same header cells.
  // The sort button fills the header cell, so a click anywhere in it sorts.
  const header = (property: string, label: () => string, colIndex: () => number) => {
    let cell: HTMLDivElement | undefined
    return (
      <div ref={cell} role="columnheader" aria-colindex={colIndex()} aria-sort={sortState(property)} class="col-head">
        <button type="button" class="sort-button" aria-label={`Sort by ${label()}`} onClick={() => props.onSort?.(property)}>
          <span class="truncate">{label()}</span>
          <span class="sort-mark" aria-hidden="true">{sortState(property) === 'ascending' ? '▲' : sortState(property) === 'descending' ? '▼' : ''}</span>
        </button>
        {resizer(property, label, () => cell)}
      </div>
    )
  }
  let nameHead: HTMLDivElement | undefined

  return (
    <div class="users-grid-wrap">
      <Show when={error()}>
        <p class="error-text table-error" role="alert">Could not load rows: {error()}</p>
      </Show>
      <div
        ref={scrollEl}
        class="users-grid"
        style={{ '--columns': template(), '--grid-min': minWidth() }}
        role="grid"
        aria-label="Users"
        aria-rowcount={props.total === undefined ? -1 : props.total + 1}
        aria-colcount={colCount()}
        aria-busy={props.total === undefined ? 'true' : undefined}
        aria-activedescendant={active() !== null ? `user-row-${active()}` : undefined}
        tabindex="0"
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" class="grid-head">
          <div role="row" aria-rowindex="1" class="grid-row">
            <div ref={nameHead} role="columnheader" aria-colindex="1" aria-sort={sortState('$name')} class="col-head name-head">
              <Show when={props.selection}>
                {sel => (
                  <input type="checkbox" aria-label="Select all users that match"
                         checked={sel().all() && sel().ids().size === 0}
                         ref={el => createEffect(() => { el.indeterminate = sel().count() > 0 && !(sel().all() && sel().ids().size === 0) })}
                         onChange={e => (e.currentTarget.checked ? sel().selectAll() : sel().clear())} />
                )}
              </Show>
              <button type="button" class="sort-button" aria-label="Sort by Name" onClick={() => props.onSort?.('$name')}>
                <span>Name</span>
                <span class="sort-mark" aria-hidden="true">{sortState('$name') === 'ascending' ? '▲' : sortState('$name') === 'descending' ? '▼' : ''}</span>
              </button>
              {resizer('$name', () => 'Name', () => nameHead)}
            </div>
            <For each={props.columns}>{(col, i) => header(col, () => (col === '$distinct_id' && props.idLabel ? props.idLabel : columnLabel(col)), () => i() + 2)}</For>
          </div>
        </div>
        <div role="rowgroup" class="grid-body" style={{ height: `${bodyHeight()}px` }}>
          <For each={virtualizer.getVirtualItems()}>
            {item => {
              const row = () => windows.row(item.index)
              const selected = () => { const r = row(); return r && props.selection ? props.selection.isSelected(r.distinctId) : false }
              return (
                <div
                  role="row"
                  id={`user-row-${item.index}`}
                  class="grid-row"
                  classList={{ active: active() === item.index, selected: selected() }}
                  aria-rowindex={item.index + 2}
                  aria-selected={props.selection ? (selected() ? 'true' : 'false') : undefined}
                  aria-busy={row() ? undefined : 'true'}
                  style={{ transform: `translateY(${place(item.start)}px)` }}
                  onClick={() => setActive(item.index)}
                >
                  <Show when={row()} keyed fallback={<SkeletonCells index={item.index} count={colCount()} />}>
                    {r => (
                      <UserCells row={r} columns={props.columns} typeOf={props.typeOf}
                                 selection={props.selection} href={props.href ?? profileHref}
                                 onCheck={shift => props.selection?.toggle(r.distinctId, item.index, shift, rangeIds)} />
                    )}
                  </Show>
                </div>
              )
            }}
          </For>
        </div>
      </div>
    </div>
  )
}

// A loaded row never changes (new data or a new query makes new rows, and the
// row's <Show> is keyed), so its cells are built once from plain values: a
// scrollbar drag builds every visible row on every frame, and a reactive
// scaffold per cell (Switch, Match, a router link) cost more than the rows'
// layout. What can change while the row shows is still tracked: the columns,
// a column's inferred type, and whether the row is selected.
function UserCells(props: {
  row: UserRow; columns: string[]; typeOf?: (p: string) => DataType | undefined
  selection?: Selection; onCheck: (shift: boolean) => void; href: (distinctId: string) => string
}) {
  const row = props.row
  const name = displayName(row)
  const avatar = avatarUrl(row.properties)
  return (
    <>
      <div role="gridcell" aria-colindex="1" class="cell-name">
        <Show when={props.selection}>
          {sel => (
            <input type="checkbox" aria-label={`Select ${name}`} checked={sel().isSelected(row.distinctId)}
                   onClick={e => { e.preventDefault(); props.onCheck(e.shiftKey) }} />
          )}
        </Show>
        {avatar
          ? <img class="avatar" src={avatar} alt="" aria-hidden="true" loading="lazy" referrerpolicy="no-referrer" />
          : <span class="avatar" aria-hidden="true" data-hue={hue(row.distinctId)} data-initials={initials(name)} />}
        {/* a plain link: the router follows same-origin <a> clicks itself */}
        <a class="truncate user-link" href={props.href(row.distinctId)} tabindex="-1">{name}</a>
      </div>
      <For each={props.columns}>
        {(col, i) => (
          <div role="gridcell" aria-colindex={i() + 2} class={col === '$distinct_id' ? 'truncate mono' : 'truncate'}>
            {cell(row, col, props.typeOf?.(col))}
          </div>
        )}
      </For>
    </>
  )
}

function cell(row: UserRow, property: string, type: DataType | undefined): JSX.Element {
  // The columns read from events (engine users/activity.ts): Last seen falls back to the property.
  if (property === '$event_count') return row.eventCount === undefined ? '' : formatCount(row.eventCount)
  const value = property === '$distinct_id' ? row.distinctId
    : property === '$last_seen' ? row.lastSeen ?? row.properties.$last_seen : row.properties[property]
  if (property === '$country_code' && typeof value === 'string' && value) {
    return <span title={value}>{countryName(value)}</span>
  }
  const list = type === 'list' || Array.isArray(value) ? asList(value) : null
  if (list) return <span class="cell-chips">{list.map(x => <span class="chip">{x}</span>)}</span>
  const time = type === 'datetime' || property === '$created' || property === '$last_seen' ? asTime(value) : null
  if (time !== null) {
    const iso = new Date(time).toISOString()
    return <time datetime={iso} title={iso.replace('.000Z', 'Z')}>{dateFormat.format(time)} UTC</time>
  }
  return valueText(value)
}

// In UTC, as every date in the app (the profile, the activity, the filters, the date editor).
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

function SkeletonCells(props: { index: number; count: number }) {
  // varied widths so a loading table does not look like a barcode
  const w = (k: number) => `${40 + ((props.index * 37 + k * 53) % 45)}%`
  return (
    <>
      <For each={Array.from({ length: props.count }, (_, k) => k)}>
        {k => <div role="gridcell" aria-colindex={k + 1}><span class="skeleton" style={{ width: w(k) }} /></div>}
      </For>
    </>
  )
}

/** A stable colour per user for the initials bubble (one of 8). */
function hue(id: string): number {
  let h = 0
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0
  return Math.abs(h) % 8
}
