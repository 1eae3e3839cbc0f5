// A column's resize handle: drag it (pointer), or focus it and press the
// arrow keys (Shift: larger steps). A separator with its value, as WAI-ARIA's
// window splitter: screen readers announce the width in pixels.
import { createSignal } from 'solid-js'

export const MIN_WIDTH = 80
export const MAX_WIDTH = 800

const clamp = (w: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w)))

export function ColumnResize(props: {
  label: string
  /** the width now (px): the remembered one, else the cell's own */
  width: () => number
  /** while dragging, on every move */
  onPreview: (width: number) => void
  /** once the drag ends, or on each key press: remembered */
  onResize: (width: number) => void
}) {
  const [dragging, setDragging] = createSignal(false)
  let startX = 0
  let startWidth = 0
  let last = 0

  function down(e: PointerEvent) {
    if (e.button !== 0) return
    e.preventDefault()
    e.stopPropagation()
    const el = e.currentTarget as HTMLElement
    el.setPointerCapture(e.pointerId)
    startX = e.clientX
    startWidth = props.width()
    last = startWidth
    setDragging(true)
  }
  function move(e: PointerEvent) {
    if (!dragging()) return
    last = clamp(startWidth + e.clientX - startX)
    props.onPreview(last)
  }
  function up(e: PointerEvent) {
    if (!dragging()) return
    ;(e.currentTarget as HTMLElement).releasePointerCapture(e.pointerId)
    setDragging(false)
    props.onResize(last)
  }
  function key(e: KeyboardEvent) {
    const step = e.shiftKey ? 64 : 16
    const by = e.key === 'ArrowRight' ? step : e.key === 'ArrowLeft' ? -step : 0
    // The grid's own keys (Home, End, arrows) stay out of it while the handle has the focus.
    e.stopPropagation()
    if (by === 0) return
    e.preventDefault()
    props.onResize(clamp(props.width() + by))
  }
  return (
    <div role="separator" aria-orientation="vertical" aria-label={`Resize column ${props.label}`}
         aria-valuenow={Math.round(props.width())} aria-valuemin={MIN_WIDTH} aria-valuemax={MAX_WIDTH}
         tabindex="0" class="col-resize" classList={{ dragging: dragging() }}
         onPointerDown={down} onPointerMove={move} onPointerUp={up} onPointerCancel={up} onKeyDown={key}
         onClick={e => e.stopPropagation()} />
  )
}
