import { createMemo } from 'solid-js'
import { db } from '../db/client'
import { formatBytes, plural } from '../ui/format'

const STORAGE_LABEL = { opfs: 'the origin private file system (OPFS)', idb: 'IndexedDB' } as const

/** The database state in one line: opening, ready with counts and storage, or the error. */
export function StatusLine() {
  const text = createMemo(() => {
    const phase = db.phase()
    switch (phase.kind) {
      case 'starting':
      case 'opening':
        return 'Opening database…'
      case 'elsewhere':
        return 'Open in another tab'
      case 'taking-over':
        return 'Waiting for the other tab to close the database…'
      case 'released':
        return 'Closed: opened in another tab'
      case 'error':
        return `Error: ${phase.message}`
      case 'ready': {
        const error = db.statsError()
        if (error) return `Error: ${error}`
        const s = db.stats()
        if (!s) return 'Opening database…'
        const used = db.storageUsed()
        return [
          'Ready',
          plural(s.profiles, 'profile'),
          plural(s.users, 'user'),
          plural(s.events, 'event'),
          ...(used !== null ? [`${formatBytes(used)} stored`] : []),
        ].join(' · ')
      }
    }
  })
  const tone = () => {
    const kind = db.phase().kind
    if (kind === 'error' || db.statsError()) return 'error'
    if (kind === 'ready' && db.stats()) return 'ready'
    return 'busy'
  }
  const title = () => {
    const phase = db.phase()
    return phase.kind === 'ready' ? `Stored in ${STORAGE_LABEL[phase.storage]}, on this device only` : undefined
  }
  return (
    <div class="status-line" data-tone={tone()} role="status" aria-label="Database status" title={title()}>
      <span class="status-dot" aria-hidden="true" />
      {text()}
    </div>
  )
}
