import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { openDatabase, quoteIdent, type Database } from '../src/db/database.ts'
import { migrate } from '../src/db/migrate.ts'

export const RESULTS_DIR = path.resolve('bench/results')

/** Where a benchmark's database lives, so a child process can open the same one. */
export type BenchTarget = { kind: 'postgres'; url: string; schema: string } | { kind: 'pglite'; dataDir: string }

/** A fresh, migrated database: a new schema on DATABASE_URL, else an embedded one in a temp folder. */
export async function createBenchDatabase(): Promise<{ target: BenchTarget; database: Database; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL
  if (url) {
    const schema = `bench_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create schema ${quoteIdent(schema)}`)
    await admin.end()
    const database = await openDatabase({ url, schema, poolSize: 4 })
    await migrate(database.db)
    return {
      target: { kind: 'postgres', url, schema },
      database,
      async drop() {
        const c = new pg.Client({ connectionString: url })
        await c.connect()
        await c.query(`drop schema if exists ${quoteIdent(schema)} cascade`)
        await c.end()
      },
    }
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-bench-'))
  const database = await openDatabase({ dataDir: path.join(dataDir, 'db') })
  await migrate(database.db)
  return { target: { kind: 'pglite', dataDir: path.join(dataDir, 'db') }, database, drop: () => fs.rm(dataDir, { recursive: true, force: true }) }
}

/** Opens a benchmark database made by createBenchDatabase (possibly in another process). */
export function openBenchDatabase(target: BenchTarget): Promise<Database> {
  return target.kind === 'postgres' ? openDatabase({ url: target.url, schema: target.schema, poolSize: 4 }) : openDatabase({ dataDir: target.dataDir })
}

/** The value at quantile q (0..1) of sorted numbers. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]!
}

export async function writeResult(name: string, result: unknown): Promise<string> {
  await fs.mkdir(RESULTS_DIR, { recursive: true })
  const file = path.join(RESULTS_DIR, `${name}.json`)
  await fs.writeFile(file, `${JSON.stringify(result, null, 2)}\n`)
  return file
}

export function machine() {
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    totalMemoryMiB: Math.round(os.totalmem() / 1048576),
    platform: `${os.platform()} ${os.release()}`,
  }
}
