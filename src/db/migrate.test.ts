import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { sql } from 'kysely'
import { closeTemplate, databaseKinds, openTestDatabase } from '../../test/support/databases.ts'
import { migrate, readMigrations } from './migrate.ts'

for (const kind of databaseKinds()) {
  describe(`migrations on ${kind}`, () => {
    test('applying again changes nothing; every migration is recorded', async () => {
      const database = await openTestDatabase(kind)
      try {
        const { applied } = await migrate(database.db)
        assert.deepEqual(applied, [])
        const rows = await database.db.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute()
        const files = await readMigrations()
        assert.deepEqual(
          rows.map((r) => r.version),
          files.map((f) => f.version),
        )
      } finally {
        await database.close()
      }
    })

    test('an edited, already applied migration stops the start', async () => {
      const database = await openTestDatabase(kind)
      try {
        const files = await readMigrations()
        const edited = files.map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m))
        await assert.rejects(migrate(database.db, edited), /was edited after it was applied/)
      } finally {
        await database.close()
      }
    })

    test('a failing migration rolls back entirely', async () => {
      const database = await openTestDatabase(kind)
      try {
        const files = await readMigrations()
        const next = files.length + 1
        const bad = [...files, { version: next, name: 'broken', sql: 'create table half_done (id int); select * from no_such_table;', checksum: 'x' }]
        await assert.rejects(migrate(database.db, bad))
        const exists = await sql<{ t: string | null }>`select to_regclass('half_done')::text as t`.execute(database.db)
        assert.equal(exists.rows[0]?.t, null)
        const max = await database.db
          .selectFrom('schema_migrations')
          .select((eb) => eb.fn.max('version').as('v'))
          .executeTakeFirst()
        assert.equal(max?.v, files.length)
      } finally {
        await database.close()
      }
    })
  })
}

test('migration files must be numbered without gaps', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mig-'))
  await fs.writeFile(path.join(dir, '0001_a.sql'), 'select 1;')
  await fs.writeFile(path.join(dir, '0003_c.sql'), 'select 1;')
  await assert.rejects(readMigrations(dir), /should be numbered 0002/)
  await fs.writeFile(path.join(dir, '0002 bad name.sql'), 'select 1;')
  await assert.rejects(readMigrations(dir), /must look like/)
  await fs.rm(dir, { recursive: true })
})

after(closeTemplate)
