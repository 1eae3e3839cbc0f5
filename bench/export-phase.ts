// The export phase (issue 14): a users view of every profile, 10 columns
// ($distinct_id and the 9 properties of bench/data.ts), exported as CSV and
// as NDJSON to a file, against the time the engine needs just to read those
// rows (the same keyset chunks, nothing formatted). Memory: the process's
// RSS (in the browser, the worker's) before and at its peak while exporting;
// the file is written as chunks arrive, so the peak must not grow with it.
import { createWriteStream, rmSync } from 'node:fs'
import { once } from 'node:events'
import type { PGlite } from '@electric-sql/pglite'
import type { Engine, UsersExport } from '../workers/engine/types'
import { CSV_HEADER } from './data'

export interface Figure { figure: string; value: string; floor?: string; ratio?: string; target?: string }

const ms = (t: number) => `${(t / 1000).toFixed(2)} s`
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`)

/** The profiles' rows read in the export's chunks, unformatted: the floor an export is measured against. */
async function readFloor(db: PGlite): Promise<{ took: number; rows: number }> {
  const start = performance.now()
  let after = 0
  let rows = 0
  for (;;) {
    const chunk = (await db.query<{ id: number }>(
      `select p.id, p.distinct_id, p.properties from profiles p where p.group_key = '' and p.properties <> '{}'::jsonb
       and p.id > $1 order by p.id limit $2`, [after, 5000])).rows
    rows += chunk.length
    if (chunk.length < 5000) break
    after = chunk[chunk.length - 1]!.id
  }
  return { took: performance.now() - start, rows }
}

async function exportToFile(engine: Engine, spec: UsersExport, path: string) {
  const rssBefore = process.memoryUsage().rss
  let rssPeak = rssBefore
  const start = performance.now()
  const stream = await engine.exportUsers(spec)
  const out = createWriteStream(path)
  let rows = 0
  let bytes = 0
  for await (const chunk of stream.chunks) {
    if (!out.write(chunk.data)) await once(out, 'drain')
    rows = chunk.rows
    bytes = chunk.bytes
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
  }
  out.end()
  await once(out, 'finish')
  const took = performance.now() - start
  rmSync(path, { force: true })
  return { took, rows, bytes, rssBefore, rssPeak }
}

export async function exportPhase(engine: Engine, db: PGlite, dir: string): Promise<Figure[]> {
  const properties = CSV_HEADER.split(',').slice(1).map(c => (c === 'email' ? '$email' : c === 'name' ? '$name' : c))
  const query = { scope: 'profiles' as const }
  // Warm once, as the floor and the export read the same pages.
  await readFloor(db)
  const floor = await readFloor(db)
  log(`export floor: ${floor.rows.toLocaleString()} rows read in ${ms(floor.took)}`)
  const figures: Figure[] = [{ figure: `export floor: read ${floor.rows.toLocaleString()} profiles in 5,000-row keyset chunks`, value: ms(floor.took) }]
  for (const format of ['csv', 'ndjson'] as const) {
    const r = await exportToFile(engine, { query, properties, format }, `${dir}/export.${format}`)
    log(`export ${format}: ${r.rows.toLocaleString()} rows, ${mb(r.bytes)} in ${ms(r.took)}; RSS ${mb(r.rssBefore)} → peak ${mb(r.rssPeak)}`)
    figures.push({
      figure: `exportUsers ${format.toUpperCase()}: ${r.rows.toLocaleString()} profiles × 10 columns (${mb(r.bytes)}) to a file`,
      value: `${ms(r.took)} (${Math.round(r.rows / (r.took / 1000)).toLocaleString('en-US')} rows/s)`,
      floor: ms(floor.took), ratio: (r.took / floor.took).toFixed(2), target: '≤ 1.5',
    })
    figures.push({
      figure: `RSS while exporting ${format.toUpperCase()}: before → peak`,
      value: `${mb(r.rssBefore)} → ${mb(r.rssPeak)} (+${mb(r.rssPeak - r.rssBefore)}, the file is ${mb(r.bytes)})`,
      ratio: (r.rssPeak / r.rssBefore).toFixed(2), target: 'flat',
    })
  }
  return figures
}
