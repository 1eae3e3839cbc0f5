// The rules of a profiles CSV plan, in one place: the engine refuses a plan
// that breaks them before reading a byte, and the import wizard shows the
// same problems, each naming its column, before it offers to import.
import type { CsvImportPlan } from '../types'
import { MAX_PROPERTY_NAME } from '../profiles/operations'

/** At most this many data rows are imported from one file. */
export const MAX_CSV_ROWS = 1_000_000

/** What to read from each row: the id's column (absent: generated ids) and the property columns. */
export interface CsvMapping { identifier?: number; columns: Array<{ index: number; property: string }> }

const engineName = (index: number) => `column ${index + 1}`

/**
 * Every problem that stops `plan`, as sentences naming the columns by
 * `name(index)` (the wizard passes "Column 2 (plan)"). Empty: the plan can run.
 */
export function csvPlanProblems(plan: CsvImportPlan, name: (index: number) => string = engineName): string[] {
  const problems: string[] = []
  if (plan.kind !== 'user' && plan.kind !== 'group') return [`plan.kind must be "user" or "group", not ${JSON.stringify(plan.kind)}`]
  if (plan.kind === 'group' && (typeof plan.groupKey !== 'string' || plan.groupKey.trim() === '')) {
    problems.push('Enter the group key the profiles belong to (e.g. company_id): a group import needs one.')
  }
  if (!Array.isArray(plan.columns)) return [...problems, 'plan.columns must be a list']
  const identifier = plan.identifier
  if (identifier !== undefined && (!Number.isInteger(identifier) || identifier < 0)) problems.push('plan.identifier must be a column number ≥ 0')
  const indexes = new Set<number>()
  const properties = new Map<string, number>()
  let mapped = 0
  plan.columns.forEach((c, i) => {
    if (!Number.isInteger(c.index) || c.index < 0) { problems.push(`plan.columns[${i}].index must be a column number ≥ 0`); return }
    if (indexes.has(c.index)) { problems.push(`${name(c.index)} is mapped twice.`); return }
    indexes.add(c.index)
    if (c.index === identifier) return
    const property = typeof c.property === 'string' ? c.property.trim() : ''
    if (property === '') { problems.push(`${name(c.index)} is checked but has no property name: name it or uncheck it.`); return }
    if (property.length > MAX_PROPERTY_NAME) { problems.push(`${name(c.index)}: a property name is at most ${MAX_PROPERTY_NAME} characters.`); return }
    const other = properties.get(property)
    if (other !== undefined) { problems.push(`${name(other)} and ${name(c.index)} both map to “${property}”: a property can come from one column only.`); return }
    properties.set(property, c.index)
    mapped++
  })
  if (mapped === 0 && identifier === undefined && problems.length === 0) problems.push('Check at least one column to import.')
  return problems
}

/** The mapping a plan asks for; throws the plan's problems when it has any. */
export function checkCsvPlan(plan: CsvImportPlan): CsvMapping {
  const problems = csvPlanProblems(plan)
  if (problems.length > 0) throw new Error(problems.join(' '))
  let identifier = plan.identifier
  // The identifier column is the profile's id, not one of its properties.
  const columns = plan.columns.filter(c => c.index !== identifier).map(c => ({ index: c.index, property: c.property.trim() }))
  if (identifier === undefined && plan.kind === 'user') identifier = columns.find(c => c.property === '$email')?.index
  return identifier === undefined ? { columns } : { identifier, columns }
}
