import { PGlite } from '@electric-sql/pglite'
let t=Date.now()
console.log('start')
const db = new PGlite()
await db.waitReady
console.log('create', Date.now()-t)
console.log(await db.query('select 1 as x'))
