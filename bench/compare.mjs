// Compares `npm run bench` at another commit with this worktree's HEAD, in one
// run, back to back, on the same machine:
//   node bench/compare.mjs [--base <commit>] [--head <commit>] [--rows N] [--events N] [--rounds R]
// Each commit is checked out in a temporary worktree (sharing this one's
// node_modules), the bench runs there, and the figures are printed side by
// side with their ratio (head / base; above 1 is slower) and the load average
// around each run: on a shared machine, read the ratios with the load in mind.
// With --rounds R the two alternate R times and the table shows each side's best.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const args = process.argv.slice(2)
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : fallback
}
const root = resolve(import.meta.dirname, '..')
const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim()
const base = git('rev-parse', '--short', arg('base', 'HEAD~1'))
const head = git('rev-parse', '--short', arg('head', 'HEAD'))
const rounds = Number(arg('rounds', '1'))
const benchArgs = ['--rows', arg('rows', '200000'), ...(args.includes('--events') ? ['--events', arg('events', '')] : [])]
const load = () => loadavg().map(n => n.toFixed(1)).join(' ')

function worktree(commit) {
  const dir = mkdtempSync(join(tmpdir(), `cohortlite-bench-${commit}-`))
  git('worktree', 'add', '--detach', dir, commit)
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  return dir
}

/** The bench's tables, as figure → { value, floor } texts (the filter table: its time). */
function runBench(dir, label) {
  const before = load()
  process.stderr.write(`[compare] ${label}: npm run bench ${benchArgs.join(' ')} (load ${before})\n`)
  const out = spawnSync('node', ['bench/run.mjs', ...benchArgs], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 })
  if (out.status !== 0) throw new Error(`the bench failed at ${label} (exit ${out.status})`)
  const figures = new Map()
  let valueColumn = 1, floorColumn = -1
  for (const line of out.stdout.split('\n')) {
    const cells = line.split('|').slice(1, -1).map(c => c.trim())
    if (cells.length < 2 || /^-+$/.test(cells[0])) continue
    if (cells[0] === 'figure' || cells[0] === 'filter') {
      valueColumn = cells.indexOf(cells[0] === 'figure' ? 'value' : 'time')
      floorColumn = cells.indexOf('floor')
      continue
    }
    if (!figures.has(cells[0])) figures.set(cells[0], { value: cells[valueColumn], floor: floorColumn >= 0 ? cells[floorColumn] : '' })
  }
  return { figures, load: `${before} → ${load()}` }
}

/** The figure in seconds (or MB, or a count), for the ratio: the first number with its unit. */
function amount(text) {
  const m = /([\d,.]+)\s*(ms|s|MB)\b/.exec(text ?? '')
  if (!m) return undefined
  const n = Number(m[1].replace(/,/g, ''))
  return m[2] === 'ms' ? n / 1000 : n
}

const dirs = { base: worktree(base), head: worktree(head) }
const results = { base: [], head: [] }
try {
  for (let r = 0; r < rounds; r++) {
    results.base.push(runBench(dirs.base, `base ${base}`))
    results.head.push(runBench(dirs.head, `head ${head}`))
  }
} finally {
  for (const dir of Object.values(dirs)) {
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: root })
    rmSync(dir, { recursive: true, force: true })
  }
}

const best = (side, figure) => {
  const values = results[side].map(r => r.figures.get(figure)).filter(v => v !== undefined)
  return values.sort((a, b) => (amount(a.value) ?? 0) - (amount(b.value) ?? 0))[0]
}
/** A figure over the floor measured in the same run: what the load does to both cancels out. */
const overFloor = f => (f && amount(f.value) !== undefined && amount(f.floor) ? amount(f.value) / amount(f.floor) : undefined)
const lines = [
  `npm run bench ${benchArgs.join(' ')}: base ${base} vs head ${head}, ${rounds} round(s), best of each`,
  ...results.base.map((r, i) => `round ${i + 1}: load base ${r.load}; head ${results.head[i].load}`),
  '',
  `| figure | base ${base} | head ${head} | head / base | head / base, each over its floor |`,
  '|---|---|---|---|---|',
]
for (const figure of results.head[0].figures.keys()) {
  const a = best('base', figure), b = best('head', figure)
  const ratio = amount(a?.value) && amount(b?.value) !== undefined ? (amount(b.value) / amount(a.value)).toFixed(2) : ''
  const normalized = overFloor(a) && overFloor(b) ? (overFloor(b) / overFloor(a)).toFixed(2) : ''
  lines.push(`| ${figure} | ${a?.value ?? '—'} | ${b?.value ?? '—'} | ${ratio} | ${normalized} |`)
}
console.log(lines.join('\n'))
