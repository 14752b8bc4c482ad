import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import pg from 'pg'
import { createTestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { reader } from '../../test/support/readers.ts'
import { openDatabase, quoteIdent, type Database } from '../db/database.ts'
import { migrate } from '../db/migrate.ts'

after(closeTemplate)

const N = 37
// No timer flush during the test: what reaches the database is what the graceful close wrote.
const build = { counters: { flushMs: 3_600_000 } }

/** Start, send N views, close gracefully, start again on the same database: N counted. */
async function sendCloseRestart(open: () => Promise<Database>) {
  const first = await createTestApp({ database: await open(), build })
  const id = (await first.database.db.selectFrom('articles').select('id').where('slug', 'like', 'un-security-council%').executeTakeFirstOrThrow()).id
  for (let i = 0; i < N; i++) {
    const res = await first.app.inject({ method: 'POST', url: '/api/counters/views', payload: { article: id }, headers: reader(i) })
    assert.equal(res.statusCode, 204)
  }
  const written = await first.database.db.selectFrom('article_counters').select('views').where('article_id', '=', id).executeTakeFirst()
  assert.equal(written, undefined, 'nothing was written before the close')
  assert.equal(first.app.counters.pending(), N)
  await first.close()

  const second = await createTestApp({ database: await open(), demo: false, build })
  const counts = JSON.parse((await second.app.inject(`/api/content/articles/${id}/counters`)).body)
  assert.equal(counts.views, 12 + N)
  await second.close()
}

test('graceful shutdown writes every counted view (embedded database on disk)', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-shutdown-'))
  try {
    await sendCloseRestart(async () => {
      const database = await openDatabase({ dataDir: path.join(dir, 'data') })
      await migrate(database.db)
      return database
    })
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
})

test('graceful shutdown writes every counted view (PostgreSQL)', { skip: process.env.DATABASE_URL ? false : 'DATABASE_URL is not set' }, async () => {
  const url = process.env.DATABASE_URL!
  const schema = `test_shutdown_${randomBytes(4).toString('hex')}`
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    await c.query(q)
    await c.end()
  }
  await admin(`create schema ${quoteIdent(schema)}`)
  try {
    await sendCloseRestart(async () => {
      const database = await openDatabase({ url, schema, poolSize: 3 })
      await migrate(database.db)
      return database
    })
  } finally {
    await admin(`drop schema if exists ${quoteIdent(schema)} cascade`)
  }
})
