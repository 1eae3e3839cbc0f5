/** Placeholder until the profile updates import lands (issue 6, part 3): this file is replaced by it. */
export function UpdatesImport() {
  return <div class="card"><p>Profile updates from a JSON or NDJSON file of Engage updates ($set, $add, $union…) are coming.</p></div>
}
