import { PGlite } from '@electric-sql/pglite'
import fs from 'node:fs'
let t = Date.now()
const lite = await PGlite.create()
console.log('create', Date.now() - t); t = Date.now()
await lite.exec('create table a (id int)')
const dump = await lite.dumpDataDir('none')
console.log('dump', Date.now() - t, dump.size); t = Date.now()
fs.writeFileSync('/tmp/dump.tar', Buffer.from(await dump.arrayBuffer()))
const l2 = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync('/tmp/dump.tar')]) })
console.log('load', Date.now() - t); t = Date.now()
console.log((await l2.query('select count(*) from a')).rows)
const c = await l2.clone()
console.log('clone', Date.now() - t); t = Date.now()
