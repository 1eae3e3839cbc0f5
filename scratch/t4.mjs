import { PGlite } from '@electric-sql/pglite'
import fs from 'fs'
const src = fs.readFileSync('workers/engine/schema/001_initial.ts','utf8')
const sql = eval('`' + src.split('/* sql */ `')[1].split('\n`\n')[0] + '`')
const db = await PGlite.create()
await db.exec(`set timezone to 'UTC'`)
await db.exec(sql)
const vals = ['"3"',' " 42 "','"1e3"','"abc"','""','3.50','true','"TRUE"','"yes"','0','null','"2024-01-02"','"2024-01-02T03:04:05"','"2024-01-02T03:04:05+02:00"','"2024-02-30"','1700000000','1700000000000','"1e400"','"NaN"','[1,"a"]','{"a":1}','"2024-01-02 10:00"','"2024-01-02T10:00Z"']
for (const v of vals) {
  const r = await db.query(`select cl_text($1::jsonb) t, cl_num($1::jsonb)::text n, cl_bool($1::jsonb) b, cl_time($1::jsonb) d`, [v])
  console.log(v.padEnd(30), JSON.stringify(r.rows[0]))
}
process.exit(0)
