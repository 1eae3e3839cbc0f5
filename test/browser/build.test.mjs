// The production build, as it ships: built here (vite build, production mode)
// into a temp dir and read as files. The other browser tests drive the test
// build (--mode browser-test), which adds the engine hook they compare with.
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, assert, server, test } from './harness.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const HOOK = '__cohortlite'

/** Every file under `dir` with its text (the code and the pages; not the wasm and data). */
async function texts(dir) {
  const out = []
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(js|mjs|html|css|webmanifest)$/.test(entry.name)) continue
    const path = join(entry.parentPath, entry.name)
    out.push({ path: path.slice(dir.length + 1), text: await readFile(path, 'utf8') })
  }
  return out
}

let production = null
/** The production build (once per run). */
async function productionBuild() {
  if (production) return production
  const dir = await mkdtemp(join(tmpdir(), 'cohortlite-prod-'))
  afterAll(() => rm(dir, { recursive: true, force: true }))
  await new Promise((resolve, reject) => execFile(process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
    (error, stdout, stderr) => (error ? reject(new Error(`vite build failed: ${stderr || stdout}`)) : resolve())))
  production = { dir, files: await texts(dir) }
  return production
}

test('build: the production bundle carries no test hook', async (t) => {
  const { files } = await productionBuild()
  assert(files.some((f) => f.path === 'index.html') && files.some((f) => f.path.endsWith('.js')), 'the production build has index.html and scripts')
  const leaks = files.filter((f) => f.text.includes(HOOK) || f.text.includes('testHooks'))
  assert(leaks.length === 0, `the production build mentions the test hook in ${leaks.map((f) => f.path).join(', ')}`)
  // The same search finds it in the test build the other tests drive, so it can fail.
  const testBuild = await texts(server.outDir)
  assert(testBuild.some((f) => f.text.includes(HOOK)), `the test build (${server.outDir}) has the hook`)
  t.note(`${files.length} files searched in the production build`)
}, { timeout: 300_000 })

test('build: the production index.html carries the Content-Security-Policy first in its head', async (t) => {
  const { files } = await productionBuild()
  const html = files.find((f) => f.path === 'index.html').text
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)
  assert(meta, 'a Content-Security-Policy meta tag')
  const policy = meta[1].replace(/&#39;|&apos;/g, "'")
  for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "connect-src 'self'"]) {
    assert(policy.split(/;\s*/).includes(directive), `the policy has ${directive}: ${policy}`)
  }
  assert(!/unsafe-inline|unsafe-eval'|\*|data:|blob:/.test(policy.replace("'wasm-unsafe-eval'", '')), `nothing loosens it: ${policy}`)
  const head = /<head>([\s\S]*?)<\/head>/.exec(html)[1]
  assert(head.indexOf('Content-Security-Policy') < head.indexOf('<script'), 'the policy comes before any script')
  assert(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'no inline script in index.html')
  t.note(policy)
}, { timeout: 300_000 })
