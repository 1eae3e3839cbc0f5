// What an import cut off by a killed tab leaves on disk, and what the next
// open gives back (docs/benchmarks.md, "Interrupted imports"):
//   node bench/interrupted.mjs [--rows 200000]
// For each case, a child process opens a file-backed engine, starts an import
// and kills itself (SIGKILL, as a closed tab dies) halfway through; the data
// dir is measured before, after the kill, and after the next openEngine().
import { spawnSync } from 'node:child_process'
import { mkdirSync, openAsBlob, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { openEngine } from '../workers/engine/index'
import { CSV_HEADER, eventBatches, profileCsv } from './data'

const args = process.argv.slice(2)
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1]! : fallback
}
const ROWS = Number(arg('rows', '200000'))
const ROOT = '/tmp/cohortlite-bench-interrupted'
const plan = {
  kind: 'user' as const, header: true, identifier: 0, fileName: 'bench.csv',
  columns: CSV_HEADER.split(',').map((c, index) => ({ index, property: c })).slice(1),
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

function size(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    total += entry.isDirectory() ? size(path) : statSync(path).size
  }
  return total
}

async function child(dir: string, what: string) {
  const engine = await openEngine({ dataDir: dir })
  const die = (rows: number) => { if (rows >= ROWS / 2) process.kill(process.pid, 'SIGKILL') }
  if (what === 'events') {
    await engine.importEventStream(eventBatches(ROWS, ROWS * 5, 20_000), p => die(p.rows / 5))
  } else {
    await engine.importProfilesCsv(await openAsBlob(await profileCsv('.bench', ROWS)), plan, p => die(p.rows))
  }
  throw new Error('the import finished before it was cut off')
}

async function main() {
  if (args[0] === '--child') return child(args[1]!, args[2]!)
  mkdirSync('.bench', { recursive: true })
  const csv = await openAsBlob(await profileCsv('.bench', ROWS))
  const lines: string[] = [`| case (${ROWS.toLocaleString()} rows) | before | after the kill | after the next open | history |`, '|---|---|---|---|---|']
  for (const what of ['profiles into an empty database', 'profiles over stored profiles', 'events']) {
    const dir = join(ROOT, what.replace(/\W+/g, '-'))
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const seed = await openEngine({ dataDir: dir })
    if (what !== 'profiles into an empty database') await seed.importProfilesCsv(csv, { ...plan, fileName: undefined })
    await seed.close()
    const before = size(dir)
    const run = spawnSync('node', ['bench/interrupted.mjs', '--child', dir, what.startsWith('events') ? 'events' : 'profiles', '--rows', String(ROWS)], { stdio: 'inherit' })
    if (run.signal !== 'SIGKILL') throw new Error(`the child was not killed (${run.status} ${run.signal})`)
    const killed = size(dir)
    const engine = await openEngine({ dataDir: dir })
    const entry = (await engine.listImports())[0]
    await engine.close()
    lines.push(`| ${what} | ${mb(before)} | ${mb(killed)} | ${mb(size(dir))} | ${entry ? entry.status : 'none'} |`)
    process.stderr.write(`[interrupted] ${lines.at(-1)}\n`)
  }
  console.log(lines.join('\n'))
}

await main()
