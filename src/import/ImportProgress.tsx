// What every file import shows while it runs, and the guard that asks before
// the page is left mid-import. Shared by the profiles wizard and the events
// and updates imports.
import { useBeforeLeave } from '@solidjs/router'
import { onCleanup } from 'solid-js'
import type { Progress } from '../../workers/engine/types'
import { formatBytes, formatCount } from '../ui/format'

export interface TimedProgress extends Progress { startedAt: number; now: number }

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—'
  if (seconds < 60) return `${Math.ceil(seconds)} s`
  const m = Math.floor(seconds / 60)
  return `${m} min ${Math.round(seconds - m * 60)} s`
}

/** Rows, MB, rows per second and time left (from the bytes still to read). */
export function ImportProgress(props: { label: string; progress: TimedProgress; onCancel?: () => void; cancelling?: boolean }) {
  const p = () => props.progress
  const seconds = () => Math.max((p().now - p().startedAt) / 1000, 0.001)
  const total = () => p().totalBytes ?? 0
  const percent = () => (total() > 0 ? Math.min(100, Math.round((p().bytes / total()) * 100)) : 0)
  const left = () => {
    const rate = p().bytes / seconds()
    return rate > 0 && total() > 0 ? (total() - p().bytes) / rate : NaN
  }
  return (
    <div class="import-progress" aria-live="off">
      <div class="progress" role="progressbar" aria-label={props.label} aria-valuemin="0" aria-valuemax="100"
        aria-valuenow={percent()} aria-valuetext={`${percent()}%, ${formatCount(p().rows)} rows`}>
        <div class="progress-fill" style={{ width: `${percent()}%` }} />
      </div>
      <p class="import-progress-figures">
        <span>{formatCount(p().rows)} rows</span>
        <span>{formatBytes(p().bytes)} of {formatBytes(total())}</span>
        <span>{formatCount(Math.round(p().rows / seconds()))} rows/s</span>
        <span>{percent() >= 100 ? 'finishing…' : `${duration(left())} left`}</span>
        {props.onCancel && (
          <button type="button" class="button small" onClick={() => props.onCancel?.()} disabled={props.cancelling}>
            {props.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </p>
    </div>
  )
}

/**
 * While `running()` is true, leaving the page asks first: in-app navigation
 * through a confirm (leaving then calls `onLeave`, e.g. to cancel), closing or
 * reloading the tab through the browser's own prompt.
 */
export function useLeaveGuard(running: () => boolean, message: string, onLeave?: () => void) {
  useBeforeLeave(e => {
    if (!running() || e.defaultPrevented) return
    // Another tab of the Import page is not leaving it.
    if (typeof e.to === 'string' && new URL(e.to, location.href).pathname === location.pathname) return
    if (!confirm(message)) e.preventDefault()
    else onLeave?.()
  })
  const beforeUnload = (e: BeforeUnloadEvent) => {
    if (!running()) return
    e.preventDefault()
    e.returnValue = ''
  }
  addEventListener('beforeunload', beforeUnload)
  onCleanup(() => removeEventListener('beforeunload', beforeUnload))
}
