// The CSV grammar's speed alone, no database: workers/engine/csv/parse.ts
// against papaparse's parser (what csv/stream.ts used before), on the bench's
// profiles CSV in 1 MB chunks, CPU time of the best of five:
//   node bench/csv-parse.mjs [--rows 1000000]
import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { parseCsv } from '../workers/engine/csv/parse'
import { profileCsv } from './data'

const args = process.argv.slice(2)
const i = args.indexOf('--rows')
const ROWS = i >= 0 ? Number(args[i + 1]) : 1_000_000
const text = readFileSync(await profileCsv('.bench', ROWS), 'utf8')
const CHUNK = 1 << 20

function ours(): number {
  let partial = '', records = 0
  for (let at = 0; at < text.length; at += CHUNK) {
    const r = parseCsv(partial + text.slice(at, at + CHUNK), ',', '\n', at + CHUNK >= text.length)
    records += r.records.length
    partial = (partial + text.slice(at, at + CHUNK)).substring(r.consumed)
  }
  return records
}

function papa(): number {
  const handle = new (Papa as unknown as { ParserHandle: new (c: Papa.ParseConfig) => { parse(t: string, b: number, i: boolean): Papa.ParseResult<string[]> } })
    .ParserHandle({ delimiter: ',', newline: '\n', header: false, skipEmptyLines: false, dynamicTyping: false })
  let partial = '', base = 0, records = 0
  for (let at = 0; at < text.length; at += CHUNK) {
    const aggregate = partial + text.slice(at, at + CHUNK)
    const final = at + CHUNK >= text.length
    const r = handle.parse(aggregate, base, !final)
    records += r.data.length
    if (!final) { partial = aggregate.substring(r.meta.cursor - base); base = r.meta.cursor }
  }
  return records
}

const cpu = (work: () => number) => {
  let best = Infinity, n = 0
  for (let k = 0; k < 5; k++) {
    const t = process.cpuUsage()
    n = work()
    const used = process.cpuUsage(t)
    best = Math.min(best, (used.user + used.system) / 1000)
  }
  return { ms: best, records: n }
}
const a = cpu(papa), b = cpu(ours)
console.log(`| parser (${(text.length / 1e6).toFixed(0)} MB, ${ROWS.toLocaleString()} rows) | CPU ms, best of 5 | records |\n|---|---|---|\n| papaparse | ${a.ms.toFixed(0)} | ${a.records} |\n| csv/parse.ts | ${b.ms.toFixed(0)} | ${b.records} |\n| ratio | ${(b.ms / a.ms).toFixed(2)} | |`)
