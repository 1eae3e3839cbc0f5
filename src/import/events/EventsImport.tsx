// The Events tab of the Import page: events from Mixpanel's export format or a mapped CSV.
import { FileImport } from './FileImport'

export function EventsImport() {
  return <FileImport kind="events" />
}
