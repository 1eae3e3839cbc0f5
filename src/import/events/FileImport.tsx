// The events and profile updates imports (issue 6, parts 2 and 3): choose or
// drop a file, see its format (detected from its first bytes, changeable) and
// first items, for an events CSV map the event, distinct id and time columns
// (the time unit detected, confirmable), then import in the worker with
// progress and Cancel, ending on a summary with the skipped rows.
import { A } from '@solidjs/router'
import { batch, createResource, createSignal, For, Index, Show } from 'solid-js'
import type { ImportFileSniff } from '../../../workers/engine/files/sniff'
import type { EventTimeUnit, EventsFilePlan, FileFormat, ImportSummary } from '../../../workers/engine/types'
import { detectTimeUnit } from '../../../workers/engine/events/time'
import { db } from '../../db/client'
import { messageOf } from '../../ui/errors'
import { formatBytes, formatCount, plural } from '../../ui/format'
import { DropZone } from '../DropZone'
import { ImportProgress, useLeaveGuard } from '../ImportProgress'
import { createImportOperation } from '../operation'
import { downloadSkipped, SkippedReasons, SkippedTable } from '../SkippedRows'

export type FileImportKind = 'events' | 'updates'

/** One entry per format the engine reads (its imports/formats.ts): the label, and whether profile updates come in it. */
const FORMATS: Record<FileFormat, { label: string; updates: boolean }> = {
  ndjson: { label: 'NDJSON (one JSON object a line)', updates: true },
  'json-array': { label: 'JSON array', updates: true },
  csv: { label: 'CSV', updates: false },
}
const FORMAT_LABELS = Object.fromEntries(Object.entries(FORMATS).map(([f, v]) => [f, v.label])) as Record<FileFormat, string>
const UNIT_LABELS: Record<EventTimeUnit, string> = { iso: 'ISO date and time', seconds: 'Unix seconds', milliseconds: 'Unix milliseconds' }
const DELIMITERS: Array<{ value: string; label: string }> = [
  { value: ',', label: 'Comma (,)' }, { value: ';', label: 'Semicolon (;)' }, { value: '\t', label: 'Tab' }, { value: '|', label: 'Pipe (|)' },
]

interface Mapping { event: number | null; distinctId: number | null; deviceId: number | null; time: number | null; insertId: number | null; timeUnit: EventTimeUnit | null }
const emptyMapping = (): Mapping => ({ event: null, distinctId: null, deviceId: null, time: null, insertId: null, timeUnit: null })

type Summary = ImportSummary & { fileName: string; format: FileFormat }

export function FileImport(props: { kind: FileImportKind }) {
  const noun = () => (props.kind === 'events' ? 'events' : 'profile updates')
  const [file, setFile] = createSignal<File | null>(null)
  const [format, setFormat] = createSignal<FileFormat | null>(null)
  const [delimiter, setDelimiter] = createSignal<string | null>(null)
  const [header, setHeader] = createSignal<boolean | null>(null)
  const [mapping, setMapping] = createSignal<Mapping>(emptyMapping())
  const operation = createImportOperation(`${props.kind}-file`)
  const running = operation.running
  const [summary, setSummary] = createSignal<Summary | null>(null)
  const [error, setError] = createSignal<string | null>(null)
  const [problems, setProblems] = createSignal<string[]>([])

  const ready = () => db.phase().kind === 'ready'
  const [sniff] = createResource(
    () => {
      const f = file()
      return f && ready() ? { f, delimiter: delimiter(), header: header() } : false
    },
    async ({ f, delimiter, header }): Promise<ImportFileSniff> => {
      const s = await db.api().sniffImportFile(f, { ...(delimiter ? { delimiter } : {}), ...(header !== null ? { header } : {}) })
      const suggested = s.csv?.suggestion
      batch(() => {
        if (format() === null) setFormat(s.format)
        setMapping({
          event: suggested?.event ?? null, distinctId: suggested?.distinctId ?? null, deviceId: suggested?.deviceId ?? null, time: suggested?.time ?? null,
          insertId: suggested?.insertId ?? null, timeUnit: suggested?.timeUnit ?? null,
        })
        setProblems([])
      })
      return s
    },
  )

  useLeaveGuard(running, `An import of ${noun()} is running. Leave this page and cancel it?`, operation.cancel)

  function choose(f: File | null | undefined) {
    if (!f || running()) return
    batch(() => {
      setFile(f)
      setFormat(null)
      setDelimiter(null)
      setHeader(null)
      setMapping(emptyMapping())
      setSummary(null)
      setError(null)
      setProblems([])
    })
  }

  const csv = () => (format() === 'csv' ? sniff.latest?.csv : undefined)
  const csvRows = () => {
    const c = csv()
    if (!c) return []
    return c.header ? c.rows.slice(1) : c.rows
  }
  const headerCells = () => (csv()?.header ? csv()!.rows[0] ?? [] : [])
  const columnCount = () => csv()?.columns ?? 0
  const columnName = (i: number) => {
    const h = headerCells()[i]?.trim()
    return h ? `Column ${i + 1} (${h})` : `Column ${i + 1}`
  }
  const formatChoices = () => (Object.keys(FORMATS) as FileFormat[]).filter(f => props.kind === 'events' || FORMATS[f].updates)
  const detectedUnit = () => sniff.latest?.csv?.suggestion.timeUnit ?? null

  function buildPlan(): EventsFilePlan | null {
    const f = file(), fmt = format()
    if (!f || !fmt) return null
    const found: string[] = []
    if (props.kind === 'updates' && !FORMATS[fmt].updates) found.push('Profile updates come as NDJSON or a JSON array of Engage updates; for a CSV of profiles use the Profiles (CSV) tab.')
    if (fmt !== 'csv') {
      setProblems(found)
      return found.length ? null : { format: fmt, fileName: f.name }
    }
    const m = mapping()
    const c = csv()
    if (!c) return null
    if (m.event === null) found.push('Choose the column that holds the event name.')
    if (m.distinctId === null && m.deviceId === null) found.push('Choose the column that holds the distinct id, or the device id to take it from.')
    if (m.time === null) found.push('Choose the column that holds the time.')
    if (m.timeUnit === null) found.push('Choose how the time column is written.')
    const picked = [m.event, m.distinctId, m.deviceId, m.time].filter(i => i !== null)
    if (new Set(picked).size < picked.length) found.push('The event name, distinct id, device id and time must come from different columns.')
    setProblems(found)
    if (found.length) return null
    return {
      format: 'csv', fileName: f.name,
      csv: {
        header: c.header, delimiter: c.delimiter, encoding: c.encoding,
        event: m.event!, time: m.time!, timeUnit: m.timeUnit!,
        ...(m.distinctId !== null ? { distinctId: m.distinctId } : {}),
        ...(m.deviceId !== null ? { deviceId: m.deviceId } : {}),
        ...(m.insertId !== null ? { insertId: m.insertId } : {}),
      },
    }
  }

  async function run() {
    const plan = buildPlan()
    const f = file()
    if (!plan || !f || running()) return
    setError(null)
    const outcome = await operation.run(f.size, (onProgress, id) => (props.kind === 'events'
      ? db.api().importEventsFile(f, plan, onProgress, id)
      : db.api().importUpdatesFile(f, { format: plan.format as 'ndjson' | 'json-array', fileName: f.name }, onProgress, id)))
    void db.changed()
    if (outcome.ok) setSummary({ ...outcome.value, fileName: f.name, format: plan.format })
    else {
      setError(outcome.cancelled
        ? 'The import was cancelled. Nothing was written: your data is as it was.'
        : `The import failed; nothing was written: ${outcome.message}`)
    }
  }

  function startOver() {
    batch(() => {
      setFile(null)
      setSummary(null)
      setError(null)
      setFormat(null)
    })
  }

  const setColumn = (key: 'event' | 'distinctId' | 'deviceId' | 'time' | 'insertId', value: string) => {
    const index = value === '' ? null : Number(value)
    setMapping(m => {
      const next = { ...m, [key]: index }
      if (key === 'time' && index !== null && csv()) {
        // A new time column: take the unit its values suggest, if they agree on one.
        next.timeUnit = detectTimeUnit(csvRows().map(r => r[index] ?? '')) ?? m.timeUnit
      }
      return next
    })
  }

  return (
    <div class="wizard">
      <Show when={summary()} fallback={
        <>
          <section class="card wizard-step" aria-labelledby={`${props.kind}-file-title`}>
            <h2 id={`${props.kind}-file-title`}>1. Choose a file of {noun()}</h2>
            <DropZone choose={props.kind === 'events' ? 'Choose an events file' : 'Choose a profile updates file'} disabled={running()}
              accept={props.kind === 'events' ? '.json,.ndjson,.jsonl,.csv,.tsv,.txt,application/json,text/csv,text/plain' : '.json,.ndjson,.jsonl,.txt,application/json,text/plain'}
              onFile={choose} testId={`${props.kind}-drop-zone`}>
              <p class="muted small">
                {props.kind === 'events'
                  ? "Mixpanel's export format (NDJSON or a JSON array of {\"event\", \"properties\"}), or a CSV with event name, distinct id and time columns."
                  : 'Engage updates ($set, $set_once, $add, $union, $append, $remove, $unset, $delete) as NDJSON or a JSON array.'}
                {' '}The file is read in this browser and never uploaded.
              </p>
            </DropZone>
            <Show when={file()}>
              {f => (
                <p class="file-facts" aria-label="Chosen file">
                  <strong>{f().name}</strong> · {formatBytes(f().size)}
                  <Show when={sniff.latest}>{s => <> · detected: {FORMAT_LABELS[s().format]}</>}</Show>
                </p>
              )}
            </Show>
            <Show when={sniff.error}><p class="error-text" role="alert">Could not read the file: {messageOf(sniff.error)}</p></Show>
          </section>

          <Show when={sniff.latest && format()}>
            <section class="card wizard-step" aria-labelledby={`${props.kind}-read-title`}>
              <h2 id={`${props.kind}-read-title`}>2. How to read it</h2>
              <div class="wizard-options">
                <label>Format
                  <select aria-label="Format" value={format()!} disabled={running()} onChange={e => setFormat(e.currentTarget.value as FileFormat)}>
                    <For each={formatChoices()}>{f => <option value={f}>{FORMAT_LABELS[f]}</option>}</For>
                  </select>
                </label>
                <Show when={csv()}>
                  {c => (
                    <>
                      <label>Delimiter
                        <select aria-label="Delimiter" value={c().delimiter} onChange={e => setDelimiter(e.currentTarget.value)} disabled={running()}>
                          <For each={DELIMITERS}>{d => <option value={d.value}>{d.label}</option>}</For>
                        </select>
                      </label>
                      <label class="check">
                        <input type="checkbox" checked={c().header} onChange={e => setHeader(e.currentTarget.checked)} disabled={running()} />
                        First row is a header
                      </label>
                    </>
                  )}
                </Show>
              </div>
              <Show when={format() === 'csv' && !csv()}>
                <p class="notice warn" role="status">The file does not look like CSV; check the format.</p>
              </Show>
              <Show when={format() !== 'csv'}>
                <Show when={(sniff.latest?.preview.length ?? 0) > 0} fallback={<p class="notice warn" role="status">No complete JSON item in the first 64 KiB: check the format.</p>}>
                  <h3 class="small">The first items</h3>
                  <ol class="json-preview" aria-label="Preview of the first items">
                    <For each={sniff.latest!.preview}>{t => <li><code class="mono truncate" title={t}>{t}</code></li>}</For>
                  </ol>
                </Show>
              </Show>
            </section>

            <Show when={csv()}>
              <section class="card wizard-step" aria-labelledby="events-columns-title">
                <h2 id="events-columns-title">3. Columns</h2>
                <div class="wizard-options">
                  <ColumnSelect label="Event name column" value={mapping().event} count={columnCount()} name={columnName} disabled={running()} onChange={v => setColumn('event', v)} />
                  <ColumnSelect label="Distinct ID column" value={mapping().distinctId} count={columnCount()} name={columnName} disabled={running()}
                    none={mapping().deviceId !== null ? 'None: $device:<device id>' : undefined} onChange={v => setColumn('distinctId', v)} />
                  <ColumnSelect label="Device ID column (optional)" value={mapping().deviceId} count={columnCount()} name={columnName} disabled={running()}
                    none="None" onChange={v => setColumn('deviceId', v)} />
                  <ColumnSelect label="Time column" value={mapping().time} count={columnCount()} name={columnName} disabled={running()} onChange={v => setColumn('time', v)} />
                  <label>Time is written as
                    <select aria-label="Time is written as" value={mapping().timeUnit ?? ''} disabled={running()} onChange={e => setMapping(m => ({ ...m, timeUnit: (e.currentTarget.value || null) as EventTimeUnit | null }))}>
                      <option value="">Choose…</option>
                      <For each={Object.keys(UNIT_LABELS) as EventTimeUnit[]}>{u => <option value={u}>{UNIT_LABELS[u]}</option>}</For>
                    </select>
                  </label>
                  <ColumnSelect label="$insert_id column (optional)" value={mapping().insertId} count={columnCount()} name={columnName} disabled={running()}
                    none="None: derived from the event's content" onChange={v => setColumn('insertId', v)} />
                </div>
                <p class="muted small" role="status">
                  {detectedUnit() ? `The time values look like ${UNIT_LABELS[detectedUnit()!]}; confirm or change it above.` : 'The time unit could not be told from the first rows: choose it.'}
                  {' '}Every other column becomes an event property{csv()!.header ? ', named by its header' : ' named "column N"'}; empty cells are left out.
                </p>
                <div class="preview-scroll">
                  <table class="preview-grid" aria-label="Preview of the first rows">
                    <thead>
                      <tr>
                        <Index each={Array.from({ length: columnCount() })}>
                          {(_, i) => <th scope="col">{columnName(i)}<span class="muted small">{roleOf(mapping(), i)}</span></th>}
                        </Index>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={csvRows().slice(0, 10)}>
                        {row => <tr><Index each={Array.from({ length: columnCount() })}>{(_, i) => <td class="truncate" title={row[i] ?? ''}>{row[i] ?? ''}</td>}</Index></tr>}
                      </For>
                    </tbody>
                  </table>
                </div>
              </section>
            </Show>

            <section class="card wizard-step" aria-labelledby={`${props.kind}-run-title`}>
              <h2 id={`${props.kind}-run-title`}>{csv() ? '4' : '3'}. Import</h2>
              <Show when={problems().length > 0}>
                <ul class="error-text" role="alert"><For each={problems()}>{p => <li>{p}</li>}</For></ul>
              </Show>
              <div class="button-row">
                <button type="button" class="button primary" disabled={running()} onClick={() => void run()}>
                  {props.kind === 'events' ? 'Import events' : 'Apply updates'}
                </button>
              </div>
              <Show when={operation.progress()}>
                {p => <ImportProgress label="Import progress" progress={p()} onCancel={operation.cancel} cancelling={operation.cancelling()} />}
              </Show>
              <Show when={error()}><p class="error-text" role="alert">{error()}</p></Show>
            </section>
          </Show>
        </>
      }>
        {s => <FileImportSummary kind={props.kind} summary={s()} onAgain={startOver} />}
      </Show>
    </div>
  )
}

function roleOf(m: Mapping, i: number): string {
  if (m.event === i) return ' · event name'
  if (m.distinctId === i) return ' · distinct id'
  if (m.deviceId === i) return ' · device id'
  if (m.time === i) return ' · time'
  if (m.insertId === i) return ' · $insert_id'
  return ' · property'
}

function ColumnSelect(props: { label: string; value: number | null; count: number; name: (i: number) => string; disabled: boolean; none?: string; onChange: (v: string) => void }) {
  return (
    <label>{props.label}
      <select aria-label={props.label} value={props.value === null ? '' : String(props.value)} disabled={props.disabled} onChange={e => props.onChange(e.currentTarget.value)}>
        <option value="">{props.none ?? 'Choose…'}</option>
        <Index each={Array.from({ length: props.count })}>{(_, i) => <option value={String(i)}>{props.name(i)}</option>}</Index>
      </select>
    </label>
  )
}

function FileImportSummary(props: { kind: FileImportKind; summary: Summary; onAgain: () => void }) {
  const s = () => props.summary
  // A JSON file's skipped row is its text; a CSV's, its cells.
  const download = () => downloadSkipped(s().fileName, s().errors, s().format !== 'csv')
  return (
    <section class="card wizard-step" aria-labelledby={`${props.kind}-summary-title`}>
      <h2 id={`${props.kind}-summary-title`}>Imported {s().fileName}</h2>
      <dl class="summary-counts">
        <Show when={props.kind === 'events'} fallback={
          <>
            <div><dt>Created</dt><dd>{formatCount(s().created)}</dd></div>
            <div><dt>Updated</dt><dd>{formatCount(s().updated)}</dd></div>
          </>
        }>
          <div><dt>Stored</dt><dd>{formatCount(s().created)}</dd></div>
          <div><dt>Duplicates</dt><dd>{formatCount(s().duplicates ?? 0)}</dd></div>
        </Show>
        <div><dt>Skipped</dt><dd>{formatCount(s().skipped)}</dd></div>
        <div><dt>{props.kind === 'events' ? 'Events read' : 'Updates read'}</dt><dd>{formatCount(s().rows)}</dd></div>
      </dl>
      <Show when={props.kind === 'events' && (s().duplicates ?? 0) > 0}>
        <p class="muted small">{plural(s().duplicates ?? 0, 'event')} had the same event, distinct id, time and $insert_id as one already stored or earlier in the file, and were stored once.</p>
      </Show>
      <div class="button-row">
        <A class="button primary" href={props.kind === 'events' ? '/?scope=all' : '/'}>{props.kind === 'events' ? 'Show all users' : 'Show user profiles'}</A>
        <Show when={s().skipped > 0}>
          <button type="button" class="button" onClick={download}>Download skipped rows (CSV)</button>
        </Show>
        <button type="button" class="button" onClick={() => props.onAgain()}>Import another file</button>
      </div>
      <Show when={s().skipped > 0}>
        <h3>Skipped rows</h3>
        <SkippedReasons errors={s().errors} noun={props.kind === 'events' ? 'row' : 'update'} />
        <SkippedTable errors={s().errors} skipped={s().skipped} />
      </Show>
    </section>
  )
}
