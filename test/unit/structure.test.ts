// The shape rules the codebase keeps (README, "How the code is laid out"):
// no import cycle among source files (type-only imports included), no source
// file over 450 lines, no committed scratch files, and nothing pointing at
// files outside the repository.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n').filter(f => f && existsSync(join(root, f)))
const sources = tracked.filter(f => /^(src|workers)\/.*\.(ts|tsx)$/.test(f))

/** Every relative module a file imports or re-exports, type-only and dynamic imports included. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  const found: string[] = []
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"](\.[^'"]+)['"]/g,
    /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g,
  ]
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) {
      const target = resolveModule(file, m[1]!)
      if (target) found.push(target)
    }
  }
  return found
}

function resolveModule(from: string, spec: string): string | undefined {
  const base = relative(root, resolve(root, dirname(from), spec.replace(/\?.*$/, '')))
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]
  return candidates.find(c => sources.includes(c))
}

/** Tarjan's strongly connected components with more than one file (or a file importing itself). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0
  const indices = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string) => {
    indices.set(v, index); low.set(v, index); index++
    stack.push(v); onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)) }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!))
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = []
      let w: string
      do { w = stack.pop()!; onStack.delete(w); component.push(w) } while (w !== v)
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort())
    }
  }
  for (const v of graph.keys()) if (!indices.has(v)) visit(v)
  return found
}

describe('the shape of the code', () => {
  it('has no import cycle among source files, type-only imports included', () => {
    const graph = new Map(sources.map(f => [f, importsOf(f)]))
    expect(cycles(graph)).toEqual([])
  })

  it('has no source file over 450 lines', () => {
    const long = sources
      .map(f => ({ file: f, lines: readFileSync(join(root, f), 'utf8').split('\n').length }))
      .filter(f => f.lines > 450)
    expect(long).toEqual([])
  })

  it('commits no scratch files', () => {
    expect(tracked.filter(f => /^(scratch|tmp)\//.test(f))).toEqual([])
  })

  it('points at nothing outside the repository', () => {
    const texts = tracked.filter(f => /\.(ts|tsx|mjs|js|md|json|css|html)$/.test(f) && !f.endsWith('package-lock.json') && f !== 'test/unit/structure.test.ts')
    const pointing = texts.filter(f => /shared\/(spec|notes|reference)\/|platform\.md/.test(readFileSync(join(root, f), 'utf8')))
    expect(pointing).toEqual([])
  })
})
