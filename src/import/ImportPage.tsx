// The Import page: one tab per way data gets in, and the history of past
// imports. The tab is in the URL (?tab=…) so a link or a reload keeps it.
import { useSearchParams } from '@solidjs/router'
import { For, Match, Switch } from 'solid-js'
import { EventsImport } from './events/EventsImport'
import { ImportHistory } from './history/ImportHistory'
import { ProfilesWizard } from './profiles/ProfilesWizard'
import { UpdatesImport } from './updates/UpdatesImport'
import './import.css'

const TABS = [
  { id: 'profiles', label: 'Profiles (CSV)' },
  { id: 'events', label: 'Events' },
  { id: 'updates', label: 'Profile updates' },
  { id: 'history', label: 'History' },
] as const
type Tab = (typeof TABS)[number]['id']

export function ImportPage() {
  const [params, setParams] = useSearchParams<{ tab?: string }>()
  const tab = (): Tab => (TABS.some(t => t.id === params.tab) ? params.tab as Tab : 'profiles')

  function onKeyDown(e: KeyboardEvent) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
    const i = TABS.findIndex(t => t.id === tab())
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!
    setParams({ tab: next.id })
    document.getElementById(`import-tab-${next.id}`)?.focus()
  }

  return (
    <section class="page import-page" aria-labelledby="import-title">
      <h1 id="import-title">Import</h1>
      <p class="lead muted">Bring your own profiles and events. Files are read in this browser and never uploaded.</p>
      <div class="import-tabs" role="tablist" aria-label="What to import" onKeyDown={onKeyDown}>
        <For each={TABS}>
          {t => (
            <button type="button" role="tab" id={`import-tab-${t.id}`} aria-selected={tab() === t.id} aria-controls="import-panel"
              tabIndex={tab() === t.id ? 0 : -1} onClick={() => setParams({ tab: t.id })}>
              {t.label}
            </button>
          )}
        </For>
      </div>
      <div id="import-panel" role="tabpanel" aria-labelledby={`import-tab-${tab()}`}>
        {/* The wizard stays mounted under the other tabs: a running import and its choices survive a look at the history. */}
        <div hidden={tab() !== 'profiles'}><ProfilesWizard /></div>
        <Switch>
          <Match when={tab() === 'events'}><EventsImport /></Match>
          <Match when={tab() === 'updates'}><UpdatesImport /></Match>
          <Match when={tab() === 'history'}><ImportHistory /></Match>
        </Switch>
      </div>
    </section>
  )
}
