// The actions phase of `npm run bench`: set, unset and delete over every
// profile a filter matches (all of them), each undone, each timed against the
// count of the same filter in the same run. The data ends as it began.
import type { Engine, Group, UsersQuery } from '../workers/engine/types'
import { uncached } from './filters'

export interface ActionsRow { figure: string; value: string; floor: string; ratio: string }

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`)

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const result = await work()
  return [result, performance.now() - start]
}

export async function actionsReport(engine: Engine): Promise<ActionsRow[]> {
  // Every benchmark profile has a plan: the filter matches them all.
  const filter: Group = { op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'isSet' }] }
  const query = (i: number): UsersQuery => ({ scope: 'profiles', filter: uncached(filter, i) })
  const counts: number[] = []
  let matched = 0
  for (let i = 0; i < 3; i++) {
    const [n, took] = await timed(() => engine.countUsers(query(3 + i)))
    counts.push(took)
    matched = n
  }
  const count = [...counts].sort((a, b) => a - b)[1]!
  const rows: ActionsRow[] = []
  const add = (figure: string, took: number) => {
    rows.push({ figure, value: seconds(took), floor: seconds(count), ratio: (took / count).toFixed(1) })
    log(`${figure}: ${seconds(took)} (count ${seconds(count)})`)
  }
  const n = matched.toLocaleString('en-US')
  const target = { query: query(0) }
  const [, previewTook] = await timed(() => engine.previewAction(target, { kind: 'set', property: 'plan', value: 'bench' }))
  add(`previewAction (the confirm's count): set plan over ${n} matching`, previewTook)
  for (const action of [
    { kind: 'set' as const, property: 'plan', value: 'bench' },
    { kind: 'unset' as const, property: 'plan' },
    { kind: 'delete' as const },
  ]) {
    const name = action.kind === 'delete' ? 'delete' : `${action.kind} plan`
    const [result, took] = await timed(() => engine.runAction(target, action))
    if (result.changed !== matched) throw new Error(`${name} changed ${result.changed} of ${matched}`)
    add(`runAction: ${name} on ${n} matching profiles`, took)
    const [, undoTook] = await timed(() => engine.undoAction(result.undo!.id))
    add(`undoAction: ${name}`, undoTook)
    const after = await engine.countUsers(query(6))
    if (after !== matched) throw new Error(`after undoing ${name}: ${after} profiles match, not ${matched}`)
  }
  return rows
}
