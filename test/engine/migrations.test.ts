import { PGlite } from '@electric-sql/pglite'
import { describe, expect, it } from 'vitest'
import { latestVersion, migrate, migrations } from '../../workers/engine/migrations'
import { openEngine } from '../../workers/engine/index'
import { templateBlob } from './helpers'

describe('migrations', () => {
  it('records every applied migration', async () => {
    const db = await PGlite.create({ loadDataDir: await templateBlob() })
    const { rows } = await db.query<{ version: number }>('select version from schema_migrations order by version')
    expect(rows.map(r => r.version)).toEqual(migrations.map(m => m.version))
    await db.close()
  })

  it('upgrades a database from an older version in place, keeping its data', async () => {
    const db = await PGlite.create({ loadDataDir: await templateBlob() })
    await db.query(`insert into profiles (distinct_id, properties) values ('u1', '{"plan":"pro"}')`)
    const next = [...migrations, { version: latestVersion + 1, name: 'test: add a column', sql: 'alter table profiles add column note text' }]
    await migrate(db, next)
    const { rows } = await db.query<{ distinct_id: string; note: string | null }>('select distinct_id, note from profiles')
    expect(rows).toEqual([{ distinct_id: 'u1', note: null }])
    const versions = await db.query<{ version: number }>('select version from schema_migrations order by version')
    expect(versions.rows.at(-1)!.version).toBe(latestVersion + 1)
    await migrate(db, next) // a second run is a no-op
    await db.close()
  })

  it('refuses a database written by a newer version, with a clear message', async () => {
    const db = await PGlite.create({ loadDataDir: await templateBlob() })
    await db.query(`insert into schema_migrations (version, name) values ($1, 'from the future')`, [latestVersion + 5])
    const dump = await db.dumpDataDir('none')
    await db.close()
    await expect(openEngine({ loadDataDir: dump })).rejects.toThrow(/written by a newer version of Cohortlite \(schema \d+; this version knows up to \d+\)/)
  })

  it('a failed migration leaves the database at its previous version', async () => {
    const db = await PGlite.create({ loadDataDir: await templateBlob() })
    const broken = [...migrations, { version: latestVersion + 1, name: 'broken', sql: 'alter table profiles add column x int; select * from nowhere' }]
    await expect(migrate(db, broken)).rejects.toThrow(/nowhere/)
    const { rows } = await db.query<{ v: number }>('select max(version) as v from schema_migrations')
    expect(rows[0]!.v).toBe(latestVersion)
    const cols = await db.query(`select 1 from information_schema.columns where table_name = 'profiles' and column_name = 'x'`)
    expect(cols.rows).toHaveLength(0)
    await db.close()
  })
})
