// The profiles CSV wizard (profiles.md, "CSV import of profiles"): choose or
// drop a file, see what the first 64 KiB say about it, map its columns, pick
// the identifier, optionally dry-run, then import in the worker with progress
// and Cancel, ending on a summary with the skipped rows and a Users page link.
import { A } from '@solidjs/router'
import { batch, createEffect, createMemo, createResource, createSignal, For, Index, on, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import type { ColumnSuggestion, CsvSniff } from '../../../workers/engine/csv/sniff'
import type { CsvImportPlan, ImportSummary } from '../../../workers/engine/types'
import { cohortUsersHref } from '../../cohorts/CohortsPage'
import { db } from '../../db/client'
import { RESERVED_PROPERTIES } from '../../profile/values'
import { formatBytes, formatCount, plural } from '../../ui/format'
import { ImportProgress, useLeaveGuard } from '../ImportProgress'
import { createImportOperation, messageOf } from '../operation'
import { downloadCsv, skippedFileName, skippedRowsCsv } from '../skippedCsv'

type Sniffed = CsvSniff & { suggestions: ColumnSuggestion[] }
type Target = 'user' | 'group'
type Encoding = 'utf-8' | 'windows-1252'
interface Column { include: boolean; property: string }
type Phase = 'idle' | 'dry-run' | 'import'

const MAX_ROWS = 1_000_000
const SHOWN_SKIPPED = 100
const DELIMITERS: Array<{ value: string; label: string }> = [
  { value: ',', label: 'Comma (,)' }, { value: ';', label: 'Semicolon (;)' }, { value: '\t', label: 'Tab' }, { value: '|', label: 'Pipe (|)' },
]

export function ProfilesWizard() {
  const [file, setFile] = createSignal<File | null>(null)
  const [target, setTarget] = createSignal<Target>('user')
  const [groupKey, setGroupKey] = createSignal('')
  // The user's overrides of what sniffing guessed; null: take the guess.
  const [delimiter, setDelimiter] = createSignal<string | null>(null)
  const [encoding, setEncoding] = createSignal<Encoding | null>(null)
  const [header, setHeader] = createSignal<boolean | null>(null)
  const [columns, setColumns] = createStore<Column[]>([])
  const [identifier, setIdentifier] = createSignal<number | null>(null)
  // Once the user picks the identifier, the wizard stops choosing it for them.
  const [identifierPicked, setIdentifierPicked] = createSignal(false)
  const [typed, setTyped] = createSignal(false)
  const [dragging, setDragging] = createSignal(false)

  const [phase, setPhase] = createSignal<Phase>('idle')
  const operation = createImportOperation('profiles-csv')
  const [dryRun, setDryRun] = createSignal<ImportSummary | null>(null)
  const [summary, setSummary] = createSignal<(ImportSummary & { fileName: string; target: Target; groupKey: string }) | null>(null)
  const [error, setError] = createSignal<string | null>(null)
  const [problems, setProblems] = createSignal<string[]>([])

  const ready = () => db.phase().kind === 'ready'

  const [sniff] = createResource(
    () => {
      const f = file()
      return f && ready() ? { f, delimiter: delimiter(), encoding: encoding(), header: header() } : false
    },
    async ({ f, delimiter, encoding, header }): Promise<Sniffed> => {
      const s = await db.api().sniffCsv(f, {
        ...(delimiter ? { delimiter } : {}), ...(encoding ? { encoding } : {}), ...(header !== null ? { header } : {}),
      })
      // A new reading of the file starts the mapping over from its suggestions.
      batch(() => {
        setColumns(s.suggestions.map(c => ({ include: c.identifier || c.property !== '', property: c.property })))
        const id = s.suggestions.findIndex(c => c.identifier)
        setIdentifier(id >= 0 ? id : null)
        setIdentifierPicked(false)
        setDryRun(null)
        setProblems([])
      })
      return s
    },
  )

  const [groupKeys] = createResource(() => (ready() ? db.dataVersion() + 1 : false), () => db.api().groupKeys())
  const [knownNames] = createResource(
    () => (ready() ? { v: db.dataVersion(), key: target() === 'group' ? groupKey().trim() : '' } : false),
    async ({ key }) => (await db.api().propertyNames(key ? { groupKey: key } : {})).properties.map(p => p.name),
  )
  const propertyOptions = createMemo(() => [...new Set([...RESERVED_PROPERTIES, ...(knownNames.latest ?? [])])])

  const running = () => phase() !== 'idle'

  // Group profiles: a column headed by the group key (or group_id) is the group's id, unless the user chose otherwise.
  createEffect(on([target, groupKey, () => sniff.latest], ([t, key, s]) => {
    if (!s || identifierPicked()) return
    const norm = (n: string) => n.trim().toLowerCase().replace(/^\$/, '').replace(/[\s_\-.]+/g, '')
    const suggested = s.suggestions.findIndex(c => c.identifier)
    let id = suggested >= 0 ? suggested : null
    if (t === 'group' && s.header) {
      const wanted = new Set([norm(key), 'groupid'].filter(Boolean))
      const byKey = (s.rows[0] ?? []).findIndex(h => wanted.has(norm(h)))
      if (byKey >= 0) id = byKey
    }
    setIdentifier(id)
  }, { defer: true }))
  useLeaveGuard(() => phase() === 'import', 'An import is running. Leave this page and cancel it?', operation.cancel)

  function choose(f: File | null | undefined) {
    if (!f || running()) return
    batch(() => {
      setFile(f)
      setDelimiter(null)
      setEncoding(null)
      setHeader(null)
      setSummary(null)
      setDryRun(null)
      setError(null)
      setProblems([])
    })
  }

  function onDrop(e: DragEvent) {
    e.preventDefault()
    setDragging(false)
    choose(e.dataTransfer?.files?.[0])
  }

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
  const emailColumn = () => columns.findIndex((c, i) => c.include && c.property.trim() === '$email' && i !== identifier())
  const idNote = () => {
    if (identifier() !== null) return null
    if (target() === 'user' && emailColumn() >= 0) return { kind: 'info' as const, text: `No identifier column picked: ${columnName(emailColumn())}, mapped to $email, is each profile's id.` }
    return {
      kind: 'warn' as const,
      text: 'No identifier column: every row gets a generated id. Importing this file again would create all of its profiles a second time (duplicates). Pick the column that identifies each profile to avoid that.',
    }
  }

  /** The plan, or the problems that stop it (each naming the column). */
  function buildPlan(): CsvImportPlan | null {
    const s = sniff.latest
    const f = file()
    if (!s || !f) return null
    const found: string[] = []
    if (target() === 'group' && groupKey().trim() === '') found.push('Enter the group key the profiles belong to (e.g. company_id).')
    const planColumns: CsvImportPlan['columns'] = []
    const seen = new Map<string, number>()
    columns.forEach((c, index) => {
      if (!c.include || index === identifier()) return
      const property = c.property.trim()
      if (property === '') { found.push(`${columnName(index)} is checked but has no property name: name it or uncheck it.`); return }
      if (property.length > 255) { found.push(`${columnName(index)}: a property name is at most 255 characters.`); return }
      const other = seen.get(property)
      if (other !== undefined) { found.push(`${columnName(other)} and ${columnName(index)} both map to “${property}”: a property can come from one column only.`); return }
      seen.set(property, index)
      planColumns.push({ index, property })
    })
    if (planColumns.length === 0 && identifier() === null) found.push('Check at least one column to import.')
    if (s.overLimit) found.push(overLimitText(s))
    setProblems(found)
    if (found.length > 0) return null
    const id = identifier()
    return {
      kind: target(), ...(target() === 'group' ? { groupKey: groupKey().trim() } : {}),
      header: s.header, ...(id !== null ? { identifier: id } : {}), columns: planColumns, typed: typed(),
      delimiter: s.delimiter, encoding: s.encoding,
    }
  }

  async function run(kind: 'dry-run' | 'import') {
    const plan = buildPlan()
    const f = file()
    if (!plan || !f || running()) return
    batch(() => {
      setPhase(kind)
      setError(null)
      setSummary(null)
      if (kind === 'import') setDryRun(null)
    })
    const startedAt = performance.now()
    const outcome = await operation.run(f.size, (onProgress, id) => (kind === 'dry-run'
      ? db.api().dryRunProfilesCsv(f, plan, onProgress, id)
      : db.api().importProfilesCsv(f, { ...plan, fileName: f.name }, onProgress, id)))
    setPhase('idle')
    if (!outcome.ok) {
      setError(outcome.cancelled
        ? (kind === 'import' ? 'The import was cancelled. Nothing was written: your data is as it was.' : 'The dry run was cancelled.')
        : `${kind === 'import' ? 'The import failed; nothing was written' : 'The dry run failed'}: ${outcome.message}`)
      if (kind === 'import') void db.changed()
    } else if (kind === 'dry-run') {
      setDryRun(outcome.value)
    } else {
      console.info(`Cohortlite: imported ${f.name} in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)
      // Before the summary's links can be followed, so the pages they open read the new data (and cohort).
      // Not awaited: the status line's recount queues behind the catalog reads the new version starts.
      void db.changed()
      setSummary({ ...outcome.value, fileName: f.name, target: plan.kind, groupKey: plan.groupKey ?? '' })
    }
  }

  function startOver() {
    batch(() => {
      setFile(null)
      setSummary(null)
      setDryRun(null)
      setError(null)
      setColumns([])
    })
  }

  return (
    <div class="wizard">
      <Show when={summary()} fallback={
        <>
          <section class="card wizard-step" aria-labelledby="wizard-file">
            <h2 id="wizard-file">1. Choose a CSV file</h2>
            <div
              class="drop-zone"
              classList={{ dragging: dragging() }}
              data-testid="drop-zone"
              onDragEnter={e => { e.preventDefault(); setDragging(true) }}
              onDragOver={e => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy' }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
            >
              <p>Drop a CSV file here, or</p>
              <label class="button">
                Choose a CSV file
                <input class="sr-only" type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" disabled={running()}
                  onChange={e => { choose(e.currentTarget.files?.[0]); e.currentTarget.value = '' }} />
              </label>
              <p class="muted small">Up to 1,000,000 rows. The file is read in this browser and never uploaded.</p>
            </div>
            <Show when={file()}>
              {f => (
                <p class="file-facts" aria-label="Chosen file">
                  <strong>{f().name}</strong> · {formatBytes(f().size)}
                  <Show when={sniff.latest}>
                    {s => <> · {s().exact ? plural(s().estimatedRows, 'data row') : `about ${plural(s().estimatedRows, 'data row')}`}
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

                <section class="card wizard-step" aria-labelledby="wizard-read">
                  <h2 id="wizard-read">2. How to read it</h2>
                  <div class="wizard-options">
                    <label>Delimiter
                      <select value={s().delimiter} onChange={e => setDelimiter(e.currentTarget.value)} disabled={running()}>
                        <For each={DELIMITERS}>{d => <option value={d.value}>{d.label}</option>}</For>
                      </select>
                    </label>
                    <label>Encoding
                      <select value={s().encoding} onChange={e => setEncoding(e.currentTarget.value as Encoding)} disabled={running()}>
                        <option value="utf-8">UTF-8</option>
                        <option value="windows-1252">Windows-1252 (Excel on Windows)</option>
                      </select>
                    </label>
                    <label class="check">
                      <input type="checkbox" checked={s().header} onChange={e => setHeader(e.currentTarget.checked)} disabled={running()} />
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
                    <label class="check"><input type="radio" name="target" checked={target() === 'user'} onChange={() => setTarget('user')} disabled={running()} /> User profiles</label>
                    <label class="check"><input type="radio" name="target" checked={target() === 'group'} onChange={() => setTarget('group')} disabled={running()} /> Group profiles</label>
                    <Show when={target() === 'group'}>
                      <label>Group key
                        <input type="text" list="import-group-keys" value={groupKey()} placeholder="company_id" onInput={e => setGroupKey(e.currentTarget.value)} disabled={running()} />
                      </label>
                      <datalist id="import-group-keys"><For each={groupKeys.latest ?? []}>{k => <option value={k} />}</For></datalist>
                      <span class="muted small">{(groupKeys.latest ?? []).includes(groupKey().trim()) ? 'An existing group key.' : groupKey().trim() ? 'A new group key.' : ''}</span>
                    </Show>
                  </div>
                </section>

                <section class="card wizard-step" aria-labelledby="wizard-columns">
                  <h2 id="wizard-columns">4. Columns</h2>
                  <div class="wizard-options">
                    <label>Identifier column ({target() === 'group' ? '$group_id' : '$distinct_id'})
                      <select value={identifier() === null ? '' : String(identifier())} disabled={running()}
                        onChange={e => { setIdentifierPicked(true); setIdentifier(e.currentTarget.value === '' ? null : Number(e.currentTarget.value)) }}>
                        <option value="">{target() === 'user' ? 'None: the $email column, else generated ids' : 'None: generated ids'}</option>
                        <Index each={columns}>{(_, i) => <option value={String(i)}>{columnName(i)}</option>}</Index>
                      </select>
                    </label>
                  </div>
                  <Show when={idNote()}>{n => <p class={`notice ${n().kind}`} role="status">{n().text}</p>}</Show>
                  <datalist id="import-property-names"><For each={propertyOptions()}>{n => <option value={n} />}</For></datalist>
                  <div class="preview-scroll">
                    <table class="preview-grid" aria-label="Preview of the first rows">
                      <thead>
                        <tr>
                          <Index each={columns}>
                            {(c, i) => (
                              <th scope="col" classList={{ skipped: !c().include && i !== identifier(), identifier: i === identifier() }}>
                                <div class="column-head">
                                  <label class="check">
                                    <input type="checkbox" checked={c().include || i === identifier()} disabled={running() || i === identifier()}
                                      onChange={e => setColumns(i, 'include', e.currentTarget.checked)} />
                                    Import column {i + 1}
                                  </label>
                                  <Show when={i !== identifier()} fallback={<span class="id-badge">Identifier</span>}>
                                    <input type="text" list="import-property-names" aria-label={`Property for column ${i + 1}`}
                                      placeholder="property name" value={c().property} disabled={running() || !c().include}
                                      onInput={e => setColumns(i, 'property', e.currentTarget.value)} />
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
                          {row => <tr><Index each={columns}>{(_, i) => <td class="truncate" title={row[i] ?? ''}>{row[i] ?? ''}</td>}</Index></tr>}
                        </For>
                      </tbody>
                    </table>
                  </div>
                  <p class="muted small">The first {Math.min(10, dataRows().length)} data rows. Empty cells leave a property as it was.</p>
                </section>

                <section class="card wizard-step" aria-labelledby="wizard-values">
                  <h2 id="wizard-values">5. Values</h2>
                  <div class="wizard-options" role="radiogroup" aria-label="Values">
                    <label class="check"><input type="radio" name="typed" checked={!typed()} onChange={() => setTyped(false)} disabled={running()} /> Strings only (as Mixpanel)</label>
                    <label class="check"><input type="radio" name="typed" checked={typed()} onChange={() => setTyped(true)} disabled={running()} /> Detect numbers, booleans and lists</label>
                  </div>
                </section>

                <section class="card wizard-step" aria-labelledby="wizard-run">
                  <h2 id="wizard-run">6. Import</h2>
                  <Show when={problems().length > 0}>
                    <ul class="error-text" role="alert">{<For each={problems()}>{p => <li>{p}</li>}</For>}</ul>
                  </Show>
                  <div class="button-row">
                    <button type="button" class="button" disabled={running() || s().overLimit} onClick={() => void run('dry-run')}>Dry run</button>
                    <button type="button" class="button primary" disabled={running() || s().overLimit} onClick={() => void run('import')}>Import</button>
                  </div>
                  <Show when={operation.progress()}>
                    {p => <ImportProgress label={phase() === 'dry-run' ? 'Dry run progress' : 'Import progress'} progress={p()} onCancel={operation.cancel} cancelling={operation.cancelling()} />}
                  </Show>
                  <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
                  <Show when={dryRun()}>{d => <DryRunReport result={d()} />}</Show>
                </section>
              </>
            )}
          </Show>
        </>
      }>
        {sum => <ImportSummaryView summary={sum()} onAgain={startOver} />}
      </Show>
    </div>
  )
}

function overLimitText(s: CsvSniff): string {
  return `This file has ${s.exact ? '' : 'about '}${formatCount(s.estimatedRows)} data rows; at most ${formatCount(MAX_ROWS)} can be imported at once. Split it into smaller files.`
}

/** Skipped rows by reason: the same message (it names the column) counts once, with its first rows. */
function reasons(errors: ImportSummary['errors']): Array<{ message: string; count: number; rows: number[] }> {
  const by = new Map<string, { message: string; count: number; rows: number[] }>()
  for (const e of errors) {
    const r = by.get(e.message) ?? { message: e.message, count: 0, rows: [] }
    r.count++
    if (r.rows.length < 5) r.rows.push(e.row)
    by.set(e.message, r)
  }
  return [...by.values()].sort((a, b) => b.count - a.count)
}

function DryRunReport(props: { result: ImportSummary }) {
  return (
    <div class="dry-run" aria-label="Dry run result">
      <h3>Dry run: nothing was written</h3>
      <p>
        Of {plural(props.result.rows, 'data row')}, the import would create{' '}
        <strong>{plural(props.result.created, 'profile')}</strong>, update{' '}
        <strong>{plural(props.result.updated, 'existing profile')}</strong> and skip{' '}
        <strong>{plural(props.result.skipped, 'row')}</strong>.
      </p>
      <Show when={props.result.skipped > 0}>
        <ul class="reasons">
          <For each={reasons(props.result.errors)}>
            {r => <li>{plural(r.count, 'row')}: {r.message} (row {r.rows.join(', ')}{r.count > r.rows.length ? ', …' : ''})</li>}
          </For>
        </ul>
      </Show>
    </div>
  )
}

function ImportSummaryView(props: { summary: ImportSummary & { fileName: string; target: Target; groupKey: string }; onAgain: () => void }) {
  const s = () => props.summary
  const usersHref = () => {
    if (s().cohortId) return cohortUsersHref(s().cohortId!)
    if (s().target === 'group') return `/?analyze=${encodeURIComponent(s().groupKey)}`
    return '/'
  }
  return (
    <section class="card wizard-step" aria-labelledby="summary-title">
      <h2 id="summary-title">Imported {s().fileName}</h2>
      <dl class="summary-counts">
        <div><dt>Created</dt><dd>{formatCount(s().created)}</dd></div>
        <div><dt>Updated</dt><dd>{formatCount(s().updated)}</dd></div>
        <div><dt>Skipped</dt><dd>{formatCount(s().skipped)}</dd></div>
        <div><dt>Rows read</dt><dd>{formatCount(s().rows)}</dd></div>
      </dl>
      <div class="button-row">
        <A class="button primary" href={usersHref()}>
          {s().cohortId ? 'Show the imported profiles' : s().target === 'group' ? `Show the ${s().groupKey} profiles` : 'Show all users'}
        </A>
        <Show when={s().skipped > 0}>
          <button type="button" class="button" onClick={() => downloadCsv(skippedFileName(s().fileName),
            skippedRowsCsv(s().errors.map(e => ({ row: e.row, message: e.message, ...(e.cells ? { raw: e.cells } : {}) }))))}>
            Download skipped rows (CSV)
          </button>
        </Show>
        <button type="button" class="button" onClick={() => props.onAgain()}>Import another file</button>
      </div>
      <Show when={!s().cohortId && s().target === 'user' && s().created + s().updated > 0}>
        <p class="muted small">This import touched more than 200,000 profiles, too many for a cohort: the link shows all users.</p>
      </Show>
      <Show when={s().skipped > 0}>
        <h3>Skipped rows</h3>
        <table class="skipped-table" aria-label="Skipped rows">
          <thead><tr><th scope="col">Row</th><th scope="col">Reason</th><th scope="col">Cells</th></tr></thead>
          <tbody>
            <For each={s().errors.slice(0, SHOWN_SKIPPED)}>
              {e => <tr><td class="num">{e.row}</td><td>{e.message}</td><td class="mono truncate">{(e.cells ?? []).join(' | ')}</td></tr>}
            </For>
          </tbody>
        </table>
        <Show when={s().errors.length > SHOWN_SKIPPED}><p class="muted small">The first {SHOWN_SKIPPED} of {formatCount(s().skipped)}; the download has them all.</p></Show>
      </Show>
    </section>
  )
}
