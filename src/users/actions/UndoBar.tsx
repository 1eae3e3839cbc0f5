// "Last change: … · Undo": the last action on profiles (the Users page's bulk
// actions and the profile page's edits), undoable until the next write. It
// reads the engine's lastAction after every write, so it shows the same on
// every page and after a reload.
import { createMemo, Show } from 'solid-js'
import type { LastAction } from '../../../workers/engine/types'
import { db } from '../../db/client'
import { plural } from '../../ui/format'
import { createLatest } from '../../ui/latest'
import { notify } from '../../ui/toast'
import { ActionProgressBar } from './ActionDialog'
import { donePhrase } from './describe'
import { createActionRun } from './run'
import './actions.css'

export function UndoBar() {
  const ready = () => db.phase().kind === 'ready'
  const last = createLatest(() => (ready() ? db.dataVersion() : undefined), () => db.api().lastAction())
  const action = () => last.value() ?? null
  const cohorts = createLatest(
    () => { const a = action(); return a && (a.action.kind === 'addToCohort' || a.action.kind === 'removeFromCohort') ? db.dataVersion() : undefined },
    () => db.api().listCohorts())
  const cohortName = (id: string) => cohorts.value()?.find(c => c.id === id)?.name ?? id
  const run = createActionRun()
  const text = createMemo(() => {
    const a = action()
    return a ? describeLast(a, cohortName) : ''
  })
  async function undo(a: LastAction) {
    const outcome = await run.run((onProgress, id) => db.api().undoAction(a.id, onProgress, id))
    if (outcome.ok) {
      notify(`Undone: ${text()}`)
    } else if (!outcome.cancelled) {
      notify(`Could not undo: ${outcome.message}`)
    }
    await db.changed()
  }

  return (
    <Show when={action()}>
      {a => (
        <div class="undo-bar" role="region" aria-label="Last change">
          <span>Last change: {text()}.</span>
          <Show when={run.running()} fallback={
            <button type="button" class="button small" onClick={() => void undo(a())}>Undo</button>
          }>
            <ActionProgressBar run={run} total={a().changed} verb="Restored" />
            <button type="button" class="button small" disabled={run.cancelling()} onClick={() => run.cancel()}>Cancel undo</button>
          </Show>
        </div>
      )}
    </Show>
  )
}

function describeLast(a: LastAction, cohortName: (id: string) => string): string {
  const noun = a.groupKey ? `${a.groupKey} profile` : 'profile'
  return a.changed === 1 && a.action.kind !== 'delete' && a.action.kind !== 'addToCohort' && a.action.kind !== 'removeFromCohort'
    ? donePhrase(a.action, 1, cohortName, noun).replace(/ on 1 .*$/, '')
    : donePhrase(a.action, a.changed, cohortName, noun) || plural(a.changed, noun)
}
