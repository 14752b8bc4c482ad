import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { openDatabase, quoteIdent, type Database, type DatabaseKind } from '../../src/db/database.ts'
import { migrate, readMigrations } from '../../src/db/migrate.ts'

/**
 * Databases for tests: PGlite always, PostgreSQL too when DATABASE_URL is set. Each test database
 * is its own: a clone of a migrated PGlite template (cached on disk between runs, keyed by the
 * migrations), or a fresh schema in the PostgreSQL database.
 */

export function databaseKinds(): DatabaseKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
}

const CACHE_DIR = path.resolve('node_modules/.cache/dateline')
let template: Promise<PGlite> | undefined

async function migratedTemplate(): Promise<PGlite> {
  const migrations = await readMigrations()
  const key = createHash('sha256')
    .update(migrations.map((m) => m.checksum).join())
    .digest('hex')
    .slice(0, 16)
  const file = path.join(CACHE_DIR, `pglite-template-${key}.tar`)
  try {
    const bytes = await fs.readFile(file)
    return await PGlite.create({ loadDataDir: new Blob([bytes]) })
  } catch {
    const lite = await PGlite.create()
    const db = await openDatabase({ pglite: lite })
    await migrate(db.db, migrations)
    await db.db.destroy()
    const dump = await lite.dumpDataDir('none')
    await fs.mkdir(CACHE_DIR, { recursive: true })
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
    await fs.writeFile(tmp, Buffer.from(await dump.arrayBuffer()))
    await fs.rename(tmp, file)
    return lite
  }
}

/** A fresh, migrated database of the given kind, dropped/closed by `close()`. */
export async function openTestDatabase(kind: DatabaseKind = 'pglite'): Promise<Database> {
  if (kind === 'pglite') {
    template ??= migratedTemplate()
    const lite = (await (await template).clone()) as PGlite
    const database = await openDatabase({ pglite: lite })
    return {
      ...database,
      async close() {
        await database.close()
        await lite.close()
      },
    }
  }
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set')
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create schema ${quoteIdent(schema)}`)
  await admin.end()
  const database = await openDatabase({ url, schema, poolSize: 5 })
  await migrate(database.db)
  return {
    ...database,
    async close() {
      await database.close()
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop schema if exists ${quoteIdent(schema)} cascade`)
      await c.end()
    },
  }
}

/** Closes the per-process template so the test process can exit. */
export async function closeTemplate(): Promise<void> {
  if (template) await (await template).close()
  template = undefined
}

/**
 * Registers before/after hooks in the current suite that open a fresh test database of `kind`
 * and close it; returns a getter for it.
 */
export function useTestDatabase(
  kind: DatabaseKind,
  hooks: { before: (fn: () => Promise<void>) => void; after: (fn: () => Promise<void>) => void },
): () => Database {
  let database: Database | undefined
  hooks.before(async () => {
    database = await openTestDatabase(kind)
  })
  hooks.after(async () => {
    await database?.close()
  })
  return () => {
    if (!database) throw new Error('test database is not open yet')
    return database
  }
}
