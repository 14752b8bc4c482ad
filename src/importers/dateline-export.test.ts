import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { createStaffService } from '../accounts/staff-service.ts'
import { runCommand, type CommandIO } from '../cli/commands.ts'
import { createVersionStore } from '../content/version-store.ts'
import type { Database } from '../db/database.ts'
import { createEventBus } from '../events.ts'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds, openTestDatabase } from '../../test/support/databases.ts'

const FIXTURE = path.resolve('test/fixtures/import/wordpress.xml')
const UPLOADS = path.resolve('test/fixtures/import/uploads')

let dir: string
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-export-'))
})
after(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

async function cli(db: Database['db'], name: 'export' | 'import dateline' | 'import wordpress', args: object): Promise<{ code: number; out: string }> {
  const lines: string[] = []
  const io: CommandIO = { out: (s) => lines.push(s), err: (s) => lines.push(`ERR ${s}`) }
  const code = await runCommand({ db, events: createEventBus(), io, now: () => new Date() }, name, args as never)
  return { code, out: lines.join('\n') }
}

const rows = async (db: Database['db'], table: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n)

for (const kind of databaseKinds()) {
  describe(`export and import dateline (${kind})`, () => {
    let t: TestApp
    let empty: Database
    let third: Database
    before(async () => {
      t = await createTestApp({ kind })
      empty = await openTestDatabase(kind)
      third = await openTestDatabase(kind)
      await createStaffService({ db: t.database.db, now: () => new Date() }).createStaff({
        email: 'editor@dateline.test',
        displayName: 'Edna Editor',
        role: 'editor',
        password: 'a long enough password',
      })
      const r = await cli(t.database.db, 'import wordpress', { file: FIXTURE, uploadsDir: UPLOADS, fetch: false, allowPrivate: false })
      assert.equal(r.code, 2, r.out)
    })
    after(async () => {
      await t.close()
      await empty.close()
      await third.close()
    })

    test('export → import into an empty site → export gives the same document; no password hashes', async () => {
      const first = path.join(dir, `first-${kind}.json`)
      const e1 = await cli(t.database.db, 'export', { output: first, format: 'json' })
      assert.equal(e1.code, 0, e1.out)
      const text = await fs.readFile(first, 'utf8')
      const doc = JSON.parse(text) as { format: string; tables: Record<string, Record<string, unknown>[]> }
      assert.equal(doc.format, 'dateline-export')
      assert.doesNotMatch(text, /argon2|password_hash/, 'no password hashes')
      assert.ok(doc.tables.article_versions!.length > 0, 'every published version')
      assert.ok(doc.tables.comments!.length >= 4)
      assert.ok(doc.tables.media_blobs!.length > 0, 'pictures with their originals')
      assert.ok(doc.tables.accounts!.some((a) => a.email === 'editor@dateline.test'))

      const i = await cli(empty.db, 'import dateline', { file: first })
      assert.equal(i.code, 0, i.out)
      const second = path.join(dir, `second-${kind}.json`)
      assert.equal((await cli(empty.db, 'export', { output: second, format: 'json' })).code, 0)
      assert.equal(await fs.readFile(second, 'utf8'), text, 'the same document')
      const history = await createVersionStore(empty.db).verify({})
      assert.deepEqual(history.problems, [], 'the published record’s hash chain survives the move')
      assert.equal(await rows(empty.db, 'articles'), await rows(t.database.db, 'articles'))
    })

    test('a site that is not empty, or a file that is not an export, is refused and nothing changes', async () => {
      const first = path.join(dir, `first-${kind}.json`)
      const before = await rows(t.database.db, 'articles')
      const r = await cli(t.database.db, 'import dateline', { file: first })
      assert.equal(r.code, 1)
      assert.match(r.out, /already has articles.*nothing was imported/)
      assert.equal(await rows(t.database.db, 'articles'), before)
      const bad = path.join(dir, `bad-${kind}.json`)
      await fs.writeFile(bad, (await fs.readFile(first, 'utf8')).slice(0, 5000))
      const cut = await cli(third.db, 'import dateline', { file: bad })
      assert.equal(cut.code, 1)
      assert.match(cut.out, /truncated|ends in the middle|not valid JSON/)
      assert.equal(await rows(third.db, 'editions'), 1, 'rolled back: nothing half-written')
      assert.equal(await rows(third.db, 'sections'), 0)
    })

    test('a WordPress export (WXR) that WordPress and our importer read back', async () => {
      const file = path.join(dir, `site-${kind}.xml`)
      const w = await cli(t.database.db, 'export', { output: file, format: 'wxr' })
      assert.equal(w.code, 0, w.out)
      const xml = await fs.readFile(file, 'utf8')
      assert.match(xml, /<wp:wxr_version>1.2<\/wp:wxr_version>/)
      assert.match(xml, /Harbour reopens after storm/)
      const r = await cli(third.db, 'import wordpress', { file, fetch: false, allowPrivate: false })
      assert.ok(r.code === 0 || r.code === 2, r.out)
      const published = async (db: Database['db']) =>
        (await db.selectFrom('articles').select('headline').where('status', '=', 'published').orderBy('headline').execute()).map((x) => x.headline)
      assert.deepEqual(await published(third.db), await published(t.database.db))
      assert.equal(await rows(third.db, 'comments'), await rows(t.database.db, 'comments'))
    })
  })
}

after(closeTemplate)
