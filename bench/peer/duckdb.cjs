// bench:peer's DuckDB-WASM side, in a process of its own (its peak RSS is
// its own): the blocking Node build (one thread), the database in a file, the
// CSV files registered through NODE_FS. It loads both files, checkpoints, and
// asks every count. There is no cold reopen: this build does not see the
// tables of a database file it reopens (duckdb-wasm issue 2170), so the
// figures of a reopen are the engine's alone.
//   node bench/peer/duckdb.cjs <db file> <profiles.csv> <events.csv> <asks.json>
// Prints one JSON line with the figures.
const { readFileSync, rmSync } = require('node:fs')
const { join } = require('node:path')

const dist = join(__dirname, 'node_modules/@duckdb/duckdb-wasm/dist')
const duckdb = require(join(dist, 'duckdb-node-blocking.cjs'))

const bundles = {
  mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
  eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
}

async function open(path) {
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME)
  await db.instantiate()
  db.open({ path, accessMode: duckdb.DuckDBAccessMode.READ_WRITE })
  const conn = db.connect()
  return { db, conn }
}

const rows = (conn, sql) => conn.query(sql).toArray().map(r => r.toJSON())
const timed = (work) => { const start = performance.now(); const result = work(); return [result, performance.now() - start] }
const peakRss = () => process.resourceUsage().maxRSS * 1024

async function run(dbPath, profilesCsv, eventsCsv, asksPath) {
  const asks = JSON.parse(readFileSync(asksPath, 'utf8'))
  rmSync(dbPath, { force: true })
  rmSync(`${dbPath}.wal`, { force: true })
  const { db, conn } = await open(dbPath)
  db.registerFileURL('profiles.csv', profilesCsv, duckdb.DuckDBDataProtocol.NODE_FS, false)
  db.registerFileURL('events.csv', eventsCsv, duckdb.DuckDBDataProtocol.NODE_FS, false)
  // The CSV as a user would load it: DuckDB's sniffer decides the columns' types.
  const [, importMs] = timed(() => conn.query(`create table profiles as select * from read_csv('profiles.csv', header = true)`))
  const types = Object.fromEntries(rows(conn, 'describe profiles').map(r => [r.column_name, r.column_type]))
  const [, eventsMs] = timed(() => {
    conn.query(`create table events as select * from read_csv('events.csv', header = true, columns = {
      'distinct_id': 'varchar', 'time': 'bigint', 'event': 'varchar', 'insert_id': 'varchar',
      'amount': 'double', 'query': 'varchar', 'path': 'varchar'})`)
    // As the engine does: a user seen only in events is a user (All Users).
    conn.query(`insert into profiles (id) select distinct e.distinct_id from events e anti join profiles p on p.id = e.distinct_id`)
  })
  const [, checkpointMs] = timed(() => conn.query('checkpoint'))
  const [counts] = timed(() => rows(conn, 'select (select count(*) from profiles)::integer as users, (select count(*) from events)::integer as events')[0])
  const answers = asks.map(({ name, sql }) => {
    const runs = sql.map(text => timed(() => rows(conn, text)[0].n))
    return { name, n: runs[0][0], ns: runs.map(r => r[0]), ms: runs.map(r => r[1]) }
  })
  conn.close()
  db.flushFiles()
  return { importMs, eventsMs, checkpointMs, types, ...counts, answers, peakRss: peakRss() }
}

run(...process.argv.slice(2))
  .then(result => { process.stdout.write(JSON.stringify(result) + '\n'); process.exit(0) })
  .catch(error => { process.stderr.write(`${error.stack ?? error}\n`); process.exit(1) })
