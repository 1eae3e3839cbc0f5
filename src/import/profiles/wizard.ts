// The profiles wizard's state, in one store: which step it is at (a union,
// so a step carries what it needs), the user's choices over what sniffing
// guessed, and the plan the choices make, checked by the engine's own rules
// (csvPlanProblems). The view renders this; the transitions live here.
import { batch } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import type { ColumnSuggestion, CsvSniff } from '../../../workers/engine/csv/sniff'
import { csvPlanProblems, MAX_CSV_ROWS } from '../../../workers/engine/csv/plan'
import type { CsvEncoding, CsvImportPlan, ImportSummary } from '../../../workers/engine/types'
import { formatCount, plural } from '../../ui/format'
import type { Outcome } from '../operation'

export type Sniffed = CsvSniff & { suggestions: ColumnSuggestion[] }
export type Target = 'user' | 'group'
export type RunKind = 'dry-run' | 'import'
export interface Column { include: boolean; property: string }
export type ImportedSummary = ImportSummary & { fileName: string; target: Target; groupKey: string }

export type WizardStep =
  | { kind: 'choose' }
  | { kind: 'map' }
  | { kind: 'running'; run: RunKind }
  | { kind: 'done'; summary: ImportedSummary }

export interface WizardState {
  step: WizardStep
  file: File | null
  /** the user's overrides of what sniffing guessed; null: take the guess */
  delimiter: string | null
  encoding: CsvEncoding | null
  header: boolean | null
  target: Target
  groupKey: string
  columns: Column[]
  identifier: number | null
  /** once the user picks the identifier, the wizard stops choosing it for them */
  identifierPicked: boolean
  typed: boolean
  dryRun: ImportSummary | null
  error: string | null
  problems: string[]
}

const initial = (): WizardState => ({
  step: { kind: 'choose' }, file: null, delimiter: null, encoding: null, header: null,
  target: 'user', groupKey: '', columns: [], identifier: null, identifierPicked: false, typed: false,
  dryRun: null, error: null, problems: [],
})

export function overLimitText(s: Pick<CsvSniff, 'knownRows'>): string {
  return `This file has ${formatCount(s.knownRows)} data rows; at most ${formatCount(MAX_CSV_ROWS)} can be imported at once. Split it into smaller files.`
}

/**
 * How many data rows the file holds, as far as its first 64 KiB tell: exact
 * for a file read whole, else the rows seen and the extrapolation, which
 * long cells further on can make far too high.
 */
export function rowsText(s: Pick<CsvSniff, 'exact' | 'estimatedRows' | 'knownRows'>): string {
  if (s.exact) return plural(s.knownRows, 'data row')
  return `at least ${plural(s.knownRows, 'data row')}; about ${formatCount(s.estimatedRows)} if the rest is like the first 64 KiB`
}

/** A warning (not a refusal) when the estimate is over the limit: the import itself counts and stops. */
export function likelyOverLimitText(s: Pick<CsvSniff, 'estimatedRows'>): string {
  return `This file may hold more than ${formatCount(MAX_CSV_ROWS)} data rows (about ${formatCount(s.estimatedRows)}, estimated from its first 64 KiB). If it does, the import stops and writes nothing: split it into smaller files.`
}

export function createProfilesWizard() {
  const [state, setState] = createStore<WizardState>(initial())
  const running = () => state.step.kind === 'running'

  return {
    state,
    running,

    /** A new file: the reading choices go back to the guesses, and any result is gone. */
    choose(file: File) {
      if (running()) return
      setState({ step: { kind: 'map' }, file, delimiter: null, encoding: null, header: null, dryRun: null, error: null, problems: [] })
    },

    /** A new reading of the file starts the mapping over from its suggestions. */
    sniffed(s: Sniffed) {
      const id = s.suggestions.findIndex(c => c.identifier)
      setState({
        columns: s.suggestions.map(c => ({ include: c.identifier || c.property !== '', property: c.property })),
        identifier: id >= 0 ? id : null, identifierPicked: false, dryRun: null, problems: [],
      })
    },

    setReading(choice: Partial<Pick<WizardState, 'delimiter' | 'encoding' | 'header'>>) { setState(choice) },
    setTarget(target: Target) { setState({ target }) },
    setGroupKey(groupKey: string) { setState({ groupKey }) },
    setTyped(typed: boolean) { setState({ typed }) },
    setColumn(index: number, patch: Partial<Column>) { setState('columns', index, patch) },
    pickIdentifier(identifier: number | null) { setState({ identifier, identifierPicked: true }) },
    /** What the file suggests as the identifier, unless the user picked one. */
    suggestIdentifier(identifier: number | null) { if (!state.identifierPicked) setState({ identifier }) },

    /** The plan the choices make, or null with the problems that stop it (each naming its column). */
    plan(s: Sniffed, columnName: (index: number) => string): CsvImportPlan | null {
      const id = state.identifier
      const plan: CsvImportPlan = {
        kind: state.target, ...(state.target === 'group' ? { groupKey: state.groupKey.trim() } : {}),
        header: s.header, ...(id !== null ? { identifier: id } : {}),
        columns: state.columns.flatMap((c, index) => (c.include && index !== id ? [{ index, property: c.property.trim() }] : [])),
        typed: state.typed, delimiter: s.delimiter, encoding: s.encoding,
      }
      const problems = csvPlanProblems(plan, columnName)
      if (s.overLimit) problems.push(overLimitText(s))
      setState('problems', reconcile(problems))
      return problems.length > 0 ? null : plan
    },

    started(run: RunKind) {
      setState({ step: { kind: 'running', run }, error: null, ...(run === 'import' ? { dryRun: null } : {}) })
    },

    finished(run: RunKind, outcome: Outcome<ImportSummary>, plan: CsvImportPlan) {
      batch(() => {
        setState('step', { kind: 'map' })
        if (!outcome.ok) {
          setState('error', outcome.cancelled
            ? (run === 'import' ? 'The import was cancelled. Nothing was written: your data is as it was.' : 'The dry run was cancelled.')
            : `${run === 'import' ? 'The import failed; nothing was written' : 'The dry run failed'}: ${outcome.message}`)
        } else if (run === 'dry-run') {
          setState('dryRun', outcome.value)
        } else {
          setState('step', { kind: 'done', summary: { ...outcome.value, fileName: state.file?.name ?? '', target: plan.kind, groupKey: plan.groupKey ?? '' } })
        }
      })
    },

    startOver() {
      setState(reconcile(initial()))
    },
  }
}

export type ProfilesWizardState = ReturnType<typeof createProfilesWizard>
