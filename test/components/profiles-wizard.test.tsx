// The profiles wizard's store (src/import/profiles/wizard.ts): one step at a
// time, a new file or reading resets what it should, and the plan is checked
// by the engine's own rules, naming the columns as the wizard shows them.
import { createRoot } from 'solid-js'
import { describe, expect, it } from 'vitest'
import { createProfilesWizard, type Sniffed } from '../../src/import/profiles/wizard'

const sniff = (over: Partial<Sniffed> = {}): Sniffed => ({
  delimiter: ',', encoding: 'utf-8', validUtf8: true, bom: false, lineEnds: 'LF', likelyHeader: true, header: true,
  rows: [['id', 'plan', 'age'], ['u1', 'pro', '3']], columns: 3, estimatedRows: 1, knownRows: 1, exact: true, totalBytes: 20, overLimit: false, likelyOverLimit: false,
  suggestions: [{ property: '', identifier: true }, { property: 'plan', identifier: false }, { property: 'age', identifier: false }],
  ...over,
})
const name = (i: number) => `Column ${i + 1}`

function wizard() {
  return createRoot(() => createProfilesWizard())
}

describe('the profiles wizard state', () => {
  it('goes from choosing to mapping to running to done', () => {
    const w = wizard()
    expect(w.state.step.kind).toBe('choose')
    w.choose(new File(['x'], 'people.csv'))
    expect(w.state.step.kind).toBe('map')
    w.sniffed(sniff())
    expect(w.state.identifier).toBe(0)
    const plan = w.plan(sniff(), name)!
    expect(plan).toMatchObject({ kind: 'user', identifier: 0, columns: [{ index: 1, property: 'plan' }, { index: 2, property: 'age' }] })
    w.started('import')
    expect(w.running()).toBe(true)
    w.choose(new File(['y'], 'other.csv'))
    expect(w.state.file?.name).toBe('people.csv')
    w.finished('import', { ok: true, value: { rows: 1, created: 1, updated: 0, skipped: 0, errors: [] } }, plan)
    expect(w.state.step).toMatchObject({ kind: 'done', summary: { fileName: 'people.csv', created: 1, target: 'user' } })
    w.startOver()
    expect(w.state.step.kind).toBe('choose')
    expect(w.state.file).toBeNull()
  })

  it('names the problems of a plan by column, with the engine rules', () => {
    const w = wizard()
    w.choose(new File(['x'], 'p.csv'))
    w.sniffed(sniff())
    w.setColumn(2, { property: 'plan' })
    expect(w.plan(sniff(), name)).toBeNull()
    expect(w.state.problems).toEqual(['Column 2 and Column 3 both map to “plan”: a property can come from one column only.'])
    w.setColumn(2, { property: ' ' })
    w.plan(sniff(), name)
    expect(w.state.problems).toEqual(['Column 3 is checked but has no property name: name it or uncheck it.'])
    w.setTarget('group')
    w.setColumn(2, { include: false })
    w.plan(sniff({ overLimit: true, exact: true, estimatedRows: 2_000_000, knownRows: 2_000_000 }), name)
    expect(w.state.problems).toEqual([
      'Enter the group key the profiles belong to (e.g. company_id): a group import needs one.',
      expect.stringMatching(/has 2,000,000 data rows; at most 1,000,000/),
    ])
  })

  it('keeps the identifier the user picked over later suggestions, until a new reading', () => {
    const w = wizard()
    w.choose(new File(['x'], 'p.csv'))
    w.sniffed(sniff())
    w.pickIdentifier(null)
    w.suggestIdentifier(1)
    expect(w.state.identifier).toBeNull()
    w.sniffed(sniff())
    w.suggestIdentifier(1)
    expect(w.state.identifier).toBe(1)
  })

  it('a failed run says nothing was written; a dry run keeps its result until the import', () => {
    const w = wizard()
    w.choose(new File(['x'], 'p.csv'))
    w.sniffed(sniff())
    const plan = w.plan(sniff(), name)!
    w.started('dry-run')
    w.finished('dry-run', { ok: true, value: { rows: 1, created: 1, updated: 0, skipped: 0, errors: [] } }, plan)
    expect(w.state.dryRun?.created).toBe(1)
    w.started('import')
    expect(w.state.dryRun).toBeNull()
    w.finished('import', { ok: false, cancelled: false, message: 'disk full' }, plan)
    expect(w.state.step.kind).toBe('map')
    expect(w.state.error).toBe('The import failed; nothing was written: disk full')
  })
})
