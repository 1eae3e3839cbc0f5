// The profiles CSV wizard (profiles.md, "CSV import of profiles"): choose or
// drop a file, see what the first 64 KiB say about it, map its columns, pick
// the identifier, optionally dry-run, then import in the worker with progress
// and Cancel, ending on a summary with the skipped rows and a Users page link.
import { createEffect, createMemo, createResource, For, Index, on, Show } from 'solid-js'
import type { CsvEncoding } from '../../../workers/engine/types'
import { db } from '../../db/client'
import { RESERVED_PROPERTIES } from '../../profile/values'
import { messageOf } from '../../ui/errors'
import { formatBytes, formatCount, plural } from '../../ui/format'
import { DropZone } from '../DropZone'
import { ImportProgress, useLeaveGuard } from '../ImportProgress'
import { createImportOperation } from '../operation'
import { DryRunReport, ImportSummaryView } from './ProfilesResult'
import { createProfilesWizard, likelyOverLimitText, overLimitText, rowsText, type RunKind, type Sniffed } from './wizard'

const DELIMITERS: Array<{ value: string; label: string }> = [
  { value: ',', label: 'Comma (,)' }, { value: ';', label: 'Semicolon (;)' }, { value: '\t', label: 'Tab' }, { value: '|', label: 'Pipe (|)' },
]

export function ProfilesWizard() {
  const wizard = createProfilesWizard()
  const w = wizard.state
  const running = wizard.running
  const operation = createImportOperation('profiles-csv')
  const ready = () => db.phase().kind === 'ready'

  const [sniff] = createResource(
    () => (w.file && ready() ? { f: w.file, delimiter: w.delimiter, encoding: w.encoding, header: w.header } : false),
    async ({ f, delimiter, encoding, header }): Promise<Sniffed> => {
      const s = await db.api().sniffCsv(f, {
        ...(delimiter ? { delimiter } : {}), ...(encoding ? { encoding } : {}), ...(header !== null ? { header } : {}),
      })
      wizard.sniffed(s)
      return s
    },
  )

  const [groupKeys] = createResource(() => (ready() ? db.dataVersion() + 1 : false), () => db.api().groupKeys())
  const [knownNames] = createResource(
    () => (ready() ? { v: db.dataVersion(), key: w.target === 'group' ? w.groupKey.trim() : '' } : false),
    async ({ key }) => (await db.api().propertyNames(key ? { groupKey: key } : {})).properties.map(p => p.name),
  )
  const propertyOptions = createMemo(() => [...new Set([...RESERVED_PROPERTIES, ...(knownNames.latest ?? [])])])

  // Group profiles: a column headed by the group key (or group_id) is the group's id, unless the user chose otherwise.
  createEffect(on([() => w.target, () => w.groupKey, () => sniff.latest], ([t, key, s]) => {
    if (!s) return
    const norm = (n: string) => n.trim().toLowerCase().replace(/^\$/, '').replace(/[\s_\-.]+/g, '')
    const suggested = s.suggestions.findIndex(c => c.identifier)
    let id = suggested >= 0 ? suggested : null
    if (t === 'group' && s.header) {
      const wanted = new Set([norm(key), 'groupid'].filter(Boolean))
      const byKey = (s.rows[0] ?? []).findIndex(h => wanted.has(norm(h)))
      if (byKey >= 0) id = byKey
    }
    wizard.suggestIdentifier(id)
  }, { defer: true }))
  useLeaveGuard(() => w.step.kind === 'running' && w.step.run === 'import', 'An import is running. Leave this page and cancel it?', operation.cancel)

  const dataRows = () => {
    const s = sniff.latest
    if (!s) return []
    return s.header ? s.rows.slice(1) : s.rows
  }
  const headerCells = () => (sniff.latest?.header ? sniff.latest.rows[0] ?? [] : [])
  const columnName = (i: number) => {
    const h = headerCells()[i]?.trim()
    return h ? `Column ${i + 1} (${h})` : `Column ${i + 1}`
  }
  const emailColumn = () => w.columns.findIndex((c, i) => c.include && c.property.trim() === '$email' && i !== w.identifier)
  const idNote = () => {
    if (w.identifier !== null) return null
    if (w.target === 'user' && emailColumn() >= 0) return { kind: 'info' as const, text: `No identifier column picked: ${columnName(emailColumn())}, mapped to $email, is each profile's id.` }
    return {
      kind: 'warn' as const,
      text: 'No identifier column: every row gets a generated id. Importing this file again would create all of its profiles a second time (duplicates). Pick the column that identifies each profile to avoid that.',
    }
  }
  const runKind = () => (w.step.kind === 'running' ? w.step.run : null)

  async function run(kind: RunKind) {
    const s = sniff.latest
    const f = w.file
    if (!s || !f || running()) return
    const plan = wizard.plan(s, columnName)
    if (!plan) return
    wizard.started(kind)
    const startedAt = performance.now()
    const outcome = await operation.run(f.size, (onProgress, id) => (kind === 'dry-run'
      ? db.api().dryRunProfilesCsv(f, plan, onProgress, id)
      : db.api().importProfilesCsv(f, { ...plan, fileName: f.name }, onProgress, id)))
    if (outcome.ok && kind === 'import') console.info(`Cohortlite: imported ${f.name} in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)
    // Before the summary's links can be followed, so the pages they open read the new data (and cohort).
    // Not awaited: the status line's recount queues behind the catalog reads the new version starts.
    if (kind === 'import') void db.changed()
    wizard.finished(kind, outcome, plan)
  }

  return (
    <div class="wizard">
      <Show when={w.step.kind === 'done' ? w.step.summary : null} fallback={
        <>
          <section class="card wizard-step" aria-labelledby="wizard-file">
            <h2 id="wizard-file">1. Choose a CSV file</h2>
            <DropZone choose="Choose a CSV file" accept=".csv,.tsv,.txt,text/csv,text/plain" disabled={running()}
              onFile={f => wizard.choose(f)} testId="drop-zone" prompt="Drop a CSV file here, or">
              <p class="muted small">Up to 1,000,000 rows. The file is read in this browser and never uploaded.</p>
            </DropZone>
            <Show when={w.file}>
              {f => (
                <p class="file-facts" aria-label="Chosen file">
                  <strong>{f().name}</strong> · {formatBytes(f().size)}
                  <Show when={sniff.latest}>
                    {s => <> · {rowsText(s())}
                      {s().bom ? ' · UTF-8 BOM' : ''} · {s().lineEnds === 'none' ? 'one line' : `${s().lineEnds} line ends`}</>}
                  </Show>
                </p>
              )}
            </Show>
            <Show when={sniff.error}><p class="error-text" role="alert">Could not read the file: {messageOf(sniff.error)}</p></Show>
          </section>

          <Show when={sniff.latest}>
            {s => (
              <>
                <Show when={s().overLimit}>
                  <p class="card error-text" role="alert">{overLimitText(s())}</p>
                </Show>
                <Show when={!s().overLimit && s().likelyOverLimit}>
                  <p class="card notice warn" role="status">{likelyOverLimitText(s())}</p>
                </Show>

                <section class="card wizard-step" aria-labelledby="wizard-read">
                  <h2 id="wizard-read">2. How to read it</h2>
                  <div class="wizard-options">
                    <label>Delimiter
                      <select value={s().delimiter} onChange={e => wizard.setReading({ delimiter: e.currentTarget.value })} disabled={running()}>
                        <For each={DELIMITERS}>{d => <option value={d.value}>{d.label}</option>}</For>
                      </select>
                    </label>
                    <label>Encoding
                      <select value={s().encoding} onChange={e => wizard.setReading({ encoding: e.currentTarget.value as CsvEncoding })} disabled={running()}>
                        <option value="utf-8">UTF-8</option>
                        <option value="windows-1252">Windows-1252 (Excel on Windows)</option>
                      </select>
                    </label>
                    <label class="check">
                      <input type="checkbox" checked={s().header} onChange={e => wizard.setReading({ header: e.currentTarget.checked })} disabled={running()} />
                      First row is a header
                    </label>
                    <span class="muted small">{s().likelyHeader ? 'The first row looks like column names.' : 'Like Mixpanel, a file is read as having no header row.'}</span>
                  </div>
                  <Show when={!s().validUtf8}>
                    <p class="notice warn" role="status">
                      This file is not valid UTF-8 (near byte {formatCount(s().invalidUtf8At ?? 0)}): it was probably saved by Excel on Windows.
                      {s().encoding === 'windows-1252' ? ' It is read as Windows-1252; check the preview below.' : ' Importing it as UTF-8 will fail: choose Windows-1252.'}
                    </p>
                  </Show>
                </section>

                <section class="card wizard-step" aria-labelledby="wizard-target">
                  <h2 id="wizard-target">3. Import into</h2>
                  <div class="wizard-options" role="radiogroup" aria-label="Import into">
                    <label class="check"><input type="radio" name="target" checked={w.target === 'user'} onChange={() => wizard.setTarget('user')} disabled={running()} /> User profiles</label>
                    <label class="check"><input type="radio" name="target" checked={w.target === 'group'} onChange={() => wizard.setTarget('group')} disabled={running()} /> Group profiles</label>
                    <Show when={w.target === 'group'}>
                      <label>Group key
                        <input type="text" list="import-group-keys" value={w.groupKey} placeholder="company_id" onInput={e => wizard.setGroupKey(e.currentTarget.value)} disabled={running()} />
                      </label>
                      <datalist id="import-group-keys"><For each={groupKeys.latest ?? []}>{k => <option value={k} />}</For></datalist>
                      <span class="muted small">{(groupKeys.latest ?? []).includes(w.groupKey.trim()) ? 'An existing group key.' : w.groupKey.trim() ? 'A new group key.' : ''}</span>
                    </Show>
                  </div>
                </section>

                <section class="card wizard-step" aria-labelledby="wizard-columns">
                  <h2 id="wizard-columns">4. Columns</h2>
                  <div class="wizard-options">
                    <label>Identifier column ({w.target === 'group' ? '$group_id' : '$distinct_id'})
                      <select value={w.identifier === null ? '' : String(w.identifier)} disabled={running()}
                        onChange={e => wizard.pickIdentifier(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}>
                        <option value="">{w.target === 'user' ? 'None: the $email column, else generated ids' : 'None: generated ids'}</option>
                        <Index each={w.columns}>{(_, i) => <option value={String(i)}>{columnName(i)}</option>}</Index>
                      </select>
                    </label>
                  </div>
                  <Show when={idNote()}>{n => <p class={`notice ${n().kind}`} role="status">{n().text}</p>}</Show>
                  <datalist id="import-property-names"><For each={propertyOptions()}>{n => <option value={n} />}</For></datalist>
                  <div class="preview-scroll">
                    <table class="preview-grid" aria-label="Preview of the first rows">
                      <thead>
                        <tr>
                          <Index each={w.columns}>
                            {(c, i) => (
                              <th scope="col" classList={{ skipped: !c().include && i !== w.identifier, identifier: i === w.identifier }}>
                                <div class="column-head">
                                  <label class="check">
                                    <input type="checkbox" checked={c().include || i === w.identifier} disabled={running() || i === w.identifier}
                                      onChange={e => wizard.setColumn(i, { include: e.currentTarget.checked })} />
                                    Import column {i + 1}
                                  </label>
                                  <Show when={i !== w.identifier} fallback={<span class="id-badge">Identifier</span>}>
                                    <input type="text" list="import-property-names" aria-label={`Property for column ${i + 1}`}
                                      placeholder="property name" value={c().property} disabled={running() || !c().include}
                                      onInput={e => wizard.setColumn(i, { property: e.currentTarget.value })} />
                                  </Show>
                                  <Show when={headerCells()[i]}><span class="muted small truncate">header: {headerCells()[i]}</span></Show>
                                </div>
                              </th>
                            )}
                          </Index>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={dataRows().slice(0, 10)}>
                          {row => <tr><Index each={w.columns}>{(_, i) => <td class="truncate" title={row[i] ?? ''}>{row[i] ?? ''}</td>}</Index></tr>}
                        </For>
                      </tbody>
                    </table>
                  </div>
                  <p class="muted small">The first {Math.min(10, dataRows().length)} data rows. Empty cells leave a property as it was.</p>
                </section>

                <section class="card wizard-step" aria-labelledby="wizard-values">
                  <h2 id="wizard-values">5. Values</h2>
                  <div class="wizard-options" role="radiogroup" aria-label="Values">
                    <label class="check"><input type="radio" name="typed" checked={!w.typed} onChange={() => wizard.setTyped(false)} disabled={running()} /> Strings only (as Mixpanel)</label>
                    <label class="check"><input type="radio" name="typed" checked={w.typed} onChange={() => wizard.setTyped(true)} disabled={running()} /> Detect numbers, booleans and lists</label>
                  </div>
                </section>

                <section class="card wizard-step" aria-labelledby="wizard-run">
                  <h2 id="wizard-run">6. Import</h2>
                  <Show when={w.problems.length > 0}>
                    <ul class="error-text" role="alert">{<For each={w.problems}>{p => <li>{p}</li>}</For>}</ul>
                  </Show>
                  <div class="button-row">
                    <button type="button" class="button" disabled={running() || s().overLimit} onClick={() => void run('dry-run')}>Dry run</button>
                    <button type="button" class="button primary" disabled={running() || s().overLimit} onClick={() => void run('import')}>Import</button>
                  </div>
                  <Show when={operation.progress()}>
                    {p => <ImportProgress label={runKind() === 'dry-run' ? 'Dry run progress' : 'Import progress'} progress={p()} onCancel={operation.cancel} cancelling={operation.cancelling()} />}
                  </Show>
                  <Show when={w.error}><p class="error-text" role="alert">{w.error}</p></Show>
                  <Show when={w.dryRun}>{d => <DryRunReport result={d()} />}</Show>
                </section>
              </>
            )}
          </Show>
        </>
      }>
        {sum => <ImportSummaryView summary={sum()} onAgain={() => wizard.startOver()} />}
      </Show>
    </div>
  )
}
