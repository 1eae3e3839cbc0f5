// A cohort's size: now (counting it keeps a point of its history, at most
// one an hour), a small line of the recorded sizes, and its size on a past
// date for dynamic cohorts.
import { createSignal, Show } from 'solid-js'
import type { Cohort, CohortSizePoint } from '../../workers/engine/types'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { formatCount } from '../ui/format'
import { createLatest } from '../ui/latest'
import { Modal } from '../ui/Modal'

export function CohortSize(props: { id: string; name: string }) {
  const n = createLatest(() => db.dataVersion(), () => db.api().countCohort(props.id))
  // Read after the count: counting may have kept a new point.
  const history = createLatest(() => (n.value() === undefined ? undefined : `${db.dataVersion()}|${n.value()}`), () => db.api().cohortSizeHistory(props.id))
  return (
    <span class="cohort-size">
      <Show when={!n.error()} fallback={<span title={`Could not count: ${n.error()}`}>—</span>}>
        <span class="num">{n.value() !== undefined ? formatCount(n.value()!) : '…'}</span>
      </Show>
      <Show when={history.value()}>{points => <Sparkline points={points()} name={props.name} />}</Show>
    </span>
  )
}

const W = 96, H = 24

/** The recorded sizes over time, as a small line; its label says the range in words. */
export function Sparkline(props: { points: CohortSizePoint[]; name: string }) {
  const shape = () => {
    const ps = props.points
    if (ps.length === 0) return null
    const t0 = Date.parse(ps[0]!.at), t1 = Date.parse(ps[ps.length - 1]!.at)
    const max = Math.max(...ps.map(p => p.size), 1)
    const x = (p: CohortSizePoint) => (t1 === t0 ? W / 2 : ((Date.parse(p.at) - t0) / (t1 - t0)) * (W - 4) + 2)
    const y = (p: CohortSizePoint) => H - 2 - (p.size / max) * (H - 4)
    return { d: ps.map((p, i) => `${i ? 'L' : 'M'}${x(p).toFixed(1)},${y(p).toFixed(1)}`).join(' '), last: ps[ps.length - 1]!, lx: x(ps[ps.length - 1]!), ly: y(ps[ps.length - 1]!) }
  }
  const label = () => {
    const ps = props.points
    if (ps.length === 0) return `No recorded sizes of ${props.name} yet`
    const day = (p: CohortSizePoint) => new Date(p.at).toLocaleDateString()
    return ps.length === 1 ? `Size of ${props.name}: ${formatCount(ps[0]!.size)} on ${day(ps[0]!)} (one recorded point)`
      : `Size of ${props.name} over time: ${ps.length} recorded points, from ${formatCount(ps[0]!.size)} on ${day(ps[0]!)} to ${formatCount(ps[ps.length - 1]!.size)} on ${day(ps[ps.length - 1]!)}`
  }
  return (
    <Show when={shape()}>
      {s => (
        <svg class="sparkline" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label()}>
          <title>{label()}</title>
          <path d={s().d} fill="none" stroke="currentColor" stroke-width="1.5" />
          <circle cx={s().lx} cy={s().ly} r="2.2" fill="currentColor" />
        </svg>
      )}
    </Show>
  )
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10)

/** "Size on a date" for a dynamic cohort, with what it can and cannot know about the past. */
export function SizeOnDateDialog(props: { cohort: Cohort; onClose: () => void }) {
  const [date, setDate] = createSignal(isoDay(new Date(Date.now() - 30 * 86_400_000)))
  const [result, setResult] = createSignal<{ date: string; size: number } | null>(null)
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  let input!: HTMLInputElement
  async function count(e: Event) {
    e.preventDefault()
    setError(null)
    setBusy(true)
    try {
      const size = await db.api().countCohortAt(props.cohort.id, date())
      setResult({ date: date(), size })
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal title={`Size of “${props.cohort.name}” on a date`} onClose={props.onClose} busy={busy()} initialFocus={() => input}>
      <form class="dialog-form" aria-label="Size on a date" onSubmit={count}>
        <label class="field">
          <span>Date (the end of that day, UTC)</span>
          <input ref={input} type="date" aria-label="Date" value={date()} max={isoDay(new Date())} required
                 onInput={e => { setDate(e.currentTarget.value); setResult(null) }} />
        </label>
        <p class="hint">
          Behaviour conditions count only the events before the end of that day, and windows such as “in the last 30 days” end there.
          Property conditions read <strong>today's</strong> property values: profiles keep no history of them.
        </p>
        <Show when={result()}>
          {r => <p role="status" aria-label="Size on the date"><strong>{formatCount(r().size)}</strong> {r().size === 1 ? 'user' : 'users'} on {r().date}</p>}
        </Show>
        <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
        <div class="button-row dialog-actions">
          <button type="button" class="button" disabled={busy()} onClick={() => props.onClose()}>Close</button>
          <button type="submit" class="button primary" disabled={busy() || !date()}>Count</button>
        </div>
      </form>
    </Modal>
  )
}
