// Builds ONE migrated template database per test run: initdb + migrations cost
// 4–8 s, loading the dump costs ~1 s. Test files clone it with
// freshEngine() from test/engine/helpers.ts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the template data dir dump (a tar or tar.gz file). */
    engineTemplatePath: string
    /** The dump's MIME type, so PGlite knows whether to gunzip it. */
    engineTemplateType: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now()
  const { openEngine } = await import('../workers/engine/index.ts')
  const engine = await openEngine()
  let blob: Blob
  try {
    blob = await engine.dumpDataDir()
  } finally {
    await engine.close()
  }
  const dir = await mkdtemp(join(tmpdir(), 'cohortlite-template-'))
  const gz = /gzip/.test(blob.type)
  const path = join(dir, gz ? 'template.tar.gz' : 'template.tar')
  await writeFile(path, Buffer.from(await blob.arrayBuffer()))
  project.provide('engineTemplatePath', path)
  project.provide('engineTemplateType', blob.type || (gz ? 'application/x-gzip' : 'application/x-tar'))
  // Child processes of the forks pool read these too (a fallback for code that cannot `inject`).
  process.env.COHORTLITE_TEMPLATE = path
  process.env.COHORTLITE_TEMPLATE_TYPE = blob.type
  if (process.env.COHORTLITE_TEST_VERBOSE) {
    console.log(`[global-setup] template database: ${blob.size} bytes in ${Date.now() - started} ms → ${path}`)
  }
  return async () => {
    await rm(dir, { recursive: true, force: true })
  }
}
