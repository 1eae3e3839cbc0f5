// The names of export files, shared by the engine and the page (which asks
// the browser's save picker for the name before the export starts). A leaf.

/** `cohortlite-users-2025-01-31.csv` (groups: `cohortlite-company_id-…`; events: `cohortlite-events-….ndjson`; a cohort's definition: `cohortlite-cohort-….json`) */
export function exportFileName(what: string, format: 'csv' | 'ndjson' | 'json', at: Date): string {
  const safe = what.replace(/[^\p{L}\p{N}_.-]+/gu, '_').slice(0, 60) || 'export'
  return `cohortlite-${safe}-${at.toISOString().slice(0, 10)}.${format}`
}
