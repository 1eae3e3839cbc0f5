// The Node side of the browser bench, loaded by run.mjs through Vite's module
// runner: the data (bench/data.ts), the same import plan as bench/main.ts, and
// the Node import of the same CSV, so the browser's time has its reference
// measured in the same run on the same machine.
import { createWriteStream, existsSync, mkdtempSync, openAsBlob, renameSync, rmSync, statSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEngine } from '../../workers/engine/index'
import type { CsvImportPlan } from '../../workers/engine/types'
import { CSV_HEADER, NOW, eventBatches, profileCsv } from '../data'
import { filterSuite } from '../filters'

export { NOW, eventBatches, profileCsv }
export { uncached } from '../filters'

/** bench/main.ts's plan: id is the identifier, email and name the reserved properties. */
export function importPlan(): CsvImportPlan {
  return {
    kind: 'user', header: true, identifier: 0,
    columns: CSV_HEADER.split(',').map((c, index) => ({ index, property: index === 1 ? '$email' : index === 2 ? '$name' : c })).slice(1),
  }
}

/** A few filters of the suite: equality, a numeric range, a datetime window, behaviour, nested. */
export function someFilters() {
  const wanted = ['plan equals pro', 'age between 25 and 35', 'signup_date in last 90 days', 'did purchase',
    'purchase with amount > 100', 'nested: (pro and age > 30) or (team and paying)']
  const suite = filterSuite({ dynamic: 'none', static: 'none', nested: 'none' })
  return wanted.map(name => {
    const found = suite.find(s => s.name === name)
    if (!found) throw new Error(`bench/filters.ts has no filter named ${JSON.stringify(name)}`)
    return found
  })
}

/** importProfilesCsv of `csvPath` into an empty, file-backed database in Node; milliseconds. */
export async function nodeImport(csvPath: string): Promise<{ ms: number; rows: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cohortlite-bench-node-'))
  try {
    const engine = await openEngine({ dataDir })
    const csv = await openAsBlob(csvPath)
    const start = performance.now()
    const summary = await engine.importProfilesCsv(csv, importPlan())
    const ms = performance.now() - start
    await engine.close()
    return { ms, rows: summary.rows }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The benchmark's events as NDJSON (Mixpanel's export format), written once per size and reused. */
export async function eventsNdjson(dir: string, users: number, total: number): Promise<string> {
  const path = `${dir}/events-${users}-${total}.ndjson`
  if (existsSync(path) && statSync(path).size > 0) return path
  const out = createWriteStream(`${path}.tmp`)
  for (const batch of eventBatches(users, total, 20_000)) {
    if (!out.write(batch.map(e => JSON.stringify(e)).join('\n') + '\n')) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  renameSync(`${path}.tmp`, path)
  return path
}
