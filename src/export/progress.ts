// What an export's progress line says: rows of the total, megabytes, the
// rate, and the time left at that rate (once there is a rate to go by).
import { formatBytes, formatCount } from '../ui/format'

export interface ExportProgress { rows: number; bytes: number; total: number; startedAt: number }

/** "12,000 of 100,000 rows · 1.2 MB · 5,000 rows/s · about 18 s left" */
export function progressText(p: ExportProgress, now: number, unit = 'rows'): string {
  const seconds = (now - p.startedAt) / 1000
  const parts = [`${formatCount(p.rows)} of ${formatCount(p.total)} ${unit}`, formatBytes(p.bytes)]
  if (seconds >= 0.5 && p.rows > 0) {
    const rate = p.rows / seconds
    parts.push(`${formatCount(Math.round(rate))} ${unit}/s`)
    if (p.rows < p.total) parts.push(`about ${duration((p.total - p.rows) / rate)} left`)
  }
  return parts.join(' · ')
}

/** 4 s, 1 min 20 s, 2 h 5 min */
export function duration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`
  const m = Math.round(s / 60)
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`
}
