// What every import shows of the rows it skipped: the reasons with their
// counts and first rows, the first rows themselves, and the download of all.
import { For, Show } from 'solid-js'
import type { ImportSummary, SkippedRow } from '../../workers/engine/types'
import { formatCount, plural } from '../ui/format'
import { downloadCsv, skippedFileName, skippedRowsCsv } from './skippedCsv'

type Errors = ImportSummary['errors']
export interface Reason { message: string; count: number; rows: number[] }

const SHOWN_ROWS = 100
const ROWS_PER_REASON = 5

/** Skipped rows by reason: the same message (it names the column) counts once, with its first rows; most frequent first. */
export function reasons(errors: Errors): Reason[] {
  const by = new Map<string, Reason>()
  for (const e of errors) {
    const r = by.get(e.message) ?? { message: e.message, count: 0, rows: [] }
    r.count++
    if (r.rows.length < ROWS_PER_REASON) r.rows.push(e.row)
    by.set(e.message, r)
  }
  return [...by.values()].sort((a, b) => b.count - a.count)
}

/** `noun`: what a row is called ("row", "update"). */
export function SkippedReasons(props: { errors: Errors; noun?: string }) {
  const noun = () => props.noun ?? 'row'
  return (
    <ul class="reasons">
      <For each={reasons(props.errors)}>
        {r => <li>{plural(r.count, noun())}: {r.message} ({noun()} {r.rows.join(', ')}{r.count > r.rows.length ? ', …' : ''})</li>}
      </For>
    </ul>
  )
}

export function SkippedTable(props: { errors: Errors; skipped: number }) {
  return (
    <>
      <table class="skipped-table" aria-label="Skipped rows">
        <thead><tr><th scope="col">Row</th><th scope="col">Reason</th><th scope="col">Content</th></tr></thead>
        <tbody>
          <For each={props.errors.slice(0, SHOWN_ROWS)}>
            {e => <tr><td class="num">{e.row}</td><td>{e.message}</td><td class="mono truncate">{(e.cells ?? []).join(' | ')}</td></tr>}
          </For>
        </tbody>
      </table>
      <Show when={props.errors.length > SHOWN_ROWS}>
        <p class="muted small">The first {SHOWN_ROWS} of {formatCount(props.skipped)}; the download has them all.</p>
      </Show>
    </>
  )
}

/** Downloads the skipped rows of a summary; `text`: a row's content is one JSON text, not cells. */
export function downloadSkipped(fileName: string, errors: Errors, text = false): void {
  const rows = errors.map((e): SkippedRow => {
    if (!e.cells) return { row: e.row, message: e.message }
    return { row: e.row, message: e.message, raw: text ? e.cells[0] : e.cells }
  })
  downloadCsv(skippedFileName(fileName), skippedRowsCsv(rows))
}
