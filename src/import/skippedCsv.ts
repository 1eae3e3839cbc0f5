// The skipped-rows download: one line per skipped row with its number in the
// file, the reason, then the row's original cells (or, for JSON imports, the
// original line). Cells that a spreadsheet would run as a formula get a
// leading ' (as the CSV export does, profiles.md).
import type { SkippedRow } from '../../workers/engine/types'
import { saveFile } from '../ui/save'

function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

function rawCells(raw: unknown): string[] {
  if (raw === undefined || raw === null) return []
  if (Array.isArray(raw)) return raw.map(c => (typeof c === 'string' ? c : JSON.stringify(c)))
  return [typeof raw === 'string' ? raw : JSON.stringify(raw)]
}

export function skippedRowsCsv(rows: SkippedRow[]): string {
  const width = rows.reduce((m, r) => Math.max(m, rawCells(r.raw).length), 0)
  const head = ['row', 'reason', ...Array.from({ length: width }, (_, i) => `cell ${i + 1}`)]
  const lines = [head.join(',')]
  for (const r of rows) lines.push([String(r.row), field(r.message), ...rawCells(r.raw).map(field)].join(','))
  return lines.join('\r\n') + '\r\n'
}

/** Starts the download of `text` as a CSV file. */
export function downloadCsv(fileName: string, text: string): void {
  saveFile(new Blob([text], { type: 'text/csv;charset=utf-8' }), fileName)
}

/** "people.csv" → "people-skipped-rows.csv" */
export function skippedFileName(fileName: string): string {
  const base = fileName.replace(/\.[^.]*$/, '') || 'import'
  return `${base}-skipped-rows.csv`
}
