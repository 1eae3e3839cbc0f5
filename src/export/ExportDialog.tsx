// The Export dialog: a users view (all that match, or the selected rows) as
// CSV or NDJSON of profile updates; or events (of those users, or one user's
// activity) as Mixpanel raw-export NDJSON. It asks where to save first, then
// shows the export's progress with a Cancel that leaves no file behind.
import { createSignal, onCleanup, Show } from 'solid-js'
import type { ExportSelection, UsersQuery, UsersSort } from '../../workers/engine/types'
import type { ExportRequest } from '../../workers/exportPulls'
import { exportFileName } from '../../workers/engine/export/names'
import { db } from '../db/client'
import { saveFile } from '../ui/save'
import { messageOf } from '../ui/errors'
import { formatBytes, formatCount, plural } from '../ui/format'
import { Modal } from '../ui/Modal'
import { progressText, type ExportProgress } from './progress'
import { runExport } from './run'
import { chooseTarget } from './target'
import './export.css'

/** Rows the user picked: explicit ids, or everything that matches but `ids` (`except`). */
export interface PickedRows { ids: string[]; except: boolean; count: number }

export type ExportSubject =
  | { kind: 'users'; query: UsersQuery; sort?: UsersSort; total: number; columns: string[]; picked?: PickedRows
      /** who these users are when not "this view's": a cohort's members (its title, choice and file name) */
      of?: { title: string; file: string } }
  | { kind: 'events'; query: UsersQuery; total: number; picked?: PickedRows }
  | { kind: 'activity'; distinctId: string; events: number }

type Phase = { kind: 'choose' } | { kind: 'running'; progress: ExportProgress } | { kind: 'done'; text: string } | { kind: 'failed'; text: string }

export function ExportDialog(props: { subject: ExportSubject; onClose: () => void }) {
  const s = props.subject
  const [which, setWhich] = createSignal<'all' | 'picked'>(s.kind !== 'activity' && s.picked ? 'picked' : 'all')
  const [properties, setProperties] = createSignal<'columns' | 'all'>('columns')
  const [format, setFormat] = createSignal<'csv' | 'ndjson'>('csv')
  const [bom, setBom] = createSignal(false)
  const [exact, setExact] = createSignal(false)
  const [phase, setPhase] = createSignal<Phase>({ kind: 'choose' })
  const [now, setNow] = createSignal(Date.now())
  const [cancelledNote, setCancelledNote] = createSignal(false)
  let controller: AbortController | null = null
  const ticker = setInterval(() => setNow(Date.now()), 500)
  onCleanup(() => { clearInterval(ticker); controller?.abort() })

  const groupKey = () => (s.kind === 'users' ? s.query.groupKey : undefined)
  const title = s.kind === 'users' ? (s.of ? `Export ${s.of.title}` : groupKey() ? `Export ${groupKey()} profiles` : 'Export users')
    : s.kind === 'events' ? 'Export events of these users' : 'Export activity'
  const unit = s.kind === 'users' ? 'rows' : 'events'
  const running = () => phase().kind === 'running'

  function selection(): ExportSelection | undefined {
    if (s.kind === 'activity' || which() !== 'picked' || !s.picked) return undefined
    return s.picked.except ? { ids: s.picked.ids, except: true } : { ids: s.picked.ids }
  }

  function request(): { request: ExportRequest; fileName: string; mimeType: string } {
    const at = new Date()
    if (s.kind === 'activity') {
      return { request: { events: { distinctId: s.distinctId } }, fileName: exportFileName(`${s.distinctId}-events`, 'ndjson', at), mimeType: 'application/x-ndjson' }
    }
    const picked = selection()
    if (s.kind === 'events') {
      return { request: { events: { query: s.query, ...(picked ? { selection: picked } : {}) } }, fileName: exportFileName('events', 'ndjson', at), mimeType: 'application/x-ndjson' }
    }
    const f = format()
    return {
      request: { users: {
        query: s.query, ...(s.sort ? { sort: s.sort } : {}), ...(picked ? { selection: picked } : {}),
        properties: properties() === 'all' ? 'all' : s.columns, format: f, bom: f === 'csv' && bom(), exact: f === 'csv' && exact(),
      } },
      fileName: exportFileName(s.of?.file ?? s.query.groupKey ?? 'users', f, at),
      mimeType: f === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson',
    }
  }

  async function start() {
    const { request: req, fileName, mimeType } = request()
    let target
    try {
      // First, while the click still counts as the user's: where to save.
      target = await chooseTarget(fileName, mimeType, saveFile)
    } catch (error) {
      setPhase({ kind: 'failed', text: `Could not open the file to save to: ${messageOf(error)}` })
      return
    }
    if (!target) return
    setCancelledNote(false)
    controller = new AbortController()
    const startedAt = Date.now()
    setPhase({ kind: 'running', progress: { rows: 0, bytes: 0, total: 0, startedAt } })
    const update = (p: Partial<ExportProgress>) => setPhase(ph => (ph.kind === 'running' ? { kind: 'running', progress: { ...ph.progress, ...p } } : ph))
    try {
      const result = await runExport(db.api(), req, target, info => update({ total: info.total }), p => update(p), controller.signal)
      const where = target.kind === 'picker' ? 'to the file you chose' : `as ${fileName} (see your downloads)`
      setPhase({ kind: 'done', text: `Exported ${plural(result.rows, unit === 'rows' ? 'row' : 'event')} (${formatBytes(result.bytes)}) ${where}.` })
    } catch (error) {
      const cancelled = controller.signal.aborted
      setPhase(cancelled ? { kind: 'choose' } : { kind: 'failed', text: `The export failed: ${messageOf(error)}. No file was kept.` })
      if (cancelled) setCancelledNote(true)
    } finally {
      controller = null
    }
  }
  const cancel = () => {
    if (controller) controller.abort(new DOMException('The export was cancelled', 'AbortError'))
    else props.onClose()
  }

  const usersChoice = (total: number, picked: PickedRows | undefined, noun: string, of?: string) => (
    <fieldset class="export-choice" disabled={running()}>
      <legend>{s.kind === 'events' ? 'Events of' : 'Which users'}</legend>
      <label><input type="radio" name="export-which" checked={which() === 'all'} onChange={() => setWhich('all')} />
        All {formatCount(total)} {of ?? `${noun} that match this view`}</label>
      <Show when={picked}>
        {p => <label><input type="radio" name="export-which" checked={which() === 'picked'} onChange={() => setWhich('picked')} />
          The {formatCount(p().count)} selected</label>}
      </Show>
    </fieldset>
  )

  return (
    <Modal title={title} onClose={props.onClose} busy={running()} class="export-dialog">
      <form onSubmit={e => { e.preventDefault(); void start() }}>
        <Show when={s.kind === 'users' ? s : null}>
          {u => <>
            {usersChoice(u().total, u().picked, u().query.groupKey ? 'profiles' : 'users', u().of?.title)}
            <fieldset class="export-choice" disabled={running()}>
              <legend>Properties</legend>
              <label><input type="radio" name="export-properties" checked={properties() === 'columns'} onChange={() => setProperties('columns')} />
                The displayed columns: <span class="muted">{[u().query.groupKey ? '$group_id' : '$distinct_id', ...u().columns].join(', ')}</span></label>
              <label><input type="radio" name="export-properties" checked={properties() === 'all'} onChange={() => setProperties('all')} />
                Every property these {u().query.groupKey ? 'profiles' : 'users'} have</label>
            </fieldset>
            <fieldset class="export-choice" disabled={running()}>
              <legend>Format</legend>
              <label><input type="radio" name="export-format" checked={format() === 'csv'} onChange={() => setFormat('csv')} />
                CSV <span class="muted">(a spreadsheet, or the Import page's profiles import)</span></label>
              <label><input type="radio" name="export-format" checked={format() === 'ndjson'} onChange={() => setFormat('ndjson')} />
                NDJSON of profile updates <span class="muted">(one <code>$set</code> a line, for the Import page's profile updates)</span></label>
            </fieldset>
            <Show when={format() === 'csv'}>
              <fieldset class="export-choice" disabled={running()}>
                <legend>CSV options</legend>
                <label><input type="checkbox" checked={bom()} onChange={e => setBom(e.currentTarget.checked)} />
                  Start with a byte order mark <span class="muted">(helps Excel read accents and non-Latin text)</span></label>
                <p class="export-note" id="export-safety">
                  Spreadsheet safety: a cell that begins with = + - @, a tab or a carriage return gets a leading <code>'</code>,
                  so a spreadsheet shows it as text instead of running it as a formula.
                </p>
                <label><input type="checkbox" checked={exact()} aria-describedby="export-safety" onChange={e => setExact(e.currentTarget.checked)} />
                  Exact values, for re-import <span class="muted">(no <code>'</code> added; texts that look like numbers, true/false or lists are written as JSON strings, so "detect types" reads them back as text)</span></label>
              </fieldset>
            </Show>
          </>}
        </Show>
        <Show when={s.kind === 'events' ? s : null}>
          {ev => <>
            {usersChoice(ev().total, ev().picked, 'users')}
            <p class="export-note">Mixpanel's raw-export format (NDJSON, one event a line). Importing the file again adds nothing: every event in it is already stored.</p>
          </>}
        </Show>
        <Show when={s.kind === 'activity' ? s : null}>
          {a => <p class="export-note">{plural(a().events, 'event')} of {a().distinctId}, oldest first, in Mixpanel's raw-export format (NDJSON). Importing the file again adds nothing: every event in it is already stored.</p>}
        </Show>

        <Show when={phase().kind === 'running' ? (phase() as Extract<Phase, { kind: 'running' }>).progress : null}>
          {p => (
            <div class="export-progress">
              <progress aria-label="Export progress" max={Math.max(1, p().total)} value={p().rows} />
              <p role="status">{progressText(p(), now(), unit)}</p>
            </div>
          )}
        </Show>
        <Show when={cancelledNote() && phase().kind === 'choose'}><p role="status">Export cancelled; no file was kept.</p></Show>
        <Show when={phase().kind === 'done' ? (phase() as { text: string }).text : null}>{t => <p role="status" class="export-done">{t()}</p>}</Show>
        <Show when={phase().kind === 'failed' ? (phase() as { text: string }).text : null}>{t => <p role="alert" class="error-text">{t()}</p>}</Show>

        <div class="button-row">
          <Show when={phase().kind !== 'done'} fallback={<button type="button" class="button primary" onClick={() => props.onClose()}>Close</button>}>
            <button type="submit" class="button primary" disabled={running()}>Export</button>
            <button type="button" class="button" onClick={cancel}>{running() ? 'Cancel export' : 'Cancel'}</button>
          </Show>
        </div>
      </form>
    </Modal>
  )
}
