// Export as SQL, and the proof that it is a way out: the dump loads into a
// real PostgreSQL server with `psql -f`, and the engine's own compiled SQL
// (engine.explain) selects the same users there as in PGlite, for
// hand-written queries and random filters over messy data (the differential
// fuzz's generators). The server is a throwaway cluster of the machine's
// PostgreSQL (Debian's `postgresql` package; .ci/run installs it), started
// on a free local port; where none can be started the proof is skipped with
// the reason, unless COHORTLITE_REQUIRE_POSTGRES=1 (CI) makes that a failure.
import type { PGlite } from '@electric-sql/pglite'
import fc from 'fast-check'
import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../workers/engine/db'
import { openEngine } from '../../workers/engine/index'
import { withoutPgliteOnly } from '../../workers/engine/export/sql'
import type { Engine, Group, UsersQuery } from '../../workers/engine/types'
import { COHORT_IDS, dataArb, filterArb, GROUP_KEY } from './oracle/arbitraries'
import { NOW } from './oracle/fixture'
import { load, openTestDb } from './oracle/sql'
import { templateBlob } from './helpers'

const run = promisify(execFile)

// ------------------------------------------------------------------ the export itself

// One hand-built workspace (handBuilt, below) serves the checks of the file
// and the proof: opening and filling an engine is the slow part.
let hand: Promise<{ engine: Engine; cohortIds: string[] }> | undefined
const handWorkspace = () => (hand ??= handBuilt())
afterAll(async () => { await (await hand)?.engine.close() })

describe('export as SQL', () => {
  let text: string
  beforeAll(async () => {
    const file = await (await handWorkspace()).engine.exportSql()
    expect(file.name).toMatch(/^cohortlite-\d{4}-\d{2}-\d{2}\.sql$/)
    text = await file.text()
  }, 300_000)

  it('has no PGlite-only lines left, and says what it changed', () => {
    expect(text).not.toMatch(/^SET transaction_timeout = 0;$/m)
    expect(text).not.toMatch(/^ALTER TABLE ONLY .* SET \(pg_attver=/m)
    expect(text).toMatch(/^--\n-- A Cohortlite workspace as SQL/)
    expect(text).toMatch(/removed SET transaction_timeout = …: a setting PostgreSQL has only since 17/)
    expect(text).toMatch(/ALTER DATABASE %I SET timezone TO %L/)
    expect(text).toMatch(/CREATE FUNCTION public.pg_input_is_valid/)
    for (const table of ['profiles', 'events', 'cohorts', 'cohort_members', 'imports', 'import_skipped_rows', 'schema_migrations']) {
      expect(text).toMatch(new RegExp(`^CREATE TABLE public\\.${table} \\(`, 'm'))
    }
    expect(text).toMatch(/^CREATE FUNCTION public\.cl_time\(v jsonb\)/m)
  })

  it('keeps every value byte for byte, even one that looks like a removed line', () => {
    expect(text).toContain(`'Cut\nSET transaction_timeout = 0;'`)
    expect(text).toContain(String.raw`x\nSET transaction_timeout = 0;\nALTER TABLE ONLY public.profiles ALTER COLUMN id SET (pg_attver=1);`)
    const header = 'SET statement_timeout = 0;\nSET transaction_timeout = 0;\n-- Data for Name: cohorts\nSET transaction_timeout = 0;\n'
    expect(withoutPgliteOnly(header, true)).toBe('SET statement_timeout = 0;\n-- Data for Name: cohorts\nSET transaction_timeout = 0;\n')
  })

  it('gives the engine its connection back as it was: writable, UTC, its settings', async () => {
    const { engine } = await handWorkspace()
    const on = { op: 'and', filters: [{ type: 'property', property: 'signup', dataType: 'datetime', operator: 'on', values: ['2024-01-02'] }] } as Group
    const before = await engine.countUsers({ scope: 'profiles', filter: on })
    await engine.applyProfileUpdates([{ $distinct_id: 'dora', $set: { signup: '2024-01-02' } }])
    expect(await engine.countUsers({ scope: 'profiles', filter: on })).toBe(before + 1)
  })
})

// ------------------------------------------------------------------ a throwaway PostgreSQL

interface Server {
  version: string
  /** psql on database `db`, reading `file`; its output (-At). */
  psql(db: string, file: string): Promise<string>
  sql(db: string, command: string): Promise<string>
  /** A path in a directory the server's user can read. */
  path(name: string): string
  stop(): Promise<void>
}

/** The newest PostgreSQL whose initdb, pg_ctl and psql are installed, or why there is none. */
function findPostgres(): { bin: string } | { missing: string } {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter(v => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : []
  for (const v of versions) {
    const bin = join(root, v, 'bin')
    if (['initdb', 'pg_ctl', 'psql'].every(t => existsSync(join(bin, t)))) return { bin }
  }
  return { missing: 'no PostgreSQL server installed (apt-get install postgresql)' }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

async function startPostgres(bin: string): Promise<Server> {
  // PostgreSQL refuses to run as root: then the cluster belongs to `postgres`.
  const root = process.getuid?.() === 0
  const owner = root ? (await run('id', ['-u', 'postgres']).then(r => Number(r.stdout), () => NaN)) : undefined
  if (root && !Number.isInteger(owner)) throw new Error('running as root and there is no postgres user to run the server as')
  const ownerGid = root ? Number((await run('id', ['-g', 'postgres'])).stdout) : undefined
  const base = await mkdtemp(join(tmpdir(), 'cohortlite-pg-'))
  await chmod(base, 0o755)
  const data = join(base, 'data')
  const sock = join(base, 'sock')
  await mkdir(data, { mode: 0o700 })
  await mkdir(sock, { mode: 0o755 })
  if (root) for (const d of [data, sock]) await chown(d, owner!, ownerGid!)
  const as = (tool: string, args: string[]) => {
    const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args]
    return run(cmd as string, argv as string[], { cwd: base, maxBuffer: 64 << 20 })
  }
  const port = await freePort()
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale'])
  // A time zone other than UTC: the dump must pin its database to UTC itself.
  await as('pg_ctl', ['-D', data, '-l', join(sock, 'server.log'), '-w', '-t', '60', 'start',
    '-o', `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c timezone=America/New_York -c fsync=off`])
  const psqlArgs = (db: string) => ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db]
  const server: Server = {
    version: '',
    psql: async (db, file) => (await as('psql', [...psqlArgs(db), '-f', file])).stdout,
    sql: async (db, command) => (await as('psql', [...psqlArgs(db), '-c', command])).stdout.trim(),
    path: name => join(base, name),
    stop: async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined)
      await rm(base, { recursive: true, force: true })
    },
  }
  server.version = await server.sql('postgres', 'show server_version')
  return server
}

// ------------------------------------------------------------------ the proof

/** A literal psql passes on as PGlite passes a bound parameter: its text, in the type the server infers. */
function literal(text: string | null): string {
  return text === null ? 'NULL' : `'${text.replace(/'/g, "''")}'`
}

/** Count and a hash of the ids a query selects: the same wrapper on both sides. */
const wrap = (sql: string) =>
  `select count(*)::integer as n, coalesce(md5(string_agg(distinct_id, E'\\n' order by distinct_id collate "C")), '') as h from (${sql}) s`

/**
 * Loads `engine`'s SQL export into a new database `db` on the server, runs
 * every query's compiled SQL there and in PGlite (a copy of the engine's
 * data dir), and returns both answers.
 */
async function compare(server: Server, db: string, engine: Engine, queries: UsersQuery[]) {
  const file = server.path(`${db}.sql`)
  await writeFile(file, await (await engine.exportSql()).text(), { mode: 0o644 })
  await server.sql('postgres', `create database ${db}`)
  await server.psql(db, file)

  const copy: PGlite = await openDatabase({ loadDataDir: await engine.dumpDataDir() })
  const script: string[] = []
  const expected: string[] = []
  for (const [i, query] of queries.entries()) {
    const { sql, params } = await engine.explain(query)
    const wrapped = wrap(sql)
    const { rows } = await copy.query<{ n: number; h: string }>(wrapped, params)
    expect(rows[0]!.n, JSON.stringify(query)).toBe(await engine.countUsers(query))
    expected.push(`${rows[0]!.n}|${rows[0]!.h}`)
    const { queryParams } = await copy.describeQuery(wrapped)
    const args = params.map((v, j) => literal(v === null || v === undefined ? null : (queryParams[j]?.serializer?.(v) ?? String(v))))
    script.push(`PREPARE q${i} AS ${wrapped};`, `EXECUTE q${i}${args.length ? `(${args.join(', ')})` : ''};`)
  }
  await copy.close()
  const queriesFile = server.path(`${db}-queries.sql`)
  await writeFile(queriesFile, script.join('\n') + '\n', { mode: 0o644 })
  const actual = (await server.psql(db, queriesFile)).trim().split('\n')
  return { expected, actual }
}

const pro: Group = { op: 'and', filters: [{ type: 'property', property: 'plan', dataType: 'string', operator: 'equals', values: ['pro'] }] }

/** Queries over the hand-built workspace: every data type, behaviour with windows and where, cohorts, search, groups. */
function handQueries(cohortIds: string[]): UsersQuery[] {
  const p = (property: string, dataType: string, operator: string, values?: unknown[], extra: object = {}) =>
    ({ type: 'property', property, dataType, operator, ...(values ? { values } : {}), ...extra })
  const filters: unknown[] = [
    p('plan', 'string', 'contains', ['r']), p('age', 'number', 'between', [20, 40]), p('age', 'number', 'greaterThan', [30]),
    p('signup', 'datetime', 'before', ['2024-03-01']), p('signup', 'datetime', 'on', ['2024-01-02']),
    p('signup', 'datetime', 'inLast', undefined, { amount: 6, unit: 'month' }), p('vip', 'boolean', 'isTrue'),
    p('tags', 'list', 'contains', ['b']), p('city', 'string', 'isNotSet'),
    { type: 'behavior', event: 'Bought', operator: 'atLeast', count: 2, window: { last: 30, unit: 'day' } },
    { type: 'behavior', event: '$any', operator: 'didNot', window: { from: '2024-05-01', to: '2024-05-31' } },
    { type: 'behavior', event: 'Bought', operator: 'atLeast', count: 1,
      where: { op: 'and', filters: [p('amount', 'number', 'atLeast', [10])] } },
    ...cohortIds.flatMap(cohortId => [{ type: 'cohort', cohortId, operator: 'in' }, { type: 'cohort', cohortId, operator: 'notIn' }]),
  ]
  return [
    { scope: 'profiles' }, { scope: 'all' }, { scope: 'all', search: 'an' },
    ...filters.flatMap(f => (['profiles', 'all'] as const).map(scope => ({ scope, now: NOW, filter: { op: 'and', filters: [f] } as Group }))),
    { scope: 'all', now: NOW, filter: { op: 'or', filters: filters.slice(0, 4) } as Group },
    { scope: 'all', groupKey: 'company', filter: { op: 'and', filters: [p('size', 'number', 'atLeast', [5])] } as Group },
  ]
}

async function handBuilt(): Promise<{ engine: Engine; cohortIds: string[] }> {
  const engine = await openEngine({ loadDataDir: await templateBlob() })
  const updates = await engine.applyProfileUpdates([
    { $distinct_id: 'ann', $set: { plan: 'pro', age: '41', signup: '2024-01-02', vip: 'yes', tags: ['a', 'b'] } },
    { $distinct_id: 'bob', $set: { plan: 'free', age: 25, signup: '2024-05-20T23:30:00-05:00', city: 'Zürich' } },
    { $distinct_id: 'Zoë 🎉', $set: { plan: 'pro', age: 33.5, signup: 1_704_153_600, vip: true } },
    { $distinct_id: `o'neil, "q"`, $set: { plan: 'team', signup: '2024-02-30', tags: '["b"]' } },
    // Data that looks like the lines the export removes stays data.
    { $distinct_id: 'eli', $set: { note: 'x\nSET transaction_timeout = 0;\nALTER TABLE ONLY public.profiles ALTER COLUMN id SET (pg_attver=1);' } },
    { $group_key: 'company', $group_id: 'acme', $set: { size: 10 } },
    { $group_key: 'company', $group_id: 'tiny', $set: { size: '2' } },
  ])
  expect(updates.errors).toEqual([])
  const t = (days: number) => Math.floor(Date.parse(NOW) / 1000) - days * 86_400
  const events = await engine.importEvents([
    { event: 'Bought', properties: { distinct_id: 'ann', time: t(1), $insert_id: 'b1', amount: 12 } },
    { event: 'Bought', properties: { distinct_id: 'ann', time: t(3), $insert_id: 'b2', amount: '9' } },
    { event: 'Bought', properties: { distinct_id: 'carol', time: t(40), $insert_id: 'b3', amount: 50 } },
    { event: 'Viewed', properties: { distinct_id: 'bob', time: t(10), $insert_id: 'v1' } },
  ])
  expect(events.errors).toEqual([])
  const a = await engine.saveCohort({ name: 'Pro', kind: 'dynamic', filter: pro })
  const b = await engine.saveCohort({ name: 'Picked', kind: 'static', members: ['bob', 'carol', 'nobody'] })
  const c = await engine.saveCohort({ name: 'Pro or picked', kind: 'dynamic', filter: { op: 'or', filters: [
    { type: 'cohort', cohortId: a.id, operator: 'in' }, { type: 'cohort', cohortId: b.id, operator: 'in' }] } })
  await engine.saveCohort({ name: 'Cut\nSET transaction_timeout = 0;', kind: 'static', members: ['eli'] })
  return { engine, cohortIds: [a.id, b.id, c.id] }
}

/** Random messy workspaces and filters from the differential fuzz's generators (fixed seeds). */
async function randomWorkspaces(count: number): Promise<Array<{ engine: Engine; queries: UsersQuery[] }>> {
  const out: Array<{ engine: Engine; queries: UsersQuery[] }> = []
  const db = await openTestDb()
  for (const [i, data] of fc.sample(dataArb, { numRuns: count, seed: 14 }).entries()) {
    await load(db, data)
    const engine = await openEngine({ loadDataDir: await db.dumpDataDir('none') })
    const filters = fc.sample(filterArb(3, COHORT_IDS), { numRuns: 20, seed: 100 + i })
    const groupFilters = fc.sample(filterArb(2, [], true), { numRuns: 3, seed: 200 + i })
    out.push({
      engine,
      queries: [
        ...filters.map((filter, j) => ({ scope: j % 2 ? 'all' as const : 'profiles' as const, filter, now: NOW })),
        ...groupFilters.map(filter => ({ scope: 'all' as const, groupKey: GROUP_KEY, filter, now: NOW })),
      ],
    })
  }
  await db.close()
  return out
}

const found = findPostgres()

describe('the SQL export in a real PostgreSQL server', () => {
  let server: Server | undefined
  let unavailable = 'missing' in found ? found.missing : ''

  beforeAll(async () => {
    if ('missing' in found) return
    try {
      server = await startPostgres(found.bin)
    } catch (error) {
      unavailable = `PostgreSQL would not start: ${String((error as Error).message).split('\n')[0]}`
    }
  }, 120_000)
  afterAll(async () => { await server?.stop() })

  it('loads with psql -f, and the engine\'s SQL selects the same users there as in PGlite', { timeout: 600_000 }, async ({ skip, annotate }) => {
    if (!server) {
      if (process.env.COHORTLITE_REQUIRE_POSTGRES === '1') throw new Error(`COHORTLITE_REQUIRE_POSTGRES=1 but ${unavailable}`)
      skip(unavailable)
      return
    }
    await annotate(`PostgreSQL ${server.version}`)
    const { engine, cohortIds } = await handWorkspace()
    const hand = await compare(server, 'hand_built', engine, handQueries(cohortIds))
    expect(hand.actual).toEqual(hand.expected)
    // The queries tell users apart: not all "everyone" or "nobody".
    expect(new Set(hand.expected).size).toBeGreaterThan(8)

    // On the server the workspace keeps working: the time zone is UTC, the
    // stored casts equal the cast functions' answers, and the trigger
    // computes them for a new profile.
    expect(await server.sql('hand_built', 'show timezone')).toBe('UTC')
    expect(await server.sql('hand_built', 'select count(*) from profiles where nums is distinct from cl_nums(properties) or times is distinct from cl_times(properties)')).toBe('0')
    expect(await server.sql('hand_built', `insert into profiles (distinct_id, properties) values ('new', '{"age": " 7 ", "seen": "2024-01-02"}') returning nums, times`))
      .toBe('{"age": 7}|{"seen": 1704153600000000}')

    for (const [i, w] of (await randomWorkspaces(2)).entries()) {
      const { expected, actual } = await compare(server, `random_${i}`, w.engine, w.queries)
      expect(actual).toEqual(expected)
      await w.engine.close()
    }
  })
})
