// Engine test plumbing: every test file gets engines cloned from the one
// template database that test/global-setup.ts builds per run.
//
//   import { freshEngine, useEngine } from './helpers'
//
//   // one engine for the whole file (closed after the file):
//   const engine = useEngine()           // call engine() inside tests
//   // or a clean database for every test (~1 s each):
//   const engine = useEngine({ per: 'test' })
//   // or by hand, closed after the file unless you close it first:
//   const e = await freshEngine()
import { readFile } from 'node:fs/promises'
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest'
import { openEngine } from '../../workers/engine/index.ts'
import type { Engine, OpenOptions } from '../../workers/engine/types.ts'

export type { Engine }

let template: Promise<Blob> | undefined

/** The template dump, read once per test file. */
export function templateBlob(): Promise<Blob> {
  template ??= (async () => {
    const path = inject('engineTemplatePath') ?? process.env.COHORTLITE_TEMPLATE
    const type = inject('engineTemplateType') ?? process.env.COHORTLITE_TEMPLATE_TYPE ?? ''
    if (!path) throw new Error('No template database: run engine tests through vitest (vitest.config.ts globalSetup)')
    const bytes = new Uint8Array(await readFile(path))
    return new Blob([bytes], { type })
  })()
  return template
}

const open = new Set<Engine>()

/**
 * An in-memory engine holding a freshly migrated, empty database cloned from
 * the run's template. Closed after the test file (or earlier by `close()`).
 */
export async function freshEngine(options: Omit<OpenOptions, 'loadDataDir' | 'dataDir'> = {}): Promise<Engine> {
  const engine = await openEngine({ ...options, loadDataDir: await templateBlob() })
  const close = engine.close.bind(engine)
  let closed: Promise<void> | undefined
  // Closing twice is harmless, and a closed engine is no longer tracked.
  engine.close = () => {
    open.delete(engine)
    closed ??= close()
    return closed
  }
  open.add(engine)
  return engine
}

/** Closes every engine this file opened and did not close. */
export async function closeAll(): Promise<void> {
  const engines = [...open]
  open.clear()
  await Promise.allSettled(engines.map((e) => e.close()))
}

// Registered when a test file imports this module (modules are isolated per
// file), so nothing a file opens outlives it.
afterAll(closeAll)

/**
 * Registers the hooks for an engine per file (default) or per test and
 * returns a getter for it.
 */
export function useEngine(options: { per?: 'file' | 'test'; open?: Omit<OpenOptions, 'loadDataDir' | 'dataDir'> } = {}): () => Engine {
  let current: Engine | undefined
  if (options.per === 'test') {
    beforeEach(async () => { current = await freshEngine(options.open) })
    afterEach(async () => { await current?.close(); current = undefined })
  } else {
    beforeAll(async () => { current = await freshEngine(options.open) })
    afterAll(async () => { await current?.close(); current = undefined })
  }
  return () => {
    if (!current) throw new Error('useEngine(): the engine is only available inside tests and hooks')
    return current
  }
}
