/** Placeholder until the events import lands (issue 6, part 2): this file is replaced by it. */
export function EventsImport() {
  return <div class="card"><p>Events from files (Mixpanel's export format, NDJSON or a JSON array, or CSV) are coming.</p></div>
}
