// An action on the selected or matching profiles: what to do (a property and
// its value with the profile page's checks, or a static cohort), then how many
// profiles it changes and a confirmation (Kobalte's AlertDialog), then the run
// with its progress and Cancel. A cancelled or failed run changed nothing.
import { createSignal, createUniqueId, For, Match, Show, Switch } from 'solid-js'
import type { ActionPreview, ActionTarget, Cohort, ProfileAction } from '../../../workers/engine/types'
import { db } from '../../db/client'
import { createValueState, ValueInput } from '../../profile/ValueInput'
import {
  checkPropertyName, checkReserved, suggestedTypeOf, TYPE_LABEL, VALUE_TYPES, type KnownProperty, type ValueType,
} from '../../profile/values'
import { messageOf } from '../../ui/errors'
import { formatCount, plural } from '../../ui/format'
import { Modal } from '../../ui/Modal'
import { notify } from '../../ui/toast'
import { confirmQuestion, donePhrase, type ActionKind } from './describe'
import { createActionRun } from './run'
import './actions.css'

export interface ActionDialogProps {
  kind: ActionKind
  target: ActionTarget
  /** how many profiles the target names (the selection's or the list's count) */
  count: number
  /** "profile", or "company profile" when group profiles are analysed */
  noun: string
  known: KnownProperty[]
  /** the static cohorts the user made */
  cohorts: Cohort[]
  cohortName: (id: string) => string
  onClose: () => void
}

type Step = { name: 'form' } | { name: 'checking'; action: ProfileAction } | { name: 'confirm'; action: ProfileAction; preview: ActionPreview }
  | { name: 'running'; action: ProfileAction; preview: ActionPreview } | { name: 'stopped'; message: string }

export function ActionDialog(props: ActionDialogProps) {
  const [step, setStep] = createSignal<Step>({ name: 'form' })
  const [error, setError] = createSignal<string | null>(null)
  const run = createActionRun()
  let confirmButton!: HTMLButtonElement

  async function check(action: ProfileAction) {
    setError(null)
    setStep({ name: 'checking', action })
    try {
      const preview = await db.api().previewAction(props.target, action)
      setStep({ name: 'confirm', action, preview })
    } catch (e) {
      setError(messageOf(e))
      setStep(props.kind === 'delete' ? { name: 'stopped', message: messageOf(e) } : { name: 'form' })
    }
  }

  async function confirm() {
    const s = step()
    if (s.name !== 'confirm') return
    setStep({ name: 'running', action: s.action, preview: s.preview })
    const outcome = await run.run((onProgress, id) => db.api().runAction(props.target, s.action, onProgress, id))
    if (outcome.ok) {
      await db.changed()
      const n = outcome.value.changed
      notify(n === 0 ? 'Nothing to change' : `${donePhrase(s.action, n, props.cohortName, props.noun)}. Undo is above the list.`)
      props.onClose()
    } else {
      setStep({ name: 'stopped', message: outcome.cancelled ? 'Cancelled: nothing was changed.' : `Nothing was changed: ${outcome.message}` })
    }
  }

  if (props.kind === 'delete') void check({ kind: 'delete' })

  const title = () => ({ set: 'Set a property', unset: 'Unset a property', addToCohort: 'Add to a static cohort',
    removeFromCohort: 'Remove from a static cohort', delete: 'Delete profiles' })[props.kind]
  const question = (s: { action: ProfileAction; preview: ActionPreview }) =>
    confirmQuestion(s.action, s.preview.changes, props.cohortName, props.noun)

  return (
    <Switch>
      <Match when={step().name === 'form' || step().name === 'checking'}>
        <Modal title={title()} onClose={props.onClose} busy={step().name === 'checking'} class="dialog action-dialog">
          <p class="muted" aria-label="Target size">{plural(props.count, props.noun)}</p>
          <Show when={props.kind !== 'delete'} fallback={<p role="status">Counting the profiles…</p>}>
            <ActionForm kind={props.kind} known={props.known} cohorts={props.cohorts} busy={step().name === 'checking'}
                        error={error()} onSubmit={action => void check(action)} onCancel={props.onClose} />
          </Show>
        </Modal>
      </Match>
      <Match when={step().name === 'confirm' || step().name === 'running' ? step() as Extract<Step, { name: 'confirm' | 'running' }> : null}>
        {s => (
          <Modal alert title={s().preview.changes === 0 ? 'Nothing to change' : question(s())} onClose={props.onClose}
                 busy={s().name === 'running'} class="dialog action-dialog" initialFocus={() => confirmButton}>
            <p aria-label="Profiles changed">
              {s().preview.changes === s().preview.matched
                ? `${plural(s().preview.changes, props.noun)} will change.`
                : `${formatCount(s().preview.changes)} of the ${plural(s().preview.matched, props.noun)} will change; the others already are as this would leave them.`}
              {s().action.kind === 'delete' ? ' Their properties and their places in static cohorts go; their events stay.' : ''}
              {' '}You can undo it until the next change.
            </p>
            <Show when={s().name === 'running'}>
              <ActionProgressBar run={run} total={s().preview.changes} />
            </Show>
            <div class="button-row dialog-actions">
              <Show when={s().name === 'running'} fallback={
                <>
                  <button type="button" class="button" onClick={() => props.onClose()}>Cancel</button>
                  <Show when={s().preview.changes > 0}>
                    <button ref={confirmButton} type="button" class={`button ${s().action.kind === 'delete' ? 'danger' : 'primary'}`}
                            onClick={() => void confirm()}>
                      {s().action.kind === 'delete' ? `Delete ${plural(s().preview.changes, props.noun)}` : 'Confirm'}
                    </button>
                  </Show>
                </>
              }>
                <button type="button" class="button" disabled={run.cancelling()} onClick={() => run.cancel()}>
                  {run.cancelling() ? 'Cancelling…' : 'Cancel'}
                </button>
              </Show>
            </div>
          </Modal>
        )}
      </Match>
      <Match when={step().name === 'stopped' ? (step() as Extract<Step, { name: 'stopped' }>).message : null}>
        {message => (
          <Modal alert title={title()} onClose={props.onClose} class="dialog action-dialog">
            <p role="alert">{message()}</p>
            <div class="button-row dialog-actions">
              <button type="button" class="button primary" onClick={() => props.onClose()}>Close</button>
            </div>
          </Modal>
        )}
      </Match>
    </Switch>
  )
}

/** "Changed 50,000 of 200,000 profiles", as a progress bar. */
export function ActionProgressBar(props: { run: ReturnType<typeof createActionRun>; total: number; verb?: string }) {
  const done = () => props.run.progress()?.done ?? 0
  return (
    <div class="action-progress">
      <progress max={Math.max(1, props.total)} value={done()} aria-label="Progress" />
      <span class="muted" role="status">{props.run.cancelling() ? 'Cancelling…' : `${props.verb ?? 'Changed'} ${formatCount(done())} of ${formatCount(props.total)}`}</span>
    </div>
  )
}

function ActionForm(props: {
  kind: ActionKind; known: KnownProperty[]; cohorts: Cohort[]; busy: boolean; error: string | null
  onSubmit: (action: ProfileAction) => void; onCancel: () => void
}) {
  const listId = createUniqueId()
  const [name, setName] = createSignal('')
  const [cohortId, setCohortId] = createSignal(props.cohorts[0]?.id ?? '')
  const [problem, setProblem] = createSignal<string | null>(null)
  const value = createValueState('', 'string')
  const onName = (text: string) => {
    setName(text)
    const type = suggestedTypeOf(text.trim(), props.known)
    if (type) value.setType(type)
  }
  const warning = () => {
    const parsed = value.parsed()
    return props.kind === 'set' && 'value' in parsed && value.text() !== '' ? checkReserved(name().trim(), parsed.value).warning : undefined
  }
  const submit = (e: Event) => {
    e.preventDefault()
    setProblem(null)
    if (props.kind === 'addToCohort' || props.kind === 'removeFromCohort') {
      if (!cohortId()) { setProblem('Choose a static cohort'); return }
      props.onSubmit({ kind: props.kind, cohortId: cohortId() })
      return
    }
    const n = name().trim()
    const bad = checkPropertyName(n)
    if (bad) { setProblem(bad); return }
    if (props.kind === 'unset') { props.onSubmit({ kind: 'unset', property: n }); return }
    const parsed = value.parsed()
    if ('error' in parsed) { setProblem(parsed.error); return }
    const reserved = checkReserved(n, parsed.value)
    if (reserved.error) { setProblem(reserved.error); return }
    props.onSubmit({ kind: 'set', property: n, value: parsed.value })
  }
  return (
    <form class="dialog-form" aria-label="Action" onSubmit={submit}>
      <Switch>
        <Match when={props.kind === 'set' || props.kind === 'unset'}>
          <label class="field">
            <span>Property</span>
            <input type="text" aria-label="Property name" list={listId} value={name()} autocomplete="off" spellcheck={false}
                   onInput={e => onName(e.currentTarget.value)} />
          </label>
          <datalist id={listId}><For each={props.known}>{k => <option value={k.name} />}</For></datalist>
          <Show when={props.kind === 'set'}>
            <div class="field">
              <span>Value</span>
              <div class="action-value">
                <select aria-label="Value type" value={value.type()} onChange={e => value.setType(e.currentTarget.value as ValueType)}>
                  <For each={VALUE_TYPES}>{t => <option value={t}>{TYPE_LABEL[t]}</option>}</For>
                </select>
                <ValueInput state={value} label="Value" />
              </div>
            </div>
          </Show>
        </Match>
        <Match when={true}>
          <Show when={props.cohorts.length > 0} fallback={<p class="muted">There is no static cohort yet: save a selection as a static cohort first.</p>}>
            <label class="field">
              <span>Static cohort</span>
              <select aria-label="Static cohort" value={cohortId()} onChange={e => setCohortId(e.currentTarget.value)}>
                <For each={props.cohorts}>{c => <option value={c.id}>{c.name}</option>}</For>
              </select>
            </label>
          </Show>
        </Match>
      </Switch>
      <Show when={problem() ?? props.error}><p class="error-text" role="alert">{problem() ?? props.error}</p></Show>
      <Show when={!problem() && warning()}><p class="warning-text">{warning()}</p></Show>
      <div class="button-row dialog-actions">
        <Show when={props.busy}><span class="muted" role="status">Counting…</span></Show>
        <button type="button" class="button" disabled={props.busy} onClick={() => props.onCancel()}>Cancel</button>
        <button type="submit" class="button primary" disabled={props.busy}>Continue</button>
      </div>
    </form>
  )
}
