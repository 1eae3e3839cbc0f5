// Restore: choose a backup, see what it holds beside what the workspace holds
// now, confirm, and the workspace is replaced (the worker checks the file
// whole first and leaves the workspace untouched if anything fails).
import { createSignal, Match, Show, Switch } from 'solid-js'
import type { BackupManifest } from '../../workers/engine/types'
import { db } from '../db/client'
import { countsText, CountsTable } from './Counts'
import { ConfirmDialog } from './ConfirmDialog'
import { createRestoreFlow } from './restoreFlow'

export function RestoreSection() {
  const flow = createRestoreFlow({
    check: (file, passphrase) => db.api().checkBackup(file, passphrase),
    restore: async (file, passphrase) => {
      const manifest = await db.api().restoreBackup(file, passphrase)
      await db.changed()
      return manifest
    },
    current: () => db.api().stats(),
  })
  const [passphrase, setPassphrase] = createSignal('')
  const [confirming, setConfirming] = createSignal(false)
  const s = flow.state

  function choose(input: HTMLInputElement) {
    const file = input.files?.[0]
    // Cleared, so that choosing the same file again is a new choice.
    input.value = ''
    if (file) void flow.choose(file)
  }

  const made = (m: BackupManifest) =>
    `made ${new Date(m.createdAt).toLocaleString()} by Cohortlite ${m.appVersion} (schema version ${m.schemaVersion})`

  return (
    <section class="card data-section" aria-labelledby="restore-title">
      <h2 id="restore-title">Restore</h2>
      <p class="muted">Replaces everything in this workspace with a backup's contents. You see what the backup holds before anything changes.</p>
      <Show when={['idle', 'refused', 'failed', 'restored'].includes(s().step)}>
        <label class="data-field">
          <span>Backup file</span>
          <input type="file" accept=".gz,.enc,.tgz,application/gzip,application/octet-stream" onChange={e => choose(e.currentTarget)} />
        </label>
      </Show>
      <Switch>
        <Match when={s().step === 'checking'}>
          <p class="data-busy" role="status"><span class="spinner" aria-hidden="true" /> Checking the backup…</p>
        </Match>
        <Match when={(() => { const v = s(); return v.step === 'passphrase' ? v : false })()}>
          {v => (
            <form class="data-form" onSubmit={e => { e.preventDefault(); flow.unlock(passphrase()); setPassphrase('') }}>
              <p>{v().file.name} is encrypted.</p>
              <label class="data-field">
                <span>Passphrase of the backup</span>
                <input type="password" autocomplete="off" value={passphrase()} onInput={e => setPassphrase(e.currentTarget.value)} />
              </label>
              <Show when={v().wrong}><p role="alert" class="error-text">{v().wrong}</p></Show>
              <div class="button-row">
                <button type="submit" class="button primary" disabled={!passphrase()}>Open backup</button>
                <button type="button" class="button" onClick={() => flow.reset()}>Choose another file</button>
              </div>
            </form>
          )}
        </Match>
        <Match when={(() => { const v = s(); return v.step === 'refused' || v.step === 'failed' ? v : false })()}>
          {v => <p role="alert" class="error-text">{v().file.name}: {v().message}</p>}
        </Match>
        <Match when={(() => { const v = s(); return v.step === 'confirm' ? v : false })()}>
          {v => (
            <div class="data-form">
              <p>
                <strong>{v().file.name}</strong>, {made(v().manifest)}.
              </p>
              <CountsTable label="The backup and this workspace" columns={[
                { title: 'In the backup', counts: v().manifest.counts },
                { title: 'In this workspace now', counts: v().current },
              ]} />
              <div class="button-row">
                <button type="button" class="button danger" onClick={() => setConfirming(true)}>Restore this backup…</button>
                <button type="button" class="button" onClick={() => flow.reset()}>Choose another file</button>
              </div>
              <ConfirmDialog
                open={confirming()}
                onOpenChange={setConfirming}
                title="Replace this workspace?"
                description={<p>
                  Everything in this workspace now is replaced by the backup's contents ({countsText(v().manifest.counts)}).
                  This cannot be undone: back up first if you may want today's data again.
                </p>}
                confirm="Replace with the backup"
                danger
                onConfirm={() => { setConfirming(false); void flow.confirm() }}
              />
            </div>
          )}
        </Match>
        <Match when={s().step === 'restoring'}>
          <p class="data-busy" role="status"><span class="spinner" aria-hidden="true" /> Restoring… the workspace is replaced once the backup has opened and its counts check out.</p>
        </Match>
        <Match when={(() => { const v = s(); return v.step === 'restored' ? v : false })()}>
          {v => <p role="status" class="data-done">Restored: {countsText(v().manifest.counts)}, as backed up {new Date(v().manifest.createdAt).toLocaleString()}.</p>}
        </Match>
      </Switch>
    </section>
  )
}
