// npm run bench:export [-- --rows N] [-- --from DIR]: the export phase alone
// (bench/export-phase.ts), on a data dir a full `npm run bench` left (--from
// .bench/db-engine) or on a new one holding N imported profiles.
import { mkdirSync, openAsBlob, rmSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import type { PGlite } from '@electric-sql/pglite'
import { openEngine } from '../workers/engine/index'
import { CSV_HEADER, profileCsv } from './data'
import { exportPhase } from './export-phase'

const args = process.argv.slice(2)
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const ROWS = Number(arg('rows') ?? 1_000_000)
const DIR = '.bench'

async function main() {
  mkdirSync(DIR, { recursive: true })
  let dataDir = arg('from')
  if (!dataDir) {
    dataDir = `${DIR}/db-export`
    rmSync(dataDir, { recursive: true, force: true })
    mkdirSync(dataDir, { recursive: true })
    const engine = await openEngine({ dataDir })
    const csv = await openAsBlob(await profileCsv(DIR, ROWS))
    const columns = CSV_HEADER.split(',').map((c, index) => ({ index, property: index === 1 ? '$email' : index === 2 ? '$name' : c })).slice(1)
    process.stderr.write(`[bench] importing ${ROWS.toLocaleString()} profiles\n`)
    await engine.importProfilesCsv(csv, { kind: 'user', header: true, identifier: 0, columns })
    await engine.close()
  }
  const engine = await openEngine({ dataDir })
  const db = (engine as unknown as { db: PGlite }).db
  const figures = await exportPhase(engine, db, DIR)
  await engine.close()
  const header = `Cohortlite export bench, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
  console.log([header, '', '| figure | value | floor | ratio | target |', '|---|---|---|---|---|',
    ...figures.map(r => `| ${r.figure} | ${r.value} | ${r.floor ?? ''} | ${r.ratio ?? ''} | ${r.target ?? ''} |`)].join('\n'))
}

await main()
process.exit(0)
