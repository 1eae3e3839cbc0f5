// The counts someone typing a filter waits for, right after the database
// opens and right after a write to profiles, when the fast path has no
// columns in memory (docs/benchmarks.md, "First counts"):
//   node bench/first-counts.mjs [--rows 1000000]
// The profiles of the bench's CSV are imported once into .bench/first-counts-N
// (kept for the next run); each run works on a copy. In each phase a filter
// on two properties is counted 14 times, one count every 400 ms, as the
// Users page asks while a number is typed, and each count's time is printed
// (explain() names the path of the last: asking it at each count would read
// the columns in older versions, where explain() read them). Node runs PGlite on its main
// thread, so the pauses between counts stretch while a background read runs
// (in the browser the worker has a thread of its own).
import { cpSync, existsSync, openAsBlob, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { openEngine } from '../workers/engine/index'
import type { UsersQuery } from '../workers/engine/types'
import { CSV_HEADER, profileCsv } from './data'

const args = process.argv.slice(2)
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1]! : fallback
}
const ROWS = Number(arg('rows', '1000000'))
const DIR = resolve('.bench')
const kept = join(DIR, `first-counts-${ROWS}`)
const work = join(DIR, `first-counts-${ROWS}-run`)
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

if (!existsSync(kept)) {
  const csv = await profileCsv(DIR, ROWS)
  const engine = await openEngine({ dataDir: kept })
  const columns = CSV_HEADER.split(',').map((c, index) => ({ index, property: c })).slice(1)
  const t = performance.now()
  await engine.importProfilesCsv(await openAsBlob(csv), { kind: 'user', header: true, identifier: 0, columns })
  await engine.stats()
  await engine.close()
  console.log(`imported ${ROWS.toLocaleString('en')} profiles into ${kept} in ${((performance.now() - t) / 1000).toFixed(1)} s`)
}
rmSync(work, { recursive: true, force: true })
cpSync(kept, work, { recursive: true })

const query = (age: number): UsersQuery => ({ scope: 'all', filter: { op: 'and', filters: [
  { type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro'] },
  { type: 'property', property: 'age', dataType: 'number', operator: 'greaterThan', values: [age] },
] } })

const opened = performance.now()
const engine = await openEngine({ dataDir: work })
await engine.stats()
console.log(`open to first total: ${Math.round(performance.now() - opened)} ms`)
for (const phase of ['after the open', 'after a write']) {
  if (phase === 'after a write') await engine.applyProfileUpdates([{ $distinct_id: 'first-counts', $set: { plan: 'pro', age: 77 } }])
  const counts: string[] = []
  for (let i = 0; i < 14; i++) {
    const t = performance.now()
    await engine.countUsers(query(20 + i))
    const ms = performance.now() - t
    counts.push(`${Math.round(ms)}`)
    await sleep(Math.max(0, 400 - ms))
  }
  console.log(`${phase}, ms: ${counts.join(', ')}; the last by the ${(await engine.explain(query(33))).path ?? 'sql'} path`)
}
await engine.close()
rmSync(work, { recursive: true, force: true })
