// The steps of a restore, apart from the page that shows them: a file is
// chosen and checked whole by the worker; an encrypted one asks for its
// passphrase (again, after a wrong one); a good one shows its counts beside
// the workspace's and waits for the user to confirm; then the restore runs.
// Every answer belongs to the file it was asked for: choosing another file
// (or starting over) while a check runs makes that check's answer stale.
import { createSignal } from 'solid-js'
import type { BackupCheck, BackupManifest, DatabaseStats } from '../../workers/engine/types'

export type RestoreState =
  | { step: 'idle' }
  | { step: 'checking'; file: File }
  | { step: 'passphrase'; file: File; wrong?: string }
  | { step: 'refused'; file: File; message: string }
  | { step: 'confirm'; file: File; passphrase?: string; manifest: BackupManifest; current: DatabaseStats | null }
  | { step: 'restoring'; file: File; manifest: BackupManifest }
  | { step: 'restored'; manifest: BackupManifest }
  | { step: 'failed'; file: File; message: string }

export interface RestoreApi {
  check(file: Blob, passphrase?: string): Promise<BackupCheck>
  restore(file: Blob, passphrase?: string): Promise<BackupManifest>
  /** The workspace's counts now, to show beside the backup's. */
  current(): Promise<DatabaseStats | null>
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message || error.name : String(error))

export function createRestoreFlow(api: RestoreApi) {
  const [state, setState] = createSignal<RestoreState>({ step: 'idle' })
  let asked = 0

  async function check(file: File, passphrase?: string): Promise<void> {
    const mine = ++asked
    setState({ step: 'checking', file })
    let answer: BackupCheck
    let current: DatabaseStats | null = null
    try {
      answer = await api.check(file, passphrase)
      if (answer.ok) current = await api.current().catch(() => null)
    } catch (error) {
      answer = { ok: false, problem: 'damaged', message: messageOf(error) }
    }
    if (mine !== asked) return
    if (answer.ok) setState({ step: 'confirm', file, ...(passphrase ? { passphrase } : {}), manifest: answer.manifest, current })
    else if (answer.problem === 'encrypted') setState({ step: 'passphrase', file })
    else if (answer.problem === 'wrong-passphrase') setState({ step: 'passphrase', file, wrong: answer.message })
    else setState({ step: 'refused', file, message: answer.message })
  }

  return {
    state,
    /** A file was chosen: check it. */
    choose: (file: File) => check(file),
    /** The passphrase of the encrypted file being restored. */
    unlock(passphrase: string) {
      const s = state()
      if (s.step === 'passphrase' && passphrase) void check(s.file, passphrase)
    },
    /** The user confirmed: replace the workspace. */
    async confirm(): Promise<BackupManifest | undefined> {
      const s = state()
      if (s.step !== 'confirm') return undefined
      const mine = ++asked
      setState({ step: 'restoring', file: s.file, manifest: s.manifest })
      try {
        const manifest = await api.restore(s.file, s.passphrase)
        if (mine === asked) setState({ step: 'restored', manifest })
        return manifest
      } catch (error) {
        if (mine === asked) setState({ step: 'failed', file: s.file, message: messageOf(error) })
        return undefined
      }
    },
    /** Back to choosing a file. */
    reset() {
      asked++
      setState({ step: 'idle' })
    },
  }
}
