// Events per UTC day over a profile's activity range, as bars on a scale:
// the count axis on the left (0, a middle tick, the top), the days below
// (first, middle, last). A bar narrows the range to its day (click, or Enter).
import { createMemo, createSignal, For } from 'solid-js'
import { formatCount, plural } from '../ui/format'

const DAY_MS = 86_400_000
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** A round top for the count axis, at least `max`, whose half is a whole number (1 stays 1). */
export function scaleTop(max: number): number {
  if (max <= 1) return 1
  const power = 10 ** Math.floor(Math.log10(max))
  for (const step of [1, 2, 4, 6, 8, 10]) {
    if (step * power >= max && (step * power) % 2 === 0) return step * power
  }
  return 10 * power
}

export function DayChart(props: { from: string; to: string; counts: Array<{ day: string; count: number }>; onPick: (day: string) => void }) {
  const days = createMemo(() => {
    const byDay = new Map(props.counts.map(c => [c.day, c.count]))
    const out: Array<{ day: string; count: number }> = []
    const end = Date.parse(`${props.to}T00:00:00Z`)
    for (let t = Date.parse(`${props.from}T00:00:00Z`); t <= end && out.length < 3700; t += DAY_MS) {
      const day = utcDay(t)
      out.push({ day, count: byDay.get(day) ?? 0 })
    }
    return out
  })
  const top = () => scaleTop(Math.max(0, ...days().map(d => d.count)))
  const W = 600, H = 80
  const barW = () => W / Math.max(1, days().length)
  const ticks = () => (top() === 1 ? [1, 0] : [top(), top() / 2, 0])
  const dayTicks = () => {
    const list = days()
    if (list.length <= 2) return list.map(d => d.day)
    return [list[0]!.day, list[Math.floor((list.length - 1) / 2)]!.day, list[list.length - 1]!.day]
  }
  // One Tab stop for the whole chart (the last day, or the bar last focused);
  // the arrow keys, Home and End move between days, Enter or Space picks one.
  const [current, setCurrent] = createSignal<number | null>(null)
  const tabStop = () => Math.min(current() ?? Infinity, days().length - 1)
  let svg!: SVGSVGElement
  function onKeyDown(e: KeyboardEvent, i: number, day: string) {
    const last = days().length - 1
    const next = e.key === 'ArrowRight' || e.key === 'ArrowUp' ? Math.min(last, i + 1)
      : e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? Math.max(0, i - 1)
      : e.key === 'Home' ? 0 : e.key === 'End' ? last : null
    if (next !== null) {
      e.preventDefault()
      setCurrent(next)
      svg.querySelectorAll<SVGGElement>('g.bar')[next]?.focus()
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      props.onPick(day)
    }
  }
  return (
    <figure class="day-chart" aria-label="Events per day">
      {/* The axes repeat what each bar's name says: for the eye only. */}
      <div class="chart-y" aria-hidden="true" data-axis="events">
        <For each={ticks()}>{t => <span>{formatCount(t)}</span>}</For>
      </div>
      <svg ref={svg} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="group" aria-label="Events per day">
        <For each={ticks()}>
          {t => <line x1={0} x2={W} y1={H - (t / top()) * H} y2={H - (t / top()) * H} class="grid-line" vector-effect="non-scaling-stroke" />}
        </For>
        <For each={days()}>
          {(d, i) => {
            const h = () => (d.count / top()) * H
            return (
              <g role="button" tabindex={i() === tabStop() ? 0 : -1} aria-label={`${d.day}: ${plural(d.count, 'event')}`} data-day={d.day} data-count={d.count}
                 class="bar" onClick={() => props.onPick(d.day)} onFocus={() => setCurrent(i())} onKeyDown={e => onKeyDown(e, i(), d.day)}>
                <rect x={i() * barW()} y={0} width={barW()} height={H} class="bar-hit" />
                <rect x={i() * barW() + barW() * 0.12} y={H - h()} width={barW() * 0.76} height={h()} class="bar-fill" />
                <title>{`${d.day}: ${plural(d.count, 'event')}`}</title>
              </g>
            )
          }}
        </For>
      </svg>
      <div class="chart-x" aria-hidden="true" data-axis="days">
        <For each={dayTicks()}>{d => <span>{d}</span>}</For>
      </div>
    </figure>
  )
}
