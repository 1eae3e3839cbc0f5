// Backup files: what they hold, and every way a file is refused before
// anything is replaced (foreign, truncated, damaged, newer, encrypted with
// another passphrase, tampered with). Restoring is backup-restore.test.ts.
import { PGlite } from '@electric-sql/pglite'
import { gunzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkBackup, packBackup, POSTGRES_MAJOR, readBackup } from '../../workers/engine/backup/backup'
import type { BackupCheck, BackupManifest } from '../../workers/engine/types'
import { latestVersion } from '../../workers/engine/migrations'
import { version } from '../../package.json'
import { useEngine } from './helpers'

const PASSPHRASE = 'correct horse battery staple'

const problem = (check: BackupCheck) => (check.ok ? 'ok' : check.problem)
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer())
const cut = async (blob: Blob, end: number) => new Blob([(await bytesOf(blob)).subarray(0, end)])
async function flipped(blob: Blob, at: number): Promise<Blob> {
  const bytes = (await bytesOf(blob)).slice()
  bytes[at]! ^= 0x40
  return new Blob([bytes])
}

/**
 * A backup with `file`'s manifest edited, holding a small stand-in for the
 * database: every check these files fail comes before the database is read,
 * and packing the real one again each time costs seconds.
 */
async function withManifest(file: Blob, edit: (m: BackupManifest) => object): Promise<File> {
  const { manifest } = await readBackup(file)
  const database = new Blob([new Uint8Array(2048)])
  return packBackup(edit({ ...structuredClone(manifest), database: { name: 'pgdata.tar', bytes: database.size } }) as BackupManifest, database)
}

describe('a backup', () => {
  const engine = useEngine()
  let plain: File
  let encrypted: File

  beforeAll(async () => {
    const e = engine()
    await e.applyProfileUpdates([
      { $distinct_id: 'ann', $set: { plan: 'pro', note: 'a, "quoted"\nline' } },
      { $distinct_id: 'bob', $set: { plan: 'free' } },
      { $group_key: 'company', $group_id: 'acme', $set: { size: 10 } },
    ])
    await e.importEvents([
      { event: 'Signed up', properties: { distinct_id: 'ann', time: 1_700_000_000, $insert_id: 'e1' } },
      { event: 'Viewed', properties: { distinct_id: 'eve', time: 1_700_000_100, $insert_id: 'e2' } },
    ])
    await e.saveCohort({ name: 'Pro', kind: 'dynamic', filter: { op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro'] }] } })
    plain = await e.backup()
    encrypted = await e.backup({ passphrase: PASSPHRASE })
  }, 300_000)

  it('is a tar.gz whose first entry is the manifest, then the data dir', async () => {
    expect(plain.name).toMatch(/^cohortlite-\d{4}-\d{2}-\d{2}\.tar\.gz$/)
    expect(encrypted.name).toMatch(/^cohortlite-\d{4}-\d{2}-\d{2}\.tar\.gz\.enc$/)
    const tar = gunzipSync(await bytesOf(plain))
    const name = new TextDecoder().decode(tar.subarray(0, 100)).replace(/\0.*$/s, '')
    expect(name).toBe('cohortlite-backup.json')
    const size = parseInt(new TextDecoder().decode(tar.subarray(124, 136)), 8)
    const manifest = JSON.parse(new TextDecoder().decode(tar.subarray(512, 512 + size))) as BackupManifest
    const stats = await engine().stats()
    expect(manifest).toMatchObject({
      format: 'cohortlite-backup', formatVersion: 1, appVersion: version, schemaVersion: latestVersion, postgres: POSTGRES_MAJOR,
      counts: { profiles: stats.profiles, users: stats.users, groups: stats.groups, events: stats.events, cohorts: 1 },
      database: { name: 'pgdata.tar' },
    })
    expect(stats).toMatchObject({ profiles: 2, users: 3, groups: 1, events: 2, cohorts: 1 })
    expect(Date.now() - Date.parse(manifest.createdAt)).toBeLessThan(60_000)
    const second = 512 + size + ((512 - (size % 512)) % 512)
    expect(new TextDecoder().decode(tar.subarray(second, second + 100)).replace(/\0.*$/s, '')).toBe('pgdata.tar')
  })

  it('passes its checks, and gives back the database it was made from', async () => {
    const check = await checkBackup(plain)
    expect(check).toMatchObject({ ok: true, encrypted: false })
    const read = await readBackup(plain)
    expect(read.database.size).toBe(read.manifest.database.bytes)
    const db = await PGlite.create({ loadDataDir: read.database })
    const { rows } = await db.query<{ distinct_id: string; properties: object }>(`select distinct_id, properties from profiles where distinct_id = 'ann'`)
    expect(rows).toEqual([{ distinct_id: 'ann', properties: { plan: 'pro', note: 'a, "quoted"\nline' } }])
    // POSTGRES_MAJOR, what a backup records and a restore expects, is the bundled PostgreSQL's.
    const version = await db.query<{ v: string }>(`select current_setting('server_version_num') as v`)
    expect(Math.floor(Number(version.rows[0]!.v) / 10000)).toBe(POSTGRES_MAJOR)
    await db.close()
  })

  describe('encrypted with a passphrase', () => {
    it('shows nothing of its content, and asks for the passphrase', async () => {
      const bytes = await bytesOf(encrypted)
      expect(new TextDecoder().decode(bytes.subarray(0, 28))).toBe('COHORTLITE ENCRYPTED BACKUP\n')
      expect(Buffer.from(bytes).includes('cohortlite-backup.json')).toBe(false)
      expect(Buffer.from(bytes).includes('"profiles"')).toBe(false)
      expect(await checkBackup(encrypted)).toEqual({ ok: false, problem: 'encrypted', message: 'This backup is encrypted: enter its passphrase' })
    })

    it('opens with its passphrase, to the same manifest and database', async () => {
      const check = await checkBackup(encrypted, PASSPHRASE)
      expect(check).toMatchObject({ ok: true, encrypted: true, manifest: { counts: { profiles: 2, users: 3, events: 2 } } })
      const a = await readBackup(plain)
      const b = await readBackup(encrypted, PASSPHRASE)
      expect(b.database.size).toBe(a.database.size)
    })

    it('refuses a wrong passphrase, saying so', async () => {
      const check = await checkBackup(encrypted, 'correct horse battery stapler')
      expect(check).toMatchObject({ ok: false, problem: 'wrong-passphrase', message: expect.stringMatching(/^Wrong passphrase/) })
    })

    it('refuses a changed byte anywhere, saying the file was changed', async () => {
      const size = encrypted.size
      // in the header JSON, in the first chunk, in the last chunk's tag
      for (const at of [60, size - 5]) {
        const check = await checkBackup(await flipped(encrypted, at), PASSPHRASE)
        expect(check.ok, `byte ${at}`).toBe(false)
        expect(problem(check), `byte ${at}`).toMatch(/^(tampered|wrong-passphrase)$/)
      }
      const inData = await checkBackup(await flipped(encrypted, 2000), PASSPHRASE)
      expect(inData).toMatchObject({ problem: 'tampered', message: expect.stringMatching(/changed since it was made/) })
    })

    it('refuses a cut file as incomplete, at a chunk boundary too', async () => {
      expect(problem(await checkBackup(await cut(encrypted, encrypted.size - 100), PASSPHRASE))).toBe('truncated')
      expect(problem(await checkBackup(await cut(encrypted, 30), PASSPHRASE))).toBe('truncated')
      // Whole chunks only (1 MiB + its tag each), the last one missing.
      const headerEnd = 32 + new DataView((await bytesOf(encrypted)).buffer).getUint32(28)
      const chunk = (1 << 20) + 16
      if (encrypted.size - headerEnd > chunk) {
        expect(problem(await checkBackup(await cut(encrypted, headerEnd + chunk), PASSPHRASE))).toBe('truncated')
      }
    })
  })

  describe('refused before anything is replaced', () => {
    it('any other file: text, a bare tar, a tar.gz without a manifest', async () => {
      const csv = await checkBackup(new Blob(['$distinct_id,plan\nann,pro\n']))
      expect(csv).toMatchObject({ ok: false, problem: 'not-a-backup', message: 'This file is not a Cohortlite backup' })
      expect(await checkBackup(new Blob([]))).toMatchObject({ problem: 'not-a-backup' })
      const tar = await engine().dumpDataDir()
      expect(await checkBackup(tar)).toMatchObject({ problem: 'not-a-backup', message: expect.stringMatching(/tar archive, not a Cohortlite backup/) })
      const tgz = await new Response(tar.stream().pipeThrough(new CompressionStream('gzip'))).blob()
      expect(await checkBackup(tgz)).toMatchObject({ problem: 'not-a-backup', message: expect.stringMatching(/does not start with cohortlite-backup.json/) })
      const otherJson = await withManifest(plain, m => ({ ...m, format: 'something-else' }))
      expect(await checkBackup(otherJson)).toMatchObject({ problem: 'not-a-backup' })
    })

    it('a truncated file, wherever it is cut', async () => {
      for (const end of [plain.size - 1, plain.size - 8, Math.floor(plain.size / 2), 600, 30]) {
        const check = await checkBackup(await cut(plain, end))
        expect(check, `cut at ${end} of ${plain.size}`).toMatchObject({ ok: false, problem: 'truncated', message: expect.stringMatching(/incomplete/) })
      }
    })

    it('a damaged file (a changed byte fails gzip\'s check)', async () => {
      const check = await checkBackup(await flipped(plain, Math.floor(plain.size / 2)))
      expect(check).toMatchObject({ ok: false, problem: 'damaged' })
    })

    it('a backup from a newer Cohortlite: schema, file format, PostgreSQL', async () => {
      const schema = await checkBackup(await withManifest(plain, m => ({ ...m, appVersion: '9.0.0', schemaVersion: latestVersion + 1 })))
      expect(schema).toMatchObject({ ok: false, problem: 'newer', message: expect.stringMatching(/newer version of Cohortlite \(9\.0\.0, schema \d+; this version knows up to schema \d+\)/) })
      expect(await checkBackup(await withManifest(plain, m => ({ ...m, formatVersion: 2 })))).toMatchObject({ problem: 'newer' })
      expect(await checkBackup(await withManifest(plain, m => ({ ...m, postgres: POSTGRES_MAJOR + 1 })))).toMatchObject({ problem: 'newer' })
      expect(await checkBackup(await withManifest(plain, m => ({ ...m, postgres: POSTGRES_MAJOR - 1 })))).toMatchObject({ problem: 'incompatible' })
    })

    it('a manifest that does not match its database', async () => {
      const wrongSize = await withManifest(plain, m => ({ ...m, database: { ...m.database, bytes: m.database.bytes + 512 } }))
      expect(await checkBackup(wrongSize)).toMatchObject({ ok: false, problem: 'damaged' })
      const noCounts = await withManifest(plain, m => ({ ...m, counts: { profiles: 1 } }))
      expect(await checkBackup(noCounts)).toMatchObject({ ok: false, problem: 'damaged' })
      const notADataDir = await withManifest(plain, m => m)
      expect(await checkBackup(notADataDir)).toMatchObject({ ok: false, problem: 'damaged', message: expect.stringMatching(/not a PostgreSQL data directory/) })
    })
  })
})
