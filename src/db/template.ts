import fs from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { openDatabase } from './database.ts'
import { migrate } from './migrate.ts'

/**
 * Makes the embedded-database template at build time: a data folder with every migration applied
 * and nothing else. A fresh start copies it (a fraction of a second) instead of running PGlite's
 * initdb and the migrations (several seconds).
 */
export async function makeDatabaseTemplate(dir: string): Promise<void> {
  const pgdata = path.join(dir, 'pgdata')
  const staging = `${pgdata}.tmp-${process.pid}`
  await fs.rm(staging, { recursive: true, force: true })
  await fs.mkdir(dir, { recursive: true })
  const lite = await PGlite.create(staging)
  const database = await openDatabase({ pglite: lite })
  try {
    await migrate(database.db)
  } finally {
    await database.close()
    await lite.close()
  }
  await fs.rm(pgdata, { recursive: true, force: true })
  await fs.rename(staging, pgdata)
}
