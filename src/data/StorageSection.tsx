// Storage: how much the database takes, what the browser allows this site,
// and whether the browser may clear it when space runs low (it may unless
// storage is persistent), with a way to ask for persistence.
import { Meter } from '@kobalte/core/meter'
import { createResource, createSignal, Show } from 'solid-js'
import { db } from '../db/client'
import { messageOf } from '../ui/errors'
import { formatBytes } from '../ui/format'

interface StorageState { usage: number | null; quota: number | null; persisted: boolean | null }

async function readStorage(): Promise<StorageState | null> {
  const storage = navigator.storage
  if (!storage?.estimate) return null
  const [estimate, persisted] = await Promise.all([
    storage.estimate(),
    storage.persisted ? storage.persisted() : Promise.resolve(null),
  ])
  return { usage: estimate.usage ?? null, quota: estimate.quota ?? null, persisted }
}

export function StorageSection() {
  const [storage, { refetch }] = createResource(() => db.dataVersion() + 1, readStorage)
  const [asked, setAsked] = createSignal<string | null>(null)

  async function askPersistence() {
    setAsked(null)
    try {
      const granted = await navigator.storage.persist()
      setAsked(granted
        ? 'The browser will keep this data until you delete it.'
        : 'The browser said no. Browsers grant it to sites you use often, bookmark or install; until then, keep backups.')
    } catch (error) {
      setAsked(`The browser could not be asked: ${messageOf(error)}`)
    }
    await refetch()
  }

  return (
    <section class="card data-section" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage</h2>
      <Show when={storage.latest !== undefined} fallback={<p class="muted">Reading storage…</p>}>
        <Show when={storage.latest} fallback={<p class="muted">This browser does not report its storage.</p>}>
          {s => (
            <>
              <dl class="data-facts">
                <dt>Database</dt>
                <dd>{db.storageUsed() === null ? '—' : formatBytes(db.storageUsed()!)}</dd>
                <dt>This site, as the browser counts it</dt>
                <dd>{s().usage === null ? '—' : formatBytes(s().usage!)} of {s().quota === null ? '—' : formatBytes(s().quota!)} allowed</dd>
              </dl>
              <Show when={s().usage !== null && s().quota}>
                <Meter class="data-meter" value={s().usage!} maxValue={s().quota!}
                       getValueLabel={({ value, max }) => `${formatBytes(value)} of ${formatBytes(max)}`}>
                  <Meter.Label class="sr-only">Storage used by this site</Meter.Label>
                  <Meter.Track class="data-meter-track"><Meter.Fill class="data-meter-fill" /></Meter.Track>
                </Meter>
              </Show>
              <p class="muted small">
                The browser's count includes space it reserves for the database's open files, so it can exceed the database's size.
              </p>
              <Show when={s().persisted === true}>
                <p class="data-done">Storage is persistent: the browser will not clear this data to free space.</p>
              </Show>
              <Show when={s().persisted === false}>
                <div class="data-warning" role="note">
                  <strong>Storage is not persistent:</strong> the browser may clear this data when space runs low; back it up.
                </div>
                <div class="button-row">
                  <button type="button" class="button" onClick={() => void askPersistence()}>Ask the browser to keep this data</button>
                </div>
              </Show>
              <Show when={asked()}><p role="status">{asked()}</p></Show>
            </>
          )}
        </Show>
      </Show>
      <Show when={storage.error}><p role="alert" class="error-text">Could not read storage: {messageOf(storage.error)}</p></Show>
    </section>
  )
}
