// bench:peer's engine side: the two phases main.ts runs in processes of their own.
import { existsSync, openAsBlob, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { openEngine } from '../../workers/engine/index'
import { DEFAULT_BULK_TUNING } from '../../workers/engine/events/bulk'
import type { Engine, Group } from '../../workers/engine/types'
import { CSV_HEADER, NOW, eventBatches } from '../data'

export interface Answer { name: string; n: number; ns: number[]; ms: number[]; paths: string[] }
export interface EngineLoad { importMs: number; eventsMs: number; steps: Array<{ step: string; ms: number }>; answers: Answer[]; peakRss: number }
export interface EngineOpen { openMs: number; engineMs: number; total: number; firstCountMs: number; peakRss: number; walBytes: number }

const peakRss = () => process.resourceUsage().maxRSS * 1024

/**
 * The CSV through importProfilesCsv into an empty database, the events
 * through importEventStream (the bulk path), then every ask, as the DuckDB
 * side does them in one process.
 */
export async function engineLoad(dataDir: string, csvPath: string, asksPath: string, rows: number, events: number): Promise<EngineLoad> {
  const steps: EngineLoad['steps'] = []
  let last = performance.now()
  const engine = await openEngine({
    dataDir,
    bulkTuning: { ...DEFAULT_BULK_TUNING, onStep: step => { const now = performance.now(); steps.push({ step: `events: ${step}`, ms: now - last }); last = now } },
  })
  const plan = {
    kind: 'user' as const, header: true, identifier: 0,
    columns: CSV_HEADER.split(',').map((c, index) => ({ index, property: index === 1 ? '$email' : index === 2 ? '$name' : c })).slice(1),
  }
  let start = performance.now()
  const imported = await engine.importProfilesCsv(await openAsBlob(csvPath), plan)
  const importMs = performance.now() - start
  if (imported.created !== rows) throw new Error(`imported ${imported.created} profiles of ${rows}`)
  start = last = performance.now()
  const stored = await engine.importEventStream(eventBatches(rows, events, 20_000))
  const eventsMs = performance.now() - start
  if (stored.created !== events) throw new Error(`stored ${stored.created} events of ${events}`)
  const answers = await ask(engine, JSON.parse(readFileSync(asksPath, 'utf8')) as Array<{ name: string; filters: Group[] }>)
  // The status line's totals, as the Users page asks after an import (kept for the next open).
  await engine.stats()
  await engine.close()
  return { importMs, eventsMs, steps, answers, peakRss: peakRss() }
}

/**
 * A cold open (a new process) to the first total the Users page shows (the
 * status line's stats()), then a first property count (the fast path reading
 * its first column).
 */
export async function engineOpen(dataDir: string): Promise<EngineOpen> {
  const start = performance.now()
  const engine = await openEngine({ dataDir })
  const engineMs = performance.now() - start
  const total = (await engine.stats()).users
  const openMs = performance.now() - start
  const t = performance.now()
  await engine.countUsers({ scope: 'all', filter: { op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro'] }] }, now: new Date(NOW).toISOString() })
  const firstCountMs = performance.now() - t
  await engine.close()
  return { openMs, engineMs, total, firstCountMs, peakRss: peakRss(), walBytes: size(join(dataDir, 'pg_wal')) }
}

/** Each ask's filters counted in turn (each its own SQL text), with the path that answered. */
async function ask(engine: Engine, asks: Array<{ name: string; filters: Group[] }>): Promise<Answer[]> {
  const now = new Date(NOW).toISOString()
  const answers: Answer[] = []
  for (const { name, filters } of asks) {
    const answer = { name, n: -1, ns: [] as number[], ms: [] as number[], paths: [] as string[] }
    for (const filter of filters) {
      const query = { scope: 'all' as const, filter, now }
      const t = performance.now()
      answer.ns.push(await engine.countUsers(query))
      answer.ms.push(performance.now() - t)
      // explain() names the path that answered (absent: the SQL path); asked after the count, so the count's time includes any column read.
      answer.paths.push((await engine.explain(query)).path ?? 'sql')
    }
    answer.n = answer.ns[0]!
    answers.push(answer)
  }
  return answers
}

function size(path: string): number {
  if (!existsSync(path)) return 0
  const s = statSync(path)
  return s.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + size(join(path, name)), 0) : s.size
}
