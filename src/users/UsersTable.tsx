// The Users grid: a virtualized list over listUsers windows.
//
// Browsers cap an element's height (Chromium about 33.5M px, Firefox about
// 17.9M px), so 1M rows of 40 px cannot be laid out at their true height.
// Above MAX_SCROLL_HEIGHT the scroll range is compressed: the virtualizer works
// in "virtual" offsets (row i starts at i * ROW_HEIGHT), the scroll element in
// real ones, and rows are placed relative to the viewport. Wheel and keyboard
// scrolling then move proportionally faster, and the scrollbar still spans the
// whole list.
import { A } from '@solidjs/router'
import { createVirtualizer, elementScroll, observeElementOffset } from '@tanstack/solid-virtual'
import { batch, createEffect, createSignal, For, on, onCleanup, Show, untrack } from 'solid-js'
import type { UserRow } from '../../workers/engine/types'
import { displayEmail, displayLocation, displayName, initials } from './display'
import { createRowWindows, type FetchWindow } from './windows'

export const ROW_HEIGHT = 40
const HEADER_HEIGHT = 40
export const MAX_SCROLL_HEIGHT = 8_000_000

const COLUMNS = ['Name', 'Email', 'Distinct ID', 'Location'] as const

export interface UsersTableProps {
  /** rows in the list; undefined while the count loads */
  total: number | undefined
  /** identifies the query: a change resets the windows and scrolls to the top */
  queryKey: string
  fetchWindow: FetchWindow
}

export function UsersTable(props: UsersTableProps) {
  let scrollEl!: HTMLDivElement
  const [error, setError] = createSignal<string | null>(null)
  const windows = createRowWindows(setError)
  const count = () => props.total ?? 0

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

  const virtualizer = createVirtualizer<HTMLDivElement, HTMLDivElement>({
    get count() { return count() },
    getScrollElement: () => scrollEl,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin: HEADER_HEIGHT,
    observeElementOffset: (instance, notify) =>
      observeElementOffset(instance, (offset, isScrolling) => {
        const virtual = offset * scale()
        batch(() => {
          setRealTop(offset)
          setVirtualTop(virtual)
        })
        notify(virtual, isScrolling)
      }),
    scrollToFn: (offset, options, instance) => elementScroll(offset / scale(), options, instance),
  })

  // A new query or new data: start over at the top.
  createEffect(on(() => [props.queryKey, props.total] as const, ([, total]) => {
    setError(null)
    windows.reset(total === undefined ? null : props.fetchWindow, total ?? 0)
    untrack(() => {
      if (scrollEl && scrollEl.scrollTop !== 0) scrollEl.scrollTop = 0
    })
  }))

  // Fetch the windows under the viewport.
  createEffect(() => {
    const items = virtualizer.getVirtualItems()
    props.queryKey // re-run after a reset
    props.total
    if (items.length === 0) return
    windows.show(items[0]!.index, items[items.length - 1]!.index)
  })

  /** Where row `start` (virtual) goes inside the body, relative to the real scroll position. */
  const place = (start: number) => Math.round(start - HEADER_HEIGHT - virtualTop() + realTop())

  onCleanup(() => windows.reset(null, 0))

  return (
    <div class="users-grid-wrap">
      <Show when={error()}>
        <p class="error-text table-error" role="alert">Could not load rows: {error()}</p>
      </Show>
      <div
        ref={scrollEl}
        class="users-grid"
        role="grid"
        aria-label="Users"
        aria-rowcount={props.total === undefined ? -1 : props.total + 1}
        aria-colcount={COLUMNS.length}
        aria-busy={props.total === undefined ? 'true' : undefined}
        tabindex="0"
      >
        <div role="rowgroup" class="grid-head">
          <div role="row" aria-rowindex="1" class="grid-row">
            <For each={COLUMNS}>{(name, i) => <div role="columnheader" aria-colindex={i() + 1}>{name}</div>}</For>
          </div>
        </div>
        <div role="rowgroup" class="grid-body" style={{ height: `${bodyHeight()}px` }}>
          <For each={virtualizer.getVirtualItems()}>
            {item => {
              const row = () => windows.row(item.index)
              return (
                <div
                  role="row"
                  class="grid-row"
                  aria-rowindex={item.index + 2}
                  aria-busy={row() ? undefined : 'true'}
                  style={{ transform: `translateY(${place(item.start)}px)` }}
                >
                  <Show when={row()} fallback={<SkeletonCells index={item.index} />}>
                    {r => <UserCells row={r()} />}
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

function UserCells(props: { row: UserRow }) {
  const name = () => displayName(props.row)
  return (
    <>
      <div role="gridcell" aria-colindex="1" class="cell-name">
        <span class="avatar" aria-hidden="true" data-hue={hue(props.row.distinctId)} data-initials={initials(name())} />
        <A class="truncate" href={`/users/${encodeURIComponent(props.row.distinctId)}`}>{name()}</A>
      </div>
      <div role="gridcell" aria-colindex="2" class="truncate">{displayEmail(props.row)}</div>
      <div role="gridcell" aria-colindex="3" class="truncate mono">{props.row.distinctId}</div>
      <div role="gridcell" aria-colindex="4" class="truncate">{displayLocation(props.row)}</div>
    </>
  )
}

function SkeletonCells(props: { index: number }) {
  // varied widths so a loading table does not look like a barcode
  const w = (k: number) => `${40 + ((props.index * 37 + k * 53) % 45)}%`
  return (
    <>
      <For each={[0, 1, 2, 3]}>
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
