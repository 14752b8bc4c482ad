import { sql } from 'kysely'
import { openTestDatabase, closeTemplate } from './test/support/databases.ts'
import { generateArchive } from './test/support/archive.ts'
import { parseSearchQuery } from './src/discovery/search-query.ts'
import { createSearchStore } from './src/discovery/search-store.ts'
const kind = (process.argv[2] ?? 'pglite') as 'pglite'
const d = await openTestDatabase(kind)
let t = Date.now()
await generateArchive(d.db, { count: Number(process.argv[3] ?? 5000) })
console.log('gen', Date.now() - t)
const r = await sql`select headline, lead from articles limit 2`.execute(d.db); console.log(r.rows)
const store = createSearchStore(d.db)
for (const q of ['zorvex4711', 'veltan42', 'council', '"security council"', 'zorvex12*']) {
  const p = parseSearchQuery(q)
  t = Date.now()
  const n = await store.countMatches(p, { editionId: 1, config: 'english' })
  const hits = await store.searchPage(p, { editionId: 1, config: 'english' }, { limit: 10, offset: 0, now: new Date(), dense: n > 1000 })
  console.log(q, n, hits.length, Date.now() - t, 'ms')
}
await d.close(); await closeTemplate()
