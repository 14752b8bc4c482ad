import { PATHS } from '../paths.ts'
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import type { DB } from './schema.ts'

export const MIGRATIONS_DIR = PATHS.migrations

export interface Migration {
  version: number
  name: string
  sql: string
  checksum: string
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/

/** Reads the numbered migration files, in order; refuses gaps and duplicate numbers. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.sql')).sort()
  const migrations: Migration[] = []
  for (const file of files) {
    const m = FILE_PATTERN.exec(file)
    if (!m) throw new Error(`Migration file name "${file}" must look like 0001_what_it_does.sql`)
    const text = await fs.readFile(path.join(dir, file), 'utf8')
    const version = Number(m[1])
    const expected = migrations.length + 1
    if (version !== expected) throw new Error(`Migration "${file}" should be numbered ${String(expected).padStart(4, '0')}`)
    migrations.push({ version, name: m[2]!, sql: text, checksum: createHash('sha256').update(text).digest('hex') })
  }
  return migrations
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so several nodes starting
 * together apply each migration once. A landed migration whose file changed stops the start.
 */
export async function migrate(db: Kysely<DB>, migrations?: Migration[]): Promise<{ applied: string[]; total: number }> {
  const all = migrations ?? (await readMigrations())
  // the usual start: everything applied already, read without taking the lock
  const current = await db
    .selectFrom('schema_migrations')
    .select(['version', 'checksum'])
    .execute()
    .catch(() => undefined)
  if (current && current.length === all.length && all.every((m) => current.some((r) => r.version === m.version && r.checksum === m.checksum))) {
    return { applied: [], total: all.length }
  }
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7413001)`.execute(trx)
    await sql`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`.execute(trx)
    const done = await trx.selectFrom('schema_migrations').select(['version', 'name', 'checksum']).execute()
    const byVersion = new Map(done.map((r) => [r.version, r]))
    for (const row of done) {
      const m = all.find((x) => x.version === row.version)
      if (!m) throw new Error(`Database has migration ${row.version}_${row.name}, which this code does not know: is this an older release?`)
      if (m.checksum !== row.checksum) {
        throw new Error(`Migration ${row.version}_${row.name} was edited after it was applied; add a new migration instead`)
      }
    }
    const applied: string[] = []
    for (const m of all) {
      if (byVersion.has(m.version)) continue
      await sql.raw(m.sql).execute(trx)
      await trx.insertInto('schema_migrations').values({ version: m.version, name: m.name, checksum: m.checksum }).execute()
      applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`)
    }
    return { applied, total: all.length }
  })
}
