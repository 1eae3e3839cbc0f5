// Back up → erase → restore, through data dirs on disk as the worker does it
// in OPFS: counts equal the manifest's, profiles and cohorts equal what was
// backed up; a restore that fails leaves the workspace as it was; a backup of
// an older schema is migrated; erase leaves an empty, working workspace.
import { PGlite } from '@electric-sql/pglite'
import { existsSync, mkdirSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openEngine } from '../../workers/engine/index'
import { createBackup, packBackup, readBackup } from '../../workers/engine/backup/backup'
import { restoreWorkspace, type DataDirs } from '../../workers/engine/backup/restore'
import type { Engine, Group } from '../../workers/engine/types'
import { latestVersion, migrate, migrations } from '../../workers/engine/migrations'
import { templateBlob } from './helpers'

const NOW = '2024-06-01T00:00:00Z'
const IDS = ['ann', 'bob', 'Zoë 🎉', 'comma,quote"', 'carol']
const pro: Group = { op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro'] }] }
const older: Group = { op: 'and', filters: [{ type: 'property', property: 'age', dataType: 'number', operator: 'greaterThan', values: [30] }] }

const base = await mkdtemp(join(tmpdir(), 'cohortlite-restore-'))
afterAll(() => rm(base, { recursive: true, force: true }))

/** Two data dirs on disk and a pointer file, as workers/dataDirs.ts keeps them in OPFS. */
function diskDataDirs(root: string): DataDirs {
  mkdirSync(root, { recursive: true })
  const pointer = join(root, 'current')
  const current = async () => (existsSync(pointer) ? (await readFile(pointer, 'utf8')).trim() : join(root, 'a'))
  return {
    current,
    async spare() {
      const now = await current()
      const other = now === join(root, 'a') ? join(root, 'b') : join(root, 'a')
      await rm(other, { recursive: true, force: true })
      return other
    },
    activate: dataDir => writeFile(pointer, dataDir),
    remove: dataDir => rm(dataDir, { recursive: true, force: true }),
  }
}

async function seed(e: Engine): Promise<void> {
  const updates = await e.applyProfileUpdates([
    { $distinct_id: 'ann', $set: { plan: 'pro', age: 41, tags: ['a', 'b'], note: 'line one\nline two' } },
    { $distinct_id: 'bob', $set: { plan: 'free', age: 25 } },
    { $distinct_id: 'Zoë 🎉', $set: { plan: 'pro', city: 'Zürich' } },
    { $distinct_id: 'comma,quote"', $set: { plan: 'team', signup: '2024-01-02' } },
    { $group_key: 'company', $group_id: 'acme', $set: { size: 10 } },
  ])
  expect(updates.errors).toEqual([])
  const events = await e.importEvents([
    { event: 'Signed up', properties: { distinct_id: 'ann', time: 1_700_000_000, $insert_id: 'e1', source: 'ad' } },
    { event: 'Bought', properties: { distinct_id: 'carol', time: 1_700_000_100, $insert_id: 'e2', amount: 12.5 } },
  ])
  expect(events.errors).toEqual([])
  await e.saveCohort({ name: 'Pro', kind: 'dynamic', filter: pro })
  await e.saveCohort({ name: 'Hand-picked', description: 'from a call', kind: 'static', members: ['bob', 'carol'] })
}

/** What a user sees of the workspace: counts, profiles, cohorts and their members. */
async function snapshot(e: Engine) {
  const cohorts = (await e.listCohorts()).map(({ createdAt: _c, updatedAt: _u, ...c }) => c)
  const members = await Promise.all(cohorts.map(c => e.listUsers({
    scope: 'all', now: NOW, offset: 0, limit: 100, filter: { op: 'and', filters: [{ type: 'cohort', cohortId: c.id, operator: 'in' }] },
  })))
  return {
    stats: await e.stats(),
    profiles: await Promise.all(IDS.map(id => e.getProfile(id))),
    group: await e.getGroupProfile('company', 'acme'),
    cohorts: cohorts.sort((a, b) => a.name.localeCompare(b.name)),
    members: members.map(rows => rows.map(r => r.distinctId).sort()).sort(),
    older: await e.countUsers({ scope: 'profiles', filter: older }),
    activity: await e.activity('ann', { limit: 10 }),
  }
}

describe('back up, erase, restore', () => {
  const root = join(base, 'workspace')
  const dirs = diskDataDirs(root)
  let engine: Engine
  let before: Awaited<ReturnType<typeof snapshot>>
  let file: File

  // Several databases opened and loaded each: minutes on a busy machine.
  it('restores what was backed up, after an erase', { timeout: 300_000 }, async () => {
    engine = await openEngine({ dataDir: await dirs.current(), loadDataDir: await templateBlob() })
    await seed(engine)
    before = await snapshot(engine)
    expect(before.stats).toMatchObject({ profiles: 4, users: 5, groups: 1, events: 2, cohorts: 2 })
    file = await engine.backup({ passphrase: 'pw' })

    await engine.erase()
    expect(await engine.stats()).toEqual({ profiles: 0, users: 0, groups: 0, events: 0, cohorts: 0 })
    expect(await engine.listCohorts()).toEqual([])

    const backup = await readBackup(file, 'pw')
    const previous = await dirs.current()
    await engine.close()
    engine = await restoreWorkspace(backup, dirs, openEngine)
    expect(await dirs.current()).not.toBe(previous)
    expect(existsSync(previous)).toBe(false)
    const after = await snapshot(engine)
    expect(after.stats).toEqual(backup.manifest.counts)
    expect(after).toEqual(before)
  })

  it('a restore that fails changes nothing: the workspace and its data dir stay', { timeout: 300_000 }, async () => {
    const current = await dirs.current()
    const stats = await engine.stats()
    const { manifest, database } = await readBackup(file, 'pw')
    const lying = await readBackup(await packBackup({ ...manifest, counts: { ...manifest.counts, events: 99 } }, database))
    await engine.close()
    await expect(restoreWorkspace(lying, dirs, openEngine)).rejects.toThrow(
      /could not be restored \(the restored database holds 2 events where the backup's manifest says 99\)\. The workspace was not changed\./)
    expect(await dirs.current()).toBe(current)
    expect(existsSync(join(root, 'a')) && existsSync(join(root, 'b'))).toBe(false)
    engine = await openEngine({ dataDir: current })
    expect(await engine.stats()).toEqual(stats)
    expect(await snapshot(engine)).toEqual(before)
    await engine.close()
  })
})

describe('erase', () => {
  it('leaves an empty workspace that works at once, numbering from 1 again', { timeout: 180_000 }, async () => {
    const e = await openEngine({ loadDataDir: await templateBlob() })
    await seed(e)
    const imports = await e.recordImport({ fileName: 'x.csv', kind: 'profiles', startedAt: NOW, finishedAt: NOW, rows: 1, created: 1, updated: 0, skipped: 0, status: 'done' })
    expect(imports.id).toBe(1)
    await e.erase()
    expect(await e.stats()).toEqual({ profiles: 0, users: 0, groups: 0, events: 0, cohorts: 0 })
    expect(await e.listImports()).toEqual([])
    expect(await e.getProfile('ann')).toBeNull()
    // It works: writes, cohorts, filters, the import history.
    await seed(e)
    expect(await e.countUsers({ scope: 'profiles', filter: pro })).toBe(2)
    const again = await e.recordImport({ fileName: 'y.csv', kind: 'profiles', startedAt: NOW, finishedAt: NOW, rows: 1, created: 1, updated: 0, skipped: 0, status: 'done' })
    expect(again.id).toBe(1)
    await e.close()
  })
})

describe('a backup of an older schema', () => {
  it('is migrated when it is restored, and its filters work', { timeout: 300_000 }, async () => {
    // A database as schema 2 left it: built by the first two migrations alone.
    const db = await PGlite.create()
    await migrate(db, migrations.filter(m => m.version <= 2))
    await db.exec(`
      insert into profiles (distinct_id, properties) values ('old-1', '{"age": "45"}'), ('old-2', '{"age": 20}');
      insert into cohorts (id, name, kind, filter) values ('c1', 'Older', 'dynamic', '{"op":"and","filters":[]}');`)
    const backup = await createBackup(db, { profiles: 2, users: 2, groups: 0, events: 0, cohorts: 1 })
    await db.close()
    const read = await readBackup(backup)
    expect(read.manifest.schemaVersion).toBe(2)
    expect(latestVersion).toBeGreaterThan(2)

    const dirs = diskDataDirs(join(base, 'older'))
    const e = await restoreWorkspace(read, dirs, openEngine)
    expect(await e.stats()).toMatchObject({ profiles: 2, users: 2, cohorts: 1 })
    expect((await e.listUsers({ scope: 'profiles', filter: older, offset: 0, limit: 10 })).map(r => r.distinctId)).toEqual(['old-1'])
    await e.close()
    const reopened = await PGlite.create({ dataDir: await dirs.current() })
    const { rows } = await reopened.query<{ v: number }>('select max(version)::integer as v from schema_migrations')
    expect(rows[0]!.v).toBe(latestVersion)
    await reopened.close()
  })
})
