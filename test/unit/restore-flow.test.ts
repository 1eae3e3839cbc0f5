// The restore steps (src/data/restoreFlow.ts) with a stand-in worker: what
// each check's answer leads to, the passphrase asked again after a wrong one,
// stale answers ignored, and a failed restore reported.
import { describe, expect, it } from 'vitest'
import { createRestoreFlow, type RestoreApi } from '../../src/data/restoreFlow'
import type { BackupCheck, BackupManifest } from '../../workers/engine/types'

const manifest = { counts: { profiles: 3, users: 4, groups: 0, events: 3, cohorts: 1 } } as BackupManifest
const file = (name: string) => new File(['x'], name)

/** A worker whose answers the test releases one by one. */
function worker(check: (name: string, passphrase?: string) => BackupCheck) {
  const waiting: Array<() => void> = []
  const api: RestoreApi = {
    check: (f, passphrase) => new Promise(resolve => waiting.push(() => resolve(check((f as File).name, passphrase)))),
    restore: async (f) => { if ((f as File).name === 'fails.tar.gz') throw new Error('The backup could not be restored (disk full). The workspace was not changed.'); return manifest },
    current: async () => ({ ...manifest.counts, profiles: 0 }),
  }
  return { api, release: async () => { waiting.shift()?.(); await new Promise(r => setTimeout(r, 0)) } }
}

const answers = (name: string, passphrase?: string): BackupCheck => {
  if (name.endsWith('.enc')) {
    if (!passphrase) return { ok: false, problem: 'encrypted', message: 'This backup is encrypted: enter its passphrase' }
    if (passphrase !== 'right') return { ok: false, problem: 'wrong-passphrase', message: 'Wrong passphrase: …' }
  }
  if (name.endsWith('.csv')) return { ok: false, problem: 'not-a-backup', message: 'This file is not a Cohortlite backup' }
  return { ok: true, manifest, encrypted: name.endsWith('.enc') }
}

describe('the restore flow', () => {
  it('checks a file, shows its counts beside the current ones, and restores on confirm', async () => {
    const w = worker(answers)
    const flow = createRestoreFlow(w.api)
    void flow.choose(file('b.tar.gz'))
    expect(flow.state().step).toBe('checking')
    await w.release()
    expect(flow.state()).toMatchObject({ step: 'confirm', manifest, current: { profiles: 0 } })
    expect(await flow.confirm()).toBe(manifest)
    expect(flow.state()).toEqual({ step: 'restored', manifest })
  })

  it('asks for the passphrase of an encrypted file, again after a wrong one', async () => {
    const w = worker(answers)
    const flow = createRestoreFlow(w.api)
    void flow.choose(file('b.tar.gz.enc'))
    await w.release()
    expect(flow.state()).toMatchObject({ step: 'passphrase' })
    flow.unlock('wrong')
    await w.release()
    expect(flow.state()).toMatchObject({ step: 'passphrase', wrong: 'Wrong passphrase: …' })
    flow.unlock('right')
    await w.release()
    expect(flow.state()).toMatchObject({ step: 'confirm', passphrase: 'right' })
  })

  it('refuses what is no backup, and reports a restore that failed', async () => {
    const w = worker(answers)
    const flow = createRestoreFlow(w.api)
    void flow.choose(file('people.csv'))
    await w.release()
    expect(flow.state()).toMatchObject({ step: 'refused', message: 'This file is not a Cohortlite backup' })
    void flow.choose(file('fails.tar.gz'))
    await w.release()
    expect(await flow.confirm()).toBeUndefined()
    expect(flow.state()).toMatchObject({ step: 'failed', message: expect.stringMatching(/was not changed/) })
  })

  it('keeps only the answer for the file chosen last', async () => {
    const w = worker(answers)
    const flow = createRestoreFlow(w.api)
    void flow.choose(file('people.csv'))
    void flow.choose(file('b.tar.gz'))
    await w.release() // the CSV's answer, stale
    expect(flow.state().step).toBe('checking')
    await w.release()
    expect(flow.state()).toMatchObject({ step: 'confirm' })
    flow.reset()
    expect(flow.state()).toEqual({ step: 'idle' })
  })
})
